"""Sending replies that no inbound message asked for (a password page was submitted,
a timer fired): the channel's sender delivers them to the user."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from bot.conversation.messages import Reply

log = logging.getLogger(__name__)


class ReplySender(Protocol):
    async def send(self, user_id: str, replies: Sequence[Reply]) -> None: ...


class Dispatcher:
    """Routes replies to the sender registered for their channel."""

    def __init__(self) -> None:
        self._senders: dict[str, ReplySender] = {}

    def register(self, channel: str, sender: ReplySender) -> None:
        self._senders[channel] = sender

    async def deliver(self, channel: str, user_id: str, replies: Sequence[Reply]) -> bool:
        sender = self._senders.get(channel)
        if sender is None:
            log.warning("no sender for channel %s: %d replies not delivered", channel,
                        len(replies))
            return False
        await sender.send(user_id, replies)
        return True
