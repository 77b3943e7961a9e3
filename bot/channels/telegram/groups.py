"""Telegram groups: the service answers only in private chats.

A worker's data must not be typed where others read it, and a group message is not a
conversation with one person. So in a group or supergroup nothing is kept for anyone and
nothing is deleted; the group gets, at most once a day, one short message (in the group)
with the link that opens the private chat with the bot (``t.me/<bot>?start=grupo``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from redis.asyncio import Redis
from telegram import Bot, User

from bot.conversation.messages import Reply
from bot.i18n.catalogs import Catalogs
from bot.pipeline.outbox import OutboundJob, Outbox

CHANNEL = "telegram"
POINTER_EVERY_S = 86_400
START_PAYLOAD = "grupo"
UTC = ZoneInfo("UTC")


def pointer_key(chat_id: int) -> str:
    return f"tg-group-pointer:{chat_id}"


@dataclass
class GroupPointer:
    redis: Redis
    outbox: Outbox
    catalogs: Catalogs
    bot: Bot
    locale: str = "es_MX"

    async def pointed(self, chat_id: int, sender: User | None) -> bool:
        """Point the group to the private chat unless it was pointed there in the last day;
        whether it was pointed now."""
        if not await self.redis.set(pointer_key(chat_id), "1", nx=True, ex=POINTER_EVERY_S):
            return False
        hint = (sender.language_code or "") if sender is not None else ""
        locale = "en" if hint.lower().startswith("en") else self.locale
        text = self.catalogs.translator(locale, UTC)("telegram.group_pointer",
                                                     link=self.link())
        day = int(time.time() // POINTER_EVERY_S)
        await self.outbox.append([OutboundJob(f"tg-group:{chat_id}:{day}", CHANNEL,
                                              str(chat_id), locale, Reply(text))])
        return True

    def link(self) -> str:
        return f"https://t.me/{self.bot.username}?start={START_PAYLOAD}"
