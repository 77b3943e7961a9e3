"""Telegram updates in: from the webhook or long polling into the inbox, then from the inbox
into the engine (python-telegram-bot parses the update; it is only our transport)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from redis.asyncio import Redis
from telegram import Bot, Update

from bot.channels.aliases import Aliases
from bot.deadletters import Unprocessable
from bot.engine import Engine, utc_now
from bot.inbox import Envelope
from bot.messages import Contact, Inbound

log = logging.getLogger(__name__)

CHANNEL = "telegram"
TYPING_AFTER_S = 0.5


def envelope_of(update: dict[str, Any], received_at: float | None = None) -> Envelope | None:
    """The inbox envelope of a raw update, or ``None`` for updates that are not from a user
    in a private chat (channel posts, polls, ...)."""
    update_id = update.get("update_id")
    if not isinstance(update_id, int):
        return None
    for field in ("message", "edited_message", "callback_query"):
        body = update.get(field)
        if isinstance(body, dict):
            sender = body.get("from")
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                return Envelope(CHANNEL, str(update_id), str(sender["id"]), update,
                                received_at or time.time())
    return None


@dataclass
class TelegramInbound:
    """Turns an inbox envelope into an ``Inbound`` and runs it through the engine."""

    bot: Bot
    engine: Engine
    redis: Redis

    async def process(self, envelope: Envelope) -> None:
        try:
            update = Update.de_json(envelope.payload, self.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise Unprocessable("python-telegram-bot cannot parse the update") from error
        if update is None:
            return
        inbound, reply_to = await self._inbound(update, envelope)
        if inbound is None:
            return
        typing = asyncio.create_task(self._typing_later(int(envelope.user_id)))
        try:
            await self.engine.handle(inbound, deliver=True, reply_to=reply_to)
        finally:
            typing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await typing

    async def _inbound(self, update: Update,
                       envelope: Envelope) -> tuple[Inbound | None, str | None]:
        base = Inbound(channel=CHANNEL, user_id=envelope.user_id,
                       message_id=f"tg:{envelope.platform_id}", timestamp=_when(update))
        query = update.callback_query
        if query is not None:
            await self._answer(query.id)
            data = await self._resolve(query.data or "", envelope)
            hint = query.from_user.language_code if query.from_user else None
            return replace(base, button_id=data, language_hint=hint), None
        if update.edited_message is not None:
            return replace(base, unsupported="edited"), None
        message = update.message
        if message is None:
            return None, None
        hint = message.from_user.language_code if message.from_user else None
        reply_to = str(message.message_id)
        if message.text is not None:
            return replace(base, text=message.text, language_hint=hint), reply_to
        if message.contact is not None:
            own = (message.from_user is not None
                   and message.contact.user_id == message.from_user.id
                   and message.forward_origin is None)
            contact = Contact(phone=message.contact.phone_number, is_own=own)
            return replace(base, contact=contact, language_hint=hint), reply_to
        return replace(base, unsupported=_kind(message.to_dict()),
                       language_hint=hint), reply_to

    async def _answer(self, query_id: str) -> None:
        """A pressed button must be answered at once, or the user's app keeps spinning."""
        try:
            await self.bot.answer_callback_query(query_id)
        except Exception as error:  # the answer is cosmetic: the message still goes on
            log.warning("answerCallbackQuery failed: %s", type(error).__name__)

    async def _resolve(self, data: str, envelope: Envelope) -> str:
        """Callback data longer than 64 bytes travels as a short alias (see the renderer)."""
        tag = self.engine.store.tag(envelope.conversation)
        return await Aliases(self.redis).resolve(tag, data)

    async def _typing_later(self, chat_id: int) -> None:
        """"typing..." only when a step takes a while (it costs an API call)."""
        await asyncio.sleep(TYPING_AFTER_S)
        with contextlib.suppress(Exception):
            await self.bot.send_chat_action(chat_id, "typing")


def _when(update: Update) -> datetime:
    message = update.effective_message
    if message is not None and message.date is not None:
        return message.date
    return utc_now()


def _kind(message: dict[str, Any]) -> str:
    for kind in ("photo", "sticker", "voice", "audio", "video", "video_note", "location",
                 "document", "animation", "poll", "venue", "dice"):
        if kind in message:
            return kind
    return "other"
