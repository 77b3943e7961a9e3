"""Mis puntos: whether the worker's points are enough, with a picture of them against the
line; or why they cannot be shown and what to do. How they are worked out, the assumptions
and the contributions are a tap away; then precalify.

Opening the flow shows the points under the scheme in force at once (``enter``); another
scheme the reference data offers can be chosen afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.messages import Money, Msg, Option, Say
from bot.flows.base import Answer, Ctx, Flow, Goto, Invalid, Result, Start
from bot.flows.savings.contributions import ContributionsFlow
from bot.flows.savings.precalification import PrecalificationFlow
from bot.flows.savings.statement import StatementFlow
from bot.flows.savings.views import (
    by_requirements,
    points_assumptions_says,
    points_how_says,
    points_missing_says,
    points_says,
)
from bot.nlu.answers import (
    asks_missing,
    asks_more_points,
    asks_what_to_do,
    asks_which_scheme,
    asks_why,
    owns_home,
    wonders_salary,
)
from domain.savings.points.evaluate import PointsResult
from domain.savings.reports import PointsReport
from domain.values.amounts import read_amount

SCHEME = "points:scheme:"
IN_FORCE = SCHEME + "in_force"
PRECALIFY = "points:precalify"
STATEMENT = "points:statement"
OTHER_SCHEME = "points:other_scheme"
HOW = "points:how"
ASSUMPTIONS = "points:assumptions"
CONTRIBUTIONS = "points:contributions"
OWN_SALARY = "points:own_salary"


@dataclass
class PointsData:
    shown: bool = False
    """The last answer showed points (not a reason why they cannot be shown)."""
    threshold: str | None = None
    """The scheme chosen (None: the one in force), for the details asked afterwards."""
    salary: str | None = None
    """A monthly salary the worker wondered about («¿y si ganara 25 mil?»), None: theirs."""


class PointsFlow(Flow):
    name = "points"
    requires_login = True

    class Step(StrEnum):
        SCHEME = "scheme"
        RESULT = "result"

    first = Step.SCHEME
    settled = frozenset({Step.SCHEME.value, Step.RESULT.value})
    Data = PointsData

    async def enter(self, ctx: Ctx[PointsData]) -> Result | None:
        return await self._show(ctx, None)

    async def _show(self, ctx: Ctx[PointsData], threshold: str | None) -> Result:
        report = await self._report(ctx, threshold)
        ctx.data.threshold = threshold
        ctx.data.shown = isinstance(report.outcome, PointsResult)
        return Goto(self.Step.RESULT, say=points_says(report))

    async def _report(self, ctx: Ctx[PointsData], threshold: str | None) -> PointsReport:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        salary = Decimal(ctx.data.salary) if ctx.data.salary is not None else None
        return await ctx.services.savings.points(ctx.account_id, ctx.now, threshold, salary)

    async def _with_salary(self, ctx: Ctx[PointsData], text: str) -> Result:
        """«¿y si ganara 25 mil?» under the points (it was «No sé responder esa pregunta
        aquí»): the points and the scheme with that salary, the rest of the record kept."""
        amount = read_amount(text)
        if amount is None or amount <= 0:
            return Goto(self.Step.RESULT, say=[Say(Msg("precal_flow.about_other_salary"))])
        monthly = ctx.services.savings.read_income(text, ctx.now).monthly
        ctx.data.salary = str(monthly)
        taken = Say(Msg("points_flow.salary_taken", amount=Money(monthly)))
        report = await self._report(ctx, ctx.data.threshold)
        ctx.data.shown = isinstance(report.outcome, PointsResult)
        return Goto(self.Step.RESULT, say=[taken, *points_says(report)])

    async def _details(self, ctx: Ctx[PointsData],
                       view: Callable[[PointsResult], list[Say]]) -> Result:
        report = await self._report(ctx, ctx.data.threshold)
        if not isinstance(report.outcome, PointsResult):  # the record changed meanwhile
            ctx.data.shown = False
            return Goto(self.Step.RESULT, say=points_says(report))
        return Goto(self.Step.RESULT, say=view(report.outcome))

    def ask_scheme(self, ctx: Ctx[PointsData]) -> list[Say]:
        options = [Option(IN_FORCE, Msg("points_flow.scheme.in_force"))]
        options += [Option(SCHEME + tid, Msg(f"answer.scheme.{tid}"))
                    for tid in ctx.services.savings.thresholds(ctx.now)]
        return [Say(Msg("points_flow.ask_scheme"), options=tuple(options), free_text=False)]

    async def on_scheme(self, ctx: Ctx[PointsData], answer: Answer) -> Result:
        choice = answer.choice or ""
        if not choice.startswith(SCHEME):
            return Invalid(Msg("input.choose_option"))
        threshold = None if choice == IN_FORCE else choice.removeprefix(SCHEME)
        return await self._show(ctx, threshold)

    def ask_result(self, ctx: Ctx[PointsData]) -> list[Say]:
        if ctx.data.shown:
            options = [Option(HOW, Msg("answer.points.how")),
                       Option(ASSUMPTIONS, Msg("answer.points.assumptions")),
                       Option(CONTRIBUTIONS, Msg("answer.contributions.see")),
                       Option(PRECALIFY, Msg("points_flow.precalify")),
                       Option(OTHER_SCHEME, Msg("points_flow.other_scheme"))]
            if ctx.data.salary is not None:
                options.insert(3, Option(OWN_SALARY, Msg("precal_flow.own_salary")))
        else:
            options = [Option(STATEMENT, Msg("points_flow.see_statement"))]
        options.append(Option(button(Command.MENU), Msg("escape.menu")))
        # typed words reach the step: «¿y por qué no tengo?» is answered by the result
        return [Say(Msg("points_flow.next"), options=tuple(options))]

    async def question(self, ctx: Ctx[PointsData], text: str) -> list[Say] | None:
        """At the result, what is missing and how to get more are about these points
        («¿cuántos me faltan?» was read as a credit's balance and opened «Mi crédito»)."""
        home = owns_home(text) if ctx.state.top.step == self.Step.RESULT.value \
            and ctx.data.shown else None
        if home is not None:  # «no tengo casa propia» beside «No tener vivienda propia
            # (confírmalo tú)» was «Elige una de las opciones»: only where it is a requirement
            outcome = (await self._report(ctx, ctx.data.threshold)).outcome
            if isinstance(outcome, PointsResult) and by_requirements(outcome):
                return [Say(Msg("points_flow.home_owned" if home else "points_flow.no_home"))]
        if ctx.state.top.step != self.Step.RESULT.value \
                or not (asks_missing(text) or asks_more_points(text) or wonders_salary(text)
                        or asks_which_scheme(text)):
            return await super().question(ctx, text)
        result = await self.on_result(ctx, Answer(text=text))
        return list(result.say) if isinstance(result, Goto) \
            and result.step == self.Step.RESULT else None

    async def on_result(self, ctx: Ctx[PointsData], answer: Answer) -> Result:
        shown = ctx.data.shown
        if answer.choice == HOW and shown:
            return await self._details(ctx, points_how_says)
        if answer.choice == ASSUMPTIONS and shown:
            return await self._details(ctx, points_assumptions_says)
        if answer.choice == CONTRIBUTIONS and shown:
            return Start(ContributionsFlow)
        if answer.choice == PRECALIFY and shown:
            return Start(PrecalificationFlow, replace=True)
        if answer.choice == STATEMENT:
            return Start(StatementFlow, replace=True)
        if answer.choice == OTHER_SCHEME and ctx.data.shown:
            return Goto(self.Step.SCHEME)
        if answer.choice == OWN_SALARY:
            ctx.data.salary = None
            return await self._show(ctx, ctx.data.threshold)
        if answer.choice is None and shown and asks_which_scheme(answer.text):
            return await self._details(ctx, points_how_says)  # its parts and why it applies
        if answer.choice is None and shown and wonders_salary(answer.text):
            return await self._with_salary(ctx, answer.text or "")
        if answer.choice is None and shown and asks_missing(answer.text):  # «¿cuántos me faltan?»
            report = await self._report(ctx, ctx.data.threshold)
            return Goto(self.Step.RESULT, say=points_missing_says(report))
        if answer.choice is None and not shown and asks_missing(answer.text):
            return await self._show(ctx, ctx.data.threshold)  # why none, and what to do
        if answer.choice is None and not shown and (asks_more_points(answer.text)
                                                    or asks_what_to_do(answer.text)):
            # no points shown (no job, a pension): the reason's own «what to do», not how
            # points grow with an employer's contributions
            return await self._show(ctx, ctx.data.threshold)
        if answer.choice is None and (asks_more_points(answer.text)  # «¿cómo tengo más?»
                                      or asks_what_to_do(answer.text)):  # «¿y qué hago?»
            return Goto(self.Step.RESULT, say=[Say(Msg("points_flow.more_points"))])
        if answer.choice is None and asks_why(answer.text):  # «¿y por qué no tengo?»
            if shown:  # how the points come about
                return await self._details(ctx, points_how_says)
            return await self._show(ctx, ctx.data.threshold)  # the reason and what to do
        return Invalid(Msg("input.choose_option"))
