"""NSS: published vectors, generated numbers, and every single-character substitution."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.identifiers import Nss, NssCharacter, NssCheckDigit, NssLength, parse_nss

DIGITS = string.digits
VECTORS = ["12345678903", "01987654322", "45109501234", "77000123453"]


def luhn_complete(body: str) -> str:
    """Reference Luhn, written the other way round: try the 10 digits, keep the one whose
    whole number has a Luhn sum divisible by 10 (the parser computes it directly)."""
    for candidate in DIGITS:
        number = body + candidate
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value // 10 + value % 10
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable: one digit always completes a Luhn number")


bodies = st.text(alphabet=DIGITS, min_size=10, max_size=10)
nss_numbers = bodies.map(luhn_complete)


@pytest.mark.parametrize("vector", VECTORS)
def test_published_vectors_are_valid(vector: str) -> None:
    assert parse_nss(vector) == Nss(vector)


@pytest.mark.parametrize(
    "typed",
    [
        "123 456 789 03",
        "123-456-789-03",
        "1234.5678.903",
        " 12345678903\n",
        "１２３４５６７８９０３",
    ],
)
def test_separators_and_wide_digits_are_normalised(typed: str) -> None:
    assert parse_nss(typed).value == "12345678903"


def test_numbers_starting_with_77_are_infonavit_s_own() -> None:
    assert parse_nss("77000123453").issued_by_infonavit
    assert not parse_nss("12345678903").issued_by_infonavit


@settings(max_examples=200)
@given(nss=nss_numbers)
def test_generated_numbers_are_valid(nss: str) -> None:
    assert parse_nss(nss).value == nss


@settings(max_examples=200)
@given(nss=nss_numbers, position=st.integers(0, 10), data=st.data())
def test_every_single_digit_substitution_is_caught(
    nss: str, position: int, data: st.DataObject
) -> None:
    # No exception here: Luhn catches *every* single-digit substitution. The doubling map
    # (0..9 -> 0,2,4,6,8,1,3,5,7,9) is a permutation, so changing one digit changes the sum
    # by a non-zero amount between -9 and 9, never a multiple of 10. (What Luhn misses are
    # some adjacent transpositions, 09 <-> 90, which are not substitutions.)
    new = data.draw(st.sampled_from(DIGITS).filter(lambda d: d != nss[position]))
    with pytest.raises(NssCheckDigit):
        parse_nss(nss[:position] + new + nss[position + 1 :])


@settings(max_examples=200)
@given(
    nss=nss_numbers,
    position=st.integers(0, 10),
    new=st.sampled_from(string.ascii_letters + "#*/+_,;:!?@&%$"),
)
def test_a_non_digit_is_named_with_its_position(nss: str, position: int, new: str) -> None:
    with pytest.raises(NssCharacter) as caught:
        parse_nss(nss[:position] + new + nss[position + 1 :])
    assert caught.value.params == {"position": position + 1, "char": new}


@settings(max_examples=50)
@given(nss=nss_numbers, position=st.integers(0, 10), separator=st.sampled_from(" -."))
def test_a_separator_instead_of_a_digit_leaves_too_few_digits(
    nss: str, position: int, separator: str
) -> None:
    with pytest.raises(NssLength) as caught:
        parse_nss(nss[:position] + separator + nss[position + 1 :])
    assert caught.value.params == {"typed": 10, "needed": 11}
