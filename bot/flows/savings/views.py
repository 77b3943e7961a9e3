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

from bot.conversation.messages import LongDate, Money, Msg, Percent, Say, Template
from bot.flows.savings.charts import balance_chart, bimester, points_chart, precal_chart
from domain.savings.contributions import Bimester
from domain.savings.points.evaluate import PointsResult
from domain.savings.points.projection import ReachedIn, Unreachable
from domain.savings.points.rules import PointsComponent, ThresholdStatus
from domain.savings.points.unavailable import PointsUnavailable
from domain.savings.precalification.estimate import Precalification, Reason
from domain.savings.reports import PointsReport, SavingsOverview
from domain.savings.statement import Statement

COMPONENT = "points.component."
POINTS_REQUIREMENT = "points.requirement.points"
"""Said by the first line of the answer already."""


def bimester_name(bimester: Bimester) -> Msg:
    """A bimester in words, e.g. bimestre 5 (septiembre-octubre) de 2026."""
    return Msg("savings_flow.bimester", number=bimester.number, year=bimester.year,
               months=Msg(f"savings_flow.months.{bimester.number}"))


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
    """The first answer: the picture, then whether the points are enough and the two or
    three facts that matter; the parts and the assumptions are behind buttons."""
    outcome = report.outcome
    if not isinstance(outcome, PointsResult):
        return [Say(unavailable(outcome))]
    threshold = outcome.threshold
    projection: list[Msg] = []
    shown = report.projection
    if isinstance(shown, ReachedIn) and not threshold.met:
        bimester = Msg("savings_flow.bimester_short", number=shown.bimester.number,
                       year=shown.bimester.year)
        projection.append(Msg(_said_key(report, shown.key), bimesters=shown.bimesters,
                              bimester=bimester, visible_on=LongDate(shown.visible_on)))
    elif isinstance(shown, Unreachable):
        projection += [Msg(_said_key(report, shown.key)),
                       Msg(shown.reason, best_points=shown.best_points)]
    low, high = outcome.possible_range
    latest = outcome.latest_bimester
    params: dict[str, Any] = {
        "headline": _headline(outcome),
        "estimated": Decimal(outcome.estimated_points),
        "known": Decimal(outcome.record_points),
        "bonus": Decimal(outcome.bonus_points),
        "depends_on_estimate": threshold.depends_on_estimate,
        "low": Decimal(low),
        "high": Decimal(high),
        "requirements": [{"text": Msg(r.key, **_money(_grouped(r.params))), "met": r.met}
                         for r in threshold.requirements if r.key != POINTS_REQUIREMENT],
        "projection": projection,
        "counted_until": bimester_short(latest),
        "next_visible_on": LongDate(outcome.next_visible_on),
        "next_bimester": bimester_short(outcome.next_bimester),
        "next_already_paid": outcome.next_already_paid,
        "registered_recently": report.registered_recently,
    }
    chart = points_chart(outcome)
    return [Say(chart.caption, chart=chart), Say(Template("answer_points", params))]


def _said_key(report: PointsReport, key: str) -> str:
    """A projection read with a salary the worker asked about says «con ese salario», not
    «con tu salario actual»."""
    return key + "_at_salary_said" if report.salary_wondered else key


def points_missing_says(report: PointsReport) -> list[Say]:
    """«¿Cuántos me faltan?»: only what is missing (the points, the requirements not met or
    not known) and when it could be met; or that nothing is."""
    outcome = report.outcome
    if not isinstance(outcome, PointsResult):
        return [Say(unavailable(outcome))]
    threshold = outcome.threshold
    missing: list[Msg] = []
    if threshold.kind != "requirements" and not threshold.met and threshold.missing_points \
            and threshold.status is not ThresholdStatus.NOT_APPLICABLE:
        missing.append(_headline(outcome))
    missing += [Msg(r.key, **_money(_grouped(r.params))) for r in threshold.requirements
                if r.key != POINTS_REQUIREMENT and r.met is not True]
    if not missing and threshold.depends_on_estimate:
        # met only with the estimated part: not «nothing is missing» as a fact
        low, high = outcome.possible_range
        return [Say(Msg("points_flow.nothing_missing_estimated",
                        estimated=Decimal(outcome.estimated_points), low=Decimal(low),
                        high=Decimal(high)))]
    if not missing:
        return [Say(Msg("points_flow.nothing_missing"))]
    shown = report.projection
    if isinstance(shown, ReachedIn):
        bimester = Msg("savings_flow.bimester_short", number=shown.bimester.number,
                       year=shown.bimester.year)
        missing.append(Msg(_said_key(report, shown.key), bimesters=shown.bimesters,
                           bimester=bimester, visible_on=LongDate(shown.visible_on)))
    return [Say(Msg("points_flow.missing", items=missing))]


def _headline(outcome: PointsResult) -> Msg:
    threshold = outcome.threshold
    total = Decimal(outcome.total)
    scheme = Msg(f"points.threshold_name.{threshold.threshold_id}")
    if threshold.kind == "requirements":
        return Msg("answer.points.by_requirements", total=total, scheme=scheme)
    if threshold.status is ThresholdStatus.NOT_APPLICABLE:
        return Msg("answer.points.not_applicable", total=total, scheme=scheme)
    required = Decimal(threshold.minimum_points or 0)
    # a verdict the estimated part could turn is said as one («alcanzarías»), not as a fact
    estimated = "_estimated" if threshold.depends_on_estimate else ""
    if threshold.met:
        return Msg(f"answer.points.met{estimated}", total=total, required=required)
    if not threshold.missing_points:  # the points reached, another requirement not met:
        # not «te faltan 0 para los 100»
        return Msg("answer.points.enough_but_requirements", total=total, required=required)
    return Msg(f"answer.points.not_met{estimated}", total=total, required=required,
               missing=Decimal(threshold.missing_points))


def points_how_says(outcome: PointsResult) -> list[Say]:
    """«¿Cómo se calcula?»: every part of the points, what it was read from, and why this
    scheme."""
    components = [{"label": Msg(c.key), "measure": _measure(c), "points": Decimal(c.points)}
                  for c in outcome.components]
    return [Say(Template("answer_points_how", {"total": Decimal(outcome.total),
                                               "components": components,
                                               "why": _why(outcome)}))]


def points_assumptions_says(outcome: PointsResult) -> list[Say]:
    """«Supuestos»: what is estimated and why, and when a recent payment shows."""
    return [Say(Template("answer_points_assumptions", {
        "assumptions": _assumptions(outcome.assumptions),
        "next_bimester": bimester_name(outcome.next_bimester),
        "next_visible_on": LongDate(outcome.next_visible_on),
        "next_visible_by": LongDate(outcome.next_visible_by or outcome.next_visible_on),
    }))]


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


def _precal_params(result: Precalification) -> dict[str, Any]:
    estimate = result.estimate
    figures = None
    if estimate is not None:
        co_income = estimate.co_borrower_monthly_income
        co = estimate.co_borrower
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
            "co_credit": Money(co.credit) if co is not None else None,
            "co_rate": Percent(co.annual_rate) if co is not None else None,
            "co_payment": Money(co.monthly_payment) if co is not None else None,
            # the worker's own part beside it: the rate alone read as the whole sum's
            "own_credit": Money(estimate.credit - co.credit) if co is not None else None,
            "own_payment": Money(estimate.monthly_payment - co.monthly_payment)
            if co is not None else None,
            "capped": estimate.capped,
        }
    return {
        "estimate": figures,
        "reasons": [_reason(reason) for reason in result.reasons],
        "todos": [Msg(reason.todo) for reason in result.reasons if reason.todo],
        "assumptions": _assumptions(result.assumptions),
    }


def precalification_says(result: Precalification, when_met: bool = False) -> list[Say]:
    """The first answer: how much, the monthly payment and the picture of the sum; the
    figures behind «Ver detalles». Someone who cannot apply yet is told first why and what
    to do, with no amount (issue 15): the amount only when asked (``when_met``), headed as
    for when they meet the requirements."""
    params = _precal_params(result)
    if result.reasons and not when_met:
        later = params["estimate"] is not None
        return [Say(Template("answer_precalification", {**params, "estimate": None,
                                                         "later": later}))]
    says = []
    if result.estimate is not None:
        chart = precal_chart(result.estimate)
        says.append(Say(chart.caption, chart=chart))
    return [*says, Say(Template("answer_precalification", {**params, "when_met": when_met}))]


def precalification_details_says(result: Precalification) -> list[Say]:
    return [Say(Template("answer_precalification_details", _precal_params(result)))]


# --- contributions and statements -------------------------------------------------------


def overview_says(overview: SavingsOverview, statement: Statement | None) -> list[Say]:
    """The first answer: the savings today and the last contribution; the picture of the
    savings by bimester (from ``statement``); the list behind «Ver mis aportaciones»."""
    latest = next(((entry.bimester, c) for entry in reversed(overview.recent)
                   for c in entry.contributions), None)
    if latest is None:
        last = Msg("answer.balance.last_none", count=len(overview.recent))
    else:
        bimester, contribution = latest
        last = Msg("answer.balance.last", amount=Money(contribution.amount),
                   bimester=bimester_short(bimester), employer=contribution.employer_name)
    params = {
        "as_of": LongDate(overview.as_of),
        "balance": Money(overview.balance),
        "voluntary": Money(overview.voluntary) if overview.voluntary else None,
        "funds": [{"name": Msg(f.key), "amount": Money(f.balance)}
                  for f in overview.historical_funds],
        "last": last,
    }
    says = []
    if statement is not None and statement.periods:
        chart = balance_chart(statement)
        says.append(Say(chart.caption, chart=chart))
    return [*says, Say(Template("answer_balance", params))]


def contribution_lines(overview: SavingsOverview) -> list[Msg]:
    """A short line each, newest first: bimester, employer's name, amount."""
    lines = []
    for entry in reversed(overview.recent):
        name = bimester_short(entry.bimester)
        if not entry.contributions:
            lines.append(Msg("answer.contributions.none", bimester=name))
        for c in entry.contributions:
            key = "answer.contributions.line" if c.paid_on else "answer.contributions.unpaid"
            lines.append(Msg(key, bimester=name, employer=c.employer_name,
                             amount=Money(c.amount)))
    return lines


def bimester_short(value: Bimester) -> Msg:
    return bimester(value.number, value.year)


def statement_summary(statement: Statement) -> Msg:
    """The period and its figures in a line: what came in («¿cuánto me depositó este año?»)
    as well as what there was, the same totals as the PDF's (``Statement.totals``)."""
    totals = statement.totals
    full = bool(totals.voluntary_contributions or totals.credit_applications)
    # every line the PDF has, when there is more than the employer's and the returns (the
    # amount applied to a credit was left out: the figures shown did not add up)
    return Msg("statement_flow.pdf_ready_full" if full else "statement_flow.pdf_ready",
               start=LongDate(statement.start), end=LongDate(statement.end),
               opening=Money(statement.opening), employer=Money(totals.employer_contributions),
               voluntary=Money(totals.voluntary_contributions), returns=Money(totals.returns),
               credit=Money(totals.credit_applications), closing=Money(statement.closing))


def returns_note(statement: Statement) -> Msg | None:
    """«Rendimientos: $0.00» for January to June beside $43,643.25 for the whole year read
    as a contradiction: the returns are credited once a year, on 31 December, which a
    period without that day does not hold."""
    december = [date(year, 12, 31) for year in range(statement.start.year, statement.end.year + 1)]
    if statement.totals.returns or not statement.opening \
            or any(statement.start <= day <= statement.end for day in december):
        return None
    return Msg("statement_flow.returns_yearly")


def by_requirements(outcome: PointsResult) -> bool:
    """The scheme shown counts requirements (not owning a home among them), not points."""
    return outcome.threshold.kind == "requirements"
