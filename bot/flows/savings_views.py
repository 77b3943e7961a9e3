"""What the savings flows show, built from the service's results as keys and values.

Shared by the points, statement and precalification flows: each function turns one result
into ``Say`` objects (templates under ``locales/templates/savings_*.j2`` and catalog keys),
with money, percentages and dates wrapped so the translator formats them for the locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from bot.messages import LongDate, Money, Msg, Percent, Say, Template
from domain.contributions import Bimester
from domain.points import PointsResult
from domain.points_projection import ReachedIn, Unreachable
from domain.points_rules import PointsComponent
from domain.points_unavailable import PointsUnavailable
from domain.precalification import Precalification, Reason
from domain.reference.model import RuleSetRef
from domain.savings.reports import PointsReport, SavingsOverview
from domain.statement import Statement

COMPONENT = "points.component."


def bimester_name(bimester: Bimester) -> Msg:
    """A bimester in words, e.g. bimestre 5 (septiembre-octubre) de 2026."""
    return Msg("savings_flow.bimester", number=bimester.number, year=bimester.year,
               months=Msg(f"savings_flow.months.{bimester.number}"))


def rules_line(rules: RuleSetRef) -> Msg:
    return Msg("savings_flow.rules", rule_set=rules.rule_set, version=rules.data_version,
               year=rules.year, uma_year=rules.uma_year)


def _assumptions(keys: tuple[str, ...]) -> list[Msg]:
    return [Msg(key) for key in keys]


# --- points -----------------------------------------------------------------------------


def _measure(component: PointsComponent) -> object | None:
    """The value the component's table was read with, as the worker understands it."""
    name, value = component.key.removeprefix(COMPONENT), component.measure
    if value is None:
        return None
    if name == "age":
        return Msg("savings_flow.measure.age", years=value)
    if name == "continuous_bimesters" and isinstance(value, int):
        return Msg("points_flow.measure.continuous", months=2 * value, bimesters=value)
    if name in ("subcuenta_balance", "salary_uma") and isinstance(value, Decimal):
        return Money(value)
    if name == "worker_type":
        return Msg(f"savings_flow.worker_type.{value}")
    return value


def points_says(report: PointsReport) -> list[Say]:
    outcome = report.outcome
    if not isinstance(outcome, PointsResult):
        return [Say(unavailable(outcome))]
    threshold = outcome.threshold
    projection: list[Msg] = []
    shown = report.projection
    if isinstance(shown, ReachedIn):
        bimester = Msg("savings_flow.bimester_short", number=shown.bimester.number,
                       year=shown.bimester.year)
        projection.append(Msg(shown.key, bimesters=shown.bimesters, bimester=bimester,
                              visible_on=LongDate(shown.visible_on)))
    elif isinstance(shown, Unreachable):
        projection += [Msg(shown.key), Msg(shown.reason, best_points=shown.best_points)]
    low, high = outcome.possible_range
    params: dict[str, Any] = {
        "total": Decimal(outcome.total),
        "estimated": Decimal(outcome.estimated_points),
        "known": Decimal(outcome.known_points),
        "missing": Decimal(threshold.missing_points),
        "depends_on_estimate": threshold.depends_on_estimate,
        "low": Decimal(low),
        "high": Decimal(high),
        "components": [{"label": Msg(c.key), "measure": _measure(c), "points": c.points}
                       for c in outcome.components],
        "counted_until": bimester_name(outcome.latest_bimester),
        "scheme": Msg(f"points.threshold_name.{threshold.threshold_id}"),
        "by_requirements": threshold.kind == "requirements",
        "status": Msg(threshold.status.key),
        "requirements": [{"text": Msg(r.key, **_money(_grouped(r.params))), "met": r.met}
                         for r in threshold.requirements],
        "projection": projection,
        "next_bimester": bimester_name(outcome.next_bimester),
        "next_visible_on": LongDate(outcome.next_visible_on),
        "next_visible_by": LongDate(outcome.next_visible_by or outcome.next_visible_on),
        "why": _why(outcome),
        "registered_recently": report.registered_recently,
        "assumptions": _assumptions(outcome.assumptions),
        "rules": rules_line(report.rules),
    }
    return [Say(Template("savings_points", params))]


def _grouped(params: Mapping[str, object]) -> dict[str, object]:
    """Whole numbers as ``Decimal``, so the locale groups their thousands ("1,080")."""
    return {name: Decimal(value) if isinstance(value, int) and not isinstance(value, bool)
            else value for name, value in params.items()}


MONEY_PARAMS = frozenset({"income", "low_amount", "high_amount"})


def _why(outcome: PointsResult) -> Msg | None:
    """Why this scheme: its start date from the year file, the band, the worker's salary."""
    why = outcome.why
    if why is None:
        return None
    params = dict(why.params)
    if "default" in params:
        params["default"] = Msg(f"points.threshold_name.{params['default']}")
    if isinstance(params.get("since"), date):
        params["since"] = LongDate(params["since"])  # type: ignore[arg-type]
    return Msg(why.key, **_money(_grouped(params)))


def _money(params: dict[str, object]) -> dict[str, object]:
    """Amounts in pesos shown as money, so every line writes the salary the same way."""
    return {name: Money(value) if name in MONEY_PARAMS and isinstance(value, Decimal)
            else value for name, value in params.items()}


def unavailable(outcome: PointsUnavailable) -> Msg:
    """Why points cannot be shown, and what the worker can do about it."""
    todo = outcome.key.replace("points.unavailable.", "points_flow.todo.")
    return Msg("points_flow.unavailable", reason=Msg(outcome.key), todo=Msg(todo))


# --- precalification --------------------------------------------------------------------


def _reason(reason: Reason) -> Msg:
    params = dict(reason.params)
    if "threshold" in params:
        params["threshold"] = Msg(f"points.threshold_name.{params['threshold']}")
    return Msg(reason.key, **params)


def precalification_says(result: Precalification, from_record: bool) -> list[Say]:
    estimate = result.estimate
    figures = None
    if estimate is not None:
        co_income = estimate.co_borrower_monthly_income
        figures = {
            "amount": Money(estimate.credit),
            "payment": Money(estimate.monthly_payment),
            "rate": Percent(estimate.annual_rate),
            "term": estimate.term_years,
            "max_term": estimate.max_term_years,
            "closing": Money(estimate.closing_costs),
            "subcuenta": Money(estimate.subcuenta_balance),
            "total": Money(estimate.total),
            "salary": Money(estimate.monthly_salary),
            "co_income": Money(co_income) if co_income is not None else None,
            "capped": estimate.capped,
        }
    params = {
        "title": Msg("precal_flow.title.record" if from_record else "precal_flow.title.simulator"),
        "estimate": figures,
        "reasons": [_reason(reason) for reason in result.reasons],
        "todos": [Msg(reason.todo) for reason in result.reasons if reason.todo],
        "assumptions": _assumptions(result.assumptions),
        "rules": rules_line(result.rules),
    }
    return [Say(Template("savings_precalification", params))]


# --- contributions and statements -------------------------------------------------------


def overview_says(overview: SavingsOverview) -> list[Say]:
    recent = []
    for entry in reversed(overview.recent):  # newest first, as a worker reads a history
        lines = [{
            "employer": c.employer_name,
            "registration": c.employer_registration,
            "salary": Money(c.daily_salary),
            "days": c.days,
            "amount": Money(c.amount),
            "paid_on": LongDate(c.paid_on) if c.paid_on else None,
        } for c in entry.contributions]
        recent.append({"name": bimester_name(entry.bimester), "lines": lines})
    params = {
        "as_of": LongDate(overview.as_of),
        "balance": Money(overview.balance),
        "voluntary": Money(overview.voluntary) if overview.voluntary else None,
        "funds": [{"name": Msg(f.key), "amount": Money(f.balance)}
                  for f in overview.historical_funds],
        "count": len(overview.recent),
        "recent": recent,
    }
    return [Say(Template("savings_overview", params))]


def statement_summary(statement: Statement) -> Msg:
    return Msg("statement_flow.pdf_ready", start=LongDate(statement.start),
               end=LongDate(statement.end), opening=Money(statement.opening),
               closing=Money(statement.closing))
