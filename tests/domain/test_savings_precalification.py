from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.contributions import Bimester, round_half_up
from domain.precalification import (
    InvalidSimulatorInput,
    PaymentAboveCapacity,
    Precalification,
    SimulatorInputs,
    TermNotAvailable,
    WhatIf,
    precalify,
    precalify_record,
)
from domain.precalification_math import annual_rate, payment_for, present_value
from domain.records import CreditStatus, CreditSummary, Regime, Sex
from tests.domain.savings_builders import record, ref_on, series

ON = date(2025, 6, 1)
REF = ref_on(ON)
UMA_MONTHLY = REF.uma.monthly  # 3,439.456
PUBLISHED_SALARY = Decimal("8364")
PUBLISHED_PAYMENT = Decimal("1637.34")
PUBLISHED_CREDIT = Decimal("364582.34")
RATE = Decimal("0.035")


def simulate(
    salary: Decimal | str,
    age: int = 30,
    sex: Sex = "H",
    what_if: WhatIf | None = None,
    balance: str = "0",
) -> Precalification:
    inputs = SimulatorInputs(Decimal(salary), age, sex, Decimal(balance), continuous_months=12)
    return precalify(inputs, REF, what_if)


def within(value: Decimal, target: Decimal, tolerance: str) -> bool:
    return abs(value / target - 1) <= Decimal(tolerance)


def test_published_check_is_an_annuity_pair() -> None:
    assert within(present_value(PUBLISHED_PAYMENT, RATE, 360), PUBLISHED_CREDIT, "0.001")
    assert within(payment_for(PUBLISHED_CREDIT, RATE, 360), PUBLISHED_PAYMENT, "0.001")


def test_published_check_through_the_model_with_the_simulator_payment() -> None:
    # The simulator's payment is 19.58% of 8,364: the model takes it as a chosen payment,
    # under the 20% legal maximum, and reproduces the credit within 0.1% (0.012% in fact).
    result = simulate(PUBLISHED_SALARY, what_if=WhatIf(monthly_payment=PUBLISHED_PAYMENT))
    estimate = result.estimate
    assert estimate is not None
    assert estimate.annual_rate == RATE  # 8,364 / 3,439.46 = 2.43 UMA <= 2.6
    assert estimate.term_years == 30
    assert estimate.monthly_payment == PUBLISHED_PAYMENT
    assert within(estimate.credit, PUBLISHED_CREDIT, "0.001")
    assert estimate.credit == Decimal("364627.41")
    assert estimate.closing_costs == 0  # 8,364 <= 2.8 UMA monthly
    assert "assumption.chosen_payment" in result.assumptions


def test_published_salary_with_the_share_reading_of_domain_md() -> None:
    # 8,364 <= one 2025 minimum wage a month (278.80 x 30.4): share 20% -> 1,672.80, whose
    # annuity is 2.2% above the simulator's credit. Neither share gives the published payment.
    assert PUBLISHED_SALARY * Decimal("0.20") != PUBLISHED_PAYMENT
    assert PUBLISHED_SALARY * Decimal("0.25") != PUBLISHED_PAYMENT
    estimate = simulate(PUBLISHED_SALARY).estimate
    assert estimate is not None
    assert estimate.payment_share == Decimal("0.20")
    assert estimate.monthly_payment == Decimal("1672.80")
    assert estimate.credit == Decimal("372524.17")
    assert not within(estimate.credit, PUBLISHED_CREDIT, "0.02")


@pytest.mark.parametrize(
    ("sex", "age", "term"),
    [("H", 40, 30), ("H", 41, 29), ("H", 69, 1), ("M", 45, 30), ("M", 46, 29), ("M", 74, 1)],
)
def test_age_plus_term_within_70_for_men_and_75_for_women(sex: Sex, age: int, term: int) -> None:
    estimate = simulate("12000", age, sex).estimate
    assert estimate is not None
    assert estimate.term_years == estimate.max_term_years == term
    assert age + term <= (70 if sex == "H" else 75)


@pytest.mark.parametrize(("sex", "age"), [("H", 70), ("H", 72), ("M", 75)])
def test_no_term_possible_is_a_reason_not_a_zero(sex: Sex, age: int) -> None:
    result = simulate("12000", age, sex)
    assert result.estimate is None
    assert [r.key for r in result.reasons] == ["precal.reason.age_no_term"]
    assert result.reasons[0].params["limit"] == (70 if sex == "H" else 75)
    assert not result.eligible


def test_the_cap_limits_the_credit_and_lowers_the_payment() -> None:
    estimate = simulate("150000").estimate
    assert estimate is not None
    assert estimate.capped
    assert estimate.credit == Decimal("2830672.54")
    assert estimate.monthly_payment < estimate.max_monthly_payment == Decimal("37500.00")
    assert estimate.closing_costs == Decimal("84920.18")  # 3% of the cap


@pytest.mark.parametrize(
    ("delta", "charged"), [(Decimal("-0.01"), False), (Decimal(0), False), (Decimal("0.01"), True)]
)
def test_closing_costs_threshold_at_2_8_uma(delta: Decimal, charged: bool) -> None:
    salary = Decimal("2.8") * UMA_MONTHLY + delta
    estimate = simulate(salary).estimate
    assert estimate is not None
    expected = round_half_up(estimate.credit * Decimal("0.03")) if charged else 0
    assert estimate.closing_costs == expected
    assert estimate.total == estimate.credit + estimate.subcuenta_balance - estimate.closing_costs


@pytest.mark.parametrize(
    ("multiple", "rate"),
    [
        ("1.5", "0.035"), ("2.0", "0.035"), ("2.1", "0.035"), ("2.6", "0.035"),
        ("3.0", "0.0551"), ("3.1", "0.0570"), ("4.0", "0.0721"), ("4.1", "0.0741"),
        ("5.0", "0.0886"), ("5.1", "0.0903"), ("6.0", "0.1042"), ("6.1", "0.1045"),
        ("9", "0.1045"),
    ],
)
def test_salary_at_each_rate_anchor(multiple: str, rate: str) -> None:
    estimate = simulate(Decimal(multiple) * UMA_MONTHLY).estimate
    assert estimate is not None
    assert estimate.annual_rate == Decimal(rate)


def test_rates_between_anchors_are_interpolated() -> None:
    assert annual_rate(Decimal("3.05"), REF.credit) == Decimal("0.05605")
    just_above = annual_rate(Decimal("2.6000001"), REF.credit)
    assert Decimal("0.0463") < just_above < Decimal("0.0464")
    result = simulate(Decimal("3.05") * UMA_MONTHLY)
    assert "assumption.rate_interpolation" in result.assumptions


def test_payment_share_above_one_minimum_wage_is_an_assumption() -> None:
    result = simulate("12000")
    assert result.estimate is not None
    assert result.estimate.payment_share == Decimal("0.25")
    assert result.estimate.max_monthly_payment == Decimal("3000.00")
    assert "assumption.payment_share_above_1mw" in result.assumptions


def test_what_if_shorter_term() -> None:
    full = simulate("12000").estimate
    short = simulate("12000", what_if=WhatIf(term_years=20)).estimate
    assert full is not None and short is not None
    assert short.term_years == 20 and short.credit < full.credit
    with pytest.raises(TermNotAvailable):
        simulate("12000", what_if=WhatIf(term_years=31))
    with pytest.raises(TermNotAvailable):
        simulate("12000", age=60, what_if=WhatIf(term_years=11))


def test_what_if_co_borrower_adds_payment_capacity() -> None:
    result = simulate("12000", what_if=WhatIf(co_borrower_monthly_income=Decimal("8000")))
    estimate = result.estimate
    assert estimate is not None
    assert estimate.max_monthly_payment == Decimal("3000.00") + Decimal("1600.00")
    assert "assumption.co_borrower" in result.assumptions


def test_chosen_payment_cannot_exceed_capacity() -> None:
    with pytest.raises(PaymentAboveCapacity):
        simulate(PUBLISHED_SALARY, what_if=WhatIf(monthly_payment=Decimal("1672.81")))


@pytest.mark.parametrize(("salary", "age"), [("0", 30), ("-1", 30), ("9000", 17)])
def test_invalid_simulator_input(salary: str, age: int) -> None:
    with pytest.raises(InvalidSimulatorInput):
        simulate(salary, age)


def test_anonymous_contribution_months_are_checked_only_when_given() -> None:
    unchecked = precalify(SimulatorInputs(Decimal("9000"), 30, "H"), REF)
    assert unchecked.eligible
    assert "assumption.requirements_not_checked" in unchecked.assumptions
    short = precalify(SimulatorInputs(Decimal("9000"), 30, "H", continuous_months=4), REF)
    assert [r.key for r in short.reasons] == ["precal.reason.contribution_months"]
    assert short.estimate is not None  # the figures stay, with the reason


def test_from_the_record() -> None:
    worker = record(contributions=series(Bimester(2020, 1), 32))
    result = precalify_record(worker, ON, REF)
    assert result.eligible
    assert result.threshold_id == "T1000"
    assert result.estimate is not None
    assert result.estimate.monthly_salary == Decimal("12160.00")  # 400 x 30.4
    assert result.estimate.subcuenta_balance == Decimal("30000.00")
    assert (result.rules.year, result.rules.uma_year) == (2025, 2025)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"relationship_active": False}, "precal.reason.no_active_relationship"),
        ({"pension_in_process": True}, "precal.reason.pension_in_process"),
        (
            {"credit": CreditSummary("1234567890", CreditStatus.CURRENT, Regime.ROA)},
            "precal.reason.credit_open",
        ),
    ],
)
def test_record_reasons(changes: dict[str, Any], reason: str) -> None:
    worker = record(contributions=series(Bimester(2020, 1), 32), **changes)
    result = precalify_record(worker, ON, REF)
    assert [r.key for r in result.reasons] == [reason]
    assert result.estimate is not None


def test_record_with_few_months_and_points_below_the_threshold() -> None:
    worker = record(contributions=series(Bimester(2025, 1), 2), subcuenta_balance=Decimal("0"))
    result = precalify_record(worker, ON, REF)
    keys = [r.key for r in result.reasons]
    assert keys == ["precal.reason.threshold_not_met", "precal.reason.contribution_months"]
    # On 1 June only 2025-B1 shows (B2 from July): one bimester, two months.
    assert result.reasons[1].params == {"months": 2, "required": 6}
