"""The main menu: the items of the capability table (``bot/conversation/capabilities.py``) that the
user may use now (logged in: no registration, no password reset; «Salir» instead of logging in).
Typed sentences are read by the conversation (``bot/nlu/free_text.py``) before they get here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.messages import Msg, Option, Say
from bot.flows.base import Answer, Ctx, Flow, Invalid, NoData, Result, Start
from bot.nlu.text import fold


@dataclass(frozen=True)
class MenuItem:
    capability: str
    label: str
    """Catalog key of the item's label."""
    flow: type[Flow] | None = None
    """The flow it opens; ``None`` for an item that is a command (help, agent, logout)."""
    logged_out: bool = True
    logged_in: bool = True


class MenuFlow(Flow):
    name = "menu"

    class Step(StrEnum):
        CHOOSE = "choose"

    first = Step.CHOOSE
    Data = NoData

    def __init__(self, items: tuple[MenuItem, ...] = ()) -> None:
        self.items = items

    def ask_choose(self, ctx: Ctx[NoData]) -> list[Say]:
        logged_in = ctx.state.session is not None
        options = tuple(Option(button(Command.START, item.capability), Msg(item.label))
                        for item in self.items
                        if (item.logged_in if logged_in else item.logged_out))
        return [Say(Msg("menu.prompt"), options=options)]

    async def on_choose(self, ctx: Ctx[NoData], answer: Answer) -> Result:
        """Options are command buttons, handled before any step; what reaches here may be
        the words of one item's label ("puntos" -> "Mis puntos")."""
        choice = self._by_words(ctx, answer.text or "")
        item = next((i for i in self.items if button(Command.START, i.capability) == choice),
                    None)
        if item is not None and item.flow is not None:
            return Start(item.flow)
        return Invalid(Msg("menu.unknown"))

    @staticmethod
    def _by_words(ctx: Ctx[NoData], text: str) -> str | None:
        words = set(fold(text).split())
        if not words:
            return None
        matches = [oid for oid, label in ctx.state.offered if words <= set(fold(label).split())]
        return matches[0] if len(matches) == 1 else None
