"""Long polling (``getUpdates`` with offsets), used when no webhook URL is configured.

One process polls at a time (a lease in Redis); the offset is kept in Redis too, so a
restart or a takeover neither loses nor repeats updates (a repeat would be dropped by the
inbox anyway).

The updates are fetched as raw JSON, not parsed by python-telegram-bot here: one update the
library cannot parse made the whole ``getUpdates`` call raise, so the offset never moved
and polling ended. Raw, each update goes to the inbox like a webhook's; one the library
cannot parse fails there and goes to the dead letters, and the offset moves past it."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from redis.asyncio import Redis
from redis.exceptions import RedisError
from telegram import Bot

from bot.channels.telegram.inbound import envelope_of
from bot.pipeline.inbox import Inbox

log = logging.getLogger(__name__)

LEASE = "telegram:poller"
OFFSET = "telegram:offset"
ALLOWED = ["message", "callback_query"]
"""What we answer (edits, reactions and the rest are not asked for: they change nothing)."""


class PollFailed(Exception):
    """``getUpdates`` answered ``ok: false``; ``retry_after`` when it said to wait."""

    def __init__(self, code: object, retry_after: float) -> None:
        super().__init__(f"getUpdates refused ({code})")
        self.retry_after = retry_after


class TelegramPoller:
    def __init__(self, bot: Bot, inbox: Inbox, redis: Redis, name: str,
                 http: aiohttp.ClientSession, timeout_s: int = 25,
                 lease_ms: int = 60_000) -> None:
        self.bot = bot
        self.http = http
        self.inbox = inbox
        self.redis = redis
        self.name = name
        self.timeout_s = timeout_s
        self.lease_ms = lease_ms

    async def run(self) -> None:
        while True:
            try:
                if not await self._hold_lease():
                    await asyncio.sleep(self.lease_ms / 4000)
                    continue
                await self.poll_once()
            except PollFailed as error:
                log.warning("%s; retrying", error)
                await asyncio.sleep(max(1.0, error.retry_after))
            except (aiohttp.ClientError, TimeoutError, RedisError, OSError, ValueError) as error:
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
        updates = await self._get_updates(offset)
        if not isinstance(updates, list):
            log.warning("getUpdates answered %s, not a list; ignored", type(updates).__name__)
            return 0
        for update in updates:
            update_id = update.get("update_id") if isinstance(update, dict) else None
            if not isinstance(update_id, int):
                log.warning("getUpdates gave an update without an update_id; skipped")
                continue
            envelope = envelope_of(update)
            if envelope is not None:
                await self.inbox.append(envelope)
            await self.redis.set(OFFSET, update_id + 1)
        return len(updates)

    async def _get_updates(self, offset: int) -> object:
        """The raw ``result`` of ``getUpdates`` (python-telegram-bot would parse it)."""
        body = {"offset": offset, "timeout": self.timeout_s, "allowed_updates": ALLOWED}
        timeout = aiohttp.ClientTimeout(total=self.timeout_s + 10)
        async with self.http.post(self.bot.base_url + "/getUpdates", json=body,
                                  timeout=timeout) as response:
            answer = await response.json(content_type=None)
        if not isinstance(answer, dict) or not answer.get("ok"):
            answer = answer if isinstance(answer, dict) else {}
            parameters = answer.get("parameters")
            wait = parameters.get("retry_after") if isinstance(parameters, dict) else None
            raise PollFailed(answer.get("error_code"),
                             float(wait) if isinstance(wait, int | float) else 0.0)
        return answer.get("result")
