"""Mis datos (ARCO rights): a copy of what the service holds, by e-mail; how to correct
identity data (at a service centre: it is INFONAVIT's record); deleting the account, once
the worker types the confirmation word."""

from __future__ import annotations

from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.messages import Msg, Option, Say
from bot.flows.appointments.flow import AppointmentsFlow
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Invalid, NoData, Result, Start

COPY = "privacy:copy"
FIX = "privacy:fix"
DELETE = "privacy:delete"
APPOINTMENT = "privacy:appointment"
DELETE_YES = "privacy:delete:yes"
DELETE_NO = "privacy:delete:no"


class PrivacyFlow(Flow):
    name = "privacy"
    requires_login = True

    class Step(StrEnum):
        CHOOSE = "choose"
        FIX = "fix"
        CONFIRM_DELETE = "confirm_delete"

    first = Step.CHOOSE
    settled = frozenset({Step.CHOOSE.value})
    Data = NoData
    yes_no = {Step.CONFIRM_DELETE.value: (DELETE_YES, DELETE_NO)}

    def ask_choose(self, ctx: Ctx[NoData]) -> list[Say]:
        options = (Option(COPY, Msg("privacy.copy")), Option(FIX, Msg("privacy.fix")),
                   Option(DELETE, Msg("privacy.delete")),
                   Option(button(Command.MENU), Msg("escape.menu")))
        return [Say(Msg("privacy.ask"), options=options, free_text=False)]

    async def on_choose(self, ctx: Ctx[NoData], answer: Answer) -> Result:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        if answer.choice == COPY:
            await ctx.services.accounts.send_data_copy(ctx.account_id, ctx.now)
            return Done(say=[Say(Msg("privacy.copy_sent"))])
        if answer.choice == FIX:
            return Goto(self.Step.FIX)
        if answer.choice == DELETE:
            return Goto(self.Step.CONFIRM_DELETE)
        return Invalid(Msg("input.choose_option"))

    def ask_fix(self, ctx: Ctx[NoData]) -> list[Say]:
        options = (Option(APPOINTMENT, Msg("privacy.book")),
                   Option(button(Command.MENU), Msg("escape.menu")))
        return [Say(Msg("privacy.how_to_fix"), options=options, free_text=False)]

    async def on_fix(self, ctx: Ctx[NoData], answer: Answer) -> Result:
        if answer.choice == APPOINTMENT:
            return Start(AppointmentsFlow, replace=True)
        return Invalid(Msg("input.choose_option"))

    def ask_confirm_delete(self, ctx: Ctx[NoData]) -> list[Say]:
        options = (Option(DELETE_YES, Msg("privacy.delete_yes")),
                   Option(DELETE_NO, Msg("privacy.delete_no")))
        return [Say(Msg("privacy.confirm_delete"), options=options, free_text=False)]

    async def on_confirm_delete(self, ctx: Ctx[NoData], answer: Answer) -> Result:
        assert ctx.account_id is not None
        if answer.choice == DELETE_NO:
            return Done(say=[Say(Msg("privacy.kept"))])
        if answer.choice != DELETE_YES:
            return Invalid(Msg("input.choose_option"))
        await ctx.services.accounts.delete_account(ctx.account_id, ctx.now)
        ctx.state.session = None
        return Done(say=[Say(Msg("privacy.deleted"))])
