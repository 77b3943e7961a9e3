"""The arithmetic of the precalification model in DOMAIN.md: rate, term, share, annuity.

All exact ``Decimal``; nothing here rounds (``precalification`` rounds the figures it shows).
"""

from __future__ import annotations

from decimal import Decimal

from domain.records import Sex
from domain.reference.model import CreditRules, PaymentShare

MONTHS_PER_YEAR = 12


def annual_rate(uma_multiple: Decimal, credit: CreditRules) -> Decimal:
    """3.5% up to 2.6 UMA; above, linear interpolation between the 2021 anchors around the
    multiple (assumption ``assumption.rate_interpolation``: INFONAVIT publishes only the
    anchors); from the last anchor (6.1 UMA) on, its rate; never above the maximum."""
    if uma_multiple <= credit.rate_floor_up_to_uma:
        return credit.rate_floor
    anchors = credit.rate_anchors
    if uma_multiple <= anchors[0].uma_multiple:
        return min(anchors[0].annual_rate, credit.rate_max)
    for low, high in zip(anchors, anchors[1:], strict=False):
        if low.uma_multiple <= uma_multiple <= high.uma_multiple:
            span = high.uma_multiple - low.uma_multiple
            step = (uma_multiple - low.uma_multiple) / span
            rate = low.annual_rate + step * (high.annual_rate - low.annual_rate)
            return min(rate, credit.rate_max)
    return min(anchors[-1].annual_rate, credit.rate_max)


def uses_interpolation(uma_multiple: Decimal, credit: CreditRules) -> bool:
    return uma_multiple > credit.rate_floor_up_to_uma


def max_term_years(age: int, sex: Sex, credit: CreditRules) -> int:
    """min(30, 70 - age) for men, min(30, 75 - age) for women; may be zero or negative."""
    return min(credit.max_term_years, credit.age_limit(sex) - age)


def payment_share(
    monthly_salary: Decimal, minimum_wage_monthly: Decimal, credit: CreditRules
) -> PaymentShare:
    """The first share row whose limit (in monthly minimum wages) holds the salary."""
    for row in credit.payment_shares:
        limit = row.up_to_minimum_wages
        if limit is None or monthly_salary <= limit * minimum_wage_monthly:
            return row
    return credit.payment_shares[-1]  # unreachable: the loader requires an open-ended row


def annuity_factor(rate_per_year: Decimal, months: int) -> Decimal:
    """(1 - (1 + r)^-n) / r with r the monthly rate (rate / 12) and n months."""
    r = rate_per_year / MONTHS_PER_YEAR
    if r == 0:
        return Decimal(months)
    return (1 - (1 + r) ** -months) / r


def present_value(payment: Decimal, rate_per_year: Decimal, months: int) -> Decimal:
    """The credit a monthly payment amortises over ``months``."""
    return payment * annuity_factor(rate_per_year, months)


def payment_for(principal: Decimal, rate_per_year: Decimal, months: int) -> Decimal:
    """The monthly payment that amortises ``principal`` over ``months``."""
    return principal / annuity_factor(rate_per_year, months)
