"""Senders claim due users: one sender per user at a time, no wake-up lost, every reply
sent once and in order even with several senders (processes) on one outbox."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from bot.app.bootstrap import Container
from bot.conversation.messages import Inbound, Reply
from bot.ops.metrics import Metrics
from bot.pipeline.outbox import LOCK_TTL_MS, OutboundJob, Outbox, Pending
from bot.pipeline.sender import Outcome, Progress, Sender, SenderTimings, Status
from tests.integration.pipeline.conftest import until

USER = "5215500000001"


def job(n: int, user: str = USER) -> OutboundJob:
    return OutboundJob(f"wamid.{user}.{n}:0", "whatsapp", user, "es_MX", Reply(f"respuesta {n}"))


class RecordingClient:
    """The channel as far as a sender sees it: takes a little time per send and records
    what reached each user, in arrival order."""

    channel = "whatsapp"

    def __init__(self, received: dict[str, list[str]]) -> None:
        self.received = received

    async def send(self, job: OutboundJob, tag: str, start: int, progress: Progress) -> Outcome:
        await asyncio.sleep(0.002)
        self.received[job.user_id].append(job.reply.text)
        return Outcome(Status.SENT)


async def test_a_claimed_user_is_hidden_from_other_senders(container: Container,
                                                           redis: Redis) -> None:
    outbox = container.outbox
    await outbox.append([job(1)])
    tag = container.outbox.store.tag(f"whatsapp:{USER}")

    claimed = await outbox.claim(10)
    assert [t for t, _ in claimed] == [tag]
    assert await outbox.claim(10) == []  # another process looking now finds nothing due
    lease = claimed[0][1]
    assert lease == pytest.approx(time.time() + LOCK_TTL_MS / 1000, abs=2)
    assert await redis.zscore(outbox.ready_key(tag), tag) == lease  # due when the lease ends

    pending = await outbox.take(tag, "sender-a", 10)
    assert pending is not None and [p.job for p in pending] == [job(1)]
    await outbox.finish(tag, "sender-a", pending, lease)
    assert await redis.zscore(container.outbox.ready_key(tag), tag) is None
    assert await redis.llen(container.outbox.store.outbox_key(f"whatsapp:{USER}")) == 0


async def sending_first_reply(outbox: Outbox) -> tuple[str, float, list[Pending]]:
    """One reply queued, its user claimed and taken by "sender-a": (tag, lease, taken)."""
    await outbox.append([job(1)])
    [(tag, lease)] = await outbox.claim(10)
    pending = await outbox.take(tag, "sender-a", 10)
    assert pending is not None
    return tag, lease, pending


async def test_a_reply_queued_while_sending_makes_the_user_due_again(container: Container,
                                                                      redis: Redis) -> None:
    outbox = container.outbox
    tag, lease, pending = await sending_first_reply(outbox)

    await outbox.append([job(2)])  # the engine answers the user's next message meanwhile
    await outbox.finish(tag, "sender-a", pending, lease)

    [(again, _)] = await outbox.claim(10)
    assert again == tag
    second = await outbox.take(tag, "sender-b", 10)
    assert second is not None and [p.job for p in second] == [job(2)]


async def test_marked_ready_after_the_last_look_the_wake_up_stands(container: Container,
                                                                    redis: Redis) -> None:
    outbox = container.outbox
    tag, lease, pending = await sending_first_reply(outbox)
    await outbox.finish(tag, "sender-a", pending, lease)
    await outbox.append([job(2)])
    assert [t for t, _ in await outbox.claim(10)] == [tag]


async def test_a_retry_after_keeps_the_user_waiting(container: Container, redis: Redis) -> None:
    outbox = container.outbox
    tag, lease, pending = await sending_first_reply(outbox)
    await outbox.finish(tag, "sender-a", [], lease, retry_after=30)
    assert await outbox.claim(10) == []
    assert await redis.zscore(outbox.ready_key(tag), tag) == pytest.approx(time.time() + 30, abs=2)


async def test_three_senders_send_every_reply_once_and_in_order(container: Container,
                                                                redis: Redis) -> None:
    outbox = container.outbox
    received: dict[str, list[str]] = defaultdict(list)
    timings = SenderTimings(idle_s=0.005, concurrency=8)
    senders = [Sender(outbox, {"whatsapp": RecordingClient(received)}, Metrics(),
                      f"sender-{n}", timings) for n in range(3)]
    users = [f"52155000{n:05d}" for n in range(30)]
    tasks = [asyncio.create_task(sender.run()) for sender in senders]
    try:
        for n in range(4):  # each user's replies arrive while earlier ones are being sent
            for user in users:
                await outbox.append([job(n, user)])
            await asyncio.sleep(0.01)
        await until(lambda: sum(map(len, received.values())) >= 4 * len(users),
                    what="every reply")
        await asyncio.sleep(0.2)  # anything sent twice would arrive by now
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
    assert {user: received[user] for user in users} == {
        user: [f"respuesta {n}" for n in range(4)] for user in users}
    assert sum([await redis.zcard(key) for key in outbox.ready_keys]) == 0


async def test_an_idle_sender_looks_less_often_and_still_finds_another_processes_work(
        container: Container, redis: Redis) -> None:
    """Nothing due for a while: the sender looks at the ready set less and less often (up
    to ``idle_max_s``); a reply another process queued is still found by the next look."""
    outbox = container.outbox
    looks = 0
    claim = outbox.claim

    async def counted(limit: int) -> list[tuple[str, float]]:
        nonlocal looks
        looks += 1
        return await claim(limit)

    outbox.claim = counted  # type: ignore[method-assign]
    received: dict[str, list[str]] = defaultdict(list)
    sender = Sender(outbox, {"whatsapp": RecordingClient(received)}, Metrics(), "idle",
                    SenderTimings(idle_s=0.01, idle_max_s=0.1))
    task = asyncio.create_task(sender.run())
    try:
        await asyncio.sleep(0.3)
        start = looks
        await asyncio.sleep(1.0)
        idle_looks = looks - start
        elsewhere = Outbox(redis, outbox.store, outbox.cipher)  # another process's
        await elsewhere.append([job(1)])
        queued = time.monotonic()
        await until(lambda: received[USER], what="the other process's reply")
        waited = time.monotonic() - queued
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert idle_looks <= 20  # every 10 ms would have been about 100 looks
    assert waited < 0.1 + 0.5
    assert received[USER] == ["respuesta 1"]


# --- a turn hands its replies straight to this process's sender ------------------------


def hola(n: int, user: str = USER) -> Inbound:
    return Inbound("whatsapp", user, f"wa:wamid.{user}.{n}", datetime.now(UTC), text="hola")


def attached_sender(container: Container, received: dict[str, list[str]]) -> Sender:
    """A sender attached to the outbox, its claiming loop not running: whatever it sends
    was handed over by a turn."""
    sender = Sender(container.outbox, {"whatsapp": RecordingClient(received)}, Metrics(),
                    "sender-here", SenderTimings())
    container.outbox.attach(sender.name, sender.hand_over)
    return sender


async def test_a_turn_hands_its_replies_to_the_sender_of_its_process(container: Container,
                                                                     redis: Redis) -> None:
    received: dict[str, list[str]] = defaultdict(list)
    sender = attached_sender(container, received)

    replies = await container.engine.handle(hola(1), deliver=True, reply_to="wamid.1")

    await until(lambda: received[USER], what="the handed-over reply")
    assert received[USER] == [replies[0].text]
    tag = container.outbox.store.tag(f"whatsapp:{USER}")
    for _ in range(100):  # the sender reports back right after the send
        if await redis.exists(f"sending:{tag}", f"out:{tag}") == 0:
            break
        await asyncio.sleep(0.02)
    assert await redis.exists(f"sending:{tag}", f"out:{tag}") == 0
    ready = container.outbox.ready_key(tag)
    assert await redis.zscore(ready, tag) is None  # nothing left for any sender
    await sender.stop()


async def test_replies_waiting_already_go_first_through_the_ready_set(container: Container,
                                                                      redis: Redis) -> None:
    outbox = container.outbox
    await outbox.append([job(0)])  # an earlier reply, not sent yet
    received: dict[str, list[str]] = defaultdict(list)
    attached_sender(container, received)

    await container.engine.handle(hola(1), deliver=True, reply_to="wamid.1")

    assert received[USER] == []  # not handed over: it would overtake the earlier reply
    tag = outbox.store.tag(f"whatsapp:{USER}")
    assert await redis.exists(f"sending:{tag}") == 0
    [(claimed, lease)] = await outbox.claim(10)
    pending = await outbox.take(claimed, "sender-b", 10)
    assert pending is not None
    assert [p.job.key for p in pending][0] == job(0).key and len(pending) == 2


async def test_a_stopping_sender_gives_the_replies_back(container: Container,
                                                        redis: Redis) -> None:
    received: dict[str, list[str]] = defaultdict(list)
    sender = attached_sender(container, received)
    sender.stopping = True

    await container.engine.handle(hola(1), deliver=True, reply_to="wamid.1")

    tag = container.outbox.store.tag(f"whatsapp:{USER}")
    assert received[USER] == []
    assert await redis.exists(f"sending:{tag}") == 0  # the lock went back at once
    assert [t for t, _ in await container.outbox.claim(10)] == [tag]  # due for another


async def test_replies_handed_to_a_process_that_died_are_due_when_the_lock_lapses(
    container: Container, redis: Redis,
) -> None:
    container.outbox.attach("sender-dead", lambda tag, pending, lease, token: True)  # never sends

    await container.engine.handle(hola(1), deliver=True, reply_to="wamid.1")

    tag = container.outbox.store.tag(f"whatsapp:{USER}")
    lock_ms = await redis.pttl(f"sending:{tag}")
    assert 0 < lock_ms <= LOCK_TTL_MS
    ready = container.outbox.ready_key(tag)
    assert await redis.zscore(ready, tag) == pytest.approx(time.time() + LOCK_TTL_MS / 1000,
                                                           abs=2)
    assert await container.outbox.claim(10) == []  # hidden until then, not lost
    await redis.delete(f"sending:{tag}")  # the lock lapses...
    await redis.zadd(ready, {tag: time.time()})  # ...and so does the lease
    [(claimed, lease)] = await container.outbox.claim(10)
    pending = await container.outbox.take(claimed, "sender-b", 10)
    assert pending is not None and len(pending) == 1 and not pending[0].sent


async def test_finishing_in_one_round_trip_keeps_a_writers_wake_up(container: Container,
                                                                    redis: Redis) -> None:
    outbox = container.outbox
    tag, lease, pending = await sending_first_reply(outbox)
    await outbox.append([job(2)])  # the engine answers the next message meanwhile

    await outbox.finish(tag, "sender-a", pending, lease, expect_empty=True)

    assert [t for t, _ in await outbox.claim(10)] == [tag]


async def test_replies_not_taken_keep_the_user_due(container: Container, redis: Redis) -> None:
    outbox = container.outbox
    await outbox.append([job(1), job(2)])
    [(tag, lease)] = await outbox.claim(10)
    first = await outbox.take(tag, "sender-a", 1)  # a batch smaller than what waits
    assert first is not None and len(first) == 1

    await outbox.finish(tag, "sender-a", first, lease)

    [(again, lease)] = await outbox.claim(10)
    rest = await outbox.take(again, "sender-b", 10)
    assert rest is not None and [p.job for p in rest] == [job(2)]
    await outbox.finish(again, "sender-b", rest, lease, expect_empty=True)
    assert await redis.zscore(container.outbox.ready_key(tag), tag) is None


async def test_finish_removes_what_went_by_its_key_wherever_it_is_in_the_list(
        container: Container, redis: Redis) -> None:
    """What went is normally the head of the list (popped); a reply put in front of it
    meanwhile (a number change's move, an operator) is left, and only what went goes."""
    outbox = container.outbox
    await outbox.append([job(1), job(2)])
    tag = outbox.store.tag(f"whatsapp:{USER}")
    [(_, lease)] = await outbox.claim(10)
    pending = await outbox.take(tag, "sender-a", 10)
    assert pending is not None and len(pending) == 2
    key = outbox.store.outbox_key(f"whatsapp:{USER}")
    await redis.lpush(key, outbox.pack(job(0)))  # in front of the two taken

    await outbox.finish(tag, "sender-a", [pending[1]], lease)  # the second went
    left = [outbox.open(item.decode().split("\t", 1)[1]).reply.text
            for item in await redis.lrange(key, 0, -1)]
    assert left == ["respuesta 0", "respuesta 1"]
    await outbox.finish(tag, "sender-a", [pending[0]], lease)
    left = [outbox.open(item.decode().split("\t", 1)[1]).reply.text
            for item in await redis.lrange(key, 0, -1)]
    assert left == ["respuesta 0"]
    assert await redis.hexists(f"sent:{tag}", job(1).key)
    assert await redis.hexists(f"sent:{tag}", job(2).key)
