"""CLABE: INFONAVIT's own account, published examples, and every single-digit substitution."""

from __future__ import annotations

import string

import pytest

from domain.credits.clabe import (
    CLABE_LENGTH,
    INFONAVIT_BANK_REFERENCE,
    INFONAVIT_CLABE,
    clabe_check_digit,
    is_valid_clabe,
)

# Examples from public documentation and CLABE validator test suites; each was checked
# against the algorithm before being listed here.
PUBLISHED = [
    "002010077777777771",  # Banamex (002), the usual documentation example
    "032180000118359719",  # IXE (032)
    "002115016003269411",  # Banamex (002)
    "021790064060296642",  # HSBC (021)
]


def test_infonavit_clabe_is_valid() -> None:
    assert is_valid_clabe(INFONAVIT_CLABE)
    assert INFONAVIT_CLABE.startswith("021"), "021 is HSBC"
    assert INFONAVIT_BANK_REFERENCE.isdigit()


def test_check_digit_by_hand() -> None:
    # 00201007777777777 with weights 3,7,1,...: products mod 10 are
    # 0,0,2, 0,7,0, 0,9,7, 1,9,7, 1,9,7, 1,9 -> sum 69 -> (10 - 9) mod 10 = 1
    assert clabe_check_digit("00201007777777777") == "1"
    # 02118055030005081 (INFONAVIT's body): products 0,14,1, 3,56,0, 15,35,0, 9,0,0,
    # 0,35,0, 24,7 -> mod 10: 0,4,1, 3,6,0, 5,5,0, 9,0,0, 0,5,0, 4,7 -> sum 49 -> 1
    assert clabe_check_digit("02118055030005081") == "1"
    # all zeros: sum 0 -> (10 - 0) mod 10 = 0
    assert clabe_check_digit("00000000000000000") == "0"


@pytest.mark.parametrize("clabe", PUBLISHED)
def test_published_examples_are_valid(clabe: str) -> None:
    assert is_valid_clabe(clabe)
    assert clabe_check_digit(clabe[:-1]) == clabe[-1]


@pytest.mark.parametrize("clabe", [INFONAVIT_CLABE, *PUBLISHED])
def test_every_single_digit_substitution_is_caught(clabe: str) -> None:
    # Weights 3, 7 and 1 are prime to 10, so changing one digit changes its product mod 10.
    for position, old in enumerate(clabe):
        for new in string.digits.replace(old, ""):
            assert not is_valid_clabe(clabe[:position] + new + clabe[position + 1 :])


@pytest.mark.parametrize(
    "text",
    [
        "",
        INFONAVIT_CLABE[:-1],
        INFONAVIT_CLABE + "1",
        "021 180 55030005081 1",
        "02118055030005O811",
        "０２１１８０５５０３０００５０８１１",
    ],
)
def test_anything_but_18_ascii_digits_is_invalid(text: str) -> None:
    assert not is_valid_clabe(text)


@pytest.mark.parametrize(
    "body", ["", "0211805503000508", "021180550300050811", "0211805503000508O"]
)
def test_check_digit_needs_17_ascii_digits(body: str) -> None:
    with pytest.raises(ValueError):
        clabe_check_digit(body)


def test_length() -> None:
    assert len(INFONAVIT_CLABE) == CLABE_LENGTH
