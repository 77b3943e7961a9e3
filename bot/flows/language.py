"""Choose the conversation's language."""

from __future__ import annotations

from enum import StrEnum

from bot.conversation.messages import Msg, Option, Say
from bot.conversation.services import Services
from bot.conversation.state import ConversationState
from bot.flows.base import Answer, Ctx, Done, Flow, Invalid, NoData, Result

PREFIX = "lang:"


async def switch_language(state: ConversationState, services: Services, locale: str) -> None:
    """The conversation's language, and the account's when someone is logged in on it: the
    notices its owner gets outside a conversation follow the language they last chose."""
    state.locale = locale
    if state.session is not None:
        await services.accounts.set_locale(state.session.account_id, locale)


class LanguageFlow(Flow):
    name = "language"

    class Step(StrEnum):
        CHOOSE = "choose"

    first = Step.CHOOSE
    Data = NoData

    def ask_choose(self, ctx: Ctx[NoData]) -> list[Say]:
        options = tuple(
            Option(PREFIX + locale, Msg(f"language.name.{locale}"))
            for locale in ctx.services.locales
        )
        return [Say(Msg("language.prompt"), options=options, free_text=False)]

    async def on_choose(self, ctx: Ctx[NoData], answer: Answer) -> Result:
        locale = (answer.choice or "").removeprefix(PREFIX)
        if locale not in ctx.services.locales:
            return Invalid(Msg("input.choose_option"))
        await switch_language(ctx.state, ctx.services, locale)
        return Done(say=[Say(Msg("language.changed"))])
