"""Frozen values for one year of reference data (UMA, minimum wage, credit and points rules).

Built only by :mod:`domain.reference.loader` from the JSON files in ``data/``. Every item that
INFONAVIT does not publish carries ``assumption``: the catalog key of the sentence telling the
worker what we assumed; results list the keys of the assumptions they used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from domain.savings.records import Sex, WorkerType


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None


@dataclass(frozen=True)
class Uma:
    """UMA of one UMA year (1 Feb - 31 Jan). ``monthly`` is computed, never rounded in rules."""

    year: int
    daily: Decimal
    monthly_factor: Decimal
    monthly_published: Decimal
    valid_from: date
    valid_to: date

    @property
    def monthly(self) -> Decimal:
        """daily x 30.4, unrounded (the published figure is this rounded to cents)."""
        return self.daily * self.monthly_factor


@dataclass(frozen=True)
class MinimumWage:
    year: int
    general_daily: Decimal
    northern_border_daily: Decimal
    valid_from: date
    valid_to: date

    def daily(self, border_zone: bool) -> Decimal:
        return self.northern_border_daily if border_zone else self.general_daily


@dataclass(frozen=True)
class RateAnchor:
    uma_multiple: Decimal
    annual_rate: Decimal


@dataclass(frozen=True)
class PaymentShare:
    """Share of the monthly salary for the payment: up to a number of minimum wages, or
    (``up_to_band``) while the salary band is at most that many UMAs."""

    up_to_minimum_wages: Decimal | None  # None: no upper limit
    share: Decimal
    assumption: str | None
    up_to_band: Decimal | None = None


@dataclass(frozen=True)
class CreditRules:
    """The precalification rule's parameters (DOMAIN.md, Precalification), each from the year
    file with its source: the salary band's unit, the payment shares, the rate floor and its
    upper band (``None``: no floor that year), the rate table, the credit's rounding unit (in
    monthly UMAs), the payment factor's decimals, the cap and the closing costs."""

    cap: Decimal
    cap_uma_year: int
    cap_assumption: str | None
    band_unit_uma: Decimal
    rate_floor: Decimal | None
    rate_floor_up_to_band: Decimal | None
    rate_max: Decimal
    rate_anchors: tuple[RateAnchor, ...]
    rate_assumption: str | None
    max_term_years: int
    min_term_years: int
    min_term_assumption: str | None
    age_limit_men: int
    age_limit_women: int
    payment_shares: tuple[PaymentShare, ...]
    credit_unit_uma_monthly: Decimal
    payment_factor_decimals: int
    closing_cost_threshold_uma_monthly: Decimal
    closing_cost_share: Decimal
    closing_cost_assumption: str | None
    minimum_contribution_months: int
    minimum_income_days: Decimal

    def age_limit(self, sex: Sex) -> int:
        return self.age_limit_women if sex == "M" else self.age_limit_men


@dataclass(frozen=True)
class Band:
    lower: Decimal  # inclusive; a band runs up to the next band's lower bound
    points: int


@dataclass(frozen=True)
class BandTable:
    bands: tuple[Band, ...]
    assumption: str | None

    def points_for(self, value: Decimal) -> int:
        """Points of the highest band whose lower bound is <= value (values below 0 get 0)."""
        result = 0
        for band in self.bands:
            if value >= band.lower:
                result = band.points
        return result

    @property
    def max_points(self) -> int:
        return max(b.points for b in self.bands)


@dataclass(frozen=True)
class ConfiguredComponent:
    """A component the worker's record cannot give (employer, credit bureau): configured."""

    key: str
    max_points: int
    assumed_points: int
    assumption: str | None


ThresholdKind = Literal["points", "requirements"]


@dataclass(frozen=True)
class Threshold:
    id: str
    kind: ThresholdKind
    since: date  # the day the scheme started (T100 18 Aug 2025, requirements 6 Oct 2025)
    minimum_points: int | None
    women_bonus: int
    income_band_minimum_wages: tuple[Decimal, Decimal] | None
    min_continuous_months: int | None
    counts_configured_components: bool
    assumption: str | None


@dataclass(frozen=True)
class ScheduleEntry:
    """From ``starts``, the default threshold is the first in ``order`` that applies."""

    starts: date
    order: tuple[str, ...]
    assumption: str | None


@dataclass(frozen=True)
class PointsRules:
    model: str
    continuous_bimesters: BandTable
    age: BandTable
    salary_uma: BandTable
    subcuenta_balance: BandTable
    worker_type: Mapping[WorkerType, int]
    worker_type_assumption: str | None
    configured: tuple[ConfiguredComponent, ...]
    thresholds: Mapping[str, Threshold]
    schedule: tuple[ScheduleEntry, ...]
    projection_horizon_bimesters: int


@dataclass(frozen=True)
class LagRule:
    """Bimester ``bimester`` of year Y shows between (Y + year_offset, month, day) and
    (..., by_day); the points count it from ``day``."""

    bimester: int
    month: int
    day: int
    year_offset: int
    by_day: int  # shows between ``day`` and ``by_day`` (the first or second week)


@dataclass(frozen=True)
class ReferenceYear:
    """The rules in force on a date: calendar-year data with the UMA (and the UMA-linked cap)
    of the UMA year that contains the date. See ``ReferenceTable.for_date``."""

    year: int
    rule_set: str
    data_version: str
    sources: tuple[Source, ...]
    uma: Uma
    minimum_wage: MinimumWage
    employer_contribution_share: Decimal
    credit: CreditRules
    points: PointsRules
    contribution_lag: tuple[LagRule, ...]
    lag_assumption: str | None

    @property
    def uma_year(self) -> int:
        return self.uma.year


@dataclass(frozen=True)
class RuleSetRef:
    """Which rules a result used: shown to the worker next to every figure."""

    rule_set: str
    data_version: str
    year: int
    uma_year: int

    @classmethod
    def of(cls, ref: ReferenceYear) -> RuleSetRef:
        return cls(ref.rule_set, ref.data_version, ref.year, ref.uma_year)
