"""Maximum credit estimate by the rule of DOMAIN.md (Precalification), from the record or typed
inputs. Every parameter comes from the year file (``ReferenceYear.credit``):

    monthly salary = daily salary x 30.4 (the simulator takes it as typed)
    band     = salary / UMA monthly, cut down to 0.1            (``salary_band``)
    share    = 20% up to one minimum wage a month, else 30%
    capacity = share x band x UMA monthly
    rate     = the year's floor up to its band, else the 2021 table at the band
    term     = min(30, 70 - age) for men, min(30, 75 - age) for women
    credit   = min(PV(capacity) cut down to whole monthly UMAs, cap)
    payment  = credit x the annuity factor rounded up to 6 decimals
    closing costs = 0 up to 2.8 UMA monthly, else 3% of the credit
    total    = credit + subcuenta balance - closing costs

A co-borrower (Unamos Créditos) brings a second credit by the same rule from their own income,
band and rate, over the worker's term (their age is not asked); the two are added up.

The simulator and the record path share ``_build``: the same inputs give the same figures.
Someone who cannot apply (an open credit, a pension in process, no current job) gets the
reason and what to do first, never an amount. Figures are rounded half-up to cents only when
shown; the closing costs are 3% of the shown credit and the total adds the shown figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from domain.reference.model import ReferenceYear, RuleSetRef
from domain.savings.contributions import round_half_up
from domain.savings.points.evaluate import (
    PointsResult,
    evaluate_points,
    monthly_salary,
    points_inputs,
)
from domain.savings.points.rules import MONTHS_REQUIREMENT, ThresholdCheck
from domain.savings.points.unavailable import points_unavailable
from domain.savings.precalification.arithmetic import (
    annual_rate,
    credit_amount,
    max_term_years,
    payment_factor,
    payment_share,
    salary_band,
    uses_interpolation,
)
from domain.savings.precalification.model import (
    CoBorrowerCredit,
    CoBorrowerIncomeBelowMinimum,
    CreditEstimate,
    IncomeBelowMinimum,
    InvalidSimulatorInput,
    PaymentAboveCapacity,
    Precalification,
    Reason,
    SimulatorInputs,
    TermNotAvailable,
    WhatIf,
)
from domain.savings.records import WorkerRecord, age_on

__all__ = [
    "CoBorrowerCredit",
    "CoBorrowerIncomeBelowMinimum",
    "CreditEstimate",
    "IncomeBelowMinimum",
    "InvalidSimulatorInput",
    "PaymentAboveCapacity",
    "Precalification",
    "Reason",
    "SimulatorInputs",
    "TermNotAvailable",
    "WhatIf",
    "check_income",
    "minimum_monthly_income",
    "monthly_salary",
    "precalify",
    "precalify_record",
]

REASON = "precal.reason."
WHAT_TO_DO_FIRST = "precal.todo."
ASSUMPTION_CO_BORROWER = "assumption.co_borrower"
ASSUMPTION_CHOSEN_PAYMENT = "assumption.chosen_payment"
ASSUMPTION_NOT_CHECKED = "assumption.requirements_not_checked"


def minimum_monthly_income(ref: ReferenceYear) -> Decimal:
    """The lowest monthly income taken, for the worker and a co-borrower alike: one general
    minimum wage for the year file's number of days (30: 8,364 in 2025)."""
    return round_half_up(ref.minimum_wage.general_daily * ref.credit.minimum_income_days)


def check_income(amount: Decimal, ref: ReferenceYear, co_borrower: bool = False) -> Decimal:
    """``amount`` if it is at least the minimum monthly income, else ``IncomeBelowMinimum``
    (``CoBorrowerIncomeBelowMinimum`` for a co-borrower's)."""
    minimum = minimum_monthly_income(ref)
    if amount < minimum:
        error = CoBorrowerIncomeBelowMinimum if co_borrower else IncomeBelowMinimum
        raise error(minimum=minimum)
    return amount


def precalify(
    inputs: SimulatorInputs, ref: ReferenceYear, what_if: WhatIf | None = None
) -> Precalification:
    """The anonymous simulator: typed salary, age, sex and balance."""
    check_income(inputs.monthly_salary, ref)
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
    blocked = points_unavailable(record)
    if blocked is not None:
        name = blocked.key.rsplit(".", 1)[-1]
        return Precalification(
            estimate=None,
            reasons=(Reason(REASON + name, todo=WHAT_TO_DO_FIRST + name),),
            assumptions=(),
            rules=RuleSetRef.of(ref),
        )
    reasons: list[Reason] = []
    said = (what_if or WhatIf()).monthly_salary
    if said is not None:
        # «¿y si ganara 25 mil?»: the scheme is chosen by income, so the points are read with
        # the salary asked about (above two minimum wages the requirements scheme ends)
        record = replace(record, daily_salary=said / ref.uma.monthly_factor)
    points = evaluate_points(record, on, ref, threshold_id)
    chosen = points.threshold if isinstance(points, PointsResult) else None
    if chosen is not None and not chosen.met and _unmet_beyond_months(chosen):
        reasons.append(
            Reason(
                "precal.reason.threshold_not_met",
                {"threshold": chosen.threshold_id, "status": chosen.status.value},
                todo=WHAT_TO_DO_FIRST + "threshold_not_met",
            )
        )
    months = 2 * points_inputs(record, on, ref).continuous_bimesters
    if months < ref.credit.minimum_contribution_months:
        reasons.append(_months_reason(months, ref))
    inputs = SimulatorInputs(
        monthly_salary=said if said is not None else monthly_salary(record, ref),
        age=age_on(record.birth_date, on),
        sex=record.sex,
        subcuenta_balance=record.subcuenta_balance,
        continuous_months=months,
        border_zone=record.border_zone,
    )
    threshold_used = chosen.threshold_id if chosen is not None else None
    return _build(inputs, ref, what_if or WhatIf(), reasons, [], threshold_used)


def _unmet_beyond_months(check: ThresholdCheck) -> bool:
    """A requirement of the scheme not met other than the continuous months, which have a
    reason of their own (``_months_reason``): the months alone short are said once."""
    return any(r.met is False and r.key != MONTHS_REQUIREMENT for r in check.requirements)


def _months_reason(months: int, ref: ReferenceYear) -> Reason:
    required = ref.credit.minimum_contribution_months
    return Reason("precal.reason.contribution_months", {"months": months, "required": required},
                  todo=WHAT_TO_DO_FIRST + "contribution_months")


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


def _capacity(salary: Decimal, ref: ReferenceYear, border_zone: bool) -> tuple[
    Decimal, Decimal, Decimal
]:
    """(capacity, band, share) of one income: share x band x UMA monthly."""
    rules, uma_monthly = ref.credit, ref.uma.monthly
    band = salary_band(salary, uma_monthly, rules)
    mw_monthly = ref.minimum_wage.daily(border_zone) * ref.uma.monthly_factor
    share = payment_share(salary, band, mw_monthly, rules)
    return share.share * band * uma_monthly, band, share.share


@dataclass(frozen=True)
class _Part:
    """One holder's credit: the worker's, or a co-borrower's by the same rule at their own
    band and rate (a co-borrower's capacity at the worker's rate made a higher salary give a
    lower joint credit wherever it crossed into a dearer band)."""

    salary: Decimal
    capacity: Decimal
    rate: Decimal

    def credit(self, months: int, ref: ReferenceYear) -> Decimal:
        amount = credit_amount(self.capacity, self.rate, months, ref.uma.monthly, ref.credit)
        return round_half_up(amount)

    def payment(self, credit: Decimal, months: int, ref: ReferenceYear) -> Decimal:
        return round_half_up(credit * payment_factor(self.rate, months, ref.credit))

    def closing_costs(self, credit: Decimal, ref: ReferenceYear) -> Decimal:
        rules = ref.credit
        if self.salary <= rules.closing_cost_threshold_uma_monthly * ref.uma.monthly:
            return Decimal("0.00")
        return round_half_up(rules.closing_cost_share * credit)


def _part(salary: Decimal, ref: ReferenceYear, border_zone: bool,
          assumptions: list[str]) -> tuple[_Part, Decimal, Decimal]:
    """(the part, its band, its share) of one income."""
    rules = ref.credit
    capacity, band, share = _capacity(salary, ref, border_zone)
    if uses_interpolation(band, rules) and rules.rate_assumption:
        assumptions.append(rules.rate_assumption)
    return _Part(salary, capacity, annual_rate(band, rules)), band, share


def _estimate(
    inputs: SimulatorInputs,
    ref: ReferenceYear,
    what_if: WhatIf,
    limit: int,
    assumptions: list[str],
) -> CreditEstimate:
    rules, uma_monthly = ref.credit, ref.uma.monthly
    term = limit if what_if.term_years is None else what_if.term_years
    if not rules.min_term_years <= term <= limit:
        raise TermNotAvailable(requested=term, min_years=rules.min_term_years, max_years=limit)
    salary = inputs.monthly_salary
    worker, band, share = _part(salary, ref, inputs.border_zone, assumptions)
    parts = [worker]
    co_income = what_if.co_borrower_monthly_income
    if co_income is not None:
        check_income(co_income, ref, co_borrower=True)
        parts.append(_part(co_income, ref, inputs.border_zone, assumptions)[0])
        assumptions.append(ASSUMPTION_CO_BORROWER)
    capacity = sum((part.capacity for part in parts), Decimal(0))
    max_payment = round_half_up(capacity)
    if what_if.monthly_payment is not None:
        if not 0 < what_if.monthly_payment <= max_payment:
            raise PaymentAboveCapacity(max_payment=max_payment)
        scale = what_if.monthly_payment / capacity
        parts = [replace(part, capacity=part.capacity * scale) for part in parts]
        assumptions.append(ASSUMPTION_CHOSEN_PAYMENT)
    months = 12 * term
    credits = [part.credit(months, ref) for part in parts]
    capped = any(credit >= rules.cap for credit in credits)
    if capped and rules.cap_assumption:
        assumptions.append(rules.cap_assumption)
    payments = [part.payment(c, months, ref) for part, c in zip(parts, credits, strict=True)]
    closing = sum((part.closing_costs(c, ref) for part, c in zip(parts, credits, strict=True)),
                  Decimal("0.00"))
    if closing and rules.closing_cost_assumption:
        assumptions.append(rules.closing_cost_assumption)
    credit = sum(credits, Decimal("0.00"))
    balance = round_half_up(inputs.subcuenta_balance)
    co_borrower = None
    if len(parts) == 2:
        co_borrower = CoBorrowerCredit(credit=credits[1], annual_rate=parts[1].rate,
                                       monthly_payment=payments[1])
    return CreditEstimate(
        monthly_salary=round_half_up(salary),
        uma_multiple=round_half_up(salary / uma_monthly),
        band=band,
        annual_rate=worker.rate,
        term_years=term,
        max_term_years=limit,
        payment_share=share,
        max_monthly_payment=max_payment,
        monthly_payment=sum(payments, Decimal("0.00")),
        credit=credit,
        capped=capped,
        closing_costs=closing,
        subcuenta_balance=balance,
        total=credit + balance - closing,
        co_borrower_monthly_income=co_income,
        co_borrower=co_borrower,
    )
