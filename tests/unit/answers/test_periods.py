"""A formatted time that ends in a period ("8:18 a.m.") is not followed by the sentence's own
period: the data-copy e-mail said "aceptaste el aviso de privacidad el ... 8:18 a.m..". The
rule is the translator's, so every message whose value ends a sentence gets it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.messages import DateTime
from bot.i18n.catalogs import Catalogs

ZONE = ZoneInfo("America/Mexico_City")
MORNING = datetime(2026, 12, 4, 14, 18, tzinfo=UTC)  # 8:18 a.m. in Mexico City


@pytest.mark.parametrize("locale", ["es_MX", "en"])
def test_the_data_copy_sentence_ends_with_one_period(locale: str) -> None:
    _ = Catalogs.load().translator(locale, ZONE)
    text = _("notify.data_copy.account", email="a******@example.com", mobile="******5678",
             created=DateTime(MORNING), consent=DateTime(MORNING))
    last = text.splitlines()[-1]
    assert not last.endswith(".."), last
    assert last.endswith(".")


def test_an_ellipsis_and_a_period_inside_a_sentence_stay() -> None:
    _ = Catalogs.load().translator("es_MX", ZONE)
    text = _("notify.data_copy.account", email="a.b@example.com", mobile="…",
             created=DateTime(MORNING), consent=DateTime(MORNING))
    assert "Correo: a.b@example.com\n" in text
    assert "8:18:00\u202fa.m.; aceptaste" in text, "a period inside the sentence is not touched"
