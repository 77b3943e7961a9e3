"""Typed readers for the credit and points sections of a year file, with their checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.reference.model import (
    Band,
    BandTable,
    ConfiguredComponent,
    CreditRules,
    PaymentShare,
    PointsRules,
    RateAnchor,
    ScheduleEntry,
    Threshold,
)
from domain.savings.records import WorkerType


class ParseError(ValueError):
    """A year file breaks its schema; the loader wraps it in ``InvalidReferenceData``."""


def dec(node: Any, key: str) -> Decimal:
    value = node[key]
    if not isinstance(value, str):
        raise ParseError(f"{key} must be a decimal string, not {value!r}")
    return Decimal(value)


def num(node: Any, key: str) -> int:
    value = node[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ParseError(f"{key} must be an integer, not {value!r}")
    return value


def text(node: Any, key: str) -> str:
    value = node[key]
    if not isinstance(value, str) or not value:
        raise ParseError(f"{key} must be a non-empty string")
    return value


def iso_date(node: Any, key: str) -> date:
    return date.fromisoformat(text(node, key))


def _increasing(values: list[Decimal], what: str) -> None:
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise ParseError(f"{what} must be strictly increasing")


def parse_credit(c: Any, year: int) -> CreditRules:
    rate, term, closing = c["rate"], c["term"], c["closing_costs"]
    anchors = tuple(RateAnchor(dec(a, "uma"), dec(a, "rate")) for a in rate["anchors"])
    _increasing([a.uma_multiple for a in anchors], "rate anchor UMA multiples")
    _increasing([a.annual_rate for a in anchors], "rate anchor rates")
    shares = tuple(
        PaymentShare(
            None if s["up_to_minimum_wages"] is None else dec(s, "up_to_minimum_wages"),
            dec(s, "share"),
            s.get("assumption"),
            None if s.get("up_to_band") is None else dec(s, "up_to_band"),
        )
        for s in c["payment_share"]
    )
    limits = [s.up_to_minimum_wages for s in shares]
    if not shares or limits[-1] is not None or None in limits[:-1]:
        raise ParseError("payment shares must end with one open-ended row")
    _increasing([x for x in limits if x is not None], "payment share limits")
    if any(not Decimal(0) < s.share <= 1 for s in shares):
        raise ParseError("payment share must be in (0, 1]")
    floor, rounding = rate["floor"], c["rounding"]
    floor_rate = None if floor["rate"] is None else dec(floor, "rate")
    floor_band = None if floor["up_to_band"] is None else dec(floor, "up_to_band")
    if (floor_rate is None) != (floor_band is None):
        raise ParseError("a rate floor needs both its rate and its upper band, or neither")
    rules = CreditRules(
        cap=dec(c["cap"], "value"),
        cap_uma_year=year,
        cap_assumption=c["cap"].get("assumption"),
        band_unit_uma=dec(c["salary_band"], "unit_uma"),
        rate_floor=floor_rate,
        rate_floor_up_to_band=floor_band,
        rate_max=dec(rate, "max"),
        rate_anchors=anchors,
        rate_assumption=rate.get("assumption"),
        max_term_years=num(term, "max_years"),
        min_term_years=num(term, "min_years"),
        min_term_assumption=term.get("min_years_assumption"),
        age_limit_men=num(term, "age_limit_men"),
        age_limit_women=num(term, "age_limit_women"),
        payment_shares=shares,
        credit_unit_uma_monthly=dec(rounding, "credit_unit_uma_monthly"),
        payment_factor_decimals=num(rounding, "payment_factor_decimals"),
        closing_cost_threshold_uma_monthly=dec(closing, "threshold_uma_monthly"),
        closing_cost_share=dec(closing, "share"),
        closing_cost_assumption=closing.get("assumption"),
        minimum_contribution_months=num(c["minimum_contribution_months"], "value"),
        minimum_income_days=dec(c["minimum_income"], "minimum_wage_days"),
    )
    if rules.band_unit_uma <= 0 or rules.credit_unit_uma_monthly <= 0:
        raise ParseError("the band unit and the credit's rounding unit must be positive")
    if not 0 < rules.min_term_years <= rules.max_term_years:
        raise ParseError("term years must satisfy 0 < min <= max")
    too_high = rules.rate_floor is not None and rules.rate_floor > rules.rate_max
    if too_high or anchors[-1].annual_rate > rules.rate_max:
        raise ParseError("rates must not exceed the maximum")
    return rules


def _bands(node: Any, what: str) -> BandTable:
    bands = tuple(Band(dec(b, "from"), num(b, "points")) for b in node["bands"])
    if not bands or bands[0].lower != 0:
        raise ParseError(f"{what}: the first band must start at 0")
    _increasing([b.lower for b in bands], f"{what} band bounds")
    return BandTable(bands, node.get("assumption"))


def _threshold(t: Any) -> Threshold:
    kind = text(t, "kind")
    band = t["income_band_minimum_wages"]
    low_high = None if band is None else (Decimal(band[0]), Decimal(band[1]))
    if low_high is not None and not low_high[0] < low_high[1]:
        raise ParseError(f"threshold {t['id']}: income band must be low < high")
    minimum = t["minimum_points"]
    if kind == "points" and not isinstance(minimum, int):
        raise ParseError(f"threshold {t['id']}: a points threshold needs minimum_points")
    if kind not in ("points", "requirements"):
        raise ParseError(f"threshold {t['id']}: unknown kind {kind!r}")
    months = t["min_continuous_months"]
    return Threshold(
        id=text(t, "id"),
        kind="points" if kind == "points" else "requirements",
        since=iso_date(t, "since"),
        minimum_points=minimum,
        women_bonus=num(t, "women_bonus"),
        income_band_minimum_wages=low_high,
        min_continuous_months=None if months is None else num(t, "min_continuous_months"),
        counts_configured_components=bool(t["counts_configured_components"]),
        assumption=t.get("assumption"),
    )


def parse_points(p: Any, year: int) -> PointsRules:
    comp = p["components"]
    wt = comp["worker_type"]
    thresholds = {t.id: t for t in (_threshold(t) for t in p["thresholds"])}
    if len(thresholds) != len(p["thresholds"]):
        raise ParseError("threshold ids must be unique")
    schedule = tuple(
        ScheduleEntry(iso_date(s, "from"), tuple(s["order"]), s.get("assumption"))
        for s in p["schedule"]
    )
    if not schedule or schedule[0].starts != date(year, 1, 1):
        raise ParseError("the threshold schedule must start on 1 Jan of the year")
    if any(s.starts.year != year for s in schedule):
        raise ParseError("threshold schedule dates must fall in the year")
    if any(b.starts <= a.starts for a, b in zip(schedule, schedule[1:], strict=False)):
        raise ParseError("threshold schedule must be in date order")
    for entry in schedule:
        if not entry.order or any(tid not in thresholds for tid in entry.order):
            raise ParseError(f"schedule from {entry.starts} names an unknown threshold")
    configured = tuple(
        ConfiguredComponent(text(c, "key"), num(c, "max"), num(c, "assumed"), c.get("assumption"))
        for c in p["configured_components"]
    )
    if any(not 0 <= c.assumed_points <= c.max_points for c in configured):
        raise ParseError("a configured component's assumed points must be within 0..max")
    return PointsRules(
        model=text(p, "model"),
        continuous_bimesters=_bands(comp["continuous_bimesters"], "continuous_bimesters"),
        age=_bands(comp["age"], "age"),
        salary_uma=_bands(comp["salary_uma"], "salary_uma"),
        subcuenta_balance=_bands(comp["subcuenta_balance"], "subcuenta_balance"),
        worker_type={
            WorkerType.PERMANENT: num(wt, "permanent"),
            WorkerType.EVENTUAL: num(wt, "eventual"),
        },
        worker_type_assumption=wt.get("assumption"),
        configured=configured,
        thresholds=thresholds,
        schedule=schedule,
        projection_horizon_bimesters=num(p, "projection_horizon_bimesters"),
    )
