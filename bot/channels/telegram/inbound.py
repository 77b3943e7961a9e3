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
from bot.channels.telegram.groups import GroupPointer
from bot.conversation.engine import Engine, utc_now
from bot.conversation.messages import Contact, Inbound
from bot.pipeline.deadletters import Unprocessable
from bot.pipeline.inbox import Envelope

log = logging.getLogger(__name__)

CHANNEL = "telegram"
TYPING_AFTER_S = 0.5
PRIVATE = "private"
GROUPS = frozenset({"group", "supergroup"})
PLACEHOLDER_USERS = frozenset({
    1087968824,  # GroupAnonymousBot: an anonymous group admin
    777000,  # Telegram's service account: channel posts forwarded to a linked group
    136817688,  # Channel_Bot: a message sent on behalf of a channel (older clients)
})


SERVICE_MESSAGES = frozenset({
    "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo",
    "delete_chat_photo", "group_chat_created", "supergroup_chat_created",
    "channel_chat_created", "message_auto_delete_timer_changed", "migrate_to_chat_id",
    "migrate_from_chat_id", "pinned_message", "successful_payment", "refunded_payment",
    "users_shared", "chat_shared", "gift", "unique_gift", "connected_website",
    "write_access_allowed", "passport_data", "proximity_alert_triggered", "boost_added",
    "chat_background_set", "checklist_tasks_done", "checklist_tasks_added",
    "direct_message_price_changed", "paid_message_price_changed", "forum_topic_created",
    "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
    "general_forum_topic_hidden", "general_forum_topic_unhidden", "giveaway_created",
    "giveaway_completed", "giveaway_winners", "video_chat_scheduled", "video_chat_started",
    "video_chat_ended", "video_chat_participants_invited", "suggested_post_approved",
    "suggested_post_approval_failed", "suggested_post_declined", "suggested_post_paid",
    "suggested_post_refunded",
})
"""Fields of a service message (Bot API 10, "Message"): Telegram telling what happened in
the chat, not the user saying something. A user pinning a message or setting the
auto-delete timer in the private chat makes one; it is not answered."""


def envelope_of(update: dict[str, Any], received_at: float | None = None) -> Envelope | None:
    """The inbox envelope of a raw update, or ``None`` for what we do not answer.

    Only private chats are conversations. A message in a group or supergroup is keyed by
    the group (never by its sender: the service keeps no state for anyone there) and only
    earns the group a pointer to the private chat. Channel posts, edits, reactions, button
    presses under group messages, service messages (a pin, a timer, a member joining) and
    placeholder senders (an anonymous admin, the service account, a message sent on behalf
    of a chat) are not answered at all."""
    update_id = update.get("update_id")
    if not isinstance(update_id, int):
        return None
    at = received_at or time.time()
    message = update.get("message")
    if isinstance(message, dict):
        chat = message.get("chat")
        chat_type = chat.get("type") if isinstance(chat, dict) else None
        if _placeholder(message) or not isinstance(chat, dict) or \
                not SERVICE_MESSAGES.isdisjoint(message):
            return None
        if chat_type in GROUPS and isinstance(chat.get("id"), int):
            return Envelope(CHANNEL, str(update_id), str(chat["id"]), update, at)
        return _private(update_id, message.get("from"), chat_type, update, at)
    query = update.get("callback_query")
    if isinstance(query, dict):
        origin = query.get("message")
        chat = origin.get("chat") if isinstance(origin, dict) else None
        chat_type = chat.get("type") if isinstance(chat, dict) else None
        return _private(update_id, query.get("from"), chat_type, update, at)
    return None


def _private(update_id: int, sender: object, chat_type: object, update: dict[str, Any],
             at: float) -> Envelope | None:
    if chat_type != PRIVATE or not isinstance(sender, dict):
        return None
    user_id = sender.get("id")
    if not isinstance(user_id, int) or user_id in PLACEHOLDER_USERS or sender.get("is_bot"):
        return None
    return Envelope(CHANNEL, str(update_id), str(user_id), update, at)


def _placeholder(message: dict[str, Any]) -> bool:
    """Sent on behalf of someone else: every anonymous admin shares one of these ids."""
    sender = message.get("from")
    sender_id = sender.get("id") if isinstance(sender, dict) else None
    return "sender_chat" in message or sender_id in PLACEHOLDER_USERS


@dataclass
class TelegramInbound:
    """Turns an inbox envelope into an ``Inbound`` and runs it through the engine."""

    bot: Bot
    engine: Engine
    redis: Redis
    groups: GroupPointer

    async def process(self, envelope: Envelope) -> None:
        try:
            update = Update.de_json(envelope.payload, self.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise Unprocessable("python-telegram-bot cannot parse the update") from error
        if update is None:
            return
        chat = update.effective_chat
        if chat is not None and chat.type != PRIVATE:
            # someone wrote (not a pinned message, a dice, a story): point them to us
            if update.message is not None and update.message.text:
                await self.groups.pointed(chat.id, update.effective_user)
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
