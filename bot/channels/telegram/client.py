"""Telegram replies out: render, respect the limits (about 30 messages/s per bot, about 1/s per
chat with short bursts, shared by every process), and map the Bot API's answers to what the
sender should do. A 429 holds back only that chat, for ``retry_after``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from telegram import Bot, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.channels.aliases import Aliases
from bot.channels.telegram.render import TelegramCall, render_telegram
from bot.pipeline.outbox import OutboundJob
from bot.pipeline.ratelimit import Limit, RateLimiter, SharedTokens, paced
from bot.pipeline.sender import Outcome, Progress, Status
from bot.pipeline.unrecorded import Unrecorded

log = logging.getLogger(__name__)

CHANNEL = "telegram"
BOT_LIMIT = Limit(per_second=30, burst=30)
CHAT_LIMIT = Limit(per_second=1, burst=3)


def seconds(value: object) -> float:
    """PTB gives ``retry_after`` as a timedelta (with PTB_TIMEDELTA) or as seconds."""
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


@dataclass
class TelegramClient:
    bot: Bot
    limiter: RateLimiter
    redis: Redis
    channel: str = CHANNEL
    unrecorded: Unrecorded = field(default_factory=Unrecorded)
    """The process's writes Redis has not answered yet (the outbox's)."""
    _bot_tokens: SharedTokens | None = None

    async def send(self, job: OutboundJob, tag: str, start: int, progress: Progress) -> Outcome:
        keyboard_key = f"tg-keyboard:{tag}"
        had_keyboard = bool(await self.redis.exists(keyboard_key))
        rendering = render_telegram(
            job.reply, int(job.user_id),
            reply_to_message_id=int(job.reply_to) if job.reply_to and
            job.reply.delete_user_message else None,
            remove_reply_keyboard=had_keyboard and not job.reply.request_contact)
        await Aliases(self.redis).remember(tag, rendering.callback_aliases)
        calls = rendering.calls
        for index, call in enumerate(calls[start:], start=start):
            waited = await self._pace(tag)
            if waited is not None:
                return waited
            try:
                await self._execute(call)
            except RetryAfter as error:
                wait = seconds(error.retry_after)
                await self.limiter.block(f"telegram:{tag}", wait)
                return Outcome(Status.WAIT, wait, "429")
            except Forbidden:
                return Outcome(Status.BLOCKED, reason="blocked by the user")
            except BadRequest as error:
                if call.method == "deleteMessage":  # already gone or too old: nothing to do
                    log.info("could not delete a message: %s", error.message)
                else:
                    return Outcome(Status.PARK, reason=f"bad request: {error.message}")
            except (TimedOut, NetworkError) as error:
                return Outcome(Status.RETRY, reason=f"network: {type(error).__name__}")
            await progress(index + 1, len(calls))
        # the reply went: what it showed is recorded without failing the send (the write
        # kept until Redis answers)
        if rendering.reply_keyboard_shown is True:
            await self.unrecorded.write("a keyboard shown", lambda: self.redis.set(
                keyboard_key, "1", ex=86_400))
        elif rendering.reply_keyboard_shown is False:
            await self.unrecorded.write("a keyboard removed",
                                        lambda: self.redis.delete(keyboard_key))
        return Outcome(Status.SENT)

    async def _pace(self, tag: str) -> Outcome | None:
        """Wait briefly for a free slot, or hand the chat back to be retried later."""
        if self._bot_tokens is None:
            self._bot_tokens = SharedTokens(self.limiter, "telegram:bot", BOT_LIMIT)
        return (await self._bot_tokens.acquire()
                or await paced(self.limiter, f"telegram:{tag}", CHAT_LIMIT))

    async def _execute(self, call: TelegramCall) -> None:
        try:
            await self._call(call, dict(call.params))
        except ChatMigrated as error:
            # a basic group became a supergroup (``parameters.migrate_to_chat_id``): the
            # message goes to its new id (it was retried at the old one forever)
            await self._call(call, {**call.params, "chat_id": error.new_chat_id})

    async def _call(self, call: TelegramCall, params: dict[str, Any]) -> None:
        if call.document is not None:
            document = InputFile(call.document.content, filename=call.document.filename)
            await self.bot.send_document(document=document, **params)
        elif call.photo is not None:
            photo = InputFile(call.photo.content, filename=call.photo.filename)
            await self.bot.send_photo(photo=photo, **params)
        elif call.method == "sendMessage":
            await self.bot.send_message(**params)
        elif call.method == "deleteMessage":
            await self.bot.delete_message(**params)
        elif call.method == "sendChatAction":
            await self.bot.send_chat_action(**params)
        else:
            raise ValueError(f"the renderer produced an unknown call: {call.method}")
