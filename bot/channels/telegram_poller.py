"""Long polling (``getUpdates`` with offsets), used when no webhook URL is configured.

One process polls at a time (a lease in Redis); the offset is kept in Redis too, so a
restart or a takeover neither loses nor repeats updates (a repeat would be dropped by the
inbox anyway)."""

from __future__ import annotations

import asyncio
import logging

from redis.asyncio import Redis
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.channels.telegram_client import seconds
from bot.channels.telegram_inbound import envelope_of
from bot.inbox import Inbox

log = logging.getLogger(__name__)

LEASE = "telegram:poller"
OFFSET = "telegram:offset"
ALLOWED = ["message", "edited_message", "callback_query"]


class TelegramPoller:
    def __init__(self, bot: Bot, inbox: Inbox, redis: Redis, name: str,
                 timeout_s: int = 25, lease_ms: int = 60_000) -> None:
        self.bot = bot
        self.inbox = inbox
        self.redis = redis
        self.name = name
        self.timeout_s = timeout_s
        self.lease_ms = lease_ms

    async def run(self) -> None:
        while True:
            if not await self._hold_lease():
                await asyncio.sleep(self.lease_ms / 4000)
                continue
            try:
                await self.poll_once()
            except RetryAfter as error:
                await asyncio.sleep(seconds(error.retry_after))
            except (TimedOut, NetworkError) as error:
                log.warning("getUpdates failed (%s); retrying", type(error).__name__)
                await asyncio.sleep(1)

    async def _hold_lease(self) -> bool:
        if await self.redis.set(LEASE, self.name, nx=True, px=self.lease_ms):
            return True
        owner = await self.redis.get(LEASE)
        if owner is not None and (owner.decode() if isinstance(owner, bytes) else owner) == \
                self.name:
            await self.redis.pexpire(LEASE, self.lease_ms)
            return True
        return False

    async def poll_once(self) -> int:
        """Fetch what is waiting, put it in the inbox, move the offset past it."""
        offset = int(await self.redis.get(OFFSET) or 0)
        updates = await self.bot.get_updates(offset=offset, timeout=self.timeout_s,
                                             allowed_updates=ALLOWED,
                                             read_timeout=self.timeout_s + 10)
        for update in updates:
            envelope = envelope_of(update.to_dict())
            if envelope is not None:
                await self.inbox.append(envelope)
            await self.redis.set(OFFSET, update.update_id + 1)
        return len(updates)
