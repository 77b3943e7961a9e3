"""CURP: published vectors, generated keys, and what a single substitution does."""

from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.identifiers import (
    CurpCharacter,
    CurpCheckDigit,
    CurpConsonantExpected,
    CurpDate,
    CurpDigitExpected,
    CurpLetterExpected,
    CurpSex,
    CurpState,
    InvalidIdentifier,
    Sex,
    parse_curp,
)

LETTERS = string.ascii_uppercase
DIGITS = string.digits
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
VOWELS = "AEIOU"
STATES = (
    "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL "
    "VZ YN ZS NE"
).split()  # DOMAIN.md, copied on purpose: the test does not trust the module's list
VALUE = {char: value for value, char in enumerate("0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ")}


def weight(index: int) -> int:
    """Weight of the character at 0-based ``index``: 18 down to 2, the check digit 1."""
    return 18 - index


def complete(body: str) -> str:
    """Append the digit that makes sum(value x weight) over all 18 characters end in 0."""
    total = sum(VALUE[char] * weight(i) for i, char in enumerate(body))
    return body + str(-total % 10)


@st.composite
def curps(draw: st.DrawFn) -> tuple[str, date]:
    born = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    body = (
        draw(st.text(LETTERS, min_size=4, max_size=4))
        + born.strftime("%y%m%d")
        + draw(st.sampled_from("HMX"))
        + draw(st.sampled_from(STATES))
        + draw(st.text(CONSONANTS, min_size=3, max_size=3))
        + draw(st.sampled_from(DIGITS if born.year < 2000 else LETTERS))
    )
    return complete(body), born


def is_real_date(curp: str) -> bool:
    century = 1900 if curp[16].isdigit() else 2000
    try:
        date(century + int(curp[4:6]), int(curp[6:8]), int(curp[8:10]))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("vector", "born", "sex", "state"),
    [
        ("BOXW310820HNERXN09", date(1931, 8, 20), Sex.MALE, "NE"),
        ("GOMC850315HDFRRR07", date(1985, 3, 15), Sex.MALE, "DF"),
        ("MARP800101MJCRTR09", date(1980, 1, 1), Sex.FEMALE, "JC"),
        ("SAMA040229MNLNRNA2", date(2004, 2, 29), Sex.FEMALE, "NL"),
    ],
)
def test_published_vectors_parse_into_their_parts(
    vector: str, born: date, sex: Sex, state: str
) -> None:
    curp = parse_curp(vector)
    assert (curp.value, curp.birth_date, curp.sex, curp.state) == (vector, born, sex, state)
    assert curp.born_abroad is (state == "NE")


@pytest.mark.parametrize(
    "typed",
    [
        "gomc850315hdfrrr07",
        "GÓMC-850315-HDF-RRR-07",
        " gomc 850315 hdfrrr07 ",
        "ＧＯＭＣ850315HDFRRR07",
    ],
)
def test_lower_case_accents_and_separators_are_normalised(typed: str) -> None:
    assert parse_curp(typed).value == "GOMC850315HDFRRR07"


def test_the_homonym_character_fixes_the_century() -> None:
    assert parse_curp("SAMA040229MNLNRNA2").birth_date.year == 2004
    # The same date with a digit in position 17 would be 29 Feb 1900: not a real date.
    with pytest.raises(CurpDate):
        parse_curp(complete("SAMA000229MNLNRN0"))
    assert parse_curp(complete("SAMA000229MNLNRNA")).birth_date == date(2000, 2, 29)


def test_sex_x_is_accepted() -> None:
    assert parse_curp(complete("GOMC850315XDFRRR0")).sex is Sex.NON_BINARY


@settings(max_examples=200)
@given(generated=curps())
def test_generated_keys_are_valid(generated: tuple[str, date]) -> None:
    curp, born = generated
    parsed = parse_curp(curp)
    assert (parsed.value, parsed.birth_date) == (curp, born)


def same_kind_alphabet(index: int) -> str:
    """Characters allowed at ``index``, so that only the meaning or the check digit can
    catch the substitution (position 17 may switch digit <-> letter: a new century)."""
    if index < 4 or index in (11, 12):
        return LETTERS
    if 4 <= index < 10 or index == 17:
        return DIGITS
    if index == 10:
        return "HMX"
    if 13 <= index < 16:
        return CONSONANTS
    return DIGITS + LETTERS  # index 16


@settings(max_examples=200)
@given(generated=curps(), index=st.integers(0, 17), data=st.data())
def test_a_substitution_is_caught_unless_the_check_digit_cannot_see_it(
    generated: tuple[str, date], index: int, data: st.DataObject
) -> None:
    curp = generated[0]
    old = curp[index]
    new = data.draw(st.sampled_from(same_kind_alphabet(index)).filter(lambda c: c != old))
    mutated = curp[:index] + new + curp[index + 1 :]

    expected: type[InvalidIdentifier] | None
    if (4 <= index < 10 or index == 16) and not is_real_date(mutated):
        expected = CurpDate
    elif index in (11, 12) and mutated[11:13] not in STATES:
        expected = CurpState
    elif index == 17:
        expected = CurpCheckDigit  # exactly one digit completes a body
    elif (VALUE[new] - VALUE[old]) * weight(index) % 10 != 0:
        expected = CurpCheckDigit
    else:
        # Undetectable by design: the check digit only sees sum(value x weight) mod 10, so
        # a change of value d at weight w is invisible when d x w is a multiple of 10:
        # - weight 10 (position 9, tens of the birth day) never sees anything, e.g. 15 <-> 25;
        # - even weights miss d = 5, 15, 25, 35, e.g. sex H (17) <-> M (22) at weight 8;
        # - weights 15 and 5 (positions 4 and 14) miss every even d, e.g. A <-> C;
        # - the other weights (odd, prime to 10) miss d = 10, 20, 30, e.g. A <-> K.
        # Such a key is another well-formed CURP; only the RENAPO record can refute it.
        expected = None

    if expected is None:
        assert parse_curp(mutated).value == mutated
    else:
        with pytest.raises(expected):
            parse_curp(mutated)


def wrong_kind(index: int) -> tuple[str, type[InvalidIdentifier]]:
    if index < 4 or index in (11, 12):
        return DIGITS, CurpLetterExpected
    if 4 <= index < 10 or index == 17:
        return LETTERS, CurpDigitExpected
    if index == 10:
        return "ABCDEFGIJKLNOPQRSTUVWYZ0123456789", CurpSex
    if 13 <= index < 16:
        return VOWELS, CurpConsonantExpected
    return "#*/+_,;:!?@&%$", CurpCharacter  # index 16


@settings(max_examples=200)
@given(generated=curps(), index=st.integers(0, 17), data=st.data())
def test_a_character_of_the_wrong_kind_is_named_with_its_position(
    generated: tuple[str, date], index: int, data: st.DataObject
) -> None:
    curp = generated[0]
    alphabet, error = wrong_kind(index)
    new = data.draw(st.sampled_from(alphabet))
    with pytest.raises(error) as caught:
        parse_curp(curp[:index] + new + curp[index + 1 :])
    expected = {"char": new} if error is CurpSex else {"position": index + 1, "char": new}
    assert caught.value.params == expected
