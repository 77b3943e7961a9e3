"""The arithmetic of the precalification rule in DOMAIN.md: band, rate, term, share, annuity.

All exact ``Decimal``. The rule cuts in three places, each a parameter of the year file:
the salary band (down to ``band_unit_uma``), the credit (down to whole
``credit_unit_uma_monthly``) and the payment factor (up to ``payment_factor_decimals``).
Nothing else rounds here; ``precalification`` rounds the figures it shows to cents.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from domain.reference.model import CreditRules, PaymentShare
from domain.savings.records import Sex

MONTHS_PER_YEAR = 12


def cut_down(value: Decimal, unit: Decimal) -> Decimal:
    """``value`` cut down to a whole number of ``unit`` (never rounded up)."""
    return (value / unit).to_integral_value(rounding=ROUND_FLOOR) * unit


def salary_band(monthly_salary: Decimal, uma_monthly: Decimal, credit: CreditRules) -> Decimal:
    """The salary in monthly UMAs, cut down to the band unit (0.1): 8,364 / 3,439.456 -> 2.4."""
    return cut_down(monthly_salary / uma_monthly, credit.band_unit_uma)


def annual_rate(band: Decimal, credit: CreditRules) -> Decimal:
    """The year's floor while the band is at most its upper band; otherwise the 2021 table at
    the band, linear between the anchors around it (assumption ``assumption.rate_interpolation``:
    only the anchors are published); from the last anchor on, its rate; never above the max."""
    if uses_floor(band, credit):
        assert credit.rate_floor is not None
        return credit.rate_floor
    anchors = credit.rate_anchors
    if band <= anchors[0].uma_multiple:
        return min(anchors[0].annual_rate, credit.rate_max)
    for low, high in zip(anchors, anchors[1:], strict=False):
        if low.uma_multiple <= band <= high.uma_multiple:
            span = high.uma_multiple - low.uma_multiple
            step = (band - low.uma_multiple) / span
            rate = low.annual_rate + step * (high.annual_rate - low.annual_rate)
            return min(rate, credit.rate_max)
    return min(anchors[-1].annual_rate, credit.rate_max)


def uses_floor(band: Decimal, credit: CreditRules) -> bool:
    limit = credit.rate_floor_up_to_band
    return credit.rate_floor is not None and limit is not None and band <= limit


def uses_interpolation(band: Decimal, credit: CreditRules) -> bool:
    """Whether the rate lies strictly between two published anchors."""
    if uses_floor(band, credit):
        return False
    anchors = credit.rate_anchors
    inside = anchors[0].uma_multiple < band < anchors[-1].uma_multiple
    return inside and all(a.uma_multiple != band for a in anchors)


def max_term_years(age: int, sex: Sex, credit: CreditRules) -> int:
    """min(30, 70 - age) for men, min(30, 75 - age) for women; may be zero or negative."""
    return min(credit.max_term_years, credit.age_limit(sex) - age)


def payment_share(
    monthly_salary: Decimal, band: Decimal, minimum_wage_monthly: Decimal, credit: CreditRules
) -> PaymentShare:
    """The first share row that holds the salary: by its limit in monthly minimum wages, or
    by its upper band (the simulator gave 20% to 8,000 a month in 2024, 1.06 minimum wages
    at band 2.4)."""
    for row in credit.payment_shares:
        limit = row.up_to_minimum_wages
        if limit is None or monthly_salary <= limit * minimum_wage_monthly:
            return row
        if row.up_to_band is not None and band <= row.up_to_band:
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
    """The exact monthly payment that amortises ``principal`` over ``months``."""
    return principal / annuity_factor(rate_per_year, months)


def payment_factor(rate_per_year: Decimal, months: int, credit: CreditRules) -> Decimal:
    """The monthly payment per peso of credit, rounded UP to the year's decimals
    (0.0044904... -> 0.004491 at 3.5% over 360 months)."""
    exact = 1 / annuity_factor(rate_per_year, months)
    unit = Decimal(1).scaleb(-credit.payment_factor_decimals)
    return exact.quantize(unit, rounding=ROUND_CEILING)


def credit_amount(capacity: Decimal, rate_per_year: Decimal, months: int,
                  uma_monthly: Decimal, credit: CreditRules) -> Decimal:
    """The present value of ``capacity``, cut down to whole credit units (monthly UMAs),
    at most the cap: 367,655.81 = 106.9 UMA -> 106 x 3,439.456 = 364,582.336."""
    unit = credit.credit_unit_uma_monthly * uma_monthly
    return min(cut_down(present_value(capacity, rate_per_year, months), unit), credit.cap)
