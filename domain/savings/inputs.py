"""What a worker types in the savings flows: amounts, ages, terms, a year, a bimester
range, alone or inside a sentence (``domain/values`` reads them). Each reader raises one
specific error whose message says how to write it.

Amounts follow Mexican usage: a comma groups thousands and a dot starts the cents
("12,500.50"); "$", "pesos", "MXN", "mil", "k" and numbers in words are understood; a
sentence with two amounts, or an ambiguous one ("12.500,50"), is refused rather than
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.errors import DomainError
from domain.savings.contributions import Bimester
from domain.savings.records import Sex
from domain.values.ages import read_years
from domain.values.amounts import read_amount
from domain.values.numbers import words_to_digits
from domain.values.pay import PayPeriod, monthly_pay, split_pay_period
from domain.values.periods import FIRST_YEAR, read_period, whole_year, with_years

FIRST_STATEMENT_YEAR = FIRST_YEAR
"""The housing subcuenta as statements show it starts in 1997 (earlier funds are listed
apart as historical funds)."""
MIN_AGE = 18
MAX_AGE = 100
WOMAN: Sex = "M"
MAN: Sex = "H"
SEXES: tuple[Sex, ...] = (WOMAN, MAN)

_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_SHORT_YEAR = re.compile(
    r"\b(del|el|ano|anio|year|of|in|al|y|to|and)\s+(\d{2})\b(?![\d/:.,%]|\s*(de|del|dias|anos|"
    r"mil|meses|mes|bimestres?|years|days|months|pesos|k)\b)")
"""«el del 23», «año 22», «the one of 21»: a year said by its last two digits."""


def _long_years(plain: str, this_year: int) -> str:
    """Two-digit years (``_SHORT_YEAR``) written whole (``whole_year``)."""
    def whole(match: re.Match[str]) -> str:
        year = whole_year(int(match.group(2)), this_year)
        return match.group(0) if year is None else f"{match.group(1)} {year}"
    return _SHORT_YEAR.sub(whole, plain)


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
    """Pesos with at most two decimals: "12500", "12,500.50", "$12 500", "9000 pesos",
    "gano como 8 mil al mes", "ocho mil", "8k", "mil quinientos"."""
    amount = read_amount(text)
    if amount is None:
        raise AmountUnclear()
    if amount < 0 or (amount == 0 and not allow_zero):
        raise AmountNotPositive()
    return amount


@dataclass(frozen=True)
class Income:
    """An income as typed and as the monthly figure the precalification takes."""

    monthly: Decimal
    typed: Decimal
    period: PayPeriod | None
    """How often the typed amount comes, when said (``None``: taken as monthly)."""

    @property
    def converted(self) -> bool:
        return self.period not in (None, PayPeriod.MONTH)


def parse_income(text: str, days_a_month: Decimal) -> Income:
    """A monthly income, or pay said per day, week, fortnight or year («350 al día»)
    turned into one (``domain.values.pay``)."""
    rest, period = split_pay_period(text)
    typed = parse_amount(rest)
    return Income(monthly_pay(typed, period, days_a_month), typed, period)


def parse_age(text: str) -> int:
    """Whole years, 18 to 100 ("35", "35 años")."""
    years = read_years(text)
    if years is None:
        raise AgeUnclear()
    if not MIN_AGE <= years <= MAX_AGE:
        raise AgeOutOfRange(min_age=MIN_AGE, max_age=MAX_AGE)
    return years


def parse_term(text: str) -> int:
    """A term in whole years ("20", "20 años"); its range is the precalification's check."""
    years = read_years(text)
    if years is None:
        raise TermUnclear()
    return years


def _years_in(text: str, today: date) -> list[int] | None:
    """The four-digit years the text says (in words too, «el año pasado» included), or
    ``None`` when it holds other digits as well (a bimester, a day)."""
    plain = _long_years(words_to_digits(with_years(text, today.year)), today.year)
    if any(char.isdigit() for char in _YEAR.sub("", plain)):
        return None
    return [int(year) for year in _YEAR.findall(plain)]


def parse_year(text: str, today: date) -> int:
    """A statement year from 1997 to this year ("2024", "el del 2024", "dos mil veinte",
    "el año pasado")."""
    found = _years_in(text, today)
    if found is None or len(found) != 1:
        raise YearUnclear()
    year = found[0]
    if not FIRST_STATEMENT_YEAR <= year <= today.year:
        raise YearOutOfRange(first=FIRST_STATEMENT_YEAR, last=today.year)
    return year


def years_said(text: str, today: date) -> tuple[int, int] | None:
    """Two years and nothing else («2023 y 2024», «del 2020 al 2022»): the first and the
    last, in order, each from 1997 to this year; ``None`` otherwise (it was «Escribe el año
    con cuatro cifras», to a worker who had typed two)."""
    found = sorted(set(_years_in(text, today) or ()))
    if len(found) != 2:
        return None
    if not all(FIRST_STATEMENT_YEAR <= year <= today.year for year in found):
        raise YearOutOfRange(first=FIRST_STATEMENT_YEAR, last=today.year)
    return found[0], found[1]


def parse_bimester_range(text: str, today: date,
                         bimesters_asked: bool = False) -> tuple[Bimester, Bimester]:
    """Two bimesters ("1/2025 a 3/2026", "del 2 al 4 de 2025", "de enero a abril"), or one
    for a single bimester ("bimestre 3 del 2024").

    Given in either order; years from 1997 to this year. A future bimester is left to the
    statement rules, which refuse a period that starts after today.
    """
    found = read_period(text, today.year, today, bimesters_asked)
    if found is None:
        raise RangeUnclear()
    bimesters = []
    for year, number in found:
        if not FIRST_STATEMENT_YEAR <= int(year) <= today.year:
            raise YearOutOfRange(first=FIRST_STATEMENT_YEAR, last=today.year)
        bimesters.append(Bimester(int(year), int(number)))  # raises InvalidBimester
    first, last = min(bimesters), max(bimesters)
    return first, last
