"""What a worker types in the savings flows, read strictly: amounts, ages, terms, a year, a
bimester range. Each reader raises one specific error whose message says how to write it.

Amounts follow Mexican usage: a comma groups thousands and a dot starts the cents
("12,500.50"); a leading "$" and the words "pesos"/"MXN" are allowed, anything else (such as
"12 mil") is refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.contributions import Bimester
from domain.errors import DomainError
from domain.records import Sex

FIRST_STATEMENT_YEAR = 1997
"""The housing subcuenta as statements show it starts in 1997 (earlier funds are listed
apart as historical funds)."""
MIN_AGE = 18
MAX_AGE = 100
WOMAN: Sex = "M"
MAN: Sex = "H"
SEXES: tuple[Sex, ...] = (WOMAN, MAN)

_CURRENCY_WORDS = re.compile(r"(?i)\b(pesos?|mxn|m\.?n\.?)(?=\W|$)")
_PLAIN_AMOUNT = re.compile(r"\d+(\.\d{1,2})?")
_GROUPED_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,2})?")
_YEAR_WORDS = re.compile(r"(?i)\b(años?|anos?|years?|yrs?|old)\b")
_BIMESTER = re.compile(r"(?i)\bb?\s*(\d{1,2})\s*/\s*(\d{4})\b")


class AmountUnclear(DomainError):
    key = "error.savings.amount_unclear"


class AmountNotPositive(DomainError):
    key = "error.savings.amount_not_positive"


class AgeUnclear(DomainError):
    key = "error.savings.age_unclear"


class AgeOutOfRange(DomainError):
    key = "error.savings.age_out_of_range"


class TermUnclear(DomainError):
    key = "error.savings.term_unclear"


class YearUnclear(DomainError):
    key = "error.savings.year_unclear"


class YearOutOfRange(DomainError):
    key = "error.savings.year_out_of_range"


class RangeUnclear(DomainError):
    key = "error.savings.range_unclear"


def parse_amount(text: str, *, allow_zero: bool = False) -> Decimal:
    """Pesos with at most two decimals: "12500", "12,500.50", "$12 500", "9000 pesos"."""
    compact = _CURRENCY_WORDS.sub("", text).replace("$", "")
    compact = "".join(compact.split())
    if _GROUPED_AMOUNT.fullmatch(compact):
        compact = compact.replace(",", "")
    if not _PLAIN_AMOUNT.fullmatch(compact):
        raise AmountUnclear()
    try:
        amount = Decimal(compact)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise AmountUnclear() from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise AmountNotPositive()
    return amount


def _whole_years(text: str) -> int | None:
    compact = "".join(_YEAR_WORDS.sub("", text).split())
    return int(compact) if compact.isdigit() and len(compact) <= 3 else None


def parse_age(text: str) -> int:
    """Whole years, 18 to 100 ("35", "35 años")."""
    years = _whole_years(text)
    if years is None:
        raise AgeUnclear()
    if not MIN_AGE <= years <= MAX_AGE:
        raise AgeOutOfRange(min_age=MIN_AGE, max_age=MAX_AGE)
    return years


def parse_term(text: str) -> int:
    """A term in whole years ("20", "20 años"); its range is the precalification's check."""
    years = _whole_years(text)
    if years is None:
        raise TermUnclear()
    return years


def parse_year(text: str, today: date) -> int:
    """A statement year from 1997 to this year."""
    compact = "".join(text.split())
    if not (compact.isdigit() and len(compact) == 4):
        raise YearUnclear()
    year = int(compact)
    if not FIRST_STATEMENT_YEAR <= year <= today.year:
        raise YearOutOfRange(first=FIRST_STATEMENT_YEAR, last=today.year)
    return year


def parse_bimester_range(text: str, today: date) -> tuple[Bimester, Bimester]:
    """Two bimesters written number/year ("1/2025 a 3/2026"), or one for a single bimester.

    Given in either order; years from 1997 to this year. A future bimester is left to the
    statement rules, which refuse a period that starts after today.
    """
    found = _BIMESTER.findall(text)
    if not 1 <= len(found) <= 2:
        raise RangeUnclear()
    bimesters = []
    for number, year in found:
        if not FIRST_STATEMENT_YEAR <= int(year) <= today.year:
            raise YearOutOfRange(first=FIRST_STATEMENT_YEAR, last=today.year)
        bimesters.append(Bimester(int(year), int(number)))  # raises InvalidBimester
    first, last = min(bimesters), max(bimesters)
    return first, last
