"""Plural forms through Babel (issue 12, trap 9): every sentence with a count reads right
with 1 and with 2, in both languages; no "Te quedan 1 intentos", no "Plazo: 1 años"."""

from __future__ import annotations

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.messages import Msg
from bot.i18n.catalogs import Catalogs

CATALOGS = Catalogs.load()
ZONE = ZoneInfo("America/Mexico_City")
PLURAL_KEYS = sorted(CATALOGS.plurals["es_MX"])
COUNTED = re.compile(r"\b1 (intentos|minutos|segundos|años|bimestres|puntos|días|pagos|meses"
                     r"|tries|minutes|seconds|years|bimesters|points|days|payments|months)\b")


def _params(key: str, locale: str, n: int) -> dict[str, object]:
    entry = CATALOGS.plurals[locale][key]
    fields = {name for form in entry.forms for name in re.findall(r"{(\w+)", form)}
    return {name: "x" for name in fields} | {entry.count: n}


def test_both_locales_have_the_same_plural_entries() -> None:
    assert set(CATALOGS.plurals["es_MX"]) == set(CATALOGS.plurals["en"])
    assert len(PLURAL_KEYS) >= 20


@pytest.mark.parametrize("locale", ["es_MX", "en"])
@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_every_counted_message_with_one_and_two(locale: str, key: str) -> None:
    translator = CATALOGS.translator(locale, ZONE)
    one = translator.text(key, _params(key, locale, 1))
    two = translator.text(key, _params(key, locale, 2))
    assert one != two, key
    assert not COUNTED.search(one), one
    assert not re.search(r"\b2 (intento|minuto|segundo|año|bimestre|punto|día|pago|mes|try"
                         r"|minute|second|year|bimester|point|day|payment|month)\b", two), two


@pytest.mark.parametrize(("locale", "n", "expected"), [
    ("es_MX", 1, "Ese código no es correcto. Te queda 1 intento con este código."),
    ("es_MX", 4, "Ese código no es correcto. Te quedan 4 intentos con este código."),
    ("en", 1, "That code is not right. You have 1 try left with this code."),
    ("en", 0, "That code is not right. You have 0 tries left with this code."),
])
def test_the_code_tries_left(locale: str, n: int, expected: str) -> None:
    translator = CATALOGS.translator(locale, ZONE)
    assert translator.render(Msg("error.code.wrong", left=n)) == expected
    assert translator.ngettext("error.code.wrong", n) == expected


def test_a_count_that_is_not_whole_takes_the_plural() -> None:
    translator = CATALOGS.translator("es_MX", ZONE)
    assert translator.text("points_flow.points", {"points": Decimal("1.5")}) == "1.5 puntos"
    assert translator.text("savings_flow.measure.age", {"years": 1}) == "1 año"
