"""What a worker types in the savings flows: one table per reader, one row per error path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.savings.contributions import Bimester, InvalidBimester
from domain.savings.inputs import (
    AgeOutOfRange,
    AgeUnclear,
    AmountNotPositive,
    AmountUnclear,
    RangeUnclear,
    TermUnclear,
    YearOutOfRange,
    YearUnclear,
    parse_age,
    parse_amount,
    parse_bimester_range,
    parse_term,
    parse_year,
)

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(("typed", "amount"), [
    ("12500", "12500"), ("12,500", "12500"), ("12,500.50", "12500.50"), ("$12 500", "12500"),
    (" 9000 pesos ", "9000"), ("$1,234,567.8", "1234567.8"), ("8364 MXN", "8364"),
    ("45000.5", "45000.5"), ("0012", "12"), ("doce mil", "12000"), ("12 mil", "12000"),
    ("gano como 8 mil al mes", "8000"),
])
def test_amounts_in_mexican_usage(typed: str, amount: str) -> None:
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(("typed", "error"), [
    ("gano 8 mil y mi esposa 5 mil", AmountUnclear), ("", AmountUnclear),
    ("12.500,50", AmountUnclear), ("1,25", AmountUnclear), ("-500", AmountUnclear),
    ("12.345", AmountUnclear), ("$", AmountUnclear), ("1e5", AmountUnclear),
    ("0", AmountNotPositive), ("0.00", AmountNotPositive),
])
def test_amounts_refused_rather_than_guessed(typed: str, error: type[DomainError]) -> None:
    with pytest.raises(error):
        parse_amount(typed)


def test_a_balance_may_be_zero() -> None:
    assert parse_amount("0", allow_zero=True) == 0


@pytest.mark.parametrize(("typed", "years"), [
    ("35", 35), ("35 años", 35), ("18", 18), ("100", 100), ("40 years", 40), (" 7 0 ", 70),
    ("treinta", 30), ("tengo 35", 35),
])
def test_ages(typed: str, years: int) -> None:
    assert parse_age(typed) == years


@pytest.mark.parametrize(("typed", "error"), [
    ("tengo 35 y mi esposa 33", AgeUnclear), ("35.5", AgeUnclear), ("", AgeUnclear),
    ("1000", AgeUnclear),
    ("17", AgeOutOfRange), ("101", AgeOutOfRange), ("0", AgeOutOfRange),
])
def test_ages_refused(typed: str, error: type[DomainError]) -> None:
    with pytest.raises(error):
        parse_age(typed)


def test_the_age_error_names_the_range() -> None:
    with pytest.raises(AgeOutOfRange) as refused:
        parse_age("17")
    assert refused.value.params == {"min_age": 18, "max_age": 100}


@pytest.mark.parametrize(("typed", "years"), [("20", 20), ("20 años", 20), ("0", 0),
                                              ("veinte", 20), ("a 15 años", 15)])
def test_terms_are_read_and_left_to_the_rules_to_bound(typed: str, years: int) -> None:
    assert parse_term(typed) == years


@pytest.mark.parametrize("typed", ["ninguno", "2.5", ""])
def test_terms_refused(typed: str) -> None:
    with pytest.raises(TermUnclear):
        parse_term(typed)


@pytest.mark.parametrize(("typed", "year"), [("2024", 2024), (" 1997 ", 1997), ("2026", 2026),
                                             ("el del 2024", 2024), ("dos mil veinte", 2020),
                                             ("quiero el del dos mil veintidos", 2022),
                                             ("el del veintitres", 2023), ("el del 23", 2023),
                                             ("del 98", 1998), ("año 22", 2022)])
def test_statement_years(typed: str, year: int) -> None:
    """A year in words without accents («veintidos») was read as 2000; by its last two
    digits («el del 23») it was not understood."""
    assert parse_year(typed, TODAY) == year


@pytest.mark.parametrize(("typed", "error"), [
    ("24", YearUnclear), ("2024 o 2025", YearUnclear), ("el 3 de 2024", YearUnclear),
    ("1996", YearOutOfRange), ("2027", YearOutOfRange),
])
def test_statement_years_refused(typed: str, error: type[DomainError]) -> None:
    with pytest.raises(error):
        parse_year(typed, TODAY)


@pytest.mark.parametrize(("typed", "first", "last"), [
    ("1/2025 a 3/2026", Bimester(2025, 1), Bimester(2026, 3)),
    ("1/2025 to 3/2026", Bimester(2025, 1), Bimester(2026, 3)),
    ("b2 / 2024 - b6/2024", Bimester(2024, 2), Bimester(2024, 6)),
    ("3/2026 a 1/2025", Bimester(2025, 1), Bimester(2026, 3)),  # either order
    ("4/2026", Bimester(2026, 4), Bimester(2026, 4)),  # a single bimester
    ("del 2 al 4 de 2025", Bimester(2025, 2), Bimester(2025, 4)),
    ("bimestre 3 del 2024", Bimester(2024, 3), Bimester(2024, 3)),
    ("de enero a abril", Bimester(2026, 1), Bimester(2026, 2)),
    ("enero a marzo", Bimester(2026, 1), Bimester(2026, 2)),
])
def test_bimester_ranges(typed: str, first: Bimester, last: Bimester) -> None:
    assert parse_bimester_range(typed, TODAY) == (first, last)


@pytest.mark.parametrize(("typed", "error"), [
    ("hola", RangeUnclear), ("1/2025 a 2/2025 a 3/2025", RangeUnclear),
    ("7/2025 a 1/2026", InvalidBimester), ("0/2025", InvalidBimester),
    ("1/1990 a 1/2000", YearOutOfRange), ("1/2027", YearOutOfRange),
])
def test_bimester_ranges_refused(typed: str, error: type[DomainError]) -> None:
    with pytest.raises(error):
        parse_bimester_range(typed, TODAY)
