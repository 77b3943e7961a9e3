"""Mis aportaciones / Estado de cuenta: the balance now and the last contribution, with a
picture of the savings by bimester (the list a tap away: ``contributions``), then the
statement PDF for a period (this year, last year, a year typed, or a bimester range) sent as
a document, and on request by e-mail with the PDF attached.

Opening the flow shows the balance at once (``enter``), then
offers the periods; a year ("2024") or a range ("1/2025 a 3/2026") may also be typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.messages import Document, LongDate, Msg, Option, Say
from bot.flows.base import Answer, Ctx, Flow, Goto, Invalid, Result, Start
from bot.flows.savings.contributions import ContributionsFlow
from bot.flows.savings.views import overview_says, returns_note, statement_summary
from bot.nlu import fields
from bot.nlu.answers import (
    asks_amount_verdict,
    asks_next_contribution,
    asks_what_for,
    by_email,
    in_the_chat,
    other_address,
)
from domain.identifiers.in_text import whole_email
from domain.savings.contributions import Bimester, payment_due
from domain.savings.inputs import (
    FIRST_STATEMENT_YEAR,
    parse_bimester_range,
    parse_year,
    years_said,
)
from domain.values.periods import names_a_year, read_period

BALANCE = "statement:balance"
THIS_YEAR = "statement:this_year"
LAST_YEAR = "statement:last_year"
OTHER_YEAR = "statement:other_year"
RANGE = "statement:range"
EMAIL = "statement:email"
ANOTHER = "statement:another"
CONTRIBUTIONS = "statement:contributions"
CHART_BIMESTERS = 12
"""Two years of savings in the picture: twelve bars stay readable on a phone."""


@dataclass
class StatementData:
    period: list[int] | None = None
    """The last document's period: first year, first bimester, last year, last bimester."""
    emailed: bool = False
    by_email: bool = False
    """«mándalo a mi mail» before a period was chosen: the document goes by e-mail too."""


class StatementFlow(Flow):
    name = "statement"
    requires_login = True

    class Step(StrEnum):
        CHOOSE = "choose"
        PERIOD = "period"
        YEAR = "year"
        RANGE = "range"
        SENT = "sent"

    first = Step.CHOOSE
    settled = frozenset({Step.CHOOSE.value, Step.PERIOD.value, Step.SENT.value})
    yes_no = {Step.SENT.value: (EMAIL, button(Command.MENU))}  # «¿Te lo envío por correo?»
    harmless_yes = frozenset({Step.SENT.value})
    revisable = {Step.PERIOD.value: fields.PERIOD}
    """«atrás» at the year or the bimesters goes back to the choice of period (it went to
    the menu)."""
    reads_opening_words = frozenset({Step.PERIOD.value})
    """«mi estado de cuenta del año pasado»: that year's, not the question of which."""
    Data = StatementData

    # --- what to see ----------------------------------------------------------------

    def _periods(self, ctx: Ctx[StatementData]) -> list[Option]:
        year = ctx.services.savings.today(ctx.now).year
        return [
            Option(THIS_YEAR, Msg("statement_flow.this_year", year=year)),
            Option(LAST_YEAR, Msg("statement_flow.last_year", year=year - 1)),
            Option(OTHER_YEAR, Msg("statement_flow.other_year")),
            Option(RANGE, Msg("statement_flow.by_bimesters")),
        ]

    async def enter(self, ctx: Ctx[StatementData]) -> Result | None:
        return Goto(self.Step.PERIOD, say=await self._overview(ctx))

    async def _overview(self, ctx: Ctx[StatementData]) -> list[Say]:
        """The savings today, the last contribution, and the picture of two years."""
        savings, account = ctx.services.savings, self._account(ctx)
        overview = await savings.overview(account, ctx.now)
        last = Bimester.of(overview.as_of)  # the current one ends today: today's balance
        first = last
        for _ in range(CHART_BIMESTERS - 1):
            first = first.previous()
        statement = await savings.statement(account, first, last, ctx.now)
        return overview_says(overview, statement)

    def ask_choose(self, ctx: Ctx[StatementData]) -> list[Say]:
        options = [Option(BALANCE, Msg("statement_flow.balance_option")), *self._periods(ctx)]
        return [Say(Msg("statement_flow.ask_choose"), options=tuple(options))]

    async def on_choose(self, ctx: Ctx[StatementData], answer: Answer) -> Result:
        if answer.choice == BALANCE:
            return Goto(self.Step.PERIOD, say=await self._overview(ctx))
        return await self._period(ctx, answer)

    def ask_period(self, ctx: Ctx[StatementData]) -> list[Say]:
        options = [Option(CONTRIBUTIONS, Msg("answer.contributions.see")), *self._periods(ctx),
                   Option(button(Command.MENU), Msg("escape.menu"))]
        return [Say(Msg("statement_flow.ask_period"), options=tuple(options))]

    async def on_period(self, ctx: Ctx[StatementData], answer: Answer) -> Result:
        return await self._period(ctx, answer)

    async def _period(self, ctx: Ctx[StatementData], answer: Answer) -> Result:
        if answer.choice == CONTRIBUTIONS:
            return Start(ContributionsFlow)
        today = ctx.services.savings.today(ctx.now)
        year = today.year
        if answer.choice == THIS_YEAR:
            return await self._document(ctx, Bimester(year, 1), Bimester(year, 6))
        if answer.choice == LAST_YEAR:
            return await self._document(ctx, Bimester(year - 1, 1), Bimester(year - 1, 6))
        if answer.choice == OTHER_YEAR:
            return Goto(self.Step.YEAR)
        if answer.choice == RANGE:
            return Goto(self.Step.RANGE)
        text = (answer.text or "").strip()
        if answer.choice is None and by_email(text) and not ctx.data.by_email \
                and read_period(text, year, today) is None and not names_a_year(text, year):
            ctx.data.by_email = True  # it was «Elige una opción» with the wish dropped
            return Goto(self.Step.PERIOD, say=[Say(Msg("statement_flow.email_after_period"))])
        if answer.choice is None and asks_next_contribution(text):
            return Goto(self.Step.PERIOD, say=[await self._next_contribution(ctx)])
        if answer.choice is None and text:  # «del 2 al 4 de 2025», «el del 2024», «este año»
            # a range of bimesters is asked for here too: «del 3 al 5» is one
            if read_period(text, year, today, bimesters_asked=True) is not None:
                return await self._range(ctx, text, bimesters_asked=True)
            if names_a_year(text, year):
                return await self._year(ctx, text)
        return Invalid(Msg("statement_flow.choose_hint"))

    async def _next_contribution(self, ctx: Ctx[StatementData]) -> Say:
        """When the employer's next contribution is due, or that it is late."""
        savings = ctx.services.savings
        expected = await savings.next_payment(self._account(ctx), ctx.now)
        if expected is None:
            return Say(Msg("statement_flow.no_employer"))
        due = payment_due(expected)
        late = due < savings.today(ctx.now)
        return Say(Msg("statement_flow.contribution_late" if late
                       else "statement_flow.next_contribution",
                       bimester=Msg("savings_flow.bimester_short", number=expected.number,
                                    year=expected.year),
                       due=LongDate(due)))

    # --- a year or a range typed ----------------------------------------------------

    def ask_year(self, ctx: Ctx[StatementData]) -> list[Say]:
        last = ctx.services.savings.today(ctx.now).year
        return [Say(Msg("statement_flow.ask_year", first=FIRST_STATEMENT_YEAR, last=last))]

    async def on_year(self, ctx: Ctx[StatementData], answer: Answer) -> Result:
        return await self._year(ctx, answer.text or "")

    async def question(self, ctx: Ctx[StatementData], text: str) -> list[Say] | None:
        """«mándamelo a otro correo» under a statement: only the account's address is used
        (it was read as «Otro periodo»)."""
        if ctx.state.top.step == self.Step.SENT.value and (
                other_address(text) or whole_email(text) is not None):  # «carmen@otro.com»
            return [Say(Msg("statement_flow.own_address_only"))]
        if ctx.state.top.step == self.Step.PERIOD.value:  # under the savings just shown
            if asks_what_for(text):  # «¿y eso para qué me sirve?»
                return [Say(Msg("statement_flow.savings_for"))]
            if asks_amount_verdict(text):  # «¿es mucho o poco?»: what it depends on
                return [Say(Msg("statement_flow.savings_verdict"))]
        return await super().question(ctx, text)

    async def _year(self, ctx: Ctx[StatementData], text: str) -> Result:
        today = ctx.services.savings.today(ctx.now)
        if read_period(text, today.year, today) is not None:  # «de marzo a junio del 2024»
            return await self._range(ctx, text)
        both = years_said(text, today)  # «2023 y 2024»: both years, in one statement
        if both is not None:
            return await self._document(ctx, Bimester(both[0], 1), Bimester(both[1], 6))
        year = parse_year(text, ctx.services.savings.today(ctx.now))
        return await self._document(ctx, Bimester(year, 1), Bimester(year, 6))

    def ask_range(self, ctx: Ctx[StatementData]) -> list[Say]:
        return [Say(Msg("statement_flow.ask_range"))]

    async def on_range(self, ctx: Ctx[StatementData], answer: Answer) -> Result:
        """Bimesters asked: «del 3 al 5» are this year's 3 to 5, and a year alone («2025»)
        is that year's statement (both were «No entendí el rango»)."""
        text = answer.text or ""
        today = ctx.services.savings.today(ctx.now)
        if read_period(text, today.year, today, bimesters_asked=True) is None \
                and names_a_year(text, today.year):
            return await self._year(ctx, text)
        return await self._range(ctx, text, bimesters_asked=True)

    async def _range(self, ctx: Ctx[StatementData], text: str,
                     bimesters_asked: bool = False) -> Result:
        first, last = parse_bimester_range(text, ctx.services.savings.today(ctx.now),
                                           bimesters_asked)
        return await self._document(ctx, first, last)

    # --- the document and the e-mail ------------------------------------------------

    async def _document(self, ctx: Ctx[StatementData], first: Bimester,
                        last: Bimester) -> Result:
        made = await ctx.services.savings.statement_document(self._account(ctx), first, last,
                                                             ctx.locale, ctx.now)
        statement, printed = made.statement, made.document
        ctx.data.period = [first.year, first.number, last.year, last.number]
        ctx.data.emailed = False
        caption = Msg("statement_flow.caption", start=LongDate(statement.start),
                      end=LongDate(statement.end))
        document = Document(printed.filename, printed.mime_type, printed.content, caption)
        says = [Say(statement_summary(statement), document=document)]
        note = returns_note(statement)
        if note is not None:
            says.append(Say(note))
        if ctx.data.by_email:  # asked for before the period: sent without asking again
            ctx.data.by_email = False
            says.append(await self._email(ctx))
        return Goto(self.Step.SENT, say=says)

    async def _email(self, ctx: Ctx[StatementData]) -> Say:
        assert ctx.data.period is not None
        first_year, first_number, last_year, last_number = ctx.data.period
        address = await ctx.services.savings.email_statement(
            self._account(ctx), Bimester(first_year, first_number),
            Bimester(last_year, last_number), ctx.locale, ctx.now)
        ctx.data.emailed = True
        return Say(Msg("statement_flow.emailed", email=address))

    def ask_sent(self, ctx: Ctx[StatementData]) -> list[Say]:
        options = [Option(ANOTHER, Msg("statement_flow.another")),
                   Option(button(Command.MENU), Msg("escape.menu"))]
        if not ctx.data.emailed:
            options.insert(0, Option(EMAIL, Msg("statement_flow.email")))
        key = "statement_flow.ask_after_email" if ctx.data.emailed else "statement_flow.ask_sent"
        return [Say(Msg(key), options=tuple(options))]  # or another period typed

    async def on_sent(self, ctx: Ctx[StatementData], answer: Answer) -> Result:
        if answer.choice == ANOTHER:
            return Goto(self.Step.PERIOD)
        if answer.choice == EMAIL and ctx.data.period and not ctx.data.emailed:
            return Goto(self.Step.SENT, say=[await self._email(ctx)])
        if answer.choice is None and ctx.data.emailed and by_email(answer.text):
            return Goto(self.Step.SENT, say=[Say(Msg("statement_flow.already_emailed"))])
        text = (answer.text or "").strip()
        if answer.choice is None and in_the_chat(text) and ctx.data.period:
            # «mándamelo por whats»: it is the document just above
            return Goto(self.Step.SENT, say=[Say(Msg("statement_flow.already_here"))])
        today = ctx.services.savings.today(ctx.now)
        year = today.year
        if answer.choice is None and text:  # «y el de 2024?»: that one, as at the start
            if read_period(text, year, today, bimesters_asked=True) is not None:
                return await self._range(ctx, text, bimesters_asked=True)
            if names_a_year(text, year):
                return await self._year(ctx, text)
        return Invalid(Msg("input.choose_option"))

    @staticmethod
    def _account(ctx: Ctx[StatementData]) -> str:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        return ctx.account_id
