"""A part of the day in words (``domain.values.days``): «en la tarde», «temprano», «lo más
temprano que haya»; a clock time is not one, and «mañana» alone is the day, not the morning."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from domain.values.days import (
    PartOfDay,
    moved_to,
    names_a_calendar_day,
    names_a_day,
    names_when,
    read_part_of_day,
    times_in_part,
)

ZONE = ZoneInfo("America/Mexico_City")
TIMES = [datetime(2026, 12, 7, hour, minute, tzinfo=ZONE) for hour in (8, 10, 12, 14)
         for minute in (0, 30)]


@pytest.mark.parametrize(("typed", "part"), [
    ("en la tarde", PartOfDay.AFTERNOON), ("mejor por la tarde", PartOfDay.AFTERNOON),
    ("in the afternoon", PartOfDay.AFTERNOON), ("temprano", PartOfDay.MORNING),
    ("en la mañana", PartOfDay.MORNING), ("lo mas temprano que haya", PartOfDay.FIRST),
    ("el primero que haya", PartOfDay.FIRST), ("cualquiera", PartOfDay.FIRST),
    ("la ultima", PartOfDay.LAST), ("a las 4 de la tarde", None), ("a las 10", None),
    ("whichever is closest", PartOfDay.FIRST), ("the next available one", PartOfDay.FIRST),
    ("mañana", None), ("jalisco", None),
    # a day of the month with it is no clock time («jueves 10 en la tarde» showed them all)
    ("jueves 10 en la tarde", PartOfDay.AFTERNOON), ("el 15 en la tarde", PartOfDay.AFTERNOON),
    ("al 15 de diciembre en la tarde", PartOfDay.AFTERNOON),
    ("el 15/12 por la mañana", PartOfDay.MORNING), ("december 15 in the afternoon",
                                                    PartOfDay.AFTERNOON),
    ("el 4 de la tarde", None), ("el 15 a las 10 de la mañana", None), ("10:30 en la tarde", None),
])
def test_the_part_of_the_day(typed: str, part: PartOfDay | None) -> None:
    assert read_part_of_day(typed) is part


def test_the_times_of_each_part() -> None:
    assert times_in_part(PartOfDay.FIRST, TIMES) == TIMES[:1]
    assert times_in_part(PartOfDay.LAST, TIMES) == TIMES[-1:]
    assert [t.hour for t in times_in_part(PartOfDay.MORNING, TIMES)] == [8, 8, 10, 10]
    assert [t.hour for t in times_in_part(PartOfDay.AFTERNOON, TIMES)] == [12, 12, 14, 14]


def test_what_says_when() -> None:
    assert names_a_day("el lunes en la tarde") and names_a_day("mañana temprano")
    assert not names_a_day("en la mañana")
    assert names_when("en la mañana") and not names_when("en guadalajara")


def test_a_day_of_the_month_with_a_part_of_the_day_is_a_day() -> None:
    assert names_a_calendar_day("mejor el 15 en la tarde")
    assert names_a_calendar_day("jueves 10 en la tarde")
    assert not names_a_calendar_day("el 11 de la mañana") and not names_a_calendar_day("a las 11")


def test_the_day_moved_to_is_the_one_after_al() -> None:
    assert moved_to("cambia mi cita del jueves al viernes") == "al viernes"
    assert moved_to("cámbiala del 10 al 12 en la tarde") == "al 12 en la tarde"
    assert moved_to("move it from monday to friday") == "to friday"
    assert moved_to("el 10 para el 12") == "para el 12"
    assert moved_to("cambiala pal viernes") == "cambiala pal viernes"  # one day: as said
    assert moved_to("para el martes a las 10") == "para el martes a las 10"
