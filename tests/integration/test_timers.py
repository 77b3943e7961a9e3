"""Timers in a Redis sorted set: due ones fire once, whichever process polls, however many
poll at once; later ones wait; cancelled and moved ones behave; a failing handler does not
stop the others."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from bot.pipeline.timers import Handler, Timers
from tests.support.clock import FakeClock


def _recording(fired: list[str]) -> Handler:
    async def handler(key: str) -> None:
        await asyncio.sleep(0)  # let another poller run meanwhile
        fired.append(key)
    return handler


async def test_due_timers_fire_once_and_later_ones_wait(redis: Redis) -> None:
    clock = FakeClock()
    timers, fired = Timers(redis, clock), []
    timers.on("reminder", _recording(fired))
    await timers.schedule("reminder", "soon", clock() + timedelta(minutes=1))
    await timers.schedule("reminder", "later", clock() + timedelta(hours=1))
    assert await timers.fire_due() == 0
    clock.advance(minutes=2)
    assert await timers.fire_due() == 1
    assert await timers.fire_due() == 0, "gone once fired"
    assert fired == ["soon"]
    assert await timers.when("reminder", "later") is not None


async def test_many_processes_polling_at_once_fire_each_timer_once(redis: Redis) -> None:
    clock = FakeClock()
    fired: list[str] = []
    pollers = [Timers(redis, clock) for _ in range(4)]
    for poller in pollers:
        poller.on("reminder", _recording(fired))
    for n in range(250):  # more than one batch
        await pollers[0].schedule("reminder", f"t{n}", clock() - timedelta(seconds=n))
    counts = await asyncio.wait_for(
        asyncio.gather(*(poller.fire_due() for poller in pollers)), timeout=30)
    assert sum(counts) == 250
    assert sorted(fired) == sorted(f"t{n}" for n in range(250)), "each exactly once"


async def test_cancelled_timers_never_fire_and_scheduling_again_moves_them(
        redis: Redis) -> None:
    clock = FakeClock()
    timers, fired = Timers(redis, clock), []
    timers.on("reminder", _recording(fired))
    await timers.schedule("reminder", "a", clock() + timedelta(minutes=5))
    await timers.schedule("reminder", "b", clock() + timedelta(minutes=5))
    await timers.cancel("reminder", "a")
    await timers.schedule("reminder", "b", clock() + timedelta(days=1))  # moved
    clock.advance(minutes=10)
    assert await timers.fire_due() == 0 and fired == []
    assert await timers.when("reminder", "a") is None


async def test_a_failing_handler_is_logged_and_the_rest_still_fire(
        redis: Redis, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    timers, fired = Timers(redis, clock), []

    async def broken(key: str) -> None:
        raise RuntimeError("mail server away")

    timers.on("broken", broken)
    timers.on("reminder", _recording(fired))
    await timers.schedule("broken", "x", clock())
    await timers.schedule("reminder", "y", clock())
    await timers.schedule("unknown", "z", clock())
    with caplog.at_level(logging.ERROR, logger="bot.pipeline.timers"):
        await timers.fire_due()
    assert fired == ["y"]
    assert "timer broken failed" in caplog.text
    assert "timer unknown fired with no handler" in caplog.text


async def test_the_poller_runs_in_the_background_until_stopped(redis: Redis) -> None:
    clock = FakeClock()
    timers, fired = Timers(redis, clock, poll_s=0.01), []
    timers.on("reminder", _recording(fired))
    timers.start()
    try:
        await timers.schedule("reminder", "now", clock())
        for _ in range(200):
            if fired:
                break
            await asyncio.sleep(0.01)
    finally:
        await timers.stop()
    assert fired == ["now"]
