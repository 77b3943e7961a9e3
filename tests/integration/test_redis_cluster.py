"""Redis Cluster: the keys every script and transaction names share one slot, and the
cluster client's batching groups single commands by node. The slot checks need no server;
the client's run on the cluster the suite was given (``MICUENTA_TEST_REDIS_CLUSTER_URL``,
started by ``tests/support/redis_cluster.sh`` in CI)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.cluster import key_slot
from redis.exceptions import RedisClusterException, ResponseError

from bot.app.settings import Settings, SettingsError
from bot.channels.aliases import Aliases
from bot.channels.whatsapp.inbound import pages_key, window_key, window_mark
from bot.conversation.store import ConversationStore
from bot.conversation.store import _keys as store_keys
from bot.handoff import desk as handoff
from bot.pipeline import ratelimit
from bot.pipeline.inbox import Inbox
from bot.pipeline.outbox import READY_SHARDS
from bot.pipeline.redis_cluster import AutoPipelineRedisCluster, stream_read_keys
from bot.pipeline.slot_tags import spread_tag
from bot.pipeline.workers import InboxWorkers


def _one_slot(*keys: str) -> bool:
    return len({key_slot(key.encode()) for key in keys}) == 1


@pytest.mark.parametrize("scope", ["telegram:bot", "whatsapp:1234567890",
                                   "telegram:{abc}", "whatsapp:{xyz}:pair"])
def test_a_rate_limits_keys_share_a_slot_with_or_without_a_users_tag(scope: str) -> None:
    assert _one_slot(*ratelimit._keys(scope))


def test_the_handoff_desks_keys_share_a_slot() -> None:
    assert _one_slot(handoff.QUEUE, handoff.TAKEN, handoff._info("abc"), handoff._info("x"))


def test_a_partitions_stream_dedup_keys_and_lease_share_a_slot() -> None:
    for partition in (0, 7, 15):
        assert _one_slot(Inbox.stream(partition), Inbox._dedup_key(partition, "whatsapp", "w"),
                         InboxWorkers._lease(partition))
    assert len({key_slot(Inbox.stream(p).encode()) for p in range(16)}) == 16


def test_the_whatsapp_channels_multi_key_commands_stay_in_the_users_slot() -> None:
    """What the WhatsApp channel names together: the pair rate with the 24-hour window (one
    script at each send), the window mark with the turn's commit, the handoff desk's move
    of a changed number; everything else it does is a single-key command (the late
    failures' ``wa-sent:``/``wa-reply:``, the identities' ``wa-user:``, a number change's
    DUMP/RESTORE key by key, a group's pointer, the status book)."""
    store = ConversationStore(Redis(), pseudonym=lambda key: "p-" + key)  # never connects
    for user in ("5215512345101", "MX.13491208655302741918", "group:Y2FwaV9ncm91c"):
        tag = store.tag("whatsapp:" + user)
        assert _one_slot(*ratelimit._keys(f"whatsapp:{tag}"), window_key(tag))
        assert _one_slot(*store_keys(tag, "wa:wamid.1"), window_mark(tag, 0.0, 0.0).key,
                         pages_key(tag), Aliases.key(tag), store.outbox_key("whatsapp:" + user))
    old, new = "whatsapp:5215512345101", "whatsapp:5215598765101"
    assert _one_slot(handoff._info(old), handoff._info(new), handoff.QUEUE, handoff.TAKEN)
    assert "KEYS[5]" not in handoff._MOVE and "KEYS[1]" in handoff._MOVE


def test_partitions_and_ready_shards_spread_evenly_over_three_masters() -> None:
    """The busy tags fall as evenly as they can on the slot ranges ``redis-cli --cluster
    create`` gives three masters (CRC16 alone put 4, 5 and 7 partitions on them)."""
    ranges = [(0, 5460), (5461, 10922), (10923, 16383)]

    def per_master(keys: list[str]) -> list[int]:
        slots = [key_slot(key.encode()) for key in keys]
        return [sum(low <= slot <= high for slot in slots) for low, high in ranges]

    assert sorted(per_master([Inbox.stream(p) for p in range(16)])) == [5, 5, 6]
    shards = [f"outbox:ready:{spread_tag('r', shard)}" for shard in range(READY_SHARDS)]
    assert per_master(shards) == [2, 2, 2]
    assert len({key_slot(key.encode()) for key in shards}) == READY_SHARDS


def test_the_cluster_setting_needs_a_node_url() -> None:
    settings = Settings.from_env({"MICUENTA_REDIS_CLUSTER": "true",
                                  "MICUENTA_REDIS_URL": "redis://10.0.0.5:7000/0"})
    assert settings.redis_cluster
    assert not Settings.from_env({}).redis_cluster
    with pytest.raises(SettingsError, match="MICUENTA_REDIS_CLUSTER"):
        Settings.from_env({"MICUENTA_REDIS_CLUSTER": "true"})
    with pytest.raises(SettingsError, match="MICUENTA_REDIS_CLUSTER"):
        Settings.from_env({"MICUENTA_REDIS_CLUSTER": "maybe"})


@pytest.fixture
def cluster(redis: Redis) -> AutoPipelineRedisCluster:
    if not isinstance(redis, AutoPipelineRedisCluster):
        pytest.skip("needs MICUENTA_TEST_REDIS_CLUSTER_URL (a Redis Cluster)")
    return redis


async def test_concurrent_commands_share_one_pipeline_over_every_master(
        cluster: AutoPipelineRedisCluster) -> None:
    keys = [f"k{i}" for i in range(60)]
    masters = {cluster.get_node_from_key(key).name for key in keys}
    assert len(masters) == len(cluster.get_primaries()) == 3
    await asyncio.gather(*(cluster.set(key, key) for key in keys))
    before = cluster.counts()
    values = await asyncio.gather(*(cluster.get(key) for key in keys))
    assert values == [key.encode() for key in keys]
    assert cluster.counts() == (before[0] + 1, before[1] + len(keys))


async def test_an_error_reply_stays_with_its_command(cluster: AutoPipelineRedisCluster) -> None:
    await cluster.set("text", "x")
    results: list[Any] = await asyncio.gather(cluster.incr("text"), cluster.incr("number"),
                                              return_exceptions=True)
    assert isinstance(results[0], ResponseError) and results[1] == 1


async def test_a_script_spanning_two_slots_is_refused_and_scripts_load_on_every_master(
        cluster: AutoPipelineRedisCluster) -> None:
    script = cluster.register_script("return redis.call('INCR', KEYS[1])")
    assert await asyncio.gather(*(script(keys=[f"s{i}"]) for i in range(20))) == [1] * 20
    spanning = cluster.register_script("return #KEYS")
    with pytest.raises(RedisClusterException, match="same key slot"):
        await spanning(keys=["{a}1", "{b}2"])


async def test_the_inbox_reads_the_partitions_of_every_node(
        cluster: AutoPipelineRedisCluster) -> None:
    from domain.security.crypto import Keyring
    from tests.conftest import TEST_SECRET

    keyring = Keyring(TEST_SECRET)
    inbox = Inbox(cluster, keyring.state, b"k", partitions=16)
    for partition in range(16):
        await inbox.ensure_group(partition)
        await cluster.xadd(inbox.stream(partition), {"e": "not sealed"})
    assert isinstance(cluster, RedisCluster)
    await inbox.read_many(list(range(16)), "c", 10, 50)
    # none could be opened: each went to the dead letters, from every partition
    assert await inbox.dead.count() == 16
    assert sum([await cluster.xlen(inbox.stream(p)) for p in range(16)]) == 0


def test_a_stream_reads_streams_are_found_in_its_arguments() -> None:
    assert stream_read_keys("XREADGROUP", (b"GROUP", "g", "c", b"COUNT", 5, b"BLOCK", 10,
                                           b"STREAMS", "a", "b", ">", ">")) == ["a", "b"]
    assert stream_read_keys("XREADGROUP", ("GROUP", "STREAMS", "c", "NOACK", "streams",
                                           "s", ">")) == ["s"]
    assert stream_read_keys("XREAD", ("COUNT", "1", "STREAMS", "s", "0")) == ["s"]
    assert stream_read_keys("XREAD", ("STREAMS", "s")) is None  # no id: not ours to place
    assert stream_read_keys("XREAD", ("FOO", "STREAMS", "s", "0")) is None


async def getkeys_asked(cluster: AutoPipelineRedisCluster) -> int:
    stats = await cluster.info("commandstats", target_nodes=RedisCluster.PRIMARIES)
    return sum(int(node.get("cmdstat_command|getkeys", {}).get("calls", 0))
               for node in stats.values())


async def test_a_stream_read_goes_to_its_node_without_asking_where(
        cluster: AutoPipelineRedisCluster) -> None:
    """redis-py asks a node (``COMMAND GETKEYS``) where an ``XREADGROUP`` goes: a round trip
    more for every partition read, all of them on one master."""
    inbox = Inbox(cluster, None, b"k", partitions=16)  # type: ignore[arg-type]
    for partition in range(16):
        await inbox.ensure_group(partition)
    before = await getkeys_asked(cluster)
    assert await inbox.read_many(list(range(16)), "c", 10, None) == []
    assert await cluster.xreadgroup("workers", "c", {inbox.stream(3): ">"}, count=1,
                                    block=10) == []
    assert await getkeys_asked(cluster) == before
