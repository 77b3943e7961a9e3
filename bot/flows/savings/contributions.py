"""Ver mis aportaciones: the contribution history a page at a time, newest first, a short
line each (bimester, employer's name, amount). Opened from the points and the statement
answers; «Volver» goes back to the answer it came from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.messages import Msg, Option, Say, Template
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Invalid, Result
from bot.flows.savings.views import contribution_lines
from bot.nlu.answers import asks_other_employer

OLDER = "contributions:older"
BACK = "contributions:back"
PAGE_BIMESTERS = 6
"""A year a page: at most 6-8 short lines (a bimester with two employers has two)."""
PAGES = 4
"""Four years back; further back is the statement's job."""


@dataclass
class ContributionsData:
    page: int = 0


class ContributionsFlow(Flow):
    name = "contributions"
    requires_login = True

    class Step(StrEnum):
        PAGE = "page"

    first = Step.PAGE
    settled = frozenset({Step.PAGE.value})
    Data = ContributionsData

    async def enter(self, ctx: Ctx[ContributionsData]) -> Result | None:
        ctx.data.page = 0
        return await self._show(ctx)

    async def _show(self, ctx: Ctx[ContributionsData], said: tuple[Say, ...] = ()) -> Result:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        page = ctx.data.page
        overview = await ctx.services.savings.overview(ctx.account_id, ctx.now,
                                                       count=PAGE_BIMESTERS * (page + 1))
        shown = overview.recent[:PAGE_BIMESTERS]  # oldest first: this page's bimesters
        lines = contribution_lines(replace(overview, recent=shown))
        params = {"page": page + 1, "lines": lines, "last_page": page + 1 >= PAGES}
        return Goto(self.Step.PAGE, say=[*said, Say(Template("answer_contributions", params))])

    def ask_page(self, ctx: Ctx[ContributionsData]) -> list[Say]:
        options = [Option(BACK, Msg("answer.contributions.back")),
                   Option(button(Command.MENU), Msg("escape.menu"))]
        if ctx.data.page + 1 < PAGES:
            options.insert(0, Option(OLDER, Msg("answer.contributions.older")))
        # typed words reach the step: «¿y las de mi patrón anterior?» is answered by the list
        return [Say(Msg("points_flow.next"), options=tuple(options))]

    async def on_page(self, ctx: Ctx[ContributionsData], answer: Answer) -> Result:
        if answer.choice == OLDER and ctx.data.page + 1 < PAGES:
            ctx.data.page += 1
            return await self._show(ctx)
        if answer.choice == BACK:
            return Done()
        if answer.choice is None and asks_other_employer(answer.text):
            # every employer's are in this list, newest first: the older ones are next
            said = Say(Msg("contributions_flow.every_employer"))
            if ctx.data.page + 1 >= PAGES:
                return Goto(self.Step.PAGE,
                            say=[said, Say(Msg("contributions_flow.older_in_statement"))])
            ctx.data.page += 1
            return await self._show(ctx, (said,))
        return Invalid(Msg("input.choose_option"))
