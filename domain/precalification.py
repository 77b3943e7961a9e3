"""Maximum credit estimate: the annuity model of DOMAIN.md, from the record or typed inputs.

    monthly salary = daily salary x 30.4; v = monthly salary / UMA monthly
    rate  = 3.5% if v <= 2.6 else interpolated on the 2021 anchors, at most 10.45%
    term  = min(30, 70 - age) for men, min(30, 75 - age) for women
    payment = share x monthly salary (20% up to one minimum wage, 25% above: assumption)
    credit  = min(payment x (1 - (1 + r)^-n) / r, cap), r = rate / 12, n = 12 x term
    closing costs = 0 if monthly salary <= 2.8 UMA monthly else 3% of the credit
    total = credit + subcuenta balance - closing costs

The published check (2025 simulator: 8,364/month, 30 years, 3.5% -> payment 1,637.34,
credit 364,582.34) is an annuity pair: 1,637.34 over 360 months at 3.5%/12 is 364,627.41,
0.012% from the published credit. Its payment is *not* a share of 8,364 we can derive: 20% is
1,672.80 and 25% is 2,091.00; 1,637.34 is 19.58%, under the legal 20% maximum. (8,364 is one
2025 minimum wage x 30 days, and 364,582.34 is exactly 106 x the unrounded 2025 UMA monthly, so
the simulator seems to start from an internal amount table we do not have.) This model
therefore takes the payment as ``share x salary`` by default, which for 8,364 gives 1,672.80
and 372,524.17 (2.2% above the simulator), and lets the caller choose a lower payment
(``WhatIf.monthly_payment``), with which it reproduces the check.

Rounding: every figure of ``CreditEstimate`` is rounded half-up to cents (the presentation
boundary); closing costs are 3% of the rounded credit and the total adds the rounded figures,
so what the worker sees adds up.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.contributions import round_half_up
from domain.points import evaluate_points, points_inputs
from domain.points_unavailable import PointsUnavailable
from domain.precalification_math import (
    annual_rate,
    max_term_years,
    payment_for,
    payment_share,
    present_value,
    uses_interpolation,
)
from domain.precalification_model import (
    CreditEstimate,
    InvalidSimulatorInput,
    PaymentAboveCapacity,
    Precalification,
    Reason,
    SimulatorInputs,
    TermNotAvailable,
    WhatIf,
)
from domain.records import WorkerRecord, age_on
from domain.reference.model import ReferenceYear, RuleSetRef

__all__ = [
    "CreditEstimate",
    "InvalidSimulatorInput",
    "PaymentAboveCapacity",
    "Precalification",
    "Reason",
    "SimulatorInputs",
    "TermNotAvailable",
    "WhatIf",
    "precalify",
    "precalify_record",
]

REASON = "precal.reason."
ASSUMPTION_CO_BORROWER = "assumption.co_borrower"
ASSUMPTION_CHOSEN_PAYMENT = "assumption.chosen_payment"
ASSUMPTION_NOT_CHECKED = "assumption.requirements_not_checked"


def precalify(
    inputs: SimulatorInputs, ref: ReferenceYear, what_if: WhatIf | None = None
) -> Precalification:
    """The anonymous simulator: typed salary, age, sex and balance."""
    if inputs.monthly_salary <= 0:
        raise InvalidSimulatorInput(field="monthly_salary")
    if inputs.subcuenta_balance < 0:
        raise InvalidSimulatorInput(field="subcuenta_balance")
    if not 18 <= inputs.age <= 100:
        raise InvalidSimulatorInput(field="age")
    reasons: list[Reason] = []
    assumptions = []
    months = inputs.continuous_months
    if months is None:
        assumptions.append(ASSUMPTION_NOT_CHECKED)
    elif months < ref.credit.minimum_contribution_months:
        reasons.append(_months_reason(months, ref))
    return _build(inputs, ref, what_if or WhatIf(), reasons, assumptions, None)


def precalify_record(
    record: WorkerRecord,
    on: date,
    ref: ReferenceYear,
    what_if: WhatIf | None = None,
    threshold_id: str | None = None,
) -> Precalification:
    """From the worker's record on ``on`` (``ref = table.for_date(on)``)."""
    reasons: list[Reason] = []
    points = evaluate_points(record, on, ref, threshold_id)
    chosen: str | None = None
    if isinstance(points, PointsUnavailable):
        reasons.append(Reason(points.key.replace("points.unavailable.", REASON)))
    else:
        chosen = points.threshold.threshold_id
        if not points.threshold.met:
            reasons.append(
                Reason(
                    "precal.reason.threshold_not_met",
                    {"threshold": chosen, "status": points.threshold.status.value},
                )
            )
    months = 2 * points_inputs(record, on, ref).continuous_bimesters
    if months < ref.credit.minimum_contribution_months:
        reasons.append(_months_reason(months, ref))
    inputs = SimulatorInputs(
        monthly_salary=record.daily_salary * ref.uma.monthly_factor,
        age=age_on(record.birth_date, on),
        sex=record.sex,
        subcuenta_balance=record.subcuenta_balance,
        continuous_months=months,
        border_zone=record.border_zone,
    )
    return _build(inputs, ref, what_if or WhatIf(), reasons, [], chosen)


def _months_reason(months: int, ref: ReferenceYear) -> Reason:
    required = ref.credit.minimum_contribution_months
    return Reason("precal.reason.contribution_months", {"months": months, "required": required})


def _build(
    inputs: SimulatorInputs,
    ref: ReferenceYear,
    what_if: WhatIf,
    reasons: list[Reason],
    assumptions: list[str],
    threshold_id: str | None,
) -> Precalification:
    credit_rules = ref.credit
    assumptions.insert(0, "assumption.estimate")
    limit = max_term_years(inputs.age, inputs.sex, credit_rules)
    estimate = None
    if limit < credit_rules.min_term_years:
        age_limit = credit_rules.age_limit(inputs.sex)
        reasons.append(Reason("precal.reason.age_no_term", {"age": inputs.age, "limit": age_limit}))
        if credit_rules.min_term_assumption:
            assumptions.append(credit_rules.min_term_assumption)
    else:
        estimate = _estimate(inputs, ref, what_if, limit, assumptions)
    return Precalification(
        estimate=estimate,
        reasons=tuple(reasons),
        assumptions=tuple(dict.fromkeys(assumptions)),
        rules=RuleSetRef.of(ref),
        threshold_id=threshold_id,
    )


def _estimate(
    inputs: SimulatorInputs,
    ref: ReferenceYear,
    what_if: WhatIf,
    limit: int,
    assumptions: list[str],
) -> CreditEstimate:
    rules = ref.credit
    term = limit if what_if.term_years is None else what_if.term_years
    if not rules.min_term_years <= term <= limit:
        raise TermNotAvailable(requested=term, min_years=rules.min_term_years, max_years=limit)
    salary = inputs.monthly_salary
    uma_multiple = salary / ref.uma.monthly
    rate = annual_rate(uma_multiple, rules)
    if uses_interpolation(uma_multiple, rules) and rules.rate_assumption:
        assumptions.append(rules.rate_assumption)
    mw_monthly = ref.minimum_wage.daily(inputs.border_zone) * ref.uma.monthly_factor
    share = payment_share(salary, mw_monthly, rules)
    capacity = share.share * salary
    shares_used = [share]
    co_income = what_if.co_borrower_monthly_income
    if co_income is not None:
        if co_income <= 0:
            raise InvalidSimulatorInput(field="co_borrower_monthly_income")
        co_share = payment_share(co_income, mw_monthly, rules)
        capacity += co_share.share * co_income
        shares_used.append(co_share)
        assumptions.append(ASSUMPTION_CO_BORROWER)
    assumptions += [s.assumption for s in shares_used if s.assumption]
    max_payment = round_half_up(capacity)
    payment = max_payment
    if what_if.monthly_payment is not None:
        if not 0 < what_if.monthly_payment <= max_payment:
            raise PaymentAboveCapacity(max_payment=max_payment)
        payment = what_if.monthly_payment
        assumptions.append(ASSUMPTION_CHOSEN_PAYMENT)
    months = 12 * term
    amount = present_value(payment, rate, months)
    capped = amount > rules.cap
    if capped:
        amount = rules.cap
        payment = round_half_up(payment_for(rules.cap, rate, months))
        if rules.cap_assumption:
            assumptions.append(rules.cap_assumption)
    credit = round_half_up(amount)
    threshold = rules.closing_cost_threshold_uma_monthly * ref.uma.monthly
    closing = Decimal("0.00") if salary <= threshold else round_half_up(
        rules.closing_cost_share * credit
    )
    balance = round_half_up(inputs.subcuenta_balance)
    return CreditEstimate(
        monthly_salary=round_half_up(salary),
        uma_multiple=round_half_up(uma_multiple),
        annual_rate=rate,
        term_years=term,
        max_term_years=limit,
        payment_share=share.share,
        max_monthly_payment=max_payment,
        monthly_payment=payment,
        credit=credit,
        capped=capped,
        closing_costs=closing,
        subcuenta_balance=balance,
        total=credit + balance - closing,
        co_borrower_monthly_income=co_income,
    )
