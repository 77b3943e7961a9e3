"""The inbox and its workers: nothing lost when a worker dies, partitions shared fairly."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.pipeline.deadletters import DeadLetters
from bot.pipeline.inbox import Envelope, Inbox
from bot.pipeline.workers import InboxWorkers, WorkerTimings
from domain.security.crypto import Keyring
from tests.conftest import TEST_SECRET
from tests.integration.pipeline.conftest import until

FAST = WorkerTimings(lease_ms=600, tick_s=0.1, block_ms=0, poll_s=0.01,
                     retry_failed_after_ms=300)


def inbox_of(redis: Redis, partitions: int = 4) -> Inbox:
    keyring = Keyring(TEST_SECRET)
    return Inbox(redis, keyring.state, keyring.tokens, partitions)


def envelope(n: int, user: str = "5215500000001") -> Envelope:
    return Envelope("whatsapp", f"wamid.{n}", user, {"n": n, "text": f"hola {n}"}, time.time())


class Recorder:
    """A handler that notes the ``n`` of every envelope it is given."""

    def __init__(self) -> None:
        self.handled: list[int] = []

    async def __call__(self, env: Envelope) -> None:
        self.handled.append(env.payload["n"])


@contextlib.asynccontextmanager
async def running(workers: InboxWorkers) -> AsyncIterator[asyncio.Task[None]]:
    """The workers' loop for the length of the block, then stopped as a process stops."""
    task = asyncio.create_task(workers.run())
    try:
        yield task
    finally:
        workers.stopping = True
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def filled(inbox: Inbox, users: list[str]) -> None:
    """One message of each user in the inbox (message n from ``users[n]``), every partition's
    group made."""
    for n, user in enumerate(users):
        await inbox.append(envelope(n, user))
    for partition in range(inbox.partitions):
        await inbox.ensure_group(partition)


async def test_payloads_are_encrypted_and_duplicates_dropped(redis: Redis) -> None:
    inbox = inbox_of(redis)
    assert await inbox.append(envelope(1)) is True
    assert await inbox.append(envelope(1)) is False
    partition = inbox.partition_of("whatsapp", "5215500000001")
    raw = await redis.xrange(inbox.stream(partition))
    assert len(raw) == 1
    assert b"hola" not in str(raw).encode() and b"5215500000001" not in str(raw).encode()


async def test_a_worker_killed_before_acknowledging_leaves_the_message_to_another(
    redis: Redis,
) -> None:
    inbox = inbox_of(redis)
    recorder = Recorder()
    handled = recorder.handled
    await inbox.append(envelope(7))
    partition = inbox.partition_of("whatsapp", "5215500000001")
    await inbox.ensure_group(partition)
    read = await inbox.read(partition, "dead-worker", 10, None)
    assert [d.envelope.payload["n"] for d in read] == [7]  # ...and it died right here

    async with running(InboxWorkers(redis, inbox, recorder, "survivor", FAST)):
        await until(lambda: handled == [7], timeout=5, what="the orphaned entry handled")
        await asyncio.sleep(0.5)
        assert handled == [7], "handled once"
        assert await inbox.pending() == 0


async def test_entries_acknowledged_together_leave_the_group_and_the_stream(
    redis: Redis,
) -> None:
    inbox = inbox_of(redis, partitions=2)
    await filled(inbox, [f"52155000000{n:02d}" for n in range(12)])
    deliveries = []
    for partition in range(2):
        deliveries += await inbox.read(partition, "worker", 100, None)
    assert len(deliveries) == 12 and {d.partition for d in deliveries} == {0, 1}
    kept = deliveries.pop()

    await asyncio.gather(*(inbox.ack(d) for d in deliveries))

    assert await inbox.pending() == 1
    left = await redis.xrange(inbox.stream(kept.partition))
    assert [entry_id.decode() for entry_id, _ in left] == [kept.entry_id]
    assert await redis.xlen(inbox.stream(1 - kept.partition)) == 0


async def test_one_read_brings_the_new_entries_of_every_partition_it_names(
    redis: Redis,
) -> None:
    inbox = inbox_of(redis, partitions=4)
    users = [f"52155000001{n:02d}" for n in range(16)]
    await filled(inbox, users)
    left_out = inbox.partition_of("whatsapp", users[0])
    named = [partition for partition in range(4) if partition != left_out]

    read = await inbox.read_many(named, "worker", 100, None)

    expected = {n for n, user in enumerate(users)
                if inbox.partition_of("whatsapp", user) != left_out}
    assert {d.envelope.payload["n"] for d in read} == expected
    assert all(d.partition == inbox.partition_of("whatsapp", d.envelope.user_id) for d in read)
    assert await inbox.read_many(named, "worker", 100, None) == []  # each entry read once
    assert [d.envelope.payload["n"] for d in await inbox.read(left_out, "worker", 100, None)] \
        == [n for n, user in enumerate(users) if inbox.partition_of("whatsapp", user) == left_out]


async def test_one_users_messages_keep_their_order_however_slow(redis: Redis) -> None:
    inbox = inbox_of(redis)
    done: list[int] = []

    async def handle(env: Envelope) -> None:
        await asyncio.sleep(0.05 if env.payload["n"] % 2 else 0)
        done.append(env.payload["n"])

    for n in range(10):
        await inbox.append(envelope(n))
    async with running(InboxWorkers(redis, inbox, handle, "one", FAST)):
        await until(lambda: len(done) == 10, timeout=5)
        assert done == list(range(10))


async def test_a_reader_that_failed_is_started_again_and_nothing_is_lost(
    redis: Redis, monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox = inbox_of(redis)
    recorder = Recorder()
    read_many = inbox.read_many
    failures = iter([RuntimeError("a bug in a read")])

    async def failing_once(*args: Any, **kwargs: Any) -> Any:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return await read_many(*args, **kwargs)

    monkeypatch.setattr(inbox, "read_many", failing_once)

    await inbox.append(envelope(3))
    async with running(InboxWorkers(redis, inbox, recorder, "restarted", FAST)):
        await until(lambda: recorder.handled == [3], timeout=5,
                    what="handled after the restart")


async def test_an_entry_that_cannot_be_opened_is_set_aside_and_holds_nothing_up(
    redis: Redis,
) -> None:
    inbox = inbox_of(redis)
    partition = inbox.partition_of("whatsapp", "5215500000001")
    stream = inbox.stream(partition)
    await inbox.ensure_group(partition)
    left_by_the_dead = await redis.xadd(stream, {"e": "not sealed by us"})
    read = await redis.xreadgroup("workers", "dead-worker", {stream: ">"}, count=10)
    assert read and len(read[0][1]) == 1  # pending: that worker died before looking at it
    stray = await redis.xadd(stream, {"e": "sealed with another key"})
    await inbox.append(envelope(5))
    recorder = Recorder()
    async with running(InboxWorkers(redis, inbox, recorder, "survivor", FAST)):
        await until(lambda: recorder.handled == [5], timeout=5, what="the good entry handled")
        deadline = time.monotonic() + 5
        while await inbox.pending() and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # the dead worker's entry is claimed once idle long
        assert await inbox.pending() == 0
    assert await redis.xlen(stream) == 0
    dead = await DeadLetters(redis).list()  # for an operator to look at
    assert sorted(letter.entry_id for letter in dead) == sorted(
        entry_id.decode() for entry_id in (left_by_the_dead, stray))
    assert {letter.sealed for letter in dead} == {"not sealed by us", "sealed with another key"}


async def test_two_processes_share_the_partitions(redis: Redis) -> None:
    inbox = inbox_of(redis, partitions=8)
    first = InboxWorkers(redis, inbox, Recorder(), "first", FAST)
    second = InboxWorkers(redis, inbox, Recorder(), "second", FAST)
    async with running(first):
        await until(lambda: len(first.owned) == 8, timeout=5)
        async with running(second):
            await until(lambda: len(first.owned) == 4 and len(second.owned) == 4, timeout=10)
            assert set(first.owned).isdisjoint(second.owned)
        await until(lambda: len(first.owned) == 8, timeout=10, what="the survivor takes all")


class CountedReads(Inbox):
    """An inbox that counts the reads the workers make."""

    reads = 0

    async def read_many(self, partitions: list[int], consumer: str, count: int,
                        block_ms: int | None) -> Any:
        self.reads += 1
        return await super().read_many(partitions, consumer, count, block_ms)


async def test_an_idle_poller_slows_down_and_still_hears_the_next_message(
        redis: Redis) -> None:
    """Polling (a Cluster's reads cannot block): every 10 ms while messages come, about every
    100 ms once nothing has come for a while, and the first message after the lull is
    still handled at once."""
    keyring = Keyring(TEST_SECRET)
    inbox = CountedReads(redis, keyring.state, keyring.tokens, 4)
    recorder = Recorder()
    workers = InboxWorkers(redis, inbox, recorder, "w1", FAST)
    async with running(workers):
        await until(lambda: len(workers.owned) == 4, what="the partitions taken")
        await asyncio.sleep(0.3)
        start = inbox.reads
        await asyncio.sleep(1.0)
        idle_reads = inbox.reads - start
        await inbox.append(envelope(1))
        sent = time.monotonic()
        await until(lambda: recorder.handled == [1], what="the message after the lull")
        waited = time.monotonic() - sent
    assert idle_reads <= 20  # polling every 10 ms would have read about 100 times
    assert waited < FAST.poll_idle_s + 0.5
