"""NSS, the IMSS social security number: 11 digits, the last a Luhn check digit.

Layout: subdelegación (2) + year of affiliation (2) + year of birth (2) + sequence (4) +
check digit. Numbers starting with 77 are issued by INFONAVIT itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import luhn

from domain.identifiers._text import DIGITS, compact, mask, shown
from domain.identifiers.errors import NssCharacter, NssCheckDigit, NssLength

NSS_LENGTH = 11


@dataclass(frozen=True, slots=True)
class Nss:
    """A valid NSS (11 ASCII digits); ``repr`` is masked so it can be logged."""

    value: str

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Nss({mask(self.value)})"

    @property
    def issued_by_infonavit(self) -> bool:
        return self.value.startswith("77")


def luhn_check_digit(body: str) -> str:
    """The Luhn digit that completes ``body`` (a string of ASCII digits)."""
    return luhn.calc_check_digit(body)


def parse_nss(text: str) -> Nss:
    """Normalise and validate an NSS, or raise the error that says what to fix."""
    nss = compact(text)
    if len(nss) != NSS_LENGTH:  # the digits counted, not letters or signs around them («you
        # typed 16» for a 14-character password with 2 digits)
        raise NssLength(typed=sum(char in DIGITS for char in nss), needed=NSS_LENGTH)
    for position, char in enumerate(nss, start=1):
        if char not in DIGITS:
            raise NssCharacter(position=position, char=shown(char))
    if nss[-1] != luhn_check_digit(nss[:-1]):
        raise NssCheckDigit()
    return Nss(nss)
