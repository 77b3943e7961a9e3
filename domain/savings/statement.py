"""Housing account statement: balances and movements per bimester, for a year or a range.

The statement covers the housing savings, subcuenta + voluntary balance. Its lines are the
employer contributions *on the day they were paid* (unpaid ones appear only in the
contribution history) and the record's movements (voluntary contributions, returns,
applications to a credit), each signed as it changes the balance. Opening balances are
reconstructed backwards from the balance on ``as_of`` (the date the record's balances refer
to), so older history need not be complete; then every period's closing is its opening plus
the sum of its lines, exactly (amounts are used as stored, nothing is rounded). The historical
funds 1972-1992 and 1992-1997 are listed apart, when not zero.

One source for the employer contributions: the statement's contribution table lists the
contributions *paid in its dates* (the very lines of its movements, each with the bimester it
pays) and then the ones of its bimesters not paid yet, which change no balance. So the table's
paid total is the movements' employer total to the cent (a 2019 statement shows 2018-B6, paid
in January 2019, and leaves 2019-B6, paid in January 2020, to the 2020 statement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.errors import DomainError
from domain.savings.contributions import Bimester, bimester_range, contributions_between
from domain.savings.records import Contribution, MovementKind, WorkerRecord

ZERO = Decimal("0")
CONTRIBUTION_KEY = "movement.employer_contribution"
FUND_1972_1992 = "fund.1972_1992"
FUND_1992_1997 = "fund.1992_1997"


class InvalidStatementPeriod(DomainError):
    key = "error.savings.invalid_statement_period"


class BeforeFirstMovement(DomainError):
    """A period that ends before the record's first movement: a statement of zeros (a
    worker who started in 2026 got a «2020» PDF with nothing in it)."""

    key = "error.savings.before_first_movement"
    a_miss = False


@dataclass(frozen=True)
class StatementLine:
    date: date
    kind: MovementKind
    amount: Decimal
    description_key: str
    employer_registration: str | None = None  # employer contributions only
    bimester: Bimester | None = None  # the bimester an employer contribution pays


@dataclass(frozen=True)
class Totals:
    employer_contributions: Decimal = ZERO
    voluntary_contributions: Decimal = ZERO
    returns: Decimal = ZERO
    credit_applications: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return (
            self.employer_contributions
            + self.voluntary_contributions
            + self.returns
            + self.credit_applications
        )

    @classmethod
    def of(cls, lines: Iterable[StatementLine]) -> Totals:
        sums = dict.fromkeys(MovementKind, ZERO)
        for line in lines:
            sums[line.kind] += line.amount
        return cls(
            employer_contributions=sums[MovementKind.EMPLOYER_CONTRIBUTION],
            voluntary_contributions=sums[MovementKind.VOLUNTARY_CONTRIBUTION],
            returns=sums[MovementKind.RETURNS],
            credit_applications=sums[MovementKind.CREDIT_APPLICATION],
        )


@dataclass(frozen=True)
class StatementPeriod:
    bimester: Bimester
    start: date
    end: date  # the bimester's last day, or ``as_of`` for the current bimester
    opening: Decimal
    lines: tuple[StatementLine, ...]
    totals: Totals
    closing: Decimal


@dataclass(frozen=True)
class HistoricalFund:
    key: str
    balance: Decimal


@dataclass(frozen=True)
class Statement:
    first: Bimester
    last: Bimester
    start: date
    end: date
    as_of: date
    opening: Decimal
    closing: Decimal
    periods: tuple[StatementPeriod, ...]
    totals: Totals
    contributions: tuple[Contribution, ...]  # paid in the dates, then unpaid of the bimesters
    historical_funds: tuple[HistoricalFund, ...]
    balance_as_of: Decimal  # subcuenta + voluntary on ``as_of``
    paid_later: tuple[Contribution, ...] = ()
    """Contributions of its bimesters paid after its end (by ``as_of``): in the next
    statement's movements, named here so the worker knows where they are."""

    @property
    def lines(self) -> tuple[StatementLine, ...]:
        return tuple(line for period in self.periods for line in period.lines)

    @property
    def paid_contributions(self) -> tuple[Contribution, ...]:
        """The table's rows that are movements (all but the unpaid ones)."""
        return tuple(c for c in self.contributions if _paid_by(c, self.end))


def _paid_by(contribution: Contribution, day: date) -> bool:
    return contribution.paid_on is not None and contribution.paid_on <= day


def _in_order(contributions: Iterable[Contribution]) -> tuple[Contribution, ...]:
    return tuple(sorted(contributions, key=lambda c: (c.year, c.bimester,
                                                      c.employer_registration)))


def statement_contributions(
    record: WorkerRecord, first: Bimester, last: Bimester, start: date, end: date, as_of: date
) -> tuple[Contribution, ...]:
    """Contributions paid from ``start`` to ``end`` (as the movements), then those of the
    bimesters ``first``..``last`` not paid by ``as_of``; each group in bimester order."""
    paid = (c for c in record.contributions
            if c.paid_on is not None and start <= c.paid_on <= end)
    unpaid = (c for c in contributions_between(record.contributions, first, last)
              if not _paid_by(c, as_of))
    return _in_order(paid) + tuple(unpaid)


def balance_lines(record: WorkerRecord, as_of: date) -> tuple[StatementLine, ...]:
    """Every dated change of the housing savings up to ``as_of``, in date order."""
    lines = [
        StatementLine(
            c.paid_on,
            MovementKind.EMPLOYER_CONTRIBUTION,
            c.amount,
            CONTRIBUTION_KEY,
            c.employer_registration,
            Bimester(c.year, c.bimester),
        )
        for c in record.contributions
        if c.paid_on is not None and c.paid_on <= as_of
    ]
    lines += [
        StatementLine(m.date, m.kind, m.amount, m.description_key)
        for m in record.movements
        if m.date <= as_of
    ]
    order = list(MovementKind)
    return tuple(sorted(lines, key=lambda x: (x.date, order.index(x.kind))))


def check_movements_by(record: WorkerRecord, last: Bimester, as_of: date) -> None:
    """Raise ``BeforeFirstMovement`` when a statement asked for ends before the record's
    first movement (and no older fund is kept): a document of zeros says nothing."""
    earliest = min((line.date for line in balance_lines(record, as_of)), default=None)
    if earliest is not None and earliest > min(last, Bimester.of(as_of)).end \
            and not record.historical_fund_1972_1992 and not record.historical_fund_1992_1997:
        started = Bimester.of(earliest)
        raise BeforeFirstMovement(number=started.number, year=started.year)


def build_statement(
    record: WorkerRecord, first: Bimester, last: Bimester, as_of: date
) -> Statement:
    """The statement of bimesters ``first``..``last`` (the last one cut at ``as_of``)."""
    if last < first or first.start > as_of:
        raise InvalidStatementPeriod(first=str(first), last=str(last), as_of=as_of.isoformat())
    last = min(last, Bimester.of(as_of))
    lines = balance_lines(record, as_of)
    now = record.subcuenta_balance + record.voluntary_balance
    opening = now - sum((x.amount for x in lines if x.date >= first.start), ZERO)
    periods = []
    balance = opening
    for bimester in bimester_range(first, last):
        end = min(bimester.end, as_of)
        chosen = tuple(x for x in lines if bimester.start <= x.date <= end)
        totals = Totals.of(chosen)
        periods.append(
            StatementPeriod(
                bimester, bimester.start, end, balance, chosen, totals, balance + totals.net
            )
        )
        balance += totals.net
    funds = (
        (FUND_1972_1992, record.historical_fund_1972_1992),
        (FUND_1992_1997, record.historical_fund_1992_1997),
    )
    return Statement(
        first=first,
        last=last,
        start=first.start,
        end=periods[-1].end,
        as_of=as_of,
        opening=opening,
        closing=balance,
        periods=tuple(periods),
        totals=Totals.of(x for p in periods for x in p.lines),
        contributions=statement_contributions(
            record, first, last, first.start, periods[-1].end, as_of
        ),
        historical_funds=tuple(HistoricalFund(k, v) for k, v in funds if v != 0),
        balance_as_of=now,
        paid_later=_in_order(
            c for c in contributions_between(record.contributions, first, last)
            if c.paid_on is not None and periods[-1].end < c.paid_on <= as_of
        ),
    )


def statement_for_year(record: WorkerRecord, year: int, as_of: date) -> Statement:
    return build_statement(record, Bimester(year, 1), Bimester(year, 6), as_of)


def recent_bimesters(as_of: date, count: int = 6) -> tuple[Bimester, Bimester]:
    """The ``count`` bimesters ending with the current one (cut at ``as_of``)."""
    last = Bimester.of(as_of)
    first = last
    for _ in range(count - 1):
        first = first.previous()
    return first, last
