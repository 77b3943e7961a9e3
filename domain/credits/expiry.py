"""When a payment slip expires: a week, and never past the month's last business day for a
payoff, whose amount is only good until then (the balance is recomputed each month).

Business days are Monday to Friday, official Mexican holidays excepted (the ``holidays``
library's calendar for MX).
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta

import holidays

from domain.credits.reference import PaymentConcept

SLIP_VALID_FOR = timedelta(days=7)
"""What is owed changes with each month's payment: a slip is good for a week at most."""
SATURDAY = 5


@functools.cache
def official_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("MX", years=year).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in official_holidays(day.year)


def last_business_day(year: int, month: int) -> date:
    """The month's last weekday that is not an official holiday."""
    day = date(year, month, calendar.monthrange(year, month)[1])
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def month_end_on_or_after(today: date) -> date:
    """The first month's last business day that is not before ``today`` (this month's, or
    next month's once this month's has passed)."""
    end = last_business_day(today.year, today.month)
    if end >= today:
        return end
    following = (today.replace(day=1) + timedelta(days=31)).replace(day=1)
    return last_business_day(following.year, following.month)


def slip_expiry(today: date, concept: PaymentConcept) -> date:
    """Seven days from ``today``; for a payoff, the earlier of that and the month's last
    business day."""
    week = today + SLIP_VALID_FOR
    if concept is PaymentConcept.PAYOFF:
        return min(week, month_end_on_or_after(today))
    return week
