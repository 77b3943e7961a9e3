"""Pacing delays replies, it never parks them: a reply held back by our own rate limit (or
the platform's "too many") waits its turn however many times it is put off; only a
permanent error parks it."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict

from redis.asyncio import Redis

from bot.app.bootstrap import Container
from bot.ops.metrics import Metrics
from bot.pipeline.outbox import PARKED, OutboundJob
from bot.pipeline.ratelimit import Limit, RateLimiter, paced
from bot.pipeline.sender import Outcome, Progress, Sender, SenderTimings, Status
from tests.integration.pipeline.conftest import until
from tests.integration.pipeline.test_sender_claims import job

LIMIT = Limit(per_second=1000, burst=1000)


class PacedClient:
    """Sends through the real rate limiter; the scope is held back ("retry after" a bit
    more than a sender waits inline) before each of the first ``throttles`` sends."""

    channel = "whatsapp"

    def __init__(self, limiter: RateLimiter, throttles: int) -> None:
        self.limiter = limiter
        self.throttles = throttles
        self.received: dict[str, list[str]] = defaultdict(list)

    async def send(self, job: OutboundJob, tag: str, start: int, progress: Progress) -> Outcome:
        if self.throttles:
            self.throttles -= 1
            await self.limiter.block(f"test:{tag}", 2.05)
        waited = await paced(self.limiter, f"test:{tag}", LIMIT)
        if waited is not None:
            return waited
        self.received[job.user_id].append(job.reply.text)
        return Outcome(Status.SENT)


async def test_a_reply_put_off_by_pacing_more_often_than_the_tries_is_still_delivered(
        container: Container, redis: Redis) -> None:
    client = PacedClient(RateLimiter(redis), throttles=2)
    metrics = Metrics()
    sender = Sender(container.outbox, {"whatsapp": client}, metrics, "paced",
                    SenderTimings(idle_s=0.005, max_attempts=1))
    await container.outbox.append([job(1), job(2)])
    task = asyncio.create_task(sender.run())
    try:
        await until(lambda: len(client.received[job(1).user_id]) == 2, timeout=15,
                    what="both replies, after waiting their turn twice")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert client.received[job(1).user_id] == ["respuesta 1", "respuesta 2"], "in order"
    assert await redis.llen(PARKED) == 0
    assert "micuenta_replies_parked_total" not in metrics.exposition().decode().replace(
        "# HELP micuenta_replies_parked_total", "").replace(
        "# TYPE micuenta_replies_parked_total", "")
