"""Timers: due events in one Redis sorted set (DESIGN "Timers, transcripts, handoff").

A timer is a kind ("appointment_reminder") and a key (the appointment's id), scored by when
it is due. Every serve process polls; a script takes the due timers off the set in one step,
so whichever process polls first fires each timer and no other ever sees it: a timer never
fires twice. They live in Redis, so they survive restarts; what a process had taken and not
yet handled when it died is lost (at most once: a reminder missed rather than sent twice).
Scheduling the same kind and key again moves the timer; cancelling removes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from redis.asyncio import Redis

from bot.conversation.engine import Clock
from bot.ops.looping import BackgroundLoop

log = logging.getLogger(__name__)

KEY = "timers"
POLL_S = 1.0
BATCH = 100

Handler = Callable[[str], Awaitable[object]]
"""Called with the timer's key when it fires."""

_TAKE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due
"""


def _member(kind: str, key: str) -> str:
    return f"{kind}:{key}"


class Timers(BackgroundLoop):
    loop_name = "timers"

    def __init__(self, redis: Redis, clock: Clock, poll_s: float = POLL_S) -> None:
        self.redis = redis
        self.clock = clock
        self.poll_s = poll_s
        self._handlers: dict[str, Handler] = {}
        self._take_due = redis.register_script(_TAKE_DUE)

    def on(self, kind: str, handler: Handler) -> None:
        if ":" in kind:
            raise ValueError("a timer kind has no colon")
        self._handlers[kind] = handler

    async def schedule(self, kind: str, key: str, due: datetime) -> None:
        await self.redis.zadd(KEY, {_member(kind, key): due.timestamp()})

    async def cancel(self, kind: str, key: str) -> None:
        await self.redis.zrem(KEY, _member(kind, key))

    async def when(self, kind: str, key: str) -> float | None:
        """When the timer is due (a UNIX time), or ``None`` if there is none."""
        score = await self.redis.zscore(KEY, _member(kind, key))
        return float(score) if score is not None else None

    async def fire_due(self) -> int:
        """Take every timer due now and run its handler; returns how many fired. A handler
        that fails is logged: its timer is gone either way (at most once)."""
        fired = 0
        while True:
            taken = await self._take_due(keys=[KEY], args=[self.clock().timestamp(), BATCH])
            for member in taken:
                kind, _, key = (member.decode() if isinstance(member, bytes)
                                else str(member)).partition(":")
                handler = self._handlers.get(kind)
                if handler is None:
                    log.error("timer %s fired with no handler for its kind", kind)
                    continue
                try:
                    await handler(key)
                except Exception:
                    log.exception("timer %s failed", kind)
                fired += 1
            if len(taken) < BATCH:
                return fired

    async def _run(self) -> None:
        while True:
            try:
                await self.fire_due()
            except Exception:  # Redis away for a moment: the next poll tries again
                log.exception("timers: polling failed")
            await asyncio.sleep(self.poll_s)



APPOINTMENT_REMINDER = "appointment_reminder"


class AppointmentReminders:
    """The appointments' reminders kept as timers (``domain`` knows only the port)."""

    def __init__(self, timers: Timers) -> None:
        self.timers = timers

    async def schedule(self, appointment_id: str, due: datetime) -> None:
        await self.timers.schedule(APPOINTMENT_REMINDER, appointment_id, due)

    async def cancel(self, appointment_id: str) -> None:
        await self.timers.cancel(APPOINTMENT_REMINDER, appointment_id)
