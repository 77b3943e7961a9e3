"""A whole number of years in a sentence: an age («tengo 35», «35 años», «treinta y
cinco») or a term («a 20 años», «veinte»). A number with decimals is not a whole age."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from domain.values.numbers import words_to_digits

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def read_years(text: str) -> int | None:
    """The one whole number in ``text`` (at most three digits), else None."""
    plain = re.sub(r"(?<=\d) (?=\d\b)", "", words_to_digits(text))  # «7 0» -> «70»
    found = [token.rstrip(".,") for token in _NUMBER.findall(plain)]
    if len(found) != 1 or not found[0].isdigit() or len(found[0]) > 3:
        return None
    return int(found[0])


_BIRTH = re.compile(r"(?<![\d/.-])(?:(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-])?"
                    r"(?P<year>(?:19|20)\d{2})(?![\d])")


class Birth(NamedTuple):
    """An age worked out from a year or date of birth."""

    age: int
    year: int
    exact: bool
    """From a whole date; else from the year alone (one more than the age of someone whose
    birthday has not come yet this year)."""


def age_from_birth(text: str, today: date) -> Birth | None:
    """An age given as the year of birth («nací en 1990», «1990», «17/04/1992»): the age,
    the year, and whether the age is exact (a whole date) or the year's (one more than the
    age of someone whose birthday has not come yet). ``None`` when the text holds no one
    year of birth (it was read as a correction of the income: «1990» pesos)."""
    found = list(_BIRTH.finditer(words_to_digits(text)))
    if len(found) != 1:
        return None
    year = int(found[0].group("year"))
    if not 1900 < year <= today.year:
        return None
    day, month = found[0].group("day"), found[0].group("month")
    if day and month:
        try:
            born = date(year, int(month), int(day))
        except ValueError:
            return None
        return Birth(today.year - year - ((today.month, today.day) < (born.month, born.day)),
                     year, True)
    return Birth(today.year - year, year, False)
