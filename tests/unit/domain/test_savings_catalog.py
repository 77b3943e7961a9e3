"""Every message key the savings rules can produce has a sentence in both catalogs."""

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.i18n.catalogs import load_catalog
from domain.errors import DomainError
from domain.reference import default_reference, loader
from domain.savings import contributions, statement, statement_pdf
from domain.savings.points import evaluate as points
from domain.savings.points import projection as points_projection
from domain.savings.points import rules as points_rules
from domain.savings.points import unavailable as points_unavailable
from domain.savings.points.rules import PointsInputs, ThresholdStatus, score
from domain.savings.precalification import arithmetic as precalification_math
from domain.savings.precalification import estimate as precalification
from domain.savings.precalification import model as precalification_model
from domain.savings.records import WorkerType
from domain.savings.statement_pdf import PDF_LABELS
from tests.support.paths import ROOT

MODULES = (contributions, points, points_projection, points_unavailable, precalification,
           precalification_model, statement, statement_pdf, loader)
PREFIXES = ("error.savings.", "points.", "precal.", "assumption.", "pdf.", "movement.", "fund.")
ALTERNATIVES = "|".join(map(re.escape, PREFIXES))
LITERAL = re.compile(rf'"((?:{ALTERNATIVES})[A-Za-z0-9_.]*[A-Za-z0-9_])"')


def catalog(lang: str) -> dict[str, str]:
    """Every catalog file of the locale, merged as the service merges them."""
    return load_catalog(ROOT / "locales" / lang / "LC_MESSAGES")


def used_keys() -> set[str]:
    keys: set[str] = set(PDF_LABELS)
    for module in (*MODULES, points_rules, precalification_math):
        keys |= set(LITERAL.findall(Path(str(module.__file__)).read_text(encoding="utf-8")))
    for data in (ROOT / "domain" / "reference" / "data").glob("*.json"):
        text = data.read_text(encoding="utf-8")
        keys |= set(re.findall(r'"(assumption\.[a-z0-9_]+)"', text))
        json.loads(text)
    ref = default_reference().for_date(date(2025, 9, 1))
    woman = PointsInputs(1, 30, Decimal(3), Decimal(1), Decimal(0), WorkerType.PERMANENT, "M")
    keys |= {c.key for c in score(woman, ref.points, ref.points.thresholds["T1000"])}
    keys |= {s.key for s in ThresholdStatus}
    keys |= {f"points.threshold_name.{tid}" for tid in ref.points.thresholds}
    for cls in vars(points_unavailable).values():
        if isinstance(cls, type) and issubclass(cls, points_unavailable.PointsUnavailable):
            keys |= {cls.key, cls.key.replace("points.unavailable.", "precal.reason.")}
    for module in MODULES:
        for cls in vars(module).values():
            if isinstance(cls, type) and issubclass(cls, DomainError) and cls is not DomainError:
                keys.add(cls.key)
    keys.discard("precal.reason.")  # the prefix constant itself
    keys.discard("points.unavailable")  # base class key, present anyway
    return keys | {"points.unavailable"}


@pytest.mark.parametrize("lang", ["es_MX", "en"])
def test_every_key_has_a_sentence(lang: str) -> None:
    sentences = catalog(lang)
    missing = used_keys() - sentences.keys()
    assert not missing, sorted(missing)
    assert all(sentences.values())
