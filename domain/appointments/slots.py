"""Which days a centre opens and which of its slots are still free.

Plain functions over a ``Centre`` and its ``CentreCatalog``: no clock reads. ``today`` is the
date in the centre's zone and ``now`` an aware datetime, both from the caller. Slot start
times are aware datetimes in the centre's zone; bookings may be given in any zone and count
for the same instant.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

import holidays

from domain.appointments.centres import Centre, CentreCatalog, Hours

MIN_NOTICE = timedelta(hours=1)
"""A slot starting sooner than this after ``now`` is not offered (matters only for same-day
booking, which the shipped catalog does not allow)."""

SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class Slot:
    centre_id: str
    starts_at: datetime  # aware, in the centre's zone

    def __post_init__(self) -> None:
        _require_aware(self.starts_at, "starts_at")


def opening_hours(centre: Centre, day: date) -> Hours | None:
    """The centre's hours on ``day``; None on Sundays, official holidays and Saturdays
    without Saturday hours."""
    if day.weekday() == SUNDAY or day in _official_holidays(day.year):
        return None
    if day.weekday() == SATURDAY:
        return centre.saturday_hours
    return centre.weekday_hours


class Closed(StrEnum):
    """Why a centre does not open on a day (a catalog key suffix)."""

    SUNDAY = "sunday"
    HOLIDAY = "holiday"
    SATURDAY = "saturday"


def closed_because(centre: Centre, day: date) -> Closed | None:
    """Why the centre is closed on ``day`` («el domingo», «el 25 de diciembre»), or None
    when it opens."""
    if day.weekday() == SUNDAY:
        return Closed.SUNDAY
    if day in _official_holidays(day.year):
        return Closed.HOLIDAY
    if day.weekday() == SATURDAY and centre.saturday_hours is None:
        return Closed.SATURDAY
    return None


def opening_days(centre: Centre, catalog: CentreCatalog, today: date) -> list[date]:
    """Days the centre opens from today + book_from_days to today + book_until_days."""
    first = today + timedelta(days=catalog.book_from_days)
    span = catalog.book_until_days - catalog.book_from_days + 1
    days = (first + timedelta(days=n) for n in range(span))
    return [day for day in days if opening_hours(centre, day) is not None]


def day_slots(centre: Centre, catalog: CentreCatalog, day: date) -> list[datetime]:
    """Start times from opening, every slot_minutes, the last one ending by closing time."""
    hours = opening_hours(centre, day)
    if hours is None:
        return []
    opens, closes = hours
    open_span = closes.hour * 60 + closes.minute - (opens.hour * 60 + opens.minute)
    first = datetime.combine(day, opens, tzinfo=centre.zone)
    step = timedelta(minutes=catalog.slot_minutes)
    # wall-clock arithmetic: the same local day, whatever the zone's offset
    return [first + n * step for n in range(open_span // catalog.slot_minutes)]


def free_slots(
    centre: Centre,
    catalog: CentreCatalog,
    day: date,
    booked: Mapping[datetime, int],
    now: datetime,
) -> list[datetime]:
    """The day's slots with a desk left that start at least ``MIN_NOTICE`` after ``now``.

    ``booked`` counts appointments by start instant (aware datetimes, any zone)."""
    _require_aware(now, "now")
    taken = _by_instant(booked)
    earliest = now + MIN_NOTICE
    return [
        start
        for start in day_slots(centre, catalog, day)
        if start >= earliest and taken[start.astimezone(UTC)] < centre.desks
    ]


def next_free_days(
    centre: Centre,
    catalog: CentreCatalog,
    today: date,
    booked_by_day: Mapping[date, Mapping[datetime, int]],
    now: datetime,
    limit: int,
) -> list[date]:
    """The first ``limit`` opening days with at least one free slot; a day missing from
    ``booked_by_day`` has no bookings."""
    found: list[date] = []
    for day in opening_days(centre, catalog, today):
        if len(found) >= limit:
            break
        if free_slots(centre, catalog, day, booked_by_day.get(day, {}), now):
            found.append(day)
    return found


@functools.cache
def _official_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("MX", years=year).keys())


def _by_instant(booked: Mapping[datetime, int]) -> Counter[datetime]:
    taken: Counter[datetime] = Counter()
    for starts_at, count in booked.items():
        _require_aware(starts_at, "booking")
        taken[starts_at.astimezone(UTC)] += count
    return taken


def _require_aware(moment: datetime, what: str) -> None:
    if moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, not {moment!r}")
