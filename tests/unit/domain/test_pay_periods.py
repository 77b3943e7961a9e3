"""``domain.values.pay``: how often pay comes, read beside the amount, and the monthly figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.savings.inputs import AmountUnclear, parse_income
from domain.values.pay import PayPeriod, monthly_pay, split_pay_period

DAYS = Decimal("30.4")


@pytest.mark.parametrize(("typed", "period", "monthly"), [
    ("gano 350 al día", PayPeriod.DAY, "10640.00"),
    ("i get paid 6000 every two weeks", PayPeriod.FORTNIGHT, "12000.00"),
    ("6k every 2 weeks", PayPeriod.FORTNIGHT, "12000.00"),
    ("me pagan 6 mil cada dos semanas", PayPeriod.FORTNIGHT, "12000.00"),
    ("350 pesos diarios", PayPeriod.DAY, "10640.00"),
    ("x dia 420", PayPeriod.DAY, "12768.00"),
    ("i make 80 a day", PayPeriod.DAY, "2432.00"),
    ("2 mil a la semana", PayPeriod.WEEK, "8685.71"),
    ("gano como 2500 semanales", PayPeriod.WEEK, "10857.14"),
    ("weekly 3000", PayPeriod.WEEK, "13028.57"),
    ("4,500 a la quincena", PayPeriod.FORTNIGHT, "9000.00"),
    ("me pagan 9000 quincenales", PayPeriod.FORTNIGHT, "18000.00"),
    ("gano 4500 cada 15 dias", PayPeriod.FORTNIGHT, "9000.00"),
    ("cada quince días 5000", PayPeriod.FORTNIGHT, "10000.00"),
    ("120 mil al año", PayPeriod.YEAR, "10000.00"),
    ("sueldo anual de 150000", PayPeriod.YEAR, "12500.00"),
    ("12 mil pesos mensuales", PayPeriod.MONTH, "12000"),
    ("8 mil al mes", PayPeriod.MONTH, "8000"),
    ("12000", None, "12000"),
    ("gano 9,582.47", None, "9582.47"),
])
def test_the_period_and_the_monthly_income(typed: str, period: PayPeriod | None,
                                           monthly: str) -> None:
    assert split_pay_period(typed)[1] is period
    income = parse_income(typed, DAYS)
    assert income.period is period
    assert income.monthly == Decimal(monthly)
    assert income.converted is (period not in (None, PayPeriod.MONTH))


def test_two_periods_are_none_and_two_amounts_are_refused() -> None:
    assert split_pay_period("gano 350 al dia, unos 10 mil al mes")[1] is None
    with pytest.raises(AmountUnclear):
        parse_income("gano 350 al dia, unos 10 mil al mes", DAYS)


def test_a_monthly_figure_is_never_rounded_and_others_are_to_the_cent() -> None:
    assert monthly_pay(Decimal("9582.47"), None, DAYS) == Decimal("9582.47")
    assert monthly_pay(Decimal("333.33"), PayPeriod.DAY, DAYS) == Decimal("10133.23")
    assert monthly_pay(Decimal("1000"), PayPeriod.YEAR, DAYS) == Decimal("83.33")
