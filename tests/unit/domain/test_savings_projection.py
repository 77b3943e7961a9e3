from datetime import date
from decimal import Decimal

import pytest

from domain.savings.contributions import Bimester
from domain.savings.points.projection import (
    REASON_HORIZON,
    REASON_INCOME,
    REASON_STATIC,
    AlreadyMet,
    ReachedIn,
    Unreachable,
    project_threshold,
)
from domain.savings.points.unavailable import NoActiveRelationship
from domain.savings.records import WorkerType
from tests.support.savings_builders import record, ref_on, series

ON = date(2025, 7, 15)  # latest visible bimester: 2025-B2
REF = ref_on(ON)
UMA = REF.uma.daily


def test_already_met() -> None:
    worker = record(contributions=series(Bimester(2020, 1), 32))
    result = project_threshold(worker, ON, REF)
    assert isinstance(result, AlreadyMet)
    assert result.threshold_id == "T1000"
    assert result.points >= 1080


def test_reached_when_continuous_bimesters_reach_thirty() -> None:
    # Man, 35, 3.5 UMA, permanent: 124 + 128 + 123 + 409 configured = 784 fixed points.
    # 1,080 needs 296 from bimesters + balance: only 191 (30 bimesters) + >= 116 does it.
    worker = record(
        sex="H",
        birth_date=date(1990, 1, 10),
        daily_salary=Decimal("3.5") * UMA,
        subcuenta_balance=Decimal("5000"),
        contributions=series(Bimester(2023, 5), 10, Decimal("3.5") * UMA),  # to 2025-B2
    )
    result = project_threshold(worker, ON, REF, "T1000")
    assert isinstance(result, ReachedIn)
    assert result.bimesters == 20
    assert result.bimester == Bimester(2028, 4)
    assert result.visible_on == date(2028, 10, 1)
    assert result.points >= 1080
    assert result.rules.year == 2025
    assert "assumption.projection" in result.assumptions


def test_requirements_reached_after_six_months() -> None:
    worker = record(
        daily_salary=Decimal("1.5") * REF.minimum_wage.general_daily,
        contributions=series(Bimester(2025, 2), 1, Decimal("418.20")),
    )
    result = project_threshold(worker, ON, REF, "REQUIREMENTS")
    assert isinstance(result, ReachedIn)
    assert result.bimesters == 2
    assert result.bimester == Bimester(2025, 4)
    assert result.visible_on == date(2025, 10, 1)


def test_unreachable_with_only_the_growing_components() -> None:
    # Eventual man at 1.5 UMA: 111 + 0 + 409 = 520 fixed; the growing components give at most
    # 191 (bimesters) + 124 (balance) + 128 (age 40-55, reached within the horizon).
    worker = record(
        sex="H",
        worker_type=WorkerType.EVENTUAL,
        daily_salary=Decimal("1.5") * UMA,
        contributions=(),
    )
    result = project_threshold(worker, ON, REF, "T1000")
    assert isinstance(result, Unreachable)
    assert result.reason == REASON_STATIC
    assert result.best_points == 520 + 191 + 124 + 128


def test_unreachable_when_income_is_outside_the_band() -> None:
    worker = record(daily_salary=Decimal("3") * REF.minimum_wage.general_daily)
    result = project_threshold(worker, ON, REF, "T100")
    assert isinstance(result, Unreachable)
    assert result.reason == REASON_INCOME


def test_unreachable_when_age_lowers_the_points_before_the_bimesters_add_up() -> None:
    # Man of 55 (128 points; 114 from 56) at 2 UMA, permanent, no contributions yet: 643 fixed.
    # Needs 437: 128 + 191 + 118 only before 56, yet 30 bimesters take five years.
    worker = record(
        sex="H",
        birth_date=date(1970, 7, 1),
        daily_salary=Decimal("2") * UMA,
        subcuenta_balance=Decimal("0"),
        contributions=(),
    )
    result = project_threshold(worker, ON, REF, "T1000")
    assert isinstance(result, Unreachable)
    assert result.reason == REASON_HORIZON


@pytest.mark.parametrize("threshold", [None, "T100"])
def test_projection_reports_why_points_cannot_show(threshold: str | None) -> None:
    worker = record(relationship_active=False)
    assert isinstance(project_threshold(worker, ON, REF, threshold), NoActiveRelationship)
