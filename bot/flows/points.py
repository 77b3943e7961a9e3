"""Mis puntos: the points from the worker's record, the threshold and whether it is met, the
projection and why points may be missing; or why they cannot be shown and what to do. Then
precalify or see the contributions.

Opening the flow shows the points under the scheme in force at once (``enter``); another
scheme the reference data offers can be chosen afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.commands import Command, button
from bot.flows.base import Answer, Ctx, Flow, Goto, Invalid, Result, Start
from bot.flows.savings_views import points_says
from bot.messages import Msg, Option, Say
from domain.points import PointsResult

SCHEME = "points:scheme:"
IN_FORCE = SCHEME + "in_force"
PRECALIFY = "points:precalify"
STATEMENT = "points:statement"
OTHER_SCHEME = "points:other_scheme"


@dataclass
class PointsData:
    shown: bool = False
    """The last answer showed points (not a reason why they cannot be shown)."""


class PointsFlow(Flow):
    name = "points"
    requires_login = True

    class Step(StrEnum):
        SCHEME = "scheme"
        RESULT = "result"

    first = Step.SCHEME
    Data = PointsData

    async def enter(self, ctx: Ctx[PointsData]) -> Result | None:
        return await self._show(ctx, None)

    async def _show(self, ctx: Ctx[PointsData], threshold: str | None) -> Result:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        report = await ctx.services.savings.points(ctx.account_id, ctx.now, threshold)
        ctx.data.shown = isinstance(report.outcome, PointsResult)
        return Goto(self.Step.RESULT, say=points_says(report))

    def ask_scheme(self, ctx: Ctx[PointsData]) -> list[Say]:
        options = [Option(IN_FORCE, Msg("points_flow.scheme.in_force"))]
        options += [Option(SCHEME + tid, Msg(f"points.threshold_name.{tid}"))
                    for tid in ctx.services.savings.thresholds(ctx.now)]
        return [Say(Msg("points_flow.ask_scheme"), options=tuple(options), free_text=False)]

    async def on_scheme(self, ctx: Ctx[PointsData], answer: Answer) -> Result:
        choice = answer.choice or ""
        if not choice.startswith(SCHEME):
            return Invalid(Msg("input.choose_option"))
        threshold = None if choice == IN_FORCE else choice.removeprefix(SCHEME)
        return await self._show(ctx, threshold)

    def ask_result(self, ctx: Ctx[PointsData]) -> list[Say]:
        options = [Option(STATEMENT, Msg("points_flow.see_statement"))]
        if ctx.data.shown:
            options = [Option(PRECALIFY, Msg("points_flow.precalify")), *options,
                       Option(OTHER_SCHEME, Msg("points_flow.other_scheme"))]
        options.append(Option(button(Command.MENU), Msg("escape.menu")))
        return [Say(Msg("points_flow.next"), options=tuple(options), free_text=False)]

    async def on_result(self, ctx: Ctx[PointsData], answer: Answer) -> Result:
        if answer.choice == PRECALIFY and ctx.data.shown:
            return Start("precalification", replace=True)
        if answer.choice == STATEMENT:
            return Start("statement", replace=True)
        if answer.choice == OTHER_SCHEME and ctx.data.shown:
            return Goto(self.Step.SCHEME)
        return Invalid(Msg("input.choose_option"))
