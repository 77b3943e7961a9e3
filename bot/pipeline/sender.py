"""Senders: deliver the outbox through the channel clients, one user's replies in order.

A sender claims ready users from the outbox (or is handed a turn's replies by its own
process, ``hand_over``), holds each user's send lock while it sends the head of their
list, and lets the channel client say what happened: sent, wait and retry
(a 5xx, a network error: the user is rescheduled, others go on), wait its turn (our own
pacing, a 429 ``retry_after``, a pair-rate limit: rescheduled, never counted as a try),
give up on this reply (parked with the reason, visible in metrics), or the user blocked us
(everything pending for them is parked and nothing is retried).

A reply the platform accepted is sent, whatever happens next: the sender records it
(``Outbox.finish``) and, when Redis does not answer, keeps the user (and the send lock it
renews meanwhile) and sends the record again until Redis answers. What a client writes
after a send (a late failure's record) goes through the process's ``Unrecorded`` writes,
never failing the send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from redis.exceptions import RedisError

from bot.ops.metrics import Metrics
from bot.ops.outage import redis_away
from bot.ops.retry import backoff_delay
from bot.pipeline.outbox import LOCK_RENEW_S, OutboundJob, Outbox, Pending

log = logging.getLogger(__name__)


class Status(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    WAIT = "wait"
    """Not yet: a rate limit (ours or the platform's). The reply waits its turn; waiting is
    not a failed try and never parks it."""
    PARK = "park"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Outcome:
    status: Status
    retry_after: float = 0.0
    reason: str = ""


Progress = Callable[[int, int], Awaitable[None]]
"""``progress(calls_done, calls_in_total)`` after each API call of a reply that went."""


class ChannelClient(Protocol):
    channel: str

    async def send(self, job: OutboundJob, tag: str, start: int, progress: Progress) -> Outcome:
        """Send ``job`` from its API call number ``start`` on, calling ``progress`` after
        each call that went through."""
        ...


@dataclass(frozen=True)
class SenderTimings:
    idle_s: float = 0.1
    """With nothing due, how often to look again; replies this process queues wake it at
    once (``Outbox.queued``), so this only bounds how late it sees other processes' work."""
    idle_max_s: float = 0.5
    """After ``IDLE_LOOKS`` looks in a row found nothing due, the pause doubles up to this
    (the first due user found brings it back to ``idle_s``): an idle process looked ten
    times a second, on a Cluster at each of the ready set's six shards."""
    concurrency: int = 128
    max_attempts: int = 8
    backoff_s: float = 0.5
    max_backoff_s: float = 60.0
    batch: int = 20
    """Replies of one user taken in one go."""
    held_retry_s: float = 1.0
    """A user another sender holds (it was marked ready while being sent to): when to
    look again, in case that sender dies or finds nothing left."""
    renew_s: float = LOCK_RENEW_S
    """How often the send locks held are renewed."""
    record_retry_s: float = 1.0
    """At most this long between tries of a record Redis did not answer."""
    stop_patience_s: float = 5.0
    """Stopping, how long a record Redis does not answer is still tried."""


IDLE_LOOKS = 10


class Sender:
    def __init__(self, outbox: Outbox, clients: Mapping[str, ChannelClient], metrics: Metrics,
                 name: str, timings: SenderTimings | None = None) -> None:
        self.outbox = outbox
        self.clients = clients
        self.metrics = metrics
        self.name = name
        self.timings = timings or SenderTimings()
        self._active: dict[str, asyncio.Task[None]] = {}
        self._leases: dict[str, float] = {}
        """The newest lease of each user being drained (``Outbox.claim``): a user marked
        ready again while drained is claimed again, and ``finish`` must know the newest."""
        self._handed: dict[str, tuple[list[Pending], str]] = {}
        """Replies a turn of this process handed over with the send lock held for us
        (``Outbox.hand_over``), and the lock's token: sent without taking them from Redis."""
        self._held: dict[str, str] = {}
        """The token of each user's send lock this sender holds (renewed until released)."""
        self.stopping = False
        self._attempts: dict[tuple[str, str], int] = {}
        self._empty_looks = 0
        """Claims in a row that found nobody due."""

    async def run(self) -> None:
        self.outbox.attach(self.name, self.hand_over)
        renewing = asyncio.create_task(self._keep_locks(), name="sender-locks")
        try:
            while not self.stopping:
                try:
                    started = await self.tick()
                except (RedisError, OSError) as error:
                    log.warning("sender: Redis unavailable (%s); retrying", type(error).__name__)
                    await asyncio.sleep(1.0)
                    continue
                if not started:
                    await self.outbox.queued(self._idle_pause())
        finally:
            self.outbox.detach()
            await self.stop()
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing

    def _idle_pause(self) -> float:
        """How long to wait for work queued here before looking at the ready set again."""
        t = self.timings
        if self._empty_looks <= IDLE_LOOKS:
            return t.idle_s
        doubled = t.idle_s * 2 ** min(self._empty_looks - IDLE_LOOKS, 16)
        return max(t.idle_s, min(t.idle_max_s, doubled))

    async def _keep_locks(self) -> None:
        """Renew every send lock held, all in one round trip, while the sender runs: a
        lock lapses only if this process dies, or Redis is away longer than its lease."""
        while True:
            await asyncio.sleep(self.timings.renew_s)
            held = list(self._held.items())
            if not held:
                continue
            kept = await asyncio.gather(*(self.outbox.renew(tag, token) for tag, token in held),
                                        return_exceptions=True)
            lost = sum(1 for (tag, token), ok in zip(held, kept, strict=True)
                       if ok is False and self._held.get(tag) == token)
            if lost:  # Redis was away longer than the lease: another sender may step in
                log.warning("%d send locks lapsed while held", lost)

    def hand_over(self, tag: str, pending: list[Pending], lease: float, token: str) -> bool:
        """Send these replies of a turn of this process, whose commit took the user's send
        lock for this sender: no claim, no take. (Bounded by the inbox workers' concurrency,
        not by ours.) ``False`` when stopping: the caller gives them back."""
        if self.stopping:
            return False
        self._handed[tag] = (pending, token)
        self._leases[tag] = lease
        if tag not in self._active:
            self._active[tag] = asyncio.create_task(self._drain(tag), name=f"send-{tag}")
        return True

    async def tick(self) -> int:
        """Start draining every due user not already being drained; how many started."""
        room = self.timings.concurrency - len(self._active)
        if room <= 0:
            return 0
        started = 0
        claimed = await self.outbox.claim(room)
        self._empty_looks = 0 if claimed else self._empty_looks + 1
        for tag, lease in claimed:
            self._leases[tag] = lease
            if tag in self._active:
                continue
            self._active[tag] = asyncio.create_task(self._drain(tag), name=f"send-{tag}")
            started += 1
        return started

    async def _drain(self, tag: str) -> None:
        """Drain this user, again if they were claimed again meanwhile (marked ready while
        being sent to). The bookkeeping is done here, with no await between the last look
        at the lease and forgetting the user, so no claim ``tick`` makes is ever lost."""
        try:
            while True:
                lease = self._leases[tag]
                await self._drain_once(tag, lease, self._handed.pop(tag, None))
                if self._leases.get(tag) == lease:
                    return
        finally:
            self._active.pop(tag, None)
            self._leases.pop(tag, None)
            self._handed.pop(tag, None)

    async def _drain_once(self, tag: str, lease: float,
                          handed: tuple[list[Pending], str] | None) -> None:
        """Send what this user has waiting (``handed``, or taken from the outbox), in
        order, then report back in one step."""
        token = handed[1] if handed is not None else self.outbox.token(self.name)
        self._held[tag] = token
        try:
            await self._send_held(tag, lease, token, handed[0] if handed else None)
        finally:
            if self._held.get(tag) == token:
                del self._held[tag]

    async def _send_held(self, tag: str, lease: float, token: str,
                         handed: list[Pending] | None) -> None:
        try:
            pending = handed if handed is not None else await self.outbox.take(
                tag, token, self.timings.batch)
        except (RedisError, OSError) as error:
            log.warning("sender: could not read an outbox (%s)", type(error).__name__)
            await asyncio.sleep(self.timings.backoff_s)
            # the take may have run: let its lock go (the user due again at once)
            await self._finish(tag, token, [], 0.0, 0.0)
            return
        if pending is None:  # another sender has this user: look again shortly
            with contextlib.suppress(RedisError, OSError):  # else due when the lease ends
                await self.outbox.later(tag, self.timings.held_retry_s)
            return
        done: list[Pending] = []
        retry_after: float | None = None
        try:
            for item in pending:
                if item.sent:
                    done.append(item)
                    continue
                outcome = await self._deliver(tag, item)
                if outcome is None:
                    done.append(item)
                    continue
                if outcome.status is Status.BLOCKED:
                    for rest in pending[pending.index(item):]:
                        await self._park(tag, rest, outcome.reason)
                        done.append(rest)
                    break
                retry_after = outcome.retry_after
                break
        except Exception as error:
            if redis_away(error):  # before the send (its rate, its window): nothing went
                log.warning("sending to a user waits for Redis (%s)", type(error).__name__)
            else:
                log.exception("sending to a user failed; retrying later")
            retry_after = self.timings.backoff_s
        finally:
            everything = (retry_after is None and len(done) == len(pending)
                          and (handed is not None or len(pending) < self.timings.batch))
            await self._finish(tag, token, done, lease, retry_after, expect_empty=everything)

    async def _finish(self, tag: str, token: str, done: list[Pending], lease: float,
                      retry_after: float | None, *, expect_empty: bool = False) -> None:
        """Record what went and let the lock go, until Redis answers: what is not recorded
        would be sent again. Meanwhile the user stays this sender's (the lock is renewed).
        Stopping (or cancelled), the record is left to the process's ``Unrecorded``
        writes, which the process gives a few seconds before it exits."""

        def record() -> Awaitable[None]:
            return self.outbox.finish(tag, token, done, lease, retry_after,
                                      expect_empty=expect_empty)

        delay, tries = 0.1, 0
        while True:
            try:
                await record()
                if tries:
                    log.warning("recorded %d sent replies after %d tries", len(done), tries + 1)
                return
            except asyncio.CancelledError:
                self.outbox.unrecorded.keep("what a sender sent", record)
                raise
            except Exception as error:
                if not redis_away(error):
                    log.error("could not record %d sent replies (%s): they may be sent "
                              "again", len(done), type(error).__name__)
                    return
                tries += 1
                if tries == 1:
                    log.warning("could not record %d sent replies (%s); trying until Redis "
                                "answers", len(done), type(error).__name__)
            if self.stopping:
                self.outbox.unrecorded.keep("what a sender sent", record)
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.timings.record_retry_s)

    async def _deliver(self, tag: str, item: Pending) -> Outcome | None:
        """Send one reply: ``None`` when it is done with (sent or parked), else the outcome
        that stops this user's drain (wait and retry, or blocked)."""
        job = item.job
        client = self.clients.get(job.channel)
        if client is None:
            await self._park(tag, item, f"no client for channel {job.channel}")
            return None

        async def progress(done: int, total: int) -> None:
            if done < total:  # a reply of several calls: remember where a retry resumes
                try:
                    await self.outbox.progress(tag, job, done)
                except (RedisError, OSError) as error:  # the call went: go on with the
                    log.warning("could not record a reply's progress (%s)",  # others
                                type(error).__name__)

        outcome = await client.send(job, tag, item.progress, progress)
        attempt_key = (tag, job.key)
        if outcome.status is Status.SENT:
            self._attempts.pop(attempt_key, None)
            self.metrics.sent.labels(job.channel).inc()
            return None
        if outcome.status is Status.PARK:
            self._attempts.pop(attempt_key, None)
            await self._park(tag, item, outcome.reason)
            return None
        if outcome.status is Status.BLOCKED:
            return outcome
        if outcome.status is Status.WAIT:
            self.metrics.send_retries.labels(job.channel, outcome.reason or "wait").inc()
            return outcome
        attempts = self._attempts.get(attempt_key, 0) + 1
        self._attempts[attempt_key] = attempts
        self.metrics.send_retries.labels(job.channel, outcome.reason or "retry").inc()
        if attempts > self.timings.max_attempts:
            self._attempts.pop(attempt_key, None)
            await self._park(tag, item, f"gave up after {attempts - 1} tries: "
                                        f"{outcome.reason}")
            return None
        delay = outcome.retry_after or backoff_delay(
            attempts, self.timings.backoff_s, self.timings.max_backoff_s, spread=1.0)
        return Outcome(Status.RETRY, delay, outcome.reason)

    async def _park(self, tag: str, item: Pending, reason: str) -> None:
        log.warning("parked a %s reply: %s", item.job.channel, reason)
        self.metrics.parked.labels(item.job.channel, reason.split(":")[0][:40]).inc()
        await self.outbox.park(item.job, tag, item.item, reason)

    async def stop(self) -> None:
        self.stopping = True
        tasks = list(self._active.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # what was sent (or handled) and not yet recorded: a few seconds more for Redis
        await self.outbox.unrecorded.flush(self.timings.stop_patience_s)
