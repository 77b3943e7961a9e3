"""WhatsApp groups (the Groups API): the service answers only in one-to-one chats.

As on Telegram, a message in a group keeps nothing for anyone (it is keyed by the group,
never by its sender) and earns the group, at most once a day, one short message with the
link to the one-to-one chat with our number (``wa.me/<number>``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from bot.conversation.messages import Reply
from bot.i18n.catalogs import Catalogs
from bot.pipeline.outbox import OutboundJob, Outbox

CHANNEL = "whatsapp"
POINTER_EVERY_S = 86_400
UTC = ZoneInfo("UTC")


@dataclass
class WhatsAppGroups:
    redis: Redis
    outbox: Outbox
    catalogs: Catalogs
    locale: str = "es_MX"

    async def pointed(self, group: str, number: object) -> bool:
        """``group`` is the group's conversation key; ``number`` our display number (from
        the webhook's metadata). Whether the group was pointed now."""
        digits = "".join(ch for ch in number if ch.isdigit()) if isinstance(number, str) else ""
        if not digits:
            return False
        if not await self.redis.set(f"wa-group-pointer:{group}", "1", nx=True,
                                    ex=POINTER_EVERY_S):
            return False
        text = self.catalogs.translator(self.locale, UTC)("whatsapp.group_pointer",
                                                          link=f"https://wa.me/{digits}")
        day = int(time.time() // POINTER_EVERY_S)
        await self.outbox.append([OutboundJob(f"wa-group:{group}:{day}", CHANNEL, group,
                                              self.locale, Reply(text))])
        return True
