"""CURP, the population registry key: 18 characters with a mod-10 check digit.

==========  =========================================================================
positions   content
==========  =========================================================================
1-4         letters from the surnames and the name (never Ñ: RENAPO writes X)
5-10        birth date YYMMDD, a real date
11          sex: H, M or X (X since 2023)
12-13       state of birth (``STATE_CODES``; NE = born abroad)
14-16       internal consonants of the surnames and the name (X when there is none)
17          homonym differentiator: a digit for births up to 1999, a letter from 2000
18          check digit over 1-17
==========  =========================================================================

Checks run in three passes, so the worker hears about the first thing to fix: the kind of
character at each position (left to right), then the date and the state code, then the
check digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum.mx import curp as stdnum_curp

from domain.identifiers._text import DIGITS, LETTERS, compact_code, mask, shown
from domain.identifiers.errors import (
    CurpCharacter,
    CurpCheckDigit,
    CurpConsonantExpected,
    CurpDate,
    CurpDigitExpected,
    CurpEnye,
    CurpLength,
    CurpLetterExpected,
    CurpSex,
    CurpState,
)

CURP_LENGTH = 18
STATE_CODES = frozenset(
    "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL "
    "VZ YN ZS NE".split()
)
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
"""Character values for the check digit (0-36, Ñ = 24); weights run 18 down to 2."""


class Sex(StrEnum):
    MALE = "H"
    FEMALE = "M"
    NON_BINARY = "X"


@dataclass(frozen=True, slots=True)
class Curp:
    """A valid CURP and what it says; ``repr`` is masked so it can be logged."""

    value: str
    birth_date: date
    sex: Sex
    state: str

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Curp({mask(self.value)})"

    @property
    def born_abroad(self) -> bool:
        return self.state == "NE"


def curp_check_digit(body: str) -> str:
    """The check digit for the first 17 characters of a CURP (python-stdnum's algorithm)."""
    return stdnum_curp.calc_check_digit(body)


def parse_curp(text: str) -> Curp:
    """Normalise and validate a CURP, or raise the error that says what to fix."""
    curp = compact_code(text)
    if len(curp) != CURP_LENGTH:
        raise CurpLength(typed=len(curp), needed=CURP_LENGTH)
    for position, char in enumerate(curp, start=1):
        _check_character(position, char)
    birth_date = _birth_date(curp)
    if curp[11:13] not in STATE_CODES:
        raise CurpState(code=curp[11:13])
    if curp[17] != curp_check_digit(curp[:17]):
        raise CurpCheckDigit()
    return Curp(value=curp, birth_date=birth_date, sex=Sex(curp[10]), state=curp[11:13])


def _check_character(position: int, char: str) -> None:
    if position in (1, 2, 3, 4, 14, 15, 16):
        if char == "Ñ":
            raise CurpEnye(position=position)
        if char not in LETTERS:
            raise CurpLetterExpected(position=position, char=shown(char))
        if position >= 14 and char not in CONSONANTS:
            raise CurpConsonantExpected(position=position, char=shown(char))
    elif position in (12, 13):
        if char not in LETTERS and char != "Ñ":  # an Ñ here is reported as a bad state code
            raise CurpLetterExpected(position=position, char=shown(char))
    elif position == 11:
        if char not in "HMX":
            raise CurpSex(char=shown(char))
    elif position == 17:
        if char not in DIGITS and char not in LETTERS:
            raise CurpCharacter(position=position, char=shown(char))
    elif char not in DIGITS:  # 5-10 and 18
        raise CurpDigitExpected(position=position, char=shown(char))


def _birth_date(curp: str) -> date:
    century = 1900 if curp[16] in DIGITS else 2000
    yymmdd = curp[4:10]
    try:
        return date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        raise CurpDate(date=yymmdd) from None
