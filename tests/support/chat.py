"""Transcript helpers: a user who talks to the real engine, and readable views of replies."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.conversation.engine import Engine
from bot.conversation.messages import Contact, Inbound, Reply
from tests.support.clock import FakeClock

_ids = itertools.count(1)


@dataclass
class ChatUser:
    engine: Engine
    clock: FakeClock
    user_id: str = "5215512345678"
    channel: str = "terminal"
    language_hint: str | None = None
    last: list[Reply] = field(default_factory=list)

    async def send(
        self,
        text: str | None = None,
        *,
        button: str | None = None,
        contact: Contact | None = None,
        unsupported: str | None = None,
        message_id: str | None = None,
    ) -> list[Reply]:
        inbound = Inbound(
            channel=self.channel,
            user_id=self.user_id,
            message_id=message_id or f"m{next(_ids)}",
            timestamp=self.clock(),
            text=text,
            button_id=button,
            contact=contact,
            unsupported=unsupported,
            language_hint=self.language_hint,
        )
        self.last = await self.engine.handle(inbound)
        return self.last

    async def press(self, title: str) -> list[Reply]:
        """Press the button titled ``title`` in the last replies."""
        for reply in reversed(self.last):
            for button in reply.buttons:
                if button.title == title:
                    return await self.send(button=button.id)
        raise AssertionError(f"no button {title!r} in {titles(self.last)}")

    @property
    def state_key(self) -> str:
        """The Redis key of this user's conversation state."""
        return self.engine.store.state_key(f"{self.channel}:{self.user_id}")

    @property
    def text(self) -> str:
        return text_of(self.last)

    @property
    def options(self) -> list[str]:
        return titles(self.last)


def text_of(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


def titles(replies: list[Reply]) -> list[str]:
    return [button.title for reply in replies for button in reply.buttons]
