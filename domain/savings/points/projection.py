"""When the threshold will be met at the current salary and contributions.

Model (assumption ``assumption.projection``): from the latest visible bimester on, every
bimester adds one continuous bimester and, unless already paid, an employer contribution of
5% x the current daily salary x the bimester's days to the subcuenta; no returns are added
(conservative); the salary, worker type and the reference values of today stay as they are;
the age is taken on the day each bimester shows. Only continuous bimesters, subcuenta balance
and age change, so when their best values cannot close the gap the result says so at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import ClassVar

from domain.reference.model import ReferenceYear, RuleSetRef, Threshold
from domain.savings.contributions import (
    Bimester,
    employer_contribution,
    is_counted,
    latest_visible_bimester,
    visible_from,
)
from domain.savings.points.evaluate import points_inputs, select_threshold
from domain.savings.points.rules import PointsInputs, ThresholdStatus, check_threshold, score
from domain.savings.points.unavailable import PointsUnavailable, points_unavailable
from domain.savings.records import WorkerRecord, age_on

PROJECTION_ASSUMPTION = "assumption.projection"


@dataclass(frozen=True)
class AlreadyMet:
    key: ClassVar[str] = "points.projection.already_met"
    threshold_id: str
    points: int
    rules: RuleSetRef


@dataclass(frozen=True)
class ReachedIn:
    """Met once ``bimester`` shows, ``bimesters`` from the latest visible one, on
    ``visible_on``."""

    key: ClassVar[str] = "points.projection.reached_in"
    threshold_id: str
    bimesters: int
    bimester: Bimester
    visible_on: date
    points: int
    rules: RuleSetRef
    assumptions: tuple[str, ...] = (PROJECTION_ASSUMPTION,)


@dataclass(frozen=True)
class Unreachable:
    """Not reachable with the growing components; ``reason`` is a catalog key,
    ``best_points`` the most the growing components can give (points thresholds only)."""

    key: ClassVar[str] = "points.projection.unreachable"
    threshold_id: str
    reason: str
    best_points: int | None
    rules: RuleSetRef


Projection = AlreadyMet | ReachedIn | Unreachable

REASON_INCOME = "points.projection.reason.income_band"
REASON_STATIC = "points.projection.reason.static_components"
REASON_HORIZON = "points.projection.reason.horizon"


def project_threshold(
    record: WorkerRecord, on: date, ref: ReferenceYear, threshold_id: str | None = None
) -> Projection | PointsUnavailable:
    """How many bimesters until the threshold is met (``ref = table.for_date(on)``)."""
    unavailable = points_unavailable(record)
    if unavailable is not None:
        return unavailable
    inputs = points_inputs(record, on, ref)
    threshold = select_threshold(ref, on, inputs.minimum_wages, threshold_id)
    rules = RuleSetRef.of(ref)
    total = _total(inputs, ref, threshold)
    now = check_threshold(total, inputs, threshold)
    if now.met:
        return AlreadyMet(threshold.id, total, rules)
    if now.status is ThresholdStatus.NOT_APPLICABLE:
        return Unreachable(threshold.id, REASON_INCOME, None, rules)
    ceiling = _ceiling(inputs, ref, threshold)
    if threshold.minimum_points is not None and ceiling < threshold.minimum_points:
        return Unreachable(threshold.id, REASON_STATIC, ceiling, rules)
    paid = {(c.year, c.bimester) for c in record.contributions if is_counted(c, on)}
    balance = inputs.subcuenta_balance
    bimester = latest_visible_bimester(on, ref.contribution_lag)
    for step in range(1, ref.points.projection_horizon_bimesters + 1):
        bimester = bimester.next()
        if (bimester.year, bimester.number) not in paid:
            balance += employer_contribution(
                record.daily_salary, bimester.days, ref.employer_contribution_share
            )
        shows_on = visible_from(bimester, ref.contribution_lag)
        future = replace(
            inputs,
            continuous_bimesters=inputs.continuous_bimesters + step,
            age=age_on(record.birth_date, shows_on),
            subcuenta_balance=balance,
        )
        points = _total(future, ref, threshold)
        if check_threshold(points, future, threshold).met:
            return ReachedIn(threshold.id, step, bimester, shows_on, points, rules)
    return Unreachable(threshold.id, REASON_HORIZON, ceiling, rules)


def _total(inputs: PointsInputs, ref: ReferenceYear, threshold: Threshold) -> int:
    return sum(c.points for c in score(inputs, ref.points, threshold))


def _ceiling(inputs: PointsInputs, ref: ReferenceYear, threshold: Threshold) -> int:
    """Points with the growing components at their best within the horizon."""
    rules = ref.points
    years = rules.projection_horizon_bimesters // 6
    ages = range(inputs.age, inputs.age + years + 1)
    best_age = max(rules.age.points_for(Decimal(a)) for a in ages)
    fixed = _total(inputs, ref, threshold) - (
        rules.continuous_bimesters.points_for(Decimal(inputs.continuous_bimesters))
        + rules.subcuenta_balance.points_for(inputs.subcuenta_balance)
        + rules.age.points_for(Decimal(inputs.age))
    )
    return (
        fixed
        + rules.continuous_bimesters.max_points
        + rules.subcuenta_balance.max_points
        + best_age
    )
