"""Failover on a real Redis Cluster: a master is killed (SIGKILL) while messages flow, its
replica takes over, and every message is answered once. Runs on the cluster of
``MICUENTA_TEST_REDIS_CLUSTER_URL`` when ``MICUENTA_TEST_REDIS_CLUSTER_DIR`` says where
``tests/support/redis_cluster.sh`` keeps it (CI sets both); the killed node is started
again afterwards (it rejoins as a replica)."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from bot.pipeline.inbox import Inbox
from tests.integration.pipeline.conftest import Service, until
from tests.support.paths import TESTS

HELP = "Esto es lo que puedo hacer"
CHATS = [7000 + n for n in range(12)]
ROUNDS = 4
SCRIPT = TESTS / "support" / "redis_cluster.sh"


@pytest.fixture
def cluster_dir(backends: Any) -> Path:
    where = os.environ.get("MICUENTA_TEST_REDIS_CLUSTER_DIR")
    if not backends.cluster or not where:
        pytest.skip("needs MICUENTA_TEST_REDIS_CLUSTER_URL and _DIR (a cluster it may kill)")
    return Path(where)


def _helps(service: Service, chat: int) -> int:
    assert service.tg is not None
    return sum(HELP in m.text for m in service.tg.messages_to(chat))


async def test_a_master_killed_while_messages_flow_loses_and_repeats_nothing(
        cluster_dir: Path, telegram: Service, redis: Redis) -> None:
    tg = telegram.tg
    assert tg is not None and isinstance(redis, RedisCluster)
    victim = redis.get_node_from_key(Inbox.stream(0))
    assert victim is not None
    base = min(node.port for node in redis.get_nodes())

    async def talk(chat: int) -> None:
        for _ in range(ROUNDS):
            await tg.deliver(tg.updates.text(chat, "ayuda"))  # retried until a 2xx
            await asyncio.sleep(0.3)

    tg.delivery_attempts, tg.delivery_backoff = 60, (0.5,)  # Telegram retries for hours
    talking = asyncio.gather(*(talk(chat) for chat in CHATS))
    await until(lambda: sum(_helps(telegram, chat) for chat in CHATS) >= len(CHATS),
                timeout=30, what="the first answers")
    pid = int((cluster_dir / str(victim.port) / "redis.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    try:
        await talking
        await until(lambda: all(_helps(telegram, chat) >= ROUNDS for chat in CHATS),
                    timeout=60, what="an answer to every message")
        await asyncio.sleep(2)  # time for any repeated answer to show
        assert {chat: _helps(telegram, chat) for chat in CHATS} == dict.fromkeys(CHATS, ROUNDS)
        promoted = redis.get_node_from_key(Inbox.stream(0))
        assert promoted is not None and promoted.port != victim.port
    finally:
        reviving = await asyncio.create_subprocess_exec(
            str(SCRIPT), "revive", str(cluster_dir), str(base))
        assert await asyncio.wait_for(reviving.wait(), 60) == 0
