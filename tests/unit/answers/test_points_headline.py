"""The points' first line says a verdict the estimated part could turn as one («alcanzarías»)
and a verdict it cannot turn as a fact («ya cumples», «te faltan»)."""

from datetime import date
from decimal import Decimal

from bot.flows.savings.views import _headline
from domain.savings.contributions import Bimester
from domain.savings.points.evaluate import PointsResult, evaluate_points
from domain.savings.records import WorkerType
from tests.support.savings_builders import record, ref_on, series

ON = date(2025, 7, 15)


def _outcome(**fields: object) -> PointsResult:
    result = evaluate_points(record(**fields), ON, ref_on(ON), "T1000")
    assert isinstance(result, PointsResult)
    return result


def test_a_verdict_resting_on_the_estimate_is_said_as_one() -> None:
    outcome = _outcome(contributions=series(Bimester(2020, 1), 32), birth_date=date(1990, 6, 15),
                       sex="M", daily_salary=Decimal("400"), subcuenta_balance=Decimal("30000"))
    assert outcome.threshold.met and outcome.threshold.depends_on_estimate
    assert _headline(outcome).key == "answer.points.met_estimated"


def test_a_verdict_the_estimate_cannot_turn_is_said_as_a_fact() -> None:
    outcome = _outcome(contributions=series(Bimester(2025, 1), 1), birth_date=date(2003, 1, 1),
                       sex="H", daily_salary=Decimal("300"), subcuenta_balance=Decimal("0"),
                       worker_type=WorkerType.EVENTUAL)
    assert not outcome.threshold.depends_on_estimate
    headline = _headline(outcome)
    assert headline.key == "answer.points.not_met"
    assert headline.params["missing"] == Decimal(outcome.threshold.missing_points) > 0
