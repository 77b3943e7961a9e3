"""Values inside sentences (issue 12, trap 8): amounts, years, periods, days and times, in
the many ways people write them; and what is refused rather than guessed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.values.ages import read_years
from domain.values.amounts import read_amount
from domain.values.days import read_day, read_time, time_of_day_said
from domain.values.numbers import words_to_digits
from domain.values.periods import read_period


@pytest.mark.parametrize(("text", "digits"), [
    ("ocho mil", "8000"), ("mil quinientos", "1500"), ("treinta y cinco", "35"),
    ("8 mil", "8000"), ("8k", "8000"), ("8K", "8000"), ("1.5 millones", "1500000"),
    ("dos mil veinticinco", "2025"), ("quince mil pesos", "15000 pesos"),
    ("eight thousand", "8000"), ("one thousand five hundred", "1500"),
    ("dieciséis", "16"), ("dieciseis", "16"), ("dos mil veintidos", "2022"),
    ("veintitres", "23"), ("veintiseis mil", "26000"),
])
def test_numbers_in_words(text: str, digits: str) -> None:
    assert words_to_digits(text) == digits


@pytest.mark.parametrize(("text", "amount"), [
    ("gano como 8 mil al mes", "8000"), ("ocho mil", "8000"), ("$8,000", "8000"),
    ("8k", "8000"), ("mil quinientos", "1500"), ("8,500.50", "8500.50"),
    ("15 mil pesos", "15000"), ("$12 500", "12500"), ("12500", "12500"),
    ("gano 9,300.25 pesos a la quincena", "9300.25"), ("son $ 7,000 MXN", "7000"),
    ("como ocho mil quinientos", "8500"), ("unos 20 mil", "20000"),
    ("I earn eight thousand", "8000"), ("1,234,567.8", "1234567.8"), ("0", "0"),
    ("nada", "0"), ("no tengo nada", "0"), ("nothing", "0"), ("cero", "0"),
    # the thousands and what follows them: «5 mil 500» was 5,000,500
    ("5 mil 500", "5500"), ("mil 500", "1500"), ("20 mil 300 pesos", "20300"),
    ("12 mil quinientos", "12500"), ("medio millon", "500000"), ("3000 y 500", "3500"),
    ("1 000 000", "1000000"),
])
def test_amounts(text: str, amount: str) -> None:
    assert read_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", [
    "", "no se", "12.500,50", "1,25", "12.345", "-500", "$", "1e5",
    "gano 8 mil y mi esposa 5 mil", "entre 8 y 9 mil",
])
def test_amounts_refused(text: str) -> None:
    assert read_amount(text) is None


@pytest.mark.parametrize(("text", "years"), [
    ("tengo 35", 35), ("35 años", 35), ("35", 35), ("treinta y cinco", 35),
    ("tengo treinta y cinco años", 35), ("I am 40 years old", 40), (" 7 0 ", 70),
    ("a 20 años", 20), ("veinte", 20), ("a quince años porfa", 15),
])
def test_years(text: str, years: int) -> None:
    assert read_years(text) == years


@pytest.mark.parametrize("text", ["", "35.5", "1000", "tengo 35 y mi esposa 33", "muchos"])
def test_years_refused(text: str) -> None:
    assert read_years(text) is None


@pytest.mark.parametrize(("text", "period"), [
    ("1/2025 a 3/2026", ((2025, 1), (2026, 3))),
    ("del 2 al 4 de 2025", ((2025, 2), (2025, 4))),
    ("del bimestre 2 al 4 del 2025", ((2025, 2), (2025, 4))),
    ("bimestre 3 del 2024", ((2024, 3), (2024, 3))),
    ("de enero a abril", ((2026, 1), (2026, 2))),
    ("de enero a abril de 2025", ((2025, 1), (2025, 2))),
    ("marzo a junio de 2024", ((2024, 2), (2024, 3))),
    ("noviembre 2024 a febrero 2025", ((2024, 6), (2025, 1))),
    ("del dos al cuatro de dos mil veinticinco", ((2025, 2), (2025, 4))),
    ("from January to April 2025", ((2025, 1), (2025, 2))),
    ("b2/2024 - b6/2024", ((2024, 2), (2024, 6))),
    ("del 2 al 4 del año pasado", ((2025, 2), (2025, 4))),
    ("de enero a marzo de este ano", ((2026, 1), (2026, 2))),
    ("bimester 5 of last year", ((2025, 5), (2025, 5))),
])
def test_periods(text: str, period: tuple[tuple[int, int], tuple[int, int]]) -> None:
    assert read_period(text, 2026) == period


@pytest.mark.parametrize(("text", "today", "period"), [
    ("y el de los ultimos 6 meses?", date(2026, 12, 6), ((2026, 4), (2026, 6))),
    ("los últimos seis meses", date(2026, 1, 15), ((2025, 5), (2026, 1))),
    ("el ultimo bimestre", date(2026, 3, 1), ((2026, 2), (2026, 2))),
    ("last 3 bimesters", date(2026, 2, 28), ((2025, 5), (2026, 1))),
    ("los ultimos 2 años", date(2026, 12, 6), ((2025, 1), (2026, 6))),
    ("del año pasado", date(2026, 12, 6), None),  # the calendar year: ``names_a_year``
    # «el bimestre pasado», «el del mes pasado», «el bimestre 5» (no year) were not read
    ("el bimestre pasado", date(2026, 12, 7), ((2026, 5), (2026, 5))),
    ("el bimestre anterior", date(2026, 1, 10), ((2025, 6), (2025, 6))),
    ("el del mes pasado", date(2026, 5, 3), ((2026, 2), (2026, 2))),
    ("el del mes pasado", date(2026, 12, 7), ((2026, 6), (2026, 6))),
    ("el bimestre 5", date(2026, 12, 7), ((2026, 5), (2026, 5))),
    ("el bimestre 5", date(2026, 5, 3), ((2025, 5), (2025, 5))),
    # «from march 2024 to now», «since january 2025» were that one bimester alone
    ("from march 2024 to now", date(2026, 12, 7), ((2024, 2), (2026, 6))),
    ("de marzo 2024 a la fecha", date(2026, 12, 7), ((2024, 2), (2026, 6))),
    ("since january 2025", date(2026, 5, 3), ((2025, 1), (2026, 3))),
    ("desde enero de 2025 hasta hoy", date(2026, 12, 7), ((2025, 1), (2026, 6))),
    ("desde enero hasta marzo", date(2026, 12, 7), ((2026, 1), (2026, 2))),
    # «de marzo del 24 a la fecha» began in March of this year
    ("de marzo del 24 a la fecha", date(2026, 12, 7), ((2024, 2), (2026, 6))),
    ("de enero del 98 a marzo del 99", date(2026, 12, 7), ((1998, 1), (1999, 2))),
    # «del bimestre 3 de 2022 al 2 de 2023» was «Escribe el año con cuatro cifras»
    ("del bimestre 3 de 2022 al 2 de 2023", date(2026, 12, 7), ((2022, 3), (2023, 2))),
    ("bimestres 3 de 2022 a 2 de 2023", date(2026, 12, 7), ((2022, 3), (2023, 2))),
])
def test_periods_counted_back_from_today(
        text: str, today: date, period: tuple[tuple[int, int], tuple[int, int]] | None) -> None:
    assert read_period(text, today.year, today) == period


@pytest.mark.parametrize("text", ["", "hola", "del 2 al 4", "1/2025 a 2/2025 a 3/2025",
                                  "2024 y 2025 del 1 al 2"])
def test_periods_refused(text: str) -> None:
    assert read_period(text, 2026) is None


TODAY = date(2026, 12, 4)  # a Friday
DAYS = [date(2026, 12, 5), date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9),
        date(2026, 12, 15), date(2026, 12, 17)]


@pytest.mark.parametrize(("text", "day"), [
    ("mejor el martes", date(2026, 12, 8)), ("el martes 15", date(2026, 12, 15)),
    ("mañana", date(2026, 12, 5)), ("manana", date(2026, 12, 5)),
    ("tomorrow", date(2026, 12, 5)), ("el 15", date(2026, 12, 15)),
    ("15 de diciembre", date(2026, 12, 15)), ("15/12", date(2026, 12, 15)),
    ("el jueves", date(2026, 12, 17)), ("el miércoles", date(2026, 12, 9)),
    ("el lunes porfa", date(2026, 12, 7)), ("on Tuesday", date(2026, 12, 8)),
    ("el nueve", date(2026, 12, 9)),
])
def test_days(text: str, day: date) -> None:
    assert read_day(text, TODAY, DAYS) == day


@pytest.mark.parametrize("text", ["", "hola", "el lunes 15", "el domingo", "el 20",
                                  "el lunes o el martes", "pasado mañana"])
def test_days_refused(text: str) -> None:
    """A day not offered, or two named, or a weekday and a date that disagree."""
    assert read_day(text, TODAY, DAYS) is None


TIMES = [datetime(2026, 12, 8, 9, 0), datetime(2026, 12, 8, 10, 30),
         datetime(2026, 12, 8, 16, 0)]


@pytest.mark.parametrize(("text", "moment"), [
    ("a las 10 y media", TIMES[1]), ("10:30", TIMES[1]), ("10.30", TIMES[1]),
    ("4 pm", TIMES[2]), ("a las 4", TIMES[2]), ("4 de la tarde", TIMES[2]),
    ("9", TIMES[0]), ("a las nueve", TIMES[0]), ("16:00", TIMES[2]),
])
def test_times(text: str, moment: datetime) -> None:
    assert read_time(text, TIMES) == moment


@pytest.mark.parametrize("text", ["", "a las 11", "temprano", "9 o 10"])
def test_times_refused(text: str) -> None:
    assert read_time(text, TIMES) is None


@pytest.mark.parametrize("text", ["ok pay the monthly one", "that one", "the first one please",
                                  "which one?"])
def test_one_standing_for_a_thing_is_no_amount(text: str) -> None:
    assert read_amount(text) is None


@pytest.mark.parametrize(("text", "amount"), [("one thousand", 1000), ("twenty one", 21),
                                              ("pay one hundred", 100)])
def test_one_as_a_number_still_is(text: str, amount: int) -> None:
    assert read_amount(text) == Decimal(amount)


@pytest.mark.parametrize(("text", "day"), [("el martes a las 10", 8), ("el 10 a las 9", 10),
                                           ("martes 10am", 8), ("tuesday at 3pm", 8),
                                           ("el 15 a las 11:30", 15), ("el 10", 10)])
def test_a_time_said_with_the_day_is_no_day_of_the_month(text: str, day: int) -> None:
    today = date(2026, 12, 6)
    offered = [today + timedelta(days=n) for n in range(1, 12)]
    found = read_day(text, today, offered)
    assert found is not None and found.day == day
    assert (time_of_day_said(text) is None) == (text == "el 10")
