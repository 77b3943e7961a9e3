"""The main menu: every procedure the service offers, plus help and a human advisor."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.answers import contact_to_change
from bot.commands import Command, button
from bot.flows.base import Answer, Ctx, Flow, Invalid, NoData, Result, Start
from bot.messages import Msg, Option, Say
from bot.text import fold

ITEM_PREFIX = "menu:"


@dataclass(frozen=True)
class MenuItem:
    flow: str
    label: str
    """Catalog key of the item's label."""


ITEMS = (
    MenuItem("register", "menu.register"),
    MenuItem("login", "menu.login"),
    MenuItem("password_reset", "menu.password_reset"),
    MenuItem("points", "menu.points"),
    MenuItem("precalification", "menu.precalification"),
    MenuItem("statement", "menu.statement"),
    MenuItem("credit", "menu.credit"),
    MenuItem("appointments", "menu.appointments"),
)


class MenuFlow(Flow):
    name = "menu"

    class Step(StrEnum):
        CHOOSE = "choose"

    first = Step.CHOOSE
    Data = NoData

    def ask_choose(self, ctx: Ctx[NoData]) -> list[Say]:
        items = [Option(ITEM_PREFIX + item.flow, Msg(item.label)) for item in ITEMS]
        if ctx.state.session is not None:
            items[1] = Option(button(Command.LOGOUT), Msg("menu.logout"))
        items += [
            Option(button(Command.HELP), Msg("menu.help")),
            Option(button(Command.AGENT), Msg("menu.agent")),
        ]
        return [Say(Msg("menu.prompt"), options=tuple(items))]

    async def on_choose(self, ctx: Ctx[NoData], answer: Answer) -> Result:
        text = answer.text or ""
        contact = contact_to_change(text) if answer.choice is None else None
        if contact is not None:  # «cambiar mi correo»: not the password reset
            return Start("change_" + contact)
        choice = answer.choice or self._by_words(ctx, text) or self._by_intent(ctx, text)
        if choice and choice.startswith(ITEM_PREFIX):
            return Start(choice[len(ITEM_PREFIX):])
        return Invalid(Msg("menu.unknown"))

    @staticmethod
    def _by_words(ctx: Ctx[NoData], text: str) -> str | None:
        """The one item whose label holds every word typed ("puntos" -> "Mis puntos")."""
        words = set(fold(text).split())
        if not words:
            return None
        matches = [oid for oid, label in ctx.state.offered if words <= set(fold(label).split())]
        return matches[0] if len(matches) == 1 else None

    @staticmethod
    def _by_intent(ctx: Ctx[NoData], text: str) -> str | None:
        """The item a sentence asks for ("¿cuánto me prestan?" -> precalification), if it
        is on offer."""
        if not text:
            return None
        intent = ctx.services.intents.classify(text).intent
        choice = ITEM_PREFIX + intent if intent else None
        return choice if any(oid == choice for oid, _ in ctx.state.offered) else None
