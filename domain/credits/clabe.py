"""CLABE, the 18-digit standardised bank account number for transfers within Mexico.

Layout: bank (3) + city or plaza (3) + account (11) + check digit. The check digit (ABM
and Banco de México standard): weights 3, 7, 1 repeated over the first 17 digits, each
product taken mod 10, and the digit is ``(10 - sum mod 10) mod 10``.
"""

from __future__ import annotations

from domain.identifiers._text import DIGITS

CLABE_LENGTH = 18
INFONAVIT_CLABE = "021180550300050811"
"""INFONAVIT's account at HSBC (bank 021) for credit payments by transfer or at the
counter."""
INFONAVIT_BANK_REFERENCE = "5503"
"""The numeric reference to give with ``INFONAVIT_CLABE``; the credit number goes as the
payment concept."""

_WEIGHTS = (3, 7, 1)


def clabe_check_digit(body: str) -> str:
    """The digit that completes ``body``, the first 17 digits of a CLABE."""
    if len(body) != CLABE_LENGTH - 1 or any(char not in DIGITS for char in body):
        raise ValueError(f"a CLABE body is {CLABE_LENGTH - 1} ASCII digits")
    total = sum(
        int(char) * _WEIGHTS[index % len(_WEIGHTS)] % 10 for index, char in enumerate(body)
    )
    return str((10 - total % 10) % 10)


def is_valid_clabe(text: str) -> bool:
    """Whether ``text`` is exactly 18 ASCII digits whose last is the check digit."""
    if len(text) != CLABE_LENGTH or any(char not in DIGITS for char in text):
        return False
    return text[-1] == clabe_check_digit(text[:-1])
