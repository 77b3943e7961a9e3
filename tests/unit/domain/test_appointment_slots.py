"""Opening days, the slots of a day, which are still free, and the next days with room."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest

from domain.appointments.centres import Centre, default_centres
from domain.appointments.slots import (
    Slot,
    day_slots,
    free_slots,
    next_free_days,
    opening_days,
)

CATALOG = default_centres()
CDMX = CATALOG.by_id("cdmx-balderas")
MTY = CATALOG.by_id("mty-centro")
TIJ = CATALOG.by_id("tij-monarca")
MONDAY = date(2026, 3, 9)
NOW = datetime(2026, 3, 9, 10, 0, tzinfo=CDMX.zone)


def at(centre: Centre, day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=centre.zone)


def hhmm(starts: list[datetime]) -> list[str]:
    return [s.strftime("%H:%M") for s in starts]


def test_the_mx_holidays_we_rely_on() -> None:
    # What the `holidays` package says (checked by running it): the Monday observances.
    mx = holidays.country_holidays("MX", years=[2026, 2027])
    assert {date(2026, 3, 16), date(2026, 12, 25), date(2027, 1, 1), date(2027, 2, 1)} <= set(mx)
    assert date(2027, 2, 5) not in mx  # the Constitution is observed on the first Monday


def test_booking_opens_tomorrow_and_runs_thirty_days() -> None:
    days = opening_days(CDMX, CATALOG, MONDAY)
    assert days[0] == MONDAY + timedelta(days=1)
    assert days[-1] == MONDAY + timedelta(days=30) == date(2026, 4, 8)
    assert MONDAY not in days


@pytest.mark.parametrize("centre", CATALOG.centres, ids=lambda c: c.id)
def test_no_centre_opens_on_sundays(centre: Centre) -> None:
    assert all(d.weekday() != 6 for d in opening_days(centre, CATALOG, MONDAY))


@pytest.mark.parametrize("centre", CATALOG.centres, ids=lambda c: c.id)
def test_only_monterrey_opens_on_saturdays(centre: Centre) -> None:
    saturdays = [d for d in opening_days(centre, CATALOG, MONDAY) if d.weekday() == 5]
    assert bool(saturdays) == (centre.id == "mty-centro")


def test_benito_juarez_monday_is_closed() -> None:
    days = opening_days(CDMX, CATALOG, MONDAY)
    assert date(2026, 3, 16) not in days
    assert date(2026, 3, 17) in days


@pytest.mark.parametrize("centre", [CDMX, MTY], ids=lambda c: c.id)
def test_christmas_and_new_year_are_closed(centre: Centre) -> None:
    days = opening_days(centre, CATALOG, date(2026, 12, 20))
    assert date(2026, 12, 25) not in days
    assert date(2027, 1, 1) not in days
    assert date(2026, 12, 24) in days
    assert (date(2026, 12, 26) in days) == (centre is MTY)  # a Saturday


def test_constitution_day_observed_on_the_first_monday_of_february_is_closed() -> None:
    days = opening_days(CDMX, CATALOG, date(2027, 1, 20))
    assert date(2027, 2, 1) not in days
    assert date(2027, 2, 2) in days
    assert date(2027, 2, 5) in days


def test_cdmx_has_twelve_slots_from_0830_to_1400() -> None:
    slots = day_slots(CDMX, CATALOG, date(2026, 3, 10))
    assert len(slots) == 12
    assert (hhmm(slots)[0], hhmm(slots)[-1]) == ("08:30", "14:00")
    assert all(s.tzinfo is CDMX.zone for s in slots)
    assert slots[1] - slots[0] == timedelta(minutes=30)


def test_monterrey_weekday_and_saturday_slots() -> None:
    weekday = day_slots(MTY, CATALOG, date(2026, 3, 10))
    saturday = day_slots(MTY, CATALOG, date(2026, 3, 14))
    assert (len(weekday), hhmm(weekday)[0], hhmm(weekday)[-1]) == (19, "08:30", "17:30")
    assert (len(saturday), hhmm(saturday)[0], hhmm(saturday)[-1]) == (12, "08:30", "14:00")


def test_closed_days_have_no_slots() -> None:
    assert day_slots(CDMX, CATALOG, date(2026, 3, 14)) == []  # Saturday
    assert day_slots(MTY, CATALOG, date(2026, 3, 15)) == []  # Sunday
    assert day_slots(MTY, CATALOG, date(2026, 3, 16)) == []  # holiday


def test_tijuana_slots_are_in_tijuana_time() -> None:
    winter = day_slots(TIJ, CATALOG, date(2026, 1, 13))
    summer = day_slots(TIJ, CATALOG, date(2026, 7, 14))
    assert str(TIJ.zone) == "America/Tijuana"
    assert winter[0].utcoffset() == timedelta(hours=-8)
    assert summer[0].utcoffset() == timedelta(hours=-7)  # Tijuana keeps US daylight time
    assert winter[0].astimezone(UTC).time() == time(16, 30)


def test_a_slot_with_every_desk_booked_is_not_free() -> None:
    day = date(2026, 3, 10)
    full, one_left = at(CDMX, day, "09:00"), at(CDMX, day, "09:30")
    booked = {full: CDMX.desks, one_left: CDMX.desks - 1}
    free = free_slots(CDMX, CATALOG, day, booked, NOW)
    assert full not in free
    assert one_left in free
    assert len(free) == 11


def test_bookings_given_in_utc_count_for_the_same_instant() -> None:
    day = date(2026, 3, 10)
    slot = at(CDMX, day, "08:30")
    in_utc = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
    assert slot.astimezone(UTC) == in_utc
    free = free_slots(CDMX, CATALOG, day, {in_utc: CDMX.desks}, NOW)
    assert hhmm(free)[0] == "09:00"


def test_slots_within_an_hour_of_now_are_not_offered() -> None:
    same_day = replace(CATALOG, book_from_days=0)
    now = at(CDMX, MONDAY, "10:10")
    free = free_slots(CDMX, same_day, MONDAY, {}, now)
    assert hhmm(free)[0] == "11:30"
    assert MONDAY in opening_days(CDMX, same_day, MONDAY)


def test_a_naive_now_or_booking_is_refused() -> None:
    day = date(2026, 3, 10)
    with pytest.raises(ValueError, match="aware"):
        free_slots(CDMX, CATALOG, day, {}, datetime(2026, 3, 9, 10, 0))
    with pytest.raises(ValueError, match="aware"):
        free_slots(CDMX, CATALOG, day, {datetime(2026, 3, 10, 9, 0): 1}, NOW)
    with pytest.raises(ValueError, match="aware"):
        Slot("cdmx-balderas", datetime(2026, 3, 10, 9, 0))


def test_next_free_days_skip_a_fully_booked_day() -> None:
    tuesday = date(2026, 3, 10)
    full = {start: CDMX.desks for start in day_slots(CDMX, CATALOG, tuesday)}
    days = next_free_days(CDMX, CATALOG, MONDAY, {tuesday: full}, NOW, limit=3)
    assert days == [date(2026, 3, 11), date(2026, 3, 12), date(2026, 3, 13)]


def test_next_free_days_stop_at_the_limit_and_the_booking_window() -> None:
    assert next_free_days(CDMX, CATALOG, MONDAY, {}, NOW, limit=0) == []
    everything = next_free_days(CDMX, CATALOG, MONDAY, {}, NOW, limit=100)
    assert everything == opening_days(CDMX, CATALOG, MONDAY)
