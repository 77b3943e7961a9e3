"""RFC of a persona física: 13 characters with a mod-11 check digit.

==========  =========================================================================
positions   content
==========  =========================================================================
1-4         letters from the surnames and the name (A-Z, Ñ or &)
5-10        birth date YYMMDD, a real date
11-12       homoclave assigned by the SAT (letters or digits)
13          check digit over 1-12 (a digit or A)
==========  =========================================================================

The century is not written anywhere in an RFC: ``Rfc.yymmdd`` is all it holds, and
``Rfc.matches_birth_date`` compares it with a birth date known from elsewhere (the CURP).
A date counts as real when it exists in 19YY or in 20YY (for 29 February the two differ
only for 1900, and 2000 was a leap year, so checking 20YY is enough).

Refused with their own errors, before the length check: the SAT's generic RFCs (note that
XEXX010101000 even passes the check digit), twelve-character company RFCs (persona moral),
and ten characters that look like an RFC without its homoclave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.mx import rfc as stdnum_rfc

from domain.identifiers._text import DIGITS, LETTERS, compact_code, mask, shown
from domain.identifiers.errors import (
    RfcCharacter,
    RfcCheckDigit,
    RfcCompany,
    RfcDate,
    RfcDigitExpected,
    RfcGeneric,
    RfcHomoclaveMissing,
    RfcLength,
    RfcLetterExpected,
)

RFC_LENGTH = 13
GENERIC_RFCS = frozenset({"XAXX010101000", "XEXX010101000"})
"""Character values for the check digit (A = 10, & = 24, space = 37, Ñ = 38)."""

NAME_LETTERS = LETTERS + "Ñ&"
_COMPANY = re.compile(r"[A-ZÑ&]{3}[0-9]{6}[A-Z0-9]{3}")
_WITHOUT_HOMOCLAVE = re.compile(r"[A-ZÑ&]{4}[0-9]{6}")


@dataclass(frozen=True, slots=True)
class Rfc:
    """A valid personal RFC; ``repr`` is masked so it can be logged."""

    value: str

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Rfc({mask(self.value)})"

    @property
    def yymmdd(self) -> str:
        return self.value[4:10]

    @property
    def homoclave(self) -> str:
        return self.value[10:12]

    def matches_birth_date(self, birth_date: date) -> bool:
        """Whether the RFC's YYMMDD is this birth date (the century cannot be checked)."""
        return self.yymmdd == birth_date.strftime("%y%m%d")


def rfc_check_digit(body: str) -> str:
    """The check digit for an RFC without it (12 characters, or 11 for a company), by
    python-stdnum's implementation of the SAT algorithm."""
    return stdnum_rfc.calc_check_digit(body)


def parse_rfc(text: str) -> Rfc:
    """Normalise and validate a personal RFC, or raise the error that says what to fix."""
    rfc = compact_code(text)
    if rfc in GENERIC_RFCS:
        raise RfcGeneric()
    if _COMPANY.fullmatch(rfc):
        raise RfcCompany()
    if _WITHOUT_HOMOCLAVE.fullmatch(rfc):
        raise RfcHomoclaveMissing()
    if len(rfc) != RFC_LENGTH:
        raise RfcLength(typed=len(rfc), needed=RFC_LENGTH)
    for position, char in enumerate(rfc, start=1):
        _check_character(position, char)
    yymmdd = rfc[4:10]
    try:
        date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        raise RfcDate(date=yymmdd) from None
    if rfc[12] != rfc_check_digit(rfc[:12]):
        raise RfcCheckDigit()
    return Rfc(rfc)


def _check_character(position: int, char: str) -> None:
    if position <= 4:
        if char not in NAME_LETTERS:
            raise RfcLetterExpected(position=position, char=shown(char))
    elif position <= 10:
        if char not in DIGITS:
            raise RfcDigitExpected(position=position, char=shown(char))
    elif char not in DIGITS and char not in LETTERS:
        # 11-13; a letter other than A in position 13 is left to the check digit test.
        raise RfcCharacter(position=position, char=shown(char))
