"""The points arithmetic: component tables applied to inputs, and the threshold check.

Pure over ``PointsInputs`` so the current points and the projection share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from domain.reference.model import PointsRules, ReferenceYear, Threshold
from domain.savings.contributions import round_half_up
from domain.savings.records import Sex, WorkerRecord, WorkerType

COMPONENT = "points.component."
WOMEN_BONUS = COMPONENT + "women_bonus"
"""The Bono Mujer Infonavit's line: a threshold's bonus, not a reading of the record."""


@dataclass(frozen=True)
class PointsInputs:
    continuous_bimesters: int
    age: int
    uma_multiple: Decimal  # monthly salary / UMA monthly (= daily salary / UMA daily)
    minimum_wages: Decimal  # daily salary / the zone's daily minimum wage
    subcuenta_balance: Decimal
    worker_type: WorkerType
    sex: Sex
    monthly_salary: Decimal = Decimal(0)  # daily salary x 30.4: the pesos both multiples read
    minimum_wage_monthly: Decimal = Decimal(0)  # the zone's daily minimum wage x 30.4


@dataclass(frozen=True)
class PointsComponent:
    """One line of the breakdown: ``key`` names it in the catalog, ``measure`` is the value
    the table was read with (bimesters, years, UMA multiple, pesos), ``assumption`` is set for
    points that are configured or rest on an assumption."""

    key: str
    points: int
    measure: Decimal | int | str | None = None
    assumption: str | None = None
    estimated: bool = False
    """Configured points (employer, credit bureau), not read from the record."""
    max_points: int | None = None
    """For an estimated component: the most it can be worth."""


class ThresholdStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"  # income outside the threshold's band

    @property
    def key(self) -> str:
        return f"points.threshold.{self.value}"


@dataclass(frozen=True)
class Requirement:
    key: str
    met: bool | None
    """None: the record does not say (owning a home); the worker confirms it."""
    params: Mapping[str, object] = field(default_factory=dict)


MONTHS_REQUIREMENT = "points.requirement.continuous_months"


@dataclass(frozen=True)
class ThresholdCheck:
    threshold_id: str
    kind: str
    minimum_points: int | None
    status: ThresholdStatus
    requirements: tuple[Requirement, ...]
    missing_points: int  # 0 unless a points requirement is not met
    depends_on_estimate: bool = False
    """The verdict could go either way with the real values of the estimated components:
    the known points alone fall short, and the known points plus their maxima reach it."""

    @property
    def met(self) -> bool:
        return self.status is ThresholdStatus.MET


def income_multiple(record: WorkerRecord, ref: ReferenceYear) -> Decimal:
    """Registered daily salary in daily minimum wages of the worker's zone."""
    return record.daily_salary / ref.minimum_wage.daily(record.border_zone)


def score(inputs: PointsInputs, rules: PointsRules, threshold: Threshold) -> tuple[
    PointsComponent, ...
]:
    """The breakdown; the women's bonus comes from the threshold, the configured components
    count only when the threshold says so (T100 leaves the employer out)."""
    bim, age, sal, bal = (
        rules.continuous_bimesters,
        rules.age,
        rules.salary_uma,
        rules.subcuenta_balance,
    )
    uma = round_half_up(inputs.uma_multiple)
    parts = [
        PointsComponent(
            "points.component.continuous_bimesters",
            bim.points_for(Decimal(inputs.continuous_bimesters)),
            inputs.continuous_bimesters,
            bim.assumption,
        ),
        PointsComponent("points.component.age", age.points_for(Decimal(inputs.age)), inputs.age),
        PointsComponent(
            "points.component.salary_uma",
            sal.points_for(inputs.uma_multiple),
            round_half_up(inputs.monthly_salary) if inputs.monthly_salary else uma,
            sal.assumption,
        ),
        PointsComponent(
            "points.component.subcuenta_balance",
            bal.points_for(inputs.subcuenta_balance),
            inputs.subcuenta_balance,
            bal.assumption,
        ),
        PointsComponent(
            "points.component.worker_type",
            rules.worker_type[inputs.worker_type],
            inputs.worker_type.value,
            rules.worker_type_assumption
            if inputs.worker_type is WorkerType.EVENTUAL
            else None,
        ),
    ]
    if inputs.sex == "M" and threshold.women_bonus:
        parts.append(PointsComponent(WOMEN_BONUS, threshold.women_bonus))
    if threshold.counts_configured_components:
        parts += [
            PointsComponent(COMPONENT + c.key, c.assumed_points, None, c.assumption, True,
                            c.max_points)
            for c in rules.configured
        ]
    return tuple(parts)


def check_threshold(total: int, inputs: PointsInputs, threshold: Threshold) -> ThresholdCheck:
    """Points (for a points threshold), income band and continuous months, as requirements."""
    requirements: list[Requirement] = []
    band = threshold.income_band_minimum_wages
    if band is not None:
        low, high = band
        in_band = low <= inputs.minimum_wages <= high
        requirements.append(
            Requirement(
                "points.requirement.income_band",
                in_band,
                {
                    "low": low,
                    "high": high,
                    "multiple": round_half_up(inputs.minimum_wages),
                    "income": round_half_up(inputs.monthly_salary),
                    "low_amount": round_half_up(low * inputs.minimum_wage_monthly),
                    "high_amount": round_half_up(high * inputs.minimum_wage_monthly),
                },
            )
        )
    if threshold.min_continuous_months is not None:
        months = 2 * inputs.continuous_bimesters
        requirements.append(
            Requirement(
                MONTHS_REQUIREMENT,
                months >= threshold.min_continuous_months,
                {"months": months, "required": threshold.min_continuous_months},
            )
        )
    if threshold.kind == "requirements":
        # the announcement's other two: a formal job (points are only worked out for a
        # worker with a current employer) and not owning a home, which no record shows
        requirements += [Requirement("points.requirement.formal_job", True),
                         Requirement("points.requirement.no_home", None)]
    missing = 0
    if threshold.kind == "points" and threshold.minimum_points is not None:
        missing = max(0, threshold.minimum_points - total)
        requirements.append(
            Requirement(
                "points.requirement.points",
                missing == 0,
                {"points": total, "required": threshold.minimum_points},
            )
        )
    if band is not None and not requirements[0].met:
        status = ThresholdStatus.NOT_APPLICABLE
    elif all(r.met is not False for r in requirements):
        status = ThresholdStatus.MET
    else:
        status = ThresholdStatus.NOT_MET
    return ThresholdCheck(
        threshold_id=threshold.id,
        kind=threshold.kind,
        minimum_points=threshold.minimum_points,
        status=status,
        requirements=tuple(requirements),
        missing_points=missing,
    )
