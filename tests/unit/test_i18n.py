"""Values formatted for the user's locale and time zone; templates from the catalogs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.messages import DateTime, LongDate, Money, Msg, Percent, Template
from bot.i18n.catalogs import Catalogs, MissingMessage

CATALOGS = Catalogs.load()
ZONE = ZoneInfo("America/Mexico_City")


@pytest.mark.parametrize(("locale", "expected"), [("es_MX", "$364,582.34"),
                                                  ("en", "MX$364,582.34")])
def test_money(locale: str, expected: str) -> None:
    translator = CATALOGS.translator(locale, ZONE)
    assert translator.value(Money(Decimal("364582.34"))) == expected


def test_dates_in_words_and_times_in_mexico_city() -> None:
    es = CATALOGS.translator("es_MX", ZONE)
    en = CATALOGS.translator("en", ZONE)
    assert es.value(LongDate(date(2026, 11, 28))) == "28 de noviembre de 2026"
    assert en.value(LongDate(date(2026, 11, 28))) == "November 28, 2026"
    moment = DateTime(datetime(2026, 11, 28, 18, 30, tzinfo=UTC))
    assert "12:30" in es.value(moment), "18:30 UTC is 12:30 in Mexico City"
    assert es.value(Percent(Decimal("0.035"))) == "3.5%"


def test_nested_messages_and_placeholders() -> None:
    es = CATALOGS.translator("es_MX", ZONE)
    text = es.text("handoff.queued", {"phone": Msg("language.name.en")})
    assert text.endswith("Si prefieres, llama gratis a Infonatel al English.")


def test_templates_use_the_catalog_of_the_locale() -> None:
    en = CATALOGS.translator("en", ZONE)
    rendered = en.render(Template("help", {"phone": "800 008 3900"}))
    assert rendered.startswith("This is what I can do for you:")
    assert "• “menu”: go back to the start" in rendered


def test_a_missing_key_is_a_loud_error() -> None:
    with pytest.raises(MissingMessage):
        CATALOGS.translator("en", ZONE).text("no.such.key")


def test_unknown_locale_falls_back_to_the_source() -> None:
    assert CATALOGS.translator("fr", ZONE).locale == "es_MX"
