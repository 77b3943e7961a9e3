"""Every first answer fits one phone screen, and no reply carries an internal name.

A walk through every flow (``walk.py``) for each demo worker and for a worker who is not
logged in, in Spanish and in English: the text before the options of each first answer has
at most 12 lines and 700 characters; no reply, caption or option names a rule set, a data
version, a scheme's code, an employer's registration number, a message key or a Python
value."""

from __future__ import annotations

import re

import pytest

from bot.i18n.catalogs import Catalogs
from domain.demo import DEMO_ACCOUNTS
from domain.reference import default_reference
from tests.integration.appointments.test_appointments_flow import _book as book
from tests.support.savings import logged_in
from tests.support.walk import Walk, everything, walk, words_before_options
from tests.support.world import World

MAX_LINES, MAX_CHARS = 12, 700
CASES = [None, *(demo["case"] for demo in DEMO_ACCOUNTS)]
KEYS = sorted(set().union(*(set(m) for m in Catalogs.load().messages.values())), key=len,
              reverse=True)


def internal_patterns() -> list[re.Pattern[str]]:
    """What a worker must never read: the reference data's own names, scheme codes, an
    employer's registration (a letter and ten digits, as the IMSS writes it), Python reprs
    and placeholders left unfilled."""
    names = set()
    for year in default_reference().years.values():
        names |= {year.rule_set, year.data_version}
    literal = [re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])") for name in names]
    return [*literal,
            re.compile(r"\bT1000\b|\bT100\b"),
            re.compile(r"\b[A-Z]\d{10}\b"),
            re.compile(r"versi[oó]n de datos|data version|Reglas aplicadas|Rules applied",
                       re.IGNORECASE),
            re.compile(r"\b(?:Msg|Decimal|Money|LongDate|Template|datetime)\("),
            re.compile(r"<[\w.]+ object at 0x"),
            re.compile(r"\{[a-z_]+\}")]


async def walked(world: World, case: str | None, lang: str, index: int) -> Walk:
    chat = world.chat(f"52155000{index:05d}", lang="en" if lang == "en" else None)
    return await walk(world, chat, lang, case)


@pytest.mark.parametrize("lang", ["es_MX", "en"])
@pytest.mark.parametrize("case", CASES)
async def test_first_answers_fit_a_phone_screen_and_say_no_internal_name(
        world: World, case: str | None, lang: str) -> None:
    index = CASES.index(case) * 2 + (lang == "en")
    result = await walked(world, case, lang, index)
    assert len(result.first_answers()) >= 8, "every menu item was opened"
    for turn in result.first_answers():
        text = words_before_options(turn.replies)
        lines = [line for line in text.splitlines() if line.strip()]
        where = f"{case} {lang} «{turn.item}»"
        assert len(lines) <= MAX_LINES, f"{where}: {len(lines)} lines\n{text}"
        assert len(text) <= MAX_CHARS, f"{where}: {len(text)} characters\n{text}"
    patterns = internal_patterns()
    for turn in result.turns:
        said = everything(turn.replies)
        where = f"{case} {lang} «{turn.item}» / «{turn.option}»"
        for pattern in patterns:
            found = pattern.search(said)
            assert found is None, f"{where}: {found.group(0)!r} in\n{said}"
        for key in KEYS:
            assert key not in said, f"{where}: message key {key!r} in\n{said}"


async def test_the_appointment_confirmation_fits_a_phone_screen(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000970")
    folio = await book(world, chat, "10:00 a.m.")
    text = words_before_options(chat.last)
    assert folio in text.splitlines()[0], "the answer first: booked, with its folio"
    assert len([line for line in text.splitlines() if line.strip()]) <= MAX_LINES, text
    assert len(text) <= MAX_CHARS, text
