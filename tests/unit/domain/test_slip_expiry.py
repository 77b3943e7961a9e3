"""Payment slips expire after a week; a payoff slip also at the month's last business day
(weekends and official Mexican holidays are not business days)."""

from datetime import date

import pytest

from domain.credits.expiry import (
    is_business_day,
    last_business_day,
    month_end_on_or_after,
    slip_expiry,
)
from domain.credits.reference import PaymentConcept


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 11, 16), False),  # Monday, Revolution Day (third Monday of November)
        (date(2026, 12, 25), False),  # Friday, Christmas
        (date(2027, 2, 1), False),  # Monday, Constitution Day (first Monday of February)
    ],
)
def test_business_days_skip_weekends_and_official_holidays(day: date, business: bool) -> None:
    assert is_business_day(day) is business


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2026, 11, date(2026, 11, 30)),  # Monday
        (2027, 1, date(2027, 1, 29)),  # the 31st is a Sunday
        (2026, 10, date(2026, 10, 30)),  # the 31st is a Saturday
        (2027, 2, date(2027, 2, 26)),
    ],
)
def test_last_business_day_of_the_month(year: int, month: int, last: date) -> None:
    assert last_business_day(year, month) == last


@pytest.mark.parametrize(
    ("today", "concept", "expires"),
    [
        (date(2026, 11, 28), PaymentConcept.PAYOFF, date(2026, 11, 30)),  # month end first
        (date(2026, 11, 28), PaymentConcept.MONTHLY, date(2026, 12, 5)),  # only payoffs
        (date(2026, 11, 10), PaymentConcept.PAYOFF, date(2026, 11, 17)),  # the week first
        (date(2027, 1, 27), PaymentConcept.PAYOFF, date(2027, 1, 29)),  # Friday before Sun 31
        (date(2027, 1, 30), PaymentConcept.PAYOFF, date(2027, 2, 6)),  # past January's end
        (date(2026, 11, 30), PaymentConcept.PAYOFF, date(2026, 11, 30)),  # the last day itself
    ],
)
def test_a_slip_expires_at_the_earlier_of_a_week_and_the_month_end_for_a_payoff(
    today: date, concept: PaymentConcept, expires: date
) -> None:
    assert slip_expiry(today, concept) == expires
    assert slip_expiry(today, concept) >= today


def test_after_the_month_end_the_next_months_last_business_day_counts() -> None:
    assert month_end_on_or_after(date(2027, 1, 30)) == date(2027, 2, 26)
