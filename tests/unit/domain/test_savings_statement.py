from datetime import date
from decimal import Decimal

import pytest

from domain.savings.contributions import Bimester
from domain.savings.records import Contribution, Movement, MovementKind, WorkerRecord
from domain.savings.statement import (
    BeforeFirstMovement,
    InvalidStatementPeriod,
    Statement,
    build_statement,
    check_movements_by,
    recent_bimesters,
    statement_for_year,
)
from tests.support.savings_builders import record, series

AS_OF = date(2025, 8, 10)
UNPAID = Contribution(2025, 3, "Y1234567890", "Peñón", Decimal("400"), 61, Decimal("1220.00"), None)
MOVEMENTS = (
    Movement(date(2024, 3, 10), MovementKind.VOLUNTARY_CONTRIBUTION, Decimal("500.00"),
             "movement.voluntary_contribution"),
    Movement(date(2024, 12, 31), MovementKind.RETURNS, Decimal("1234.56"), "movement.returns"),
    Movement(date(2025, 2, 15), MovementKind.CREDIT_APPLICATION, Decimal("-2000.00"),
             "movement.credit_application"),
)


def worker() -> WorkerRecord:
    return record(
        contributions=series(Bimester(2023, 6), 8) + (UNPAID,),  # 2023-B6 .. 2025-B1 paid
        movements=MOVEMENTS,
        subcuenta_balance=Decimal("30000.00"),
        voluntary_balance=Decimal("500.00"),
    )


def assert_chained(statement: Statement) -> None:
    assert statement.periods[0].opening == statement.opening
    for before, after in zip(statement.periods, statement.periods[1:], strict=False):
        assert after.opening == before.closing
        assert after.start == before.bimester.next().start
    for period in statement.periods:
        assert period.closing == period.opening + sum(x.amount for x in period.lines)
    assert statement.closing == statement.periods[-1].closing


def test_totals_equal_the_sum_of_movements() -> None:
    statement = statement_for_year(worker(), 2024, AS_OF)
    totals = statement.totals
    lines = statement.lines
    assert totals.net == sum(x.amount for x in lines)
    assert statement.closing == statement.opening + totals.net
    by_kind = {k: sum((x.amount for x in lines if x.kind is k), Decimal(0)) for k in MovementKind}
    assert totals.employer_contributions == by_kind[MovementKind.EMPLOYER_CONTRIBUTION]
    assert totals.voluntary_contributions == Decimal("500.00")
    assert totals.returns == Decimal("1234.56")
    assert totals.credit_applications == 0  # the application was in 2025


def test_opening_and_closing_chain_across_periods() -> None:
    statement = statement_for_year(worker(), 2024, AS_OF)
    assert [p.bimester.number for p in statement.periods] == [1, 2, 3, 4, 5, 6]
    assert_chained(statement)


def test_the_current_bimester_closes_at_the_balance_as_of() -> None:
    statement = build_statement(worker(), Bimester(2024, 1), Bimester(2025, 6), AS_OF)
    assert statement.last == Bimester(2025, 4)  # cut at as_of
    assert statement.end == AS_OF
    assert statement.closing == statement.balance_as_of == Decimal("30500.00")
    assert_chained(statement)


def test_a_bimester_range() -> None:
    statement = build_statement(worker(), Bimester(2024, 3), Bimester(2024, 5), AS_OF)
    assert [str(p.bimester) for p in statement.periods] == ["2024-B3", "2024-B4", "2024-B5"]
    assert (statement.start, statement.end) == (date(2024, 5, 1), date(2024, 10, 31))
    assert all(date(2024, 5, 1) <= x.date <= date(2024, 10, 31) for x in statement.lines)
    # contributions are dated when paid: 2024-B2 (paid 17 May) falls in 2024-B3
    assert [x.bimester for x in statement.lines] == [
        Bimester(2024, 2), Bimester(2024, 3), Bimester(2024, 4)
    ]
    # the contribution table lists what the movements list: the same three payments
    assert [(c.year, c.bimester) for c in statement.contributions] == [
        (2024, 2), (2024, 3), (2024, 4)
    ]
    assert_chained(statement)
    whole = statement_for_year(worker(), 2024, AS_OF)
    assert statement.opening == whole.periods[2].opening
    assert statement.closing == whole.periods[4].closing


def test_unpaid_contributions_are_history_but_not_balance() -> None:
    statement = build_statement(worker(), Bimester(2025, 3), Bimester(2025, 4), AS_OF)
    assert UNPAID in statement.contributions
    assert all(x.kind is not MovementKind.EMPLOYER_CONTRIBUTION or x.bimester != Bimester(2025, 3)
               for x in statement.lines)


def test_historical_funds_for_older_workers() -> None:
    older = record(historical_fund_1972_1992=Decimal("1520.33"))
    statement = statement_for_year(older, 2025, AS_OF)
    assert [(f.key, f.balance) for f in statement.historical_funds] == [
        ("fund.1972_1992", Decimal("1520.33"))
    ]
    assert statement_for_year(record(), 2025, AS_OF).historical_funds == ()


@pytest.mark.parametrize(
    ("first", "last"),
    [(Bimester(2025, 3), Bimester(2025, 2)), (Bimester(2025, 5), Bimester(2025, 6))],
)
def test_invalid_periods(first: Bimester, last: Bimester) -> None:
    with pytest.raises(InvalidStatementPeriod):
        build_statement(worker(), first, last, AS_OF)


def test_recent_bimesters() -> None:
    assert recent_bimesters(AS_OF) == (Bimester(2024, 5), Bimester(2025, 4))
    assert recent_bimesters(date(2025, 1, 3), 2) == (Bimester(2024, 6), Bimester(2025, 1))


def test_a_period_before_the_first_movement_is_refused_only_where_asked() -> None:
    """A statement asked for a year before the record's first movement is refused with that
    bimester (it was a PDF of zeros); the balance views that build a statement of earlier
    bimesters (the overview's funds) still work."""
    with pytest.raises(BeforeFirstMovement) as refused:
        check_movements_by(worker(), Bimester(2022, 6), AS_OF)
    assert refused.value.params["year"] >= 2023
    check_movements_by(worker(), Bimester(2024, 6), AS_OF)  # movements by then: no error
    statement = build_statement(worker(), Bimester(2022, 1), Bimester(2022, 6), AS_OF)
    assert not any(period.lines for period in statement.periods)  # built, not refused
