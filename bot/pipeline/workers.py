"""Inbox workers: each process owns a fair share of the inbox partitions and handles their
entries, many users at once but one user's messages in order.

Ownership is a lease per partition in Redis (renewed every second, lapsing after a few), so
exactly one live process reads a partition. A process that takes over a partition first
claims what the previous owner read and never acknowledged, so a message is handled even
when the process that read it died. The share is ``ceil(partitions / live processes)``,
from the processes' heartbeats; a process that owns more releases the extra.

One read serves every partition a process owns (``XREADGROUP`` over all their streams):
under load a read per partition brought one entry each, a round trip of its own per message.

Within a partition, entries start in stream order; an entry of a user waits for that user's
previous entry to finish, while other users' entries run concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import RedisError

from bot.conversation.store import StateConflict
from bot.ops.outage import dependency_away
from bot.pipeline.deadletters import Unprocessable
from bot.pipeline.inbox import Delivery, Envelope, Inbox
from bot.pipeline.unrecorded import Unrecorded

log = logging.getLogger(__name__)

Handler = Callable[[Envelope], Awaitable[None]]
LIVE = "inbox:workers"
NEVER = float("-inf")
IDLE_READS = 10
"""Empty reads in a row (about 0.2 s without a message) before polling slows down: under
any steady traffic a read finds something well before, and the pause stays ``poll_s``."""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class WorkerTimings:
    lease_ms: int = 5_000
    tick_s: float = 1.0
    block_ms: int = 200
    """How long a read waits for new entries in Redis; 0 reads without blocking and sleeps
    ``poll_s`` between empty reads (the in-process fakeredis cannot cancel a blocked read)."""
    poll_s: float = 0.02
    poll_idle_s: float = 0.1
    """Polling (a Cluster's reads, which cannot block): after ``IDLE_READS`` empty reads in
    a row the pause doubles up to this, until a read finds something. An idle process
    polled every partition it owns fifty times a second."""
    batch: int = 64
    concurrency: int = 64
    retry_failed_after_ms: int = 5_000
    """An entry whose handling raised is retried after this long (it stays pending)."""
    max_attempts: int = 5
    """Deliveries of an entry that keeps failing before it goes to the dead letters
    (``MICUENTA_INBOX_MAX_ATTEMPTS``)."""
    gather_s: float = 0.05
    """After a read that found only a few entries, let more arrive before the next read, for
    at most this much latency. Messages read together run their turns together, so their
    Redis commands share round trips and their Graph calls share wake-ups: the longer the
    gather, the less CPU per message, for some latency (the measured trade: README,
    "Figures behind the design")."""


class InboxWorkers:
    def __init__(self, redis: Redis, inbox: Inbox, handle: Handler, name: str,
                 timings: WorkerTimings | None = None,
                 unrecorded: Unrecorded | None = None) -> None:
        self.redis = redis
        self.unrecorded = unrecorded or Unrecorded()
        """Where an acknowledgement Redis did not answer waits (the process's, shared with
        the sender): handled and committed, the entry is not handled again."""
        self.inbox = inbox
        self.handle = handle
        self.name = name
        self.timings = timings or WorkerTimings()
        if isinstance(redis, RedisCluster) and self.timings.block_ms:
            # a Cluster's partitions are read one by one without blocking
            # (``Inbox.read_many``): the workers poll
            self.timings = replace(self.timings, block_ms=0)
        self.owned: set[int] = set()
        self._claimed_at: dict[int, float] = {}
        """When each owned partition's entries left by others were last claimed (``-inf``:
        never, so a partition just taken over is claimed first)."""
        self._slots = asyncio.Semaphore(self.timings.concurrency)
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)
        self._reader: asyncio.Task[None] | None = None
        self._reading: frozenset[int] = frozenset()
        self._read_done = asyncio.Event()
        """Set between reads; cleared while a read and the start of what it brought run."""
        self._read_done.set()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._last_of_user: dict[str, asyncio.Task[None]] = {}
        self.handled = 0
        self.failed = 0
        self.stopping = False
        """Set to end the loops even if a cancellation is swallowed by a client library."""

    @staticmethod
    def _lease(partition: int) -> str:
        return f"inbox-lease:{Inbox.tag(partition)}"

    async def run(self) -> None:
        """Keep a fair share of partitions until cancelled."""
        try:
            while not self.stopping:
                try:
                    await self._balance()
                except (RedisError, OSError) as error:
                    log.warning("inbox workers: Redis unavailable (%s); retrying",
                                type(error).__name__)
                await asyncio.sleep(self.timings.tick_s)
        finally:
            await self.stop()

    async def _balance(self) -> None:
        now = time.time()
        await self.redis.zadd(LIVE, {self.name: now})
        await self.redis.zremrangebyscore(LIVE, "-inf", now - self.timings.lease_ms / 1000 * 2)
        live = max(1, await self.redis.zcard(LIVE))
        share = math.ceil(self.inbox.partitions / live)
        for partition in sorted(self.owned):
            kept = await self._renew(keys=[self._lease(partition)],
                                     args=[self.name, self.timings.lease_ms])
            if not kept:
                await self._drop(partition)
        for partition in sorted(self.owned)[share:]:
            await self._drop(partition)
        for partition in range(self.inbox.partitions):
            if len(self.owned) >= share:
                break
            if partition in self.owned:
                continue
            if await self.redis.set(self._lease(partition), self.name, nx=True,
                                    px=self.timings.lease_ms):
                await self.inbox.ensure_group(partition)
                self._claimed_at[partition] = NEVER
                self.owned.add(partition)
        if self.owned and (self._reader is None or self._reader.done()):
            if self._reader is not None and not self._reader.cancelled() \
                    and self._reader.exception() is not None:
                log.error("inbox reader ended with %r; starting it again",
                          self._reader.exception())
            self._reader = asyncio.create_task(self._read_loop(), name="inbox-reader")

    async def _drop(self, partition: int) -> None:
        """Stop reading a partition: a read in progress that covers it finishes starting
        what it brought (so nothing read is left for the next owner to find only after a
        timeout), then the lease goes."""
        self.owned.discard(partition)
        self._claimed_at.pop(partition, None)
        if partition in self._reading and not self._read_done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._read_done.wait(),
                                       self.timings.block_ms / 1000 + 2)
        await self._release(keys=[self._lease(partition)], args=[self.name])

    async def _read_loop(self) -> None:
        """Read every owned partition at once: first what earlier owners left pending, then
        new entries."""
        timings = self.timings
        empty = 0
        while not self.stopping:
            partitions = sorted(self.owned)
            if not partitions:
                await asyncio.sleep(timings.poll_s)
                continue
            self._reading = frozenset(partitions)
            self._read_done.clear()
            try:
                deliveries = await self._read(partitions)
                for delivery in deliveries or []:
                    await self._start(delivery)
            finally:
                self._read_done.set()
                self._reading = frozenset()
            if deliveries is None:  # Redis unavailable
                await asyncio.sleep(timings.tick_s)
            elif len(deliveries) < timings.batch // 4 and not timings.block_ms:
                empty = 0 if deliveries else empty + 1
                await asyncio.sleep(self._poll_pause(empty))  # let more arrive meanwhile
            elif 0 < len(deliveries) < timings.batch // 4 and timings.block_ms:
                await asyncio.sleep(timings.gather_s)

    def _poll_pause(self, empty: int) -> float:
        """The pause before the next poll after ``empty`` empty reads in a row."""
        t = self.timings
        if empty <= IDLE_READS:
            return t.poll_s
        return max(t.poll_s, min(t.poll_idle_s, t.poll_s * 2 ** min(empty - IDLE_READS, 16)))

    async def _read(self, partitions: list[int]) -> list[Delivery] | None:
        timings = self.timings
        try:
            due = time.monotonic() - timings.retry_failed_after_ms / 1000
            deliveries: list[Delivery] = []
            for partition in partitions:
                if self._claimed_at.get(partition, NEVER) < due:
                    deliveries += await self.inbox.claim(partition, self.name,
                                                         timings.retry_failed_after_ms)
                    self._claimed_at[partition] = time.monotonic()
            if deliveries:
                return deliveries
            return await self.inbox.read_many(partitions, self.name, timings.batch,
                                              timings.block_ms or None)
        except (RedisError, OSError) as error:
            log.warning("inbox partitions %s: Redis unavailable (%s: %s); retrying", partitions,
                        type(error).__name__, error)
            return None

    async def _start(self, delivery: Delivery) -> None:
        await self._slots.acquire()
        user = delivery.envelope.conversation
        earlier = self._last_of_user.get(user)
        task = asyncio.create_task(self._one(delivery, earlier))
        self._last_of_user[user] = task
        self._in_flight.add(task)
        task.add_done_callback(self._finished(user))

    def _finished(self, user: str) -> Callable[[asyncio.Task[None]], None]:
        def forget(task: asyncio.Task[None]) -> None:
            self._in_flight.discard(task)
            if self._last_of_user.get(user) is task:
                del self._last_of_user[user]

        return forget

    async def _one(self, delivery: Delivery, earlier: asyncio.Task[None] | None) -> None:
        """Handle one entry once the user's earlier entry is done (whatever the handler
        awaits before reaching the engine, one user's messages keep their order)."""
        try:
            if earlier is not None:
                await asyncio.wait([earlier])
            await self.handle(delivery.envelope)
        except Exception as error:
            self.failed += 1
            await self._failed(delivery, error)
        else:
            await self.unrecorded.write("an inbox entry's acknowledgement",
                                        lambda: self.inbox.ack(delivery))
            self.handled += 1
        finally:
            self._slots.release()

    async def _failed(self, delivery: Delivery, error: Exception) -> None:
        """Leave the entry pending for a retry, or set it aside: at once when it can never
        be handled, else after ``max_attempts`` deliveries. The traceback is logged on the
        first failure only (not every few seconds for ever)."""
        channel = delivery.envelope.channel
        try:
            attempts = await self.inbox.deliveries(delivery)
            # retried until it is back, never buried; a turn lost or a state changed under
            # it (a lease that lapsed in an outage) is not the message's fault either
            away = dependency_away(error) or isinstance(error, StateConflict)
            if isinstance(error, Unprocessable) or (
                    attempts >= self.timings.max_attempts and not away):
                await self.inbox.bury(delivery, attempts, error)
                return
        except (RedisError, OSError) as redis_error:
            log.warning("inbox entry %s of %s failed (%s) and Redis is unavailable (%s)",
                        delivery.entry_id, channel, type(error).__name__,
                        type(redis_error).__name__)
            return
        if away:
            log.warning("inbox entry %s of %s waits for a dependency (%s, attempt %d)",
                        delivery.entry_id, channel, type(error).__name__, attempts)
        elif attempts <= 1:  # where it failed, not the message: it may quote the user
            log.error("inbox entry %s of %s failed (%s); it stays pending for a retry\n%s",
                      delivery.entry_id, channel, type(error).__name__,
                      "".join(traceback.format_tb(error.__traceback__)).rstrip())
        else:
            log.warning("inbox entry %s of %s failed again (%s, attempt %d of %d)",
                        delivery.entry_id, channel, type(error).__name__, attempts,
                        self.timings.max_attempts)

    async def stop(self) -> None:
        self.stopping = True
        for partition in sorted(self.owned):
            await self._drop(partition)
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, self.timings.block_ms / 1000 + 2)
            except (TimeoutError, asyncio.CancelledError, RedisError, OSError):
                pass
            self._reader = None
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self.redis.zrem(LIVE, self.name)
