"""Precalification points: components from the worker's record, the threshold in force.

The published T1000 tables are incomplete (see the year files): continuous bimesters, age,
monthly salary in UMA multiples, subcuenta balance and worker type come from the record; the
employer's labour stability and payment compliance are published only as maxima and the
employer-context and credit-bureau factors not at all, so those three are *configured
components* with assumed points (the data marks them as assumptions). Band gaps in the
published tables (salary 2.7-2.8 UMA, balance 9,999-10,000) are closed by reading each band as
"from its lower bound up to the next band's". Every result is an estimate and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from domain.errors import DomainError
from domain.reference.model import ReferenceYear, RuleSetRef, ScheduleEntry, Threshold
from domain.savings.contributions import (
    Bimester,
    continuous_bimesters,
    is_counted,
    latest_visible_bimester,
    visible_by,
    visible_from,
)
from domain.savings.points.rules import (
    WOMEN_BONUS,
    PointsComponent,
    PointsInputs,
    ThresholdCheck,
    check_threshold,
    income_multiple,
    score,
)
from domain.savings.points.unavailable import PointsUnavailable, points_unavailable
from domain.savings.records import WorkerRecord, age_on

ESTIMATE_ASSUMPTION = "assumption.estimate"


class UnknownThreshold(DomainError):
    key = "error.savings.unknown_threshold"


@dataclass(frozen=True)
class SchemeWhy:
    """Why a scheme applies on the date: a catalog key under ``points.why.`` and its values
    (the scheme's start date from the year file, the income band, the worker's salary)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PointsResult:
    """Points on ``on`` with their breakdown and the threshold check.

    ``latest_bimester`` is the latest bimester that can show on ``on`` (reporting lag);
    ``next_bimester`` shows from ``next_visible_on``.
    """

    on: date
    total: int
    components: tuple[PointsComponent, ...]
    threshold: ThresholdCheck
    continuous_bimesters: int
    latest_bimester: Bimester
    next_bimester: Bimester
    next_visible_on: date
    rules: RuleSetRef
    model: str
    assumptions: tuple[str, ...]
    why: SchemeWhy | None = None
    next_visible_by: date | None = None
    next_already_paid: bool = False
    """The next bimester is already paid, so it is in the savings balance and the history
    while the points do not count it yet: said, so the two views do not seem to disagree."""

    @property
    def estimated_points(self) -> int:
        """The part of ``total`` that is configured, not read from the record (409 of a
        T1000 total with the shipped data)."""
        return sum(c.points for c in self.components if c.estimated)

    @property
    def known_points(self) -> int:
        return self.total - self.estimated_points

    @property
    def bonus_points(self) -> int:
        """The Bono Mujer Infonavit: added by the threshold, not read from the record, so a
        worker who saw her record's points in another scheme can tell the two apart."""
        return sum(c.points for c in self.components if c.key == WOMEN_BONUS)

    @property
    def record_points(self) -> int:
        """The points read from the record alone: neither configured nor a bonus."""
        return self.known_points - self.bonus_points

    @property
    def possible_range(self) -> tuple[int, int]:
        """The total with every estimated component at 0 and at its maximum."""
        most = sum(c.max_points or c.points for c in self.components if c.estimated)
        return self.known_points, self.known_points + most


def schedule_entry(ref: ReferenceYear, on: date) -> ScheduleEntry:
    """The threshold schedule entry in force on ``on`` (the first one before it starts)."""
    started = [e for e in ref.points.schedule if e.starts <= on]
    return started[-1] if started else ref.points.schedule[0]


def select_threshold(
    ref: ReferenceYear, on: date, minimum_wages: Decimal, threshold_id: str | None = None
) -> Threshold:
    """The threshold named, or the schedule's default on ``on``: the first of its order whose
    income band (in minimum wages) holds the worker's income, or that has no band."""
    thresholds = ref.points.thresholds
    if threshold_id is not None:
        if threshold_id not in thresholds:
            raise UnknownThreshold(threshold_id=threshold_id)
        return thresholds[threshold_id]
    entry = schedule_entry(ref, on)
    for tid in entry.order:
        band = thresholds[tid].income_band_minimum_wages
        if band is None or band[0] <= minimum_wages <= band[1]:
            return thresholds[tid]
    return thresholds[entry.order[-1]]


def monthly_salary(record: WorkerRecord, ref: ReferenceYear) -> Decimal:
    """The one monthly salary every figure shown to the worker reads: daily salary x 30.4
    (its UMA multiple for the points table, minimum wages for the schemes, the band of the
    precalification)."""
    return record.daily_salary * ref.uma.monthly_factor


def points_inputs(record: WorkerRecord, on: date, ref: ReferenceYear) -> PointsInputs:
    """What the components read from the record on ``on`` (after the reporting lag)."""
    latest = latest_visible_bimester(on, ref.contribution_lag)
    return PointsInputs(
        continuous_bimesters=continuous_bimesters(record.contributions, latest, on),
        age=age_on(record.birth_date, on),
        uma_multiple=record.daily_salary / ref.uma.daily,
        minimum_wages=income_multiple(record, ref),
        subcuenta_balance=record.subcuenta_balance,
        worker_type=record.worker_type,
        sex=record.sex,
        monthly_salary=monthly_salary(record, ref),
        minimum_wage_monthly=ref.minimum_wage.daily(record.border_zone) * ref.uma.monthly_factor,
    )


def evaluate_points(
    record: WorkerRecord, on: date, ref: ReferenceYear, threshold_id: str | None = None
) -> PointsResult | PointsUnavailable:
    """Points of ``record`` on ``on`` with ``ref = table.for_date(on)``, or why none show."""
    unavailable = points_unavailable(record)
    if unavailable is not None:
        return unavailable
    inputs = points_inputs(record, on, ref)
    threshold = select_threshold(ref, on, inputs.minimum_wages, threshold_id)
    result = result_for(inputs, on, ref, threshold)
    paid = any(is_counted(c, on) and Bimester(c.year, c.bimester) == result.next_bimester
               for c in record.contributions)
    return replace(result, why=scheme_why(ref, on, inputs, threshold, threshold_id is not None),
                   next_already_paid=paid)


def scheme_why(
    ref: ReferenceYear, on: date, inputs: PointsInputs, threshold: Threshold, chosen: bool
) -> SchemeWhy:
    """Why ``threshold`` is the one shown on ``on``: chosen by the worker, the only scheme
    then, the one for the worker's income band, or the one for incomes outside the band."""
    income = inputs.monthly_salary
    if chosen:
        default = select_threshold(ref, on, inputs.minimum_wages)
        return SchemeWhy("points.why.chosen", {"default": default.id})
    order = schedule_entry(ref, on).order
    if len(order) == 1:
        return SchemeWhy("points.why.only_scheme", {"since": threshold.since})
    band = threshold.income_band_minimum_wages
    if band is not None:
        return SchemeWhy("points.why.in_band", {"since": threshold.since, "low": band[0],
                                                "high": band[1], "income": income})
    banded = [ref.points.thresholds[t] for t in order
              if ref.points.thresholds[t].income_band_minimum_wages is not None]
    first = banded[0] if banded else threshold
    low, high = first.income_band_minimum_wages or (Decimal(0), Decimal(0))
    return SchemeWhy("points.why.outside_band", {"income": income, "low": low, "high": high,
                                                 "since": first.since})


def result_for(
    inputs: PointsInputs, on: date, ref: ReferenceYear, threshold: Threshold
) -> PointsResult:
    components = score(inputs, ref.points, threshold)
    total = sum(c.points for c in components)
    latest = latest_visible_bimester(on, ref.contribution_lag)
    following = latest.next()
    assumptions = [ESTIMATE_ASSUMPTION]
    assumptions += [c.assumption for c in components if c.assumption]
    assumptions += [a for a in (threshold.assumption, ref.lag_assumption) if a]
    schedule = schedule_entry(ref, on)
    if schedule.assumption:
        assumptions.append(schedule.assumption)
    check = check_threshold(total, inputs, threshold)
    estimated = [c for c in components if c.estimated]
    if estimated and threshold.minimum_points is not None:
        low = total - sum(c.points for c in estimated)
        high = low + sum(c.max_points or c.points for c in estimated)
        depends = low < threshold.minimum_points <= high
        check = replace(check, depends_on_estimate=depends)
    return PointsResult(
        on=on,
        total=total,
        components=components,
        threshold=check,
        continuous_bimesters=inputs.continuous_bimesters,
        latest_bimester=latest,
        next_bimester=following,
        next_visible_on=visible_from(following, ref.contribution_lag),
        next_visible_by=visible_by(following, ref.contribution_lag),
        rules=RuleSetRef.of(ref),
        model=ref.points.model,
        assumptions=tuple(dict.fromkeys(assumptions)),
    )
