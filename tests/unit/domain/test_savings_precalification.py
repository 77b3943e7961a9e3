from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.savings.contributions import Bimester, round_half_up
from domain.savings.precalification.arithmetic import (
    annual_rate,
    credit_amount,
    payment_factor,
    present_value,
)
from domain.savings.precalification.estimate import (
    CoBorrowerIncomeBelowMinimum,
    IncomeBelowMinimum,
    InvalidSimulatorInput,
    PaymentAboveCapacity,
    Precalification,
    SimulatorInputs,
    TermNotAvailable,
    WhatIf,
    minimum_monthly_income,
    precalify,
    precalify_record,
)
from domain.savings.records import CreditStatus, CreditSummary, Regime, Sex
from tests.support.savings_builders import record, ref_on, series

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


PUBLISHED_CAPACITY = Decimal("1650.94")


def published_check() -> Precalification:
    return simulate(PUBLISHED_SALARY)


def test_published_check_2025_to_the_cent() -> None:
    # DOMAIN.md: 8,364/month, 30 years, 3.5% -> band 2.4, share 20%, capacity 1,650.94,
    # PV 367,656 = 106.9 UMA -> 106 x 3,439.456 = 364,582.34, payment x 0.004491 = 1,637.34.
    result = published_check()
    estimate = result.estimate
    assert estimate is not None
    assert estimate.band == Decimal("2.4")
    assert estimate.payment_share == Decimal("0.20")
    assert estimate.max_monthly_payment == PUBLISHED_CAPACITY
    assert estimate.annual_rate == RATE
    assert estimate.term_years == 30
    assert estimate.credit == PUBLISHED_CREDIT == round_half_up(106 * UMA_MONTHLY)
    assert estimate.monthly_payment == PUBLISHED_PAYMENT
    assert estimate.closing_costs == 0  # 8,364 <= 2.8 UMA monthly
    assert not estimate.capped


def test_the_payment_factor_is_rounded_up_to_six_decimals() -> None:
    assert payment_factor(RATE, 360, REF.credit) == Decimal("0.004491")
    exact = 1 / (present_value(Decimal(1), RATE, 360))
    assert Decimal("0.004490") < exact < Decimal("0.004491")


def test_the_credit_is_cut_down_to_whole_monthly_umas() -> None:
    capacity = Decimal("0.20") * Decimal("2.4") * UMA_MONTHLY
    exact = present_value(capacity, RATE, 360)
    assert 106 < exact / UMA_MONTHLY < 107  # 106.89: cut down, never rounded up
    assert credit_amount(capacity, RATE, 360, UMA_MONTHLY, REF.credit) == 106 * UMA_MONTHLY


@pytest.mark.parametrize(
    ("salary", "band"),
    [("8364", "2.4"), ("12000", "3.4"), (Decimal("3.09999") * UMA_MONTHLY, "3.0")],
)
def test_the_band_is_cut_down_to_one_decimal_of_uma(salary: str | Decimal, band: str) -> None:
    estimate = simulate(salary).estimate
    assert estimate is not None
    assert estimate.band == Decimal(band)


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


def test_the_cap_limits_the_credit_and_the_payment_follows_the_credit() -> None:
    estimate = simulate("150000").estimate
    assert estimate is not None
    assert estimate.capped
    assert estimate.credit == Decimal("2830672.54")
    assert estimate.band == Decimal("43.6")
    assert estimate.max_monthly_payment == round_half_up(Decimal("0.3") * 436 * UMA_MONTHLY / 10)
    factor = payment_factor(Decimal("0.1045"), 360, REF.credit)
    assert estimate.monthly_payment == round_half_up(estimate.credit * factor)
    assert estimate.monthly_payment < estimate.max_monthly_payment
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
        ("3.0", "0.0551"), ("3.1", "0.0570"), ("4.0", "0.0721"), ("4.1", "0.0741"),
        ("5.0", "0.0886"), ("5.1", "0.0903"), ("6.0", "0.1042"), ("6.1", "0.1045"),
        ("9", "0.1045"),
    ],
)
def test_salary_at_each_rate_anchor(multiple: str, rate: str) -> None:
    estimate = simulate(Decimal(multiple) * UMA_MONTHLY).estimate
    assert estimate is not None
    assert estimate.annual_rate == Decimal(rate)


def test_rates_between_anchors_are_interpolated_at_the_band() -> None:
    # The rate reads the band (cut down to 0.1), not the exact multiple.
    assert annual_rate(Decimal("3.4"), REF.credit) == Decimal("0.057") + Decimal("0.0151") / 3
    assert annual_rate(Decimal("2.4"), REF.credit) == RATE  # 2025 floor up to band 2.4
    result = simulate(Decimal("3.49") * UMA_MONTHLY)
    assert result.estimate is not None
    assert result.estimate.annual_rate == annual_rate(Decimal("3.4"), REF.credit)
    assert "assumption.rate_interpolation" in result.assumptions
    at_anchor = simulate(Decimal("3.05") * UMA_MONTHLY)
    assert "assumption.rate_interpolation" not in at_anchor.assumptions  # band 3.0 is an anchor


@pytest.mark.parametrize(
    ("salary", "share"),
    [
        (Decimal("278.80") * Decimal("30.4"), "0.20"),  # one 2025 minimum wage a month
        (Decimal("278.80") * Decimal("30.4") + Decimal("0.01"), "0.20"),  # still band 2.4
        (Decimal("2.5") * UMA_MONTHLY - Decimal("0.01"), "0.20"),
        (Decimal("2.5") * UMA_MONTHLY, "0.30"),  # band 2.5, above one minimum wage
        ("12000", "0.30"),
    ],
)
def test_payment_share_20_up_to_one_minimum_wage_or_band_2_4_then_30(
    salary: Decimal | str, share: str
) -> None:
    estimate = simulate(salary).estimate
    assert estimate is not None
    assert estimate.payment_share == Decimal(share)
    capacity = Decimal(share) * estimate.band * UMA_MONTHLY
    assert estimate.max_monthly_payment == round_half_up(capacity)


def test_what_if_shorter_term() -> None:
    full = simulate("12000").estimate
    short = simulate("12000", what_if=WhatIf(term_years=20)).estimate
    assert full is not None and short is not None
    assert short.term_years == 20 and short.credit < full.credit
    with pytest.raises(TermNotAvailable):
        simulate("12000", what_if=WhatIf(term_years=31))
    with pytest.raises(TermNotAvailable):
        simulate("12000", age=60, what_if=WhatIf(term_years=11))


def test_what_if_co_borrower_adds_payment_capacity_by_the_same_rule() -> None:
    alone = simulate("12000").estimate
    result = simulate("12000", what_if=WhatIf(co_borrower_monthly_income=Decimal("8364")))
    estimate = result.estimate
    assert estimate is not None and alone is not None
    # the co-borrower's capacity is the published check's: 20% x 2.4 x UMA monthly
    co_capacity = Decimal("0.20") * Decimal("2.4") * UMA_MONTHLY
    worker = Decimal("0.30") * Decimal("3.4") * UMA_MONTHLY
    assert estimate.max_monthly_payment == round_half_up(worker + co_capacity)
    assert estimate.annual_rate == alone.annual_rate  # the worker's rate
    assert estimate.credit > alone.credit
    assert "assumption.co_borrower" in result.assumptions


def test_a_co_borrower_adds_the_credit_their_income_gets_at_their_own_rate() -> None:
    # Unamos Créditos: two credits added up. The co-borrower at the published check's 8,364
    # brings the published credit and payment at 3.5%, beside the worker's own at 3.4 UMA.
    alone = simulate("12000").estimate
    estimate = simulate("12000", what_if=WhatIf(co_borrower_monthly_income=PUBLISHED_SALARY)
                        ).estimate
    assert estimate is not None and alone is not None and estimate.co_borrower is not None
    assert estimate.co_borrower.credit == PUBLISHED_CREDIT
    assert estimate.co_borrower.annual_rate == RATE
    assert estimate.co_borrower.monthly_payment == PUBLISHED_PAYMENT
    assert estimate.credit == alone.credit + PUBLISHED_CREDIT
    assert estimate.monthly_payment == alone.monthly_payment + PUBLISHED_PAYMENT
    assert estimate.closing_costs == alone.closing_costs  # 8,364 is under 2.8 UMA: none


@pytest.mark.parametrize("co_income", ["9000", "15000", "60000"])
def test_a_higher_salary_never_lowers_the_joint_credit(co_income: str) -> None:
    # the co-borrower's capacity at the worker's rate made 8,600 give less than 8,550, and
    # 20,000 less than 15,000: a dearer band for the worker cheapened the partner's part too
    what_if = WhatIf(co_borrower_monthly_income=Decimal(co_income))
    credits = []
    for salary in range(8400, 40001, 50):
        estimate = simulate(str(salary), what_if=what_if).estimate
        assert estimate is not None
        credits.append((salary, estimate.credit))
    drops = [(a, b) for a, b in zip(credits, credits[1:], strict=False) if b[1] < a[1]]
    assert drops == []


@pytest.mark.parametrize("income", ["1", "8363.99", "0.01"])
def test_a_co_borrower_needs_the_same_minimum_income_as_the_worker(income: str) -> None:
    with pytest.raises(CoBorrowerIncomeBelowMinimum) as refused:
        simulate("12000", what_if=WhatIf(co_borrower_monthly_income=Decimal(income)))
    assert refused.value.params == {"minimum": Decimal("8364.00")}
    with pytest.raises(IncomeBelowMinimum) as worker:
        simulate(income)
    assert worker.value.params == refused.value.params


def test_the_minimum_income_is_one_minimum_wage_for_30_days() -> None:
    assert minimum_monthly_income(REF) == Decimal("8364.00")  # 278.80 x 30
    assert minimum_monthly_income(ref_on(date(2026, 6, 1))) == Decimal("9451.20")
    assert simulate("8364").estimate is not None


def test_chosen_payment_cannot_exceed_capacity() -> None:
    with pytest.raises(PaymentAboveCapacity):
        simulate(PUBLISHED_SALARY, what_if=WhatIf(monthly_payment=Decimal("1650.95")))
    lower = simulate(PUBLISHED_SALARY, what_if=WhatIf(monthly_payment=Decimal("1000")))
    assert lower.estimate is not None
    assert lower.estimate.credit < PUBLISHED_CREDIT
    assert "assumption.chosen_payment" in lower.assumptions


@pytest.mark.parametrize(("salary", "age"), [("9000", 17), ("9000", 101)])
def test_invalid_simulator_input(salary: str, age: int) -> None:
    with pytest.raises(InvalidSimulatorInput):
        simulate(salary, age)


@pytest.mark.parametrize("salary", ["0", "-1", "1"])
def test_a_salary_under_the_minimum_is_refused(salary: str) -> None:
    with pytest.raises(IncomeBelowMinimum):
        simulate(salary)


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
def test_who_cannot_apply_gets_the_reason_and_what_to_do_not_an_amount(
    changes: dict[str, Any], reason: str
) -> None:
    worker = record(contributions=series(Bimester(2020, 1), 32), **changes)
    result = precalify_record(worker, ON, REF)
    assert [r.key for r in result.reasons] == [reason]
    assert result.reasons[0].todo == reason.replace("precal.reason.", "precal.todo.")
    assert result.estimate is None
    assert not result.eligible


def test_record_with_few_months_and_points_below_the_threshold() -> None:
    worker = record(contributions=series(Bimester(2025, 1), 2), subcuenta_balance=Decimal("0"))
    result = precalify_record(worker, ON, REF)
    keys = [r.key for r in result.reasons]
    assert keys == ["precal.reason.threshold_not_met", "precal.reason.contribution_months"]
    # On 1 June only 2025-B1 shows (B2 from July): one bimester, two months.
    assert result.reasons[1].params == {"months": 2, "required": 6}
