"""Choose the conversation's language."""

from __future__ import annotations

from enum import StrEnum

from bot.flows.base import Answer, Ctx, Done, Flow, Invalid, NoData, Result
from bot.messages import Msg, Option, Say

PREFIX = "lang:"


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
        ctx.state.locale = locale
        return Done(say=[Say(Msg("language.changed"))])
