"""Redis stopped and started again under load (issue 17, item 4). Two serve processes share
a private ``redis-server`` with AOF on and every write fsynced before it is answered
(``appendfsync always``): whatever Redis acknowledged survives a restart, whether it was
stopped (SIGTERM) or killed (SIGKILL). Halfway through the users' conversations, while
replies are on their way to the platform, Redis goes away for a few seconds and comes back
on the same port and directory. Webhooks refused meanwhile are posted again by the
platform; replies sent when Redis went are recorded once it is back. Every user gets each
reply exactly once (lost and duplicated counted at the sink), nothing is left that would
go again later (no reply waits in an outbox, no inbox entry is unacknowledged), and nothing
went to the dead letters or the parked replies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.pipeline.deadletters import DEAD
from bot.pipeline.inbox import GROUP, Inbox
from bot.pipeline.outbox import PARKED
from tests.integration.faults.harness import (
    FLOW,
    REPLIES_PER_USER,
    Platform,
    RedisServer,
    Serve,
    serve_env,
    users,
)
from tests.support.backends import Backends

pytestmark = [pytest.mark.faults,
              # connections to the stopped Redis may be collected unclosed in the test
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]

USERS = 60
"""Users who say all they say within a second: their replies are under way when Redis goes."""
SLOW_USERS = 20
"""Users who talk on through the outage: their webhooks are refused meanwhile, and posted
again by the platform."""
PARTITIONS = 16
DOWN_S = 3.0
AWAY_AT = 0.5
"""Redis goes when this share of the replies has reached the users (under way: at that
point dozens of replies are between the sender and the platform)."""


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


async def left_behind(redis: Redis) -> dict[str, int]:
    """What would still be done again: replies waiting in an outbox, inbox entries read and
    not acknowledged, entries in the dead letters, parked replies."""
    waiting = 0
    async for key in redis.scan_iter(match="out:*", count=1000):
        waiting += int(await redis.llen(key))
    unacknowledged = 0
    for partition in range(PARTITIONS):
        if await redis.exists(Inbox.stream(partition)):
            unacknowledged += int((await redis.xpending(Inbox.stream(partition), GROUP))
                                  ["pending"])
    found = {"in an outbox": waiting, "unacknowledged": unacknowledged,
             "dead letters": int(await redis.xlen(DEAD)), "parked": int(await redis.llen(PARKED))}
    return {what: count for what, count in found.items() if count}


@pytest.mark.parametrize("how", ["stop", "kill"])
async def test_redis_restarted_under_load_loses_and_repeats_nothing(
        how: str, real_backends: Backends, database_url: str, serve_data_dir: Path,
        platform: Platform, redis_server: RedisServer, processes: list[Serve],
        tmp_path: Path) -> None:
    env = serve_env(serve_data_dir, redis_server.url, database_url, platform)
    serves = [Serve(env, tmp_path / f"serve-{n}.log") for n in (1, 2)]
    processes += [serve.start() for serve in serves]
    await asyncio.gather(*(serve.healthy() for serve in serves))
    talkers, slow = users("6", USERS), users("5", SLOW_USERS)
    targets = [serve.url for serve in serves]
    talking = asyncio.gather(platform.converse(targets, talkers, FLOW, pause_s=0.1),
                             platform.converse(targets, slow, FLOW, pause_s=0.8))
    deadline = time.monotonic() + 20
    while sum(platform.sink.replies(user) for user in talkers) < \
            AWAY_AT * USERS * REPLIES_PER_USER:
        assert time.monotonic() < deadline, "too few replies"
        await asyncio.sleep(0.01)
    answered_before = sum(platform.sink.replies(user) for user in talkers)
    redis_server.kill() if how == "kill" else redis_server.stop()
    away_at = time.monotonic()
    await asyncio.sleep(DOWN_S)
    redis_server.start()
    await talking
    # a user whose turn began as Redis went (the answer lost) waits for the turn's lease
    tally = await platform.settle(dict.fromkeys(talkers + slow, REPLIES_PER_USER),
                                  timeout_s=40, quiet_s=3)
    recovered_s = time.monotonic() - away_at - 3
    logs = "\n".join(serve.log() for serve in serves)
    assert (tally.lost, tally.duplicated) == (0, 0), f"{tally}\n{logs}"
    client = Redis.from_url(redis_server.url)
    try:
        assert await left_behind(client) == {}, logs
    finally:
        await client.aclose()
    print(f"Redis {how} for {DOWN_S:.0f} s after {answered_before} of "
          f"{USERS * len(FLOW)} (and the slow users' {SLOW_USERS * len(FLOW)}); "
          f"{platform.retries} webhooks posted again; all "
          f"answered once, the last {recovered_s:.1f} s after Redis went")
