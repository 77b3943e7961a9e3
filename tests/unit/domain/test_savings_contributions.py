from datetime import date
from decimal import Decimal

import pytest

from domain.savings.contributions import (
    Bimester,
    InvalidBimester,
    continuous_bimesters,
    employer_contribution,
    latest_visible_bimester,
    visible_from,
)
from domain.savings.records import Contribution
from tests.support.savings_builders import ref_on, series

LAG = ref_on(date(2025, 6, 1)).contribution_lag


def test_employer_contribution_is_five_percent_of_salary_times_days() -> None:
    assert employer_contribution(Decimal("400"), 61, Decimal("0.05")) == Decimal("1220.00")
    assert employer_contribution(Decimal("278.80"), 59, Decimal("0.05")) == Decimal("822.46")


@pytest.mark.parametrize(
    ("bimester", "start", "end", "days"),
    [
        (Bimester(2024, 1), date(2024, 1, 1), date(2024, 2, 29), 60),
        (Bimester(2025, 1), date(2025, 1, 1), date(2025, 2, 28), 59),
        (Bimester(2025, 4), date(2025, 7, 1), date(2025, 8, 31), 62),
        (Bimester(2025, 6), date(2025, 11, 1), date(2025, 12, 31), 61),
    ],
)
def test_bimester_calendar(bimester: Bimester, start: date, end: date, days: int) -> None:
    assert (bimester.start, bimester.end, bimester.days) == (start, end, days)
    assert Bimester.of(start) == Bimester.of(end) == bimester


def test_bimester_neighbours_cross_the_year() -> None:
    assert Bimester(2025, 6).next() == Bimester(2026, 1)
    assert Bimester(2026, 1).previous() == Bimester(2025, 6)


def test_bimester_number_is_checked() -> None:
    with pytest.raises(InvalidBimester):
        Bimester(2025, 7)


@pytest.mark.parametrize(
    ("number", "shows_on"),
    [
        (1, date(2025, 5, 1)),
        (2, date(2025, 7, 1)),
        (3, date(2025, 9, 1)),
        (4, date(2025, 10, 1)),
        (5, date(2026, 1, 1)),
        (6, date(2026, 3, 1)),
    ],
)
def test_lag_table(number: int, shows_on: date) -> None:
    assert visible_from(Bimester(2025, number), LAG) == shows_on


@pytest.mark.parametrize(
    ("day", "latest"),
    [
        (date(2025, 4, 30), Bimester(2024, 6)),
        (date(2025, 5, 1), Bimester(2025, 1)),
        (date(2025, 6, 30), Bimester(2025, 1)),
        (date(2025, 7, 1), Bimester(2025, 2)),
        (date(2025, 9, 1), Bimester(2025, 3)),
        (date(2025, 10, 1), Bimester(2025, 4)),
        (date(2025, 12, 31), Bimester(2025, 4)),
        (date(2026, 1, 1), Bimester(2025, 5)),
        (date(2026, 2, 28), Bimester(2025, 5)),
        (date(2026, 3, 1), Bimester(2025, 6)),
    ],
)
def test_latest_visible_bimester(day: date, latest: Bimester) -> None:
    assert latest_visible_bimester(day, LAG) == latest


def test_continuous_bimesters_count_back_from_the_latest() -> None:
    history = series(Bimester(2024, 1), 8)  # 2024-B1 .. 2025-B2
    on = date(2025, 7, 1)
    assert continuous_bimesters(history, Bimester(2025, 2), on) == 8
    assert continuous_bimesters(history, Bimester(2025, 3), on) == 0


def test_a_gap_breaks_continuity_and_employers_may_change() -> None:
    first = series(Bimester(2024, 1), 3, employer="A0000000001")  # B1-B3
    second = series(Bimester(2024, 5), 4, employer="B0000000002")  # B5-2025B2: B4 missing
    on = date(2025, 8, 1)
    assert continuous_bimesters(first + second, Bimester(2025, 2), on) == 4


def test_unpaid_or_zero_day_contributions_do_not_count() -> None:
    (paid,) = series(Bimester(2025, 1), 1)
    unpaid = Contribution(2025, 2, "Y1", "X", Decimal("400"), 61, Decimal("1220"), None)
    zero = Contribution(2025, 2, "Y1", "X", Decimal("400"), 0, Decimal("0"), date(2025, 5, 17))
    on = date(2025, 8, 1)
    assert continuous_bimesters((paid, unpaid), Bimester(2025, 2), on) == 0
    assert continuous_bimesters((paid, zero), Bimester(2025, 2), on) == 0
    assert continuous_bimesters((paid,), Bimester(2025, 1), date(2025, 3, 16)) == 0
