"""A Redis restart under load (issue 17, item 4): a private ``redis-server`` with AOF on and
every write fsynced is stopped (SIGTERM, as ``systemctl stop`` does) while users talk, and
started again on the same directory a few seconds later. Webhooks refused meanwhile are
posted again by the platform; the service reconnects by itself and every message is
answered once: lost and duplicated counted at the sink."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.faults.harness import (
    FLOW,
    REPLIES_PER_USER,
    Platform,
    RedisServer,
    Serve,
    serve_env,
    users,
)
from tests.support.backends import Backends

pytestmark = pytest.mark.faults

USERS = 30
DOWN_S = 3.0


async def test_a_redis_restart_with_aof_loses_and_repeats_nothing(
        real_backends: Backends, database_url: str, serve_data_dir: Path,
        platform: Platform, processes: list[Serve], tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    try:
        env = serve_env(serve_data_dir, redis.url, database_url, platform)
        serve = Serve(env, tmp_path / "serve.log")
        processes.append(serve.start())
        await serve.healthy()
        talkers = users("8", USERS)
        talking = asyncio.create_task(platform.converse([serve.url], talkers, FLOW,
                                                        pause_s=0.3))
        while sum(platform.sink.replies(user) for user in talkers) < USERS:
            assert not talking.done()
            await asyncio.sleep(0.05)  # the first answers are out: stop it mid-load
        await asyncio.to_thread(redis.stop)
        stopped_at = time.monotonic()
        await asyncio.sleep(DOWN_S)
        await asyncio.to_thread(redis.start)
        await talking
        tally = await platform.settle(dict.fromkeys(talkers, REPLIES_PER_USER), timeout_s=30)
        assert (tally.lost, tally.duplicated) == (0, 0), f"{tally}\n{serve.log()}"
        print(f"Redis down {DOWN_S:.0f} s; {platform.retries} webhooks posted again; all "
              f"{USERS * len(FLOW)} answered once, "
              f"{time.monotonic() - stopped_at:.1f} s after the stop")
    finally:
        redis.stop()
