"""Read the yearly JSON files once into frozen ``ReferenceYear`` values, validating them.

The only I/O of the savings rules. ``default_reference()`` reads the shipped files on first
use and keeps the result; ``load_reference(directory)`` reads another directory (tests).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from domain.errors import DomainError
from domain.reference.model import LagRule, MinimumWage, ReferenceYear, Source, Uma
from domain.reference.parse import (
    ParseError,
    dec,
    iso_date,
    num,
    parse_credit,
    parse_points,
    text,
)

CAP_TOLERANCE = Decimal("1.00")
"""The published cap is checked against uma_daily_multiple x UMA daily within one peso:
the 2025 published figure (2,830,672.54) is 0.25 above 25,019.2 x 113.14."""


class InvalidReferenceData(DomainError):
    key = "error.savings.reference_invalid"


class ReferenceDataUnavailable(DomainError):
    key = "error.savings.reference_unavailable"


@dataclass(frozen=True)
class ReferenceTable:
    """Every loaded year; ``for_date`` picks the rules in force on a date."""

    years: Mapping[int, ReferenceYear]

    def year(self, year: int) -> ReferenceYear:
        try:
            return self.years[year]
        except KeyError:
            raise ReferenceDataUnavailable(year=year) from None

    def for_date(self, on: date) -> ReferenceYear:
        """Calendar-year rules (minimum wage from 1 Jan) with the UMA, and the credit rules,
        of the UMA year containing ``on`` (1 Feb - 31 Jan): on 31 Jan 2026 the UMA, the cap,
        the rate floor and its upper band, the share bands and the rounding unit are 2025's
        while the minimum wage is 2026's. Every credit parameter is counted in UMAs of its
        own year (the 2026 floor's band 2.6 is 2.6 of 2026's UMA), so pairing January's UMA
        with the next year's bands would move a worker across a band they are not in."""
        calendar = self.year(on.year)
        for candidate in self.years.values():
            if candidate.uma.valid_from <= on <= candidate.uma.valid_to:
                return replace(calendar, uma=candidate.uma, credit=candidate.credit)
        raise ReferenceDataUnavailable(year=on.year)


def load_reference(directory: Path | Traversable) -> ReferenceTable:
    years: dict[int, ReferenceYear] = {}
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        try:
            raw = json.loads(entry.read_text(encoding="utf-8"))
            ref = parse_year(raw)
        except (ParseError, KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise InvalidReferenceData(file=entry.name, problem=str(exc)) from exc
        if entry.name != f"{ref.year}.json":
            raise InvalidReferenceData(file=entry.name, problem="file name is not the year")
        years[ref.year] = ref
    if not years:
        raise InvalidReferenceData(file=str(directory), problem="no year files")
    return ReferenceTable(years)


@functools.cache
def default_reference() -> ReferenceTable:
    """The shipped data files, read once per process."""
    return load_reference(files("domain.reference").joinpath("data"))


def parse_year(raw: Any) -> ReferenceYear:
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        raise ParseError("schema_version must be 1")
    year = num(raw, "year")
    sources = {
        sid: Source(sid, text(s, "title"), s.get("url"))
        for sid, s in raw["sources"].items()
    }
    _check_sources(raw, set(sources))
    uma = _parse_uma(raw["uma"], year)
    mw = raw["minimum_wage"]
    minimum_wage = MinimumWage(
        year=year,
        general_daily=dec(mw, "general_daily"),
        northern_border_daily=dec(mw, "northern_border_daily"),
        valid_from=iso_date(mw, "valid_from"),
        valid_to=iso_date(mw, "valid_to"),
    )
    if (minimum_wage.valid_from, minimum_wage.valid_to) != (date(year, 1, 1), date(year, 12, 31)):
        raise ParseError("minimum wage must run 1 Jan - 31 Dec of the year")
    if minimum_wage.northern_border_daily < minimum_wage.general_daily:
        raise ParseError("northern border minimum wage below the general one")
    credit = parse_credit(raw["credit"], year)
    expected_cap = dec(raw["credit"]["cap"], "uma_daily_multiple") * uma.daily
    if abs(credit.cap - expected_cap) > CAP_TOLERANCE:
        raise ParseError(f"cap {credit.cap} is not {expected_cap} within {CAP_TOLERANCE}")
    lag = raw["contribution_lag"]
    return ReferenceYear(
        year=year,
        rule_set=text(raw, "rule_set"),
        data_version=text(raw, "data_version"),
        sources=tuple(sources.values()),
        uma=uma,
        minimum_wage=minimum_wage,
        employer_contribution_share=dec(raw["employer_contribution_share"], "value"),
        credit=credit,
        points=parse_points(raw["points"], year),
        contribution_lag=_parse_lag(lag["visible_from"]),
        lag_assumption=lag.get("assumption"),
    )


def _parse_uma(u: Any, year: int) -> Uma:
    uma = Uma(
        year=year,
        daily=dec(u, "daily"),
        monthly_factor=dec(u, "monthly_factor"),
        monthly_published=dec(u, "monthly_published"),
        valid_from=iso_date(u, "valid_from"),
        valid_to=iso_date(u, "valid_to"),
    )
    if (uma.valid_from, uma.valid_to) != (date(year, 2, 1), date(year + 1, 1, 31)):
        raise ParseError("UMA must run 1 Feb of the year - 31 Jan of the next")
    rounded = uma.monthly.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded != uma.monthly_published:
        raise ParseError(f"UMA monthly {uma.monthly_published} is not daily x factor ({rounded})")
    return uma


def _parse_lag(rows: Any) -> tuple[LagRule, ...]:
    rules = tuple(
        LagRule(num(r, "bimester"), num(r, "month"), num(r, "day"), num(r, "year_offset"),
                num(r, "by_day"))
        for r in rows
    )
    if [r.bimester for r in rules] != [1, 2, 3, 4, 5, 6]:
        raise ParseError("contribution lag must list bimesters 1 to 6 in order")
    for r in rules:
        date(2001 + r.year_offset, r.month, r.day)  # a real day; raises ValueError
        date(2001 + r.year_offset, r.month, r.by_day)
        if r.by_day < r.day:
            raise ParseError("contribution lag by_day must not come before day")
        if r.year_offset not in (0, 1):
            raise ParseError("contribution lag year_offset must be 0 or 1")
    return rules


def _check_sources(node: Any, known: set[str]) -> None:
    """Every ``source`` named anywhere in the file must be listed under ``sources``."""
    if isinstance(node, dict):
        ref = node.get("source")
        if isinstance(ref, str) and ref not in known:
            raise ParseError(f"unknown source {ref!r}")
        for key, value in node.items():
            if key != "sources":
                _check_sources(value, known)
    elif isinstance(node, list):
        for item in node:
            _check_sources(item, known)
