"""Mexican mobile numbers, stored in E.164 (``+52`` and 10 national digits).

Accepted, besides the 10 national digits (area code + number):

* separators anywhere: spaces, dashes, dots, parentheses, invisible marks;
* the country code: ``+52``, ``52`` or ``0052`` (the international call prefix), when
  exactly 10 digits (or the old "1" and 10 digits) follow it;
* the old mobile "1" after the country code (``+52 1 55 ...``, ``521...``; WhatsApp still
  reports Mexican numbers this way): since 2019 the same line is dialled without it;
* the old ``044`` / ``045`` prefixes for calling a mobile (13 digits): retired in 2019, the
  10 digits after them are the number.

Each rule is unambiguous because a national number never starts with 0 or 1. A ``+``
with another country code is refused. Anything else is counted as typed (after ``+52``)
and refused unless it is 10 digits.
Mexico's numbering plan does not tell mobiles from landlines; the SMS code proves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.identifiers._text import DIGITS, compact, mask_phone, shown
from domain.identifiers.errors import PhoneAreaCode, PhoneCharacter, PhoneCountry, PhoneLength

NATIONAL_LENGTH = 10
COUNTRY_CODE = "52"


@dataclass(frozen=True, slots=True)
class MobilePhone:
    """A Mexican number in E.164; ``repr`` is masked so it can be logged."""

    e164: str

    def __str__(self) -> str:
        return self.e164

    def __repr__(self) -> str:
        return f"MobilePhone({mask_phone(self.e164)})"

    @property
    def national(self) -> str:
        return self.e164[3:]


def parse_mobile(text: str) -> MobilePhone:
    """Normalise a Mexican mobile number to E.164, or raise the error that says what to fix."""
    number = compact(text, drop="()")
    explicit_country = number.startswith("+")
    if explicit_country:
        if not number.startswith("+" + COUNTRY_CODE):
            raise PhoneCountry()
        number = number[3:]
    for char in number:
        if char not in DIGITS:
            raise PhoneCharacter(char=shown(char))
    national = _strip_prefixes(number, explicit_country)
    if len(national) != NATIONAL_LENGTH:
        raise PhoneLength(typed=len(national), needed=NATIONAL_LENGTH)
    if national[0] in "01":
        raise PhoneAreaCode()
    return MobilePhone("+" + COUNTRY_CODE + national)


def _strip_prefixes(digits: str, explicit_country: bool) -> str:
    """The national digits, when ``digits`` is exactly one accepted form; else unchanged."""
    rest = digits
    if not explicit_country:
        if len(digits) in (14, 15) and digits.startswith("00" + COUNTRY_CODE):
            rest = digits[4:]
        elif len(digits) in (12, 13) and digits.startswith(COUNTRY_CODE):
            rest = digits[2:]
        elif len(digits) == 13 and digits[:3] in ("044", "045"):
            return digits[3:]
        else:
            return digits
    if len(rest) == NATIONAL_LENGTH + 1 and rest.startswith("1"):
        return rest[1:]
    if len(rest) == NATIONAL_LENGTH:
        return rest
    return digits
