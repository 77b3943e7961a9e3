"""Messages the service itself puts into a conversation (a password page was submitted, an
agent took over or wrote): they go through the engine like a user's message, marked
internal, and their replies reach the user as any reply does."""

from __future__ import annotations

import uuid
from collections.abc import Set
from datetime import datetime

from bot.conversation.engine import Engine
from bot.conversation.messages import Inbound
from bot.pipeline.delivery import Dispatcher
from domain.accounts.model import ChatRef


async def push_event(engine: Engine, dispatcher: Dispatcher, outbox_channels: Set[str],
                     chat: ChatRef, event: str, now: datetime, text: str | None = None) -> None:
    """``event`` is the ``event:`` id; on a channel with an outbox the replies are committed
    with the state and sent by the senders, elsewhere handed to the channel's sender."""
    inbound = Inbound(channel=chat.channel, user_id=chat.user_id,
                      message_id="event-" + uuid.uuid4().hex, timestamp=now, text=text,
                      button_id=event, internal=True)
    if chat.channel in outbox_channels:
        await engine.handle(inbound, deliver=True)
        return
    replies = await engine.handle(inbound)
    if replies:
        await dispatcher.deliver(chat.channel, chat.user_id, replies)
