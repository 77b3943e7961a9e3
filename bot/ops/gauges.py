"""Gauges read when Prometheus scrapes ``/metrics``: whether Redis and the database answer,
how far behind the inbox is, and what waits for an operator (dead letters, parked replies).
The alert rules (``deploy/alerts.yml``) are written on these and on the counters of
``bot/ops/metrics.py``. Each read is bounded: a scrape answers even when a dependency is down
(the gauge then says so)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import CollectorRegistry, Gauge

from bot.pipeline.deadletters import DEAD
from bot.pipeline.inbox import Inbox
from bot.pipeline.outbox import PARKED
from bot.pipeline.redis_client import text

READ_TIMEOUT_S = 2.0


class ScrapeGauges:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.redis_up = Gauge("micuenta_redis_up", "1 when Redis answered the last scrape",
                              registry=registry)
        self.database_up = Gauge("micuenta_database_up",
                                 "1 when the database answered the last scrape",
                                 registry=registry)
        self.inbox_backlog = Gauge("micuenta_inbox_backlog",
                                   "Inbox entries not yet handled, all partitions",
                                   registry=registry)
        self.inbox_oldest = Gauge("micuenta_inbox_oldest_seconds",
                                  "Age of the oldest entry not yet handled (the queue's lag)",
                                  registry=registry)
        self.dead_letters = Gauge("micuenta_dead_letters_waiting",
                                  "Inbox entries in the dead letters, for an operator",
                                  registry=registry)
        self.parked = Gauge("micuenta_replies_parked_waiting",
                            "Replies given up and kept for an operator", registry=registry)

    async def refresh(self, redis: Any, database_ping: Callable[[], Awaitable[object]],
                      inbox: Inbox | None) -> None:
        self.database_up.set(await _answers(database_ping))
        try:
            async with asyncio.timeout(READ_TIMEOUT_S):
                await self._read_redis(redis, inbox)
            self.redis_up.set(1)
        except Exception:  # down or too slow: that is what the gauge tells
            self.redis_up.set(0)

    async def _read_redis(self, redis: Any, inbox: Inbox | None) -> None:
        dead, parked = await asyncio.gather(redis.xlen(DEAD), redis.llen(PARKED))
        self.dead_letters.set(int(dead))
        self.parked.set(int(parked))
        if inbox is None:
            return
        streams = [inbox.stream(partition) for partition in range(inbox.partitions)]
        lengths = await asyncio.gather(*(redis.xlen(stream) for stream in streams))
        firsts = await asyncio.gather(*(redis.xrange(stream, count=1) for stream in streams))
        self.inbox_backlog.set(sum(int(length) for length in lengths))
        oldest_ms = min((int(text(entries[0][0]).split("-")[0]) for entries in firsts
                         if entries), default=None)
        self.inbox_oldest.set(0 if oldest_ms is None
                              else max(0.0, time.time() - oldest_ms / 1000))


async def _answers(probe: Callable[[], Awaitable[object]]) -> int:
    try:
        await asyncio.wait_for(probe(), READ_TIMEOUT_S)
    except Exception:  # any failure means "down"
        return 0
    return 1
