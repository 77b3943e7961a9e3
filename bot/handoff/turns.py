"""The turns of a conversation handed to an agent (DESIGN "Handoff is a state of the
conversation"): waiting in the queue (its place, a rough wait, the common problems
meanwhile), an agent's messages and hand-back arriving as internal events. A part of
``Conversation`` (``bot/conversation/turn.py``), kept apart for size.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from datetime import datetime

from bot.conversation.commands import Command, CommandCall, button
from bot.conversation.help_topics import BY_ID, topic_list
from bot.conversation.messages import Inbound, Msg, Option, Say
from bot.conversation.services import Services
from bot.conversation.state import ConversationState
from bot.flows.base import EVENT_PREFIX
from bot.nlu.answers import declines_agent
from bot.nlu.free_text import FreeText, Reply, Run
from domain.accounts.model import ChatRef

HANDOFF_EVENT = EVENT_PREFIX + "handoff:"
QUEUED = "queued"
AGENT = "agent"


@dataclass(frozen=True)
class Visit:
    """Who is talking and when: what every part of a turn needs besides the state."""

    chat: ChatRef
    now: datetime

    @classmethod
    def of(cls, inbound: Inbound, now: datetime) -> Visit:
        return cls(ChatRef(inbound.channel, inbound.user_id), now)


def key_of(chat: ChatRef) -> str:
    return f"{chat.channel}:{chat.user_id}"


class HandoffTurns(ABC):
    """Mixed into the conversation (``bot.conversation.turn``), which provides the two
    hooks below."""

    services: Services
    free_text: FreeText

    @abstractmethod
    def ask(self, state: ConversationState, visit: Visit) -> list[Say]:
        """The current step's prompt again."""

    @abstractmethod
    def _to_menu(self, state: ConversationState, now: datetime) -> None:
        """Leave every flow for the main menu."""

    async def _handed_off(self, state: ConversationState, call: CommandCall | None,
                          visit: Visit, text: str | None = None) -> list[Say]:
        """While an agent has the conversation the bot says nothing of its own: the agent
        reads the messages on the console. While it waits, each message gets its place in
        the queue and a rough wait, and the common problems can be read meanwhile (every
        message still reaches the console). «cancelar» or «menú» leave, in words too («ya no
        quiero esperar», «mejor no»): waiting, «cancelar» goes back to the step where the
        worker asked for an agent, with what they had given; «menú» to the menu."""
        waiting = (state.handoff or {}).get("status") != AGENT
        action = self.free_text.read(text, state.locale, at_menu=False) \
            if text and call is None and not state.secret_input else None
        if waiting and isinstance(action, Run) and action.call.command in (Command.CANCEL,
                                                                           Command.MENU):
            call = action.call
        if waiting and call is None and declines_agent(text):  # «ya no quiero asesor» was
            call = CommandCall(Command.CANCEL)  # «Anoté tu mensaje», still in the queue
        if call is not None and call.command in (Command.CANCEL, Command.MENU):
            await self.services.handoff.leave(key_of(visit.chat))
            state.handoff = None
            if call.command is Command.MENU or not waiting:
                self._to_menu(state, visit.now)
            left = "handoff.left_queue" if waiting else "handoff.left"  # no agent spoke yet
            return [Say(Msg(left))] + self.ask(state, visit)
        if (state.handoff or {}).get("status") == AGENT:
            return []
        said: list[Say] = []
        if call is not None and call.command is Command.FAQ:
            topic = BY_ID.get(call.argument or "")
            said = topic.says() if topic else topic_list()
        elif isinstance(action, Reply):
            said = [replace(say, options=()) for say in action.say]
        elif text and text.strip() and call is None:  # «es que no me deja entrar»: for the agent
            said = [Say(Msg("handoff.noted"))]
        return said + await self._queue_notice(visit)

    async def _queue_notice(self, visit: Visit) -> list[Say]:
        wait = await self.services.handoff.wait(key_of(visit.chat), visit.now)
        if wait is None:
            notice = Msg("handoff.waiting")
        elif wait.minutes is None:
            notice = Msg("handoff.position_unknown", position=wait.position)
        else:
            notice = Msg("handoff.position", position=wait.position, minutes=wait.minutes)
        options = (Option(button(Command.FAQ), Msg("topic.action.common_problems")),
                   Option(button(Command.CANCEL), Msg("handoff.cancel")))
        return [Say(notice), Say(Msg("handoff.meanwhile"), options=options)]

    def _handoff_event(self, state: ConversationState, inbound: Inbound,
                       visit: Visit) -> list[Say]:
        """What the console did: ``event:handoff:<take|say|back>:<staff id>`` (internal
        messages only), the agent's words in the text."""
        action, _, staff_id = (inbound.button_id or "").removeprefix(HANDOFF_EVENT).partition(":")
        handoff = state.handoff or {}
        if action == "take" and handoff.get("status") == QUEUED:
            state.handoff = {"status": AGENT, "staff": staff_id}
            return [Say(Msg("handoff.taken"))]
        if handoff.get("staff") != staff_id:
            return []  # not (or no longer) this agent's conversation
        if action == "say" and inbound.text:
            return [Say(Msg("handoff.agent", text=inbound.text))]
        if action == "back":
            state.handoff = None
            self._to_menu(state, visit.now)
            return [Say(Msg("handoff.back"))] + self.ask(state, visit)
        return []

    # --- global commands --------------------------------------------------------------
