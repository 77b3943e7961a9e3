"""Bimesters, the employer's 5% contribution and when a contribution becomes visible.

Bimesters: 1 Jan-Feb, 2 Mar-Apr, 3 May-Jun, 4 Jul-Aug, 5 Sep-Oct, 6 Nov-Dec. Employers pay by
about the 17th of the following odd month and a bimester reaches the points with the lag of
the reference data (bimester 1 in May, 2 in July, 3 in September, 4 in October, 5 in January
and 6 in March of the next year).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.errors import DomainError
from domain.reference.model import LagRule
from domain.savings.records import Contribution


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """The one rounding of the savings rules: half-up, at presentation boundaries only."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class InvalidBimester(DomainError):
    key = "error.savings.invalid_bimester"


@dataclass(frozen=True, order=True)
class Bimester:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 6:
            raise InvalidBimester(year=self.year, number=self.number)

    @classmethod
    def of(cls, day: date) -> Bimester:
        return cls(day.year, (day.month + 1) // 2)

    @property
    def start(self) -> date:
        return date(self.year, 2 * self.number - 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def next(self) -> Bimester:
        if self.number == 6:
            return Bimester(self.year + 1, 1)
        return Bimester(self.year, self.number + 1)

    def previous(self) -> Bimester:
        if self.number == 1:
            return Bimester(self.year - 1, 6)
        return Bimester(self.year, self.number - 1)

    def __str__(self) -> str:
        return f"{self.year}-B{self.number}"


def bimester_range(first: Bimester, last: Bimester) -> Iterator[Bimester]:
    """``first`` to ``last`` inclusive (empty when last < first)."""
    current = first
    while current <= last:
        yield current
        current = current.next()


def employer_contribution(daily_salary: Decimal, days: int, share: Decimal) -> Decimal:
    """share (5%) x registered daily salary x days, rounded half-up to cents (what is paid)."""
    return round_half_up(daily_salary * days * share)


PAYMENT_DAY = 17
"""Employers pay a bimester by about this day of the month after it (DOMAIN.md)."""


def payment_due(bimester: Bimester) -> date:
    """The day an employer pays the bimester by: the 17th of the month after it."""
    after = bimester.end + timedelta(days=1)
    return date(after.year, after.month, PAYMENT_DAY)


def next_payment(contributions: Iterable[Contribution], on: date) -> Bimester:
    """The bimester whose payment is expected next: the one after the latest paid by ``on``
    (or after the last closed bimester, when none was paid)."""
    paid = [Bimester(c.year, c.bimester) for c in contributions
            if c.paid_on is not None and c.paid_on <= on]
    latest = max(paid, key=lambda b: (b.year, b.number), default=Bimester.of(on).previous())
    return latest.next()


def visible_from(bimester: Bimester, lag: tuple[LagRule, ...]) -> date:
    """The first day a bimester's contribution can show in the points."""
    rule = lag[bimester.number - 1]
    return date(bimester.year + rule.year_offset, rule.month, rule.day)


def visible_by(bimester: Bimester, lag: tuple[LagRule, ...]) -> date:
    """The last day of the window in which a bimester's contribution shows."""
    rule = lag[bimester.number - 1]
    return date(bimester.year + rule.year_offset, rule.month, rule.by_day)


def latest_visible_bimester(on: date, lag: tuple[LagRule, ...]) -> Bimester:
    """The latest bimester whose contributions can show on ``on``."""
    candidate = Bimester.of(on)
    while visible_from(candidate, lag) > on:
        candidate = candidate.previous()
    return candidate


def is_counted(contribution: Contribution, on: date) -> bool:
    """A contribution counts once paid (on or before ``on``) and with days worked."""
    return contribution.days > 0 and contribution.paid_on is not None and contribution.paid_on <= on


def continuous_bimesters(
    contributions: Iterable[Contribution], up_to: Bimester, on: date
) -> int:
    """Consecutive bimesters with a counted contribution, ending at ``up_to``.

    Continuity is over the worker, not one employer: a bimester counts when any employer
    paid it (assumption ``assumption.continuous_any_employer``). Zero when ``up_to`` itself
    has no counted contribution.
    """
    paid = {
        Bimester(c.year, c.bimester) for c in contributions if is_counted(c, on)
    }
    count = 0
    current = up_to
    while current in paid:
        count += 1
        current = current.previous()
    return count


def contributions_between(
    contributions: Iterable[Contribution], first: Bimester, last: Bimester
) -> tuple[Contribution, ...]:
    """Contributions of the bimesters ``first``..``last``, in bimester then employer order."""
    chosen = [c for c in contributions if first <= Bimester(c.year, c.bimester) <= last]
    return tuple(sorted(chosen, key=lambda c: (c.year, c.bimester, c.employer_registration)))
