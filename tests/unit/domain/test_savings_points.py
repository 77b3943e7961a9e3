from dataclasses import replace
from datetime import UTC, date
from decimal import Decimal
from typing import Any

import pytest

from domain.reference import Threshold, default_reference
from domain.savings.contributions import Bimester
from domain.savings.points.evaluate import (
    PointsResult,
    UnknownThreshold,
    evaluate_points,
    select_threshold,
)
from domain.savings.points.rules import PointsInputs, ThresholdStatus, check_threshold, score
from domain.savings.points.unavailable import (
    CreditOpen,
    NoActiveRelationship,
    PensionInProcess,
    PointsUnavailable,
)
from domain.savings.records import CreditStatus, CreditSummary, Regime, WorkerRecord, WorkerType
from tests.support.savings_builders import record, ref_on, series

ON = date(2025, 7, 15)
REF = ref_on(ON)
T1000 = REF.points.thresholds["T1000"]
T100 = REF.points.thresholds["T100"]
REQ = REF.points.thresholds["REQUIREMENTS"]
BASE = PointsInputs(
    continuous_bimesters=10,
    age=35,
    uma_multiple=Decimal("3"),
    minimum_wages=Decimal("1.5"),
    subcuenta_balance=Decimal("30000"),
    worker_type=WorkerType.PERMANENT,
    sex="H",
)


def component(inputs: PointsInputs, name: str, threshold: Threshold = T1000) -> int:
    parts = {c.key: c.points for c in score(inputs, REF.points, threshold)}
    return parts.get("points.component." + name, 0)


@pytest.mark.parametrize(
    ("bimesters", "points"),
    [(0, 0), (2, 0), (3, 90), (8, 90), (9, 123), (17, 123), (18, 149), (29, 149), (30, 191),
     (60, 191)],
)
def test_continuous_bimesters_table(bimesters: int, points: int) -> None:
    inputs = replace(BASE, continuous_bimesters=bimesters)
    assert component(inputs, "continuous_bimesters") == points


@pytest.mark.parametrize(
    ("age", "points"),
    [(18, 105), (23, 105), (24, 118), (29, 118), (30, 124), (39, 124), (40, 128), (55, 128),
     (56, 114), (70, 114)],
)
def test_age_table(age: int, points: int) -> None:
    assert component(replace(BASE, age=age), "age") == points


@pytest.mark.parametrize(
    ("multiple", "points"),
    [("1", 111), ("2.7", 111), ("2.75", 111), ("2.7999", 111), ("2.8", 128), ("4.1", 128),
     ("4.1999", 128), ("4.2", 144), ("12", 144)],
)
def test_salary_in_uma_table_closes_the_published_gaps(multiple: str, points: int) -> None:
    assert component(replace(BASE, uma_multiple=Decimal(multiple)), "salary_uma") == points


@pytest.mark.parametrize(
    ("balance", "points"),
    [("0", 116), ("9999.99", 116), ("10000", 119), ("24999.99", 119), ("25000", 122),
     ("49999.99", 122), ("50000", 124), ("800000", 124)],
)
def test_subcuenta_balance_table(balance: str, points: int) -> None:
    inputs = replace(BASE, subcuenta_balance=Decimal(balance))
    assert component(inputs, "subcuenta_balance") == points


def test_worker_type_women_bonus_and_configured_components() -> None:
    assert component(BASE, "worker_type") == 123
    assert component(replace(BASE, worker_type=WorkerType.EVENTUAL), "worker_type") == 0
    assert component(BASE, "women_bonus") == 0
    assert component(replace(BASE, sex="M"), "women_bonus") == 20
    assert component(BASE, "labour_stability") == 130
    assert component(BASE, "employer_compliance") == 129
    assert component(BASE, "employer_context_and_bureau") == 150
    assert component(BASE, "labour_stability", T100) == 0  # T100 leaves the employer out


@pytest.mark.parametrize(("total", "status"), [(1079, "not_met"), (1080, "met"), (1200, "met")])
def test_t1000_threshold(total: int, status: str) -> None:
    check = check_threshold(total, BASE, T1000)
    assert check.status == ThresholdStatus(status)
    assert check.missing_points == max(0, 1080 - total)


@pytest.mark.parametrize(
    ("multiple", "bimesters", "total", "status"),
    [
        ("0.99", 10, 500, "not_applicable"),
        ("1", 10, 500, "met"),
        ("2", 10, 500, "met"),
        ("2.01", 10, 500, "not_applicable"),
        ("1.5", 2, 500, "not_met"),  # 4 months < 6
        ("1.5", 3, 500, "met"),
        ("1.5", 10, 99, "not_met"),
        ("1.5", 10, 100, "met"),
    ],
)
def test_t100_threshold(multiple: str, bimesters: int, total: int, status: str) -> None:
    inputs = replace(BASE, minimum_wages=Decimal(multiple), continuous_bimesters=bimesters)
    assert check_threshold(total, inputs, T100).status == ThresholdStatus(status)


@pytest.mark.parametrize(
    ("multiple", "bimesters", "status"),
    [("1.5", 3, "met"), ("1.5", 2, "not_met"), ("2.5", 10, "not_applicable")],
)
def test_requirements_threshold_ignores_points(multiple: str, bimesters: int, status: str) -> None:
    inputs = replace(BASE, minimum_wages=Decimal(multiple), continuous_bimesters=bimesters)
    check = check_threshold(0, inputs, REQ)
    assert check.status == ThresholdStatus(status)
    assert "points.requirement.points" not in {r.key for r in check.requirements}


def test_requirements_threshold_names_all_four_and_leaves_the_home_to_the_worker() -> None:
    """The 6 Oct 2025 announcement: formal job, income band, six continuous months and not
    owning a home; the record shows the first three, not the home."""
    check = check_threshold(0, replace(BASE, continuous_bimesters=3), REQ)
    met = {r.key: r.met for r in check.requirements}
    assert met == {"points.requirement.income_band": True,
                   "points.requirement.continuous_months": True,
                   "points.requirement.formal_job": True,
                   "points.requirement.no_home": None}
    assert check.status is ThresholdStatus.MET


@pytest.mark.parametrize(
    ("day", "multiple", "expected"),
    [
        (date(2024, 9, 1), "1.5", "T1000"),
        (date(2025, 8, 17), "1.5", "T1000"),
        (date(2025, 8, 18), "1.5", "T100"),
        (date(2025, 8, 18), "3", "T1000"),
        (date(2025, 10, 5), "1.5", "T100"),
        (date(2025, 10, 6), "1.5", "REQUIREMENTS"),
        (date(2025, 10, 6), "2.5", "T1000"),
        (date(2026, 5, 1), "2", "REQUIREMENTS"),
        (date(2026, 5, 1), "2.5", "T1000"),
    ],
)
def test_default_threshold_follows_the_schedule(day: date, multiple: str, expected: str) -> None:
    assert select_threshold(ref_on(day), day, Decimal(multiple)).id == expected


def test_threshold_is_selectable_and_unknown_ids_are_refused() -> None:
    assert select_threshold(REF, ON, Decimal("5"), "T100").id == "T100"
    with pytest.raises(UnknownThreshold):
        select_threshold(REF, ON, Decimal("5"), "T50")


def worker() -> WorkerRecord:
    return record(
        contributions=series(Bimester(2020, 1), 32),  # to 2025-B2
        birth_date=date(1990, 6, 15),
        sex="M",
        daily_salary=Decimal("400"),
        subcuenta_balance=Decimal("30000"),
    )


def test_points_from_the_record() -> None:
    result = evaluate_points(worker(), ON, REF)
    assert isinstance(result, PointsResult)
    parts = {c.key.removeprefix("points.component."): c.points for c in result.components}
    assert parts == {
        "continuous_bimesters": 191,
        "age": 124,
        "salary_uma": 128,  # 400 / 113.14 = 3.54 UMA
        "subcuenta_balance": 122,
        "worker_type": 123,
        "women_bonus": 20,
        "labour_stability": 130,
        "employer_compliance": 129,
        "employer_context_and_bureau": 150,
    }
    assert result.total == 1117
    assert result.threshold.threshold_id == "T1000"
    assert result.threshold.met
    assert result.continuous_bimesters == 32
    assert (result.latest_bimester, result.next_bimester) == (Bimester(2025, 2), Bimester(2025, 3))
    assert result.next_visible_on == date(2025, 9, 1)
    assert (result.rules.year, result.rules.uma_year) == (2025, 2025)
    assert "assumption.estimate" in result.assumptions
    assert "assumption.unpublished_components" in result.assumptions


def test_the_known_subtotal_and_the_estimated_part_apart() -> None:
    result = evaluate_points(worker(), ON, REF)
    assert isinstance(result, PointsResult)
    assert result.estimated_points == 130 + 129 + 150 == 409
    assert result.known_points == 1117 - 409 == 708
    assert [c.key for c in result.components if c.estimated] == [
        "points.component.labour_stability",
        "points.component.employer_compliance",
        "points.component.employer_context_and_bureau",
    ]
    assert result.possible_range == (708, 708 + 130 + 129 + 291)
    assert result.threshold.met and result.threshold.depends_on_estimate  # 708 alone fall short


def test_points_short_rest_on_the_estimate() -> None:
    # Eventual instead of permanent (-123) and a smaller balance (-3): 1,117 - 126 = 991,
    # 89 short; with the employer's and bureau's real values anywhere from 582 to 1,132.
    short = record(
        contributions=series(Bimester(2020, 1), 32), birth_date=date(1990, 6, 15), sex="M",
        daily_salary=Decimal("400"), subcuenta_balance=Decimal("20000"),
        worker_type=WorkerType.EVENTUAL,
    )
    result = evaluate_points(short, ON, REF)
    assert isinstance(result, PointsResult)
    assert result.total == 1117 - 123 - 3
    assert result.threshold.missing_points == 1080 - result.total
    assert not result.threshold.met
    assert result.threshold.depends_on_estimate


def test_a_verdict_the_estimate_cannot_change_does_not_rest_on_it() -> None:
    newcomer = record(contributions=series(Bimester(2025, 1), 1), birth_date=date(2003, 1, 1),
                      sex="H", daily_salary=Decimal("300"), subcuenta_balance=Decimal("0"),
                      worker_type=WorkerType.EVENTUAL)
    result = evaluate_points(newcomer, ON, REF, "T1000")
    assert isinstance(result, PointsResult)
    low, high = result.possible_range
    assert high < 1080  # even with every estimated component at its maximum
    assert not result.threshold.met
    assert not result.threshold.depends_on_estimate


def test_the_lag_hides_recent_contributions() -> None:
    early = evaluate_points(worker(), date(2025, 4, 30), ref_on(date(2025, 4, 30)))
    assert isinstance(early, PointsResult)
    assert early.latest_bimester == Bimester(2024, 6)
    assert early.continuous_bimesters == 30


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({"relationship_active": False}, NoActiveRelationship),
        ({"pension_in_process": True}, PensionInProcess),
        ({"credit": CreditSummary("1234567890", CreditStatus.IN_PROCESS, Regime.ROA)}, CreditOpen),
        ({"credit": CreditSummary("1234567890", CreditStatus.CURRENT, Regime.REA)}, CreditOpen),
        ({"credit": CreditSummary("1234567890", CreditStatus.IN_ARREARS, Regime.ROA)}, CreditOpen),
        (
            {
                "credit": CreditSummary("1234567890", CreditStatus.CURRENT, Regime.ROA),
                "relationship_active": False,
            },
            CreditOpen,
        ),
    ],
)
def test_points_cannot_be_shown(changes: dict[str, Any], outcome: type) -> None:
    result = evaluate_points(replace(worker(), **changes), ON, REF)
    assert type(result) is outcome
    assert isinstance(result, PointsUnavailable)
    assert result.key.startswith("points.unavailable.")


@pytest.mark.parametrize("status", [CreditStatus.PAID_OFF, CreditStatus.CANCELLED])
def test_closed_credits_do_not_hide_points(status: CreditStatus) -> None:
    closed = replace(worker(), credit=CreditSummary("1234567890", status, Regime.ROA))
    assert isinstance(evaluate_points(closed, ON, REF), PointsResult)


@pytest.mark.parametrize(
    ("day", "daily_salary", "scheme", "why", "since"),
    [
        (date(2024, 9, 1), "400", "T1000", "points.why.only_scheme", date(2021, 5, 1)),
        (date(2025, 8, 17), "400", "T1000", "points.why.only_scheme", date(2021, 5, 1)),
        (date(2025, 8, 18), "420", "T100", "points.why.in_band", date(2025, 8, 18)),
        (date(2025, 9, 1), "900", "T1000", "points.why.outside_band", date(2025, 8, 18)),
        (date(2025, 10, 6), "420", "REQUIREMENTS", "points.why.in_band", date(2025, 10, 6)),
        (date(2026, 5, 1), "900", "T1000", "points.why.outside_band", date(2025, 10, 6)),
    ],
)
def test_which_scheme_applied_on_the_date_and_why(
    day: date, daily_salary: str, scheme: str, why: str, since: date
) -> None:
    worker = record(contributions=series(Bimester(2020, 1), 30, Decimal(daily_salary)),
                    daily_salary=Decimal(daily_salary))
    result = evaluate_points(worker, day, ref_on(day))
    assert isinstance(result, PointsResult)
    assert result.threshold.threshold_id == scheme
    assert result.why is not None
    assert (result.why.key, result.why.params["since"]) == (why, since)


def test_a_chosen_scheme_names_the_one_in_force() -> None:
    day = date(2026, 5, 1)
    result = evaluate_points(worker(), day, ref_on(day), "T100")
    assert isinstance(result, PointsResult) and result.why is not None
    assert (result.why.key, result.why.params) == ("points.why.chosen", {"default": "REQUIREMENTS"})


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_scheme_dates_and_the_requirement_come_from_the_year_file(year: int) -> None:
    ref = default_reference().year(year)
    since = {tid: t.since for tid, t in ref.points.thresholds.items()}
    assert since == {"T1000": date(2021, 5, 1), "T100": date(2025, 8, 18),
                     "REQUIREMENTS": date(2025, 10, 6)}
    titles = {s.id: s.title for s in ref.sources}
    assert "not owning a home" in titles["requirements"]
    assert "no active credit" not in titles["requirements"]
    assert "6 Oct 2025" in titles["requirements"] and "18 Aug 2025" in titles["t100"]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_contributions_show_in_the_first_or_second_week_of_the_lag_months(year: int) -> None:
    lag = default_reference().year(year).contribution_lag
    assert [(r.month, r.day, r.by_day) for r in lag] == [
        (5, 1, 14), (7, 1, 14), (9, 1, 14), (10, 1, 14), (1, 1, 14), (3, 1, 14)
    ]


@pytest.mark.parametrize(("on", "offered"), [
    (date(2024, 6, 1), ("T1000",)),
    (date(2025, 8, 17), ("T1000",)),
    (date(2025, 8, 18), ("T1000", "T100")),
    (date(2025, 10, 6), ("T1000", "T100", "REQUIREMENTS")),
])
def test_only_schemes_in_force_on_the_date_can_be_chosen(
    on: date, offered: tuple[str, ...]
) -> None:
    from datetime import datetime

    from domain.savings.service import SavingsService

    service = SavingsService(uow=None, notifier=None, renderer=None)  # type: ignore[arg-type]
    noon = datetime(on.year, on.month, on.day, 18, tzinfo=UTC)
    assert service.thresholds(noon) == offered
