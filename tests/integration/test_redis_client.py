"""The auto-pipelining Redis client: every caller gets its own answer, errors stay with
their command, scripts reload, blocking reads go alone. The batching runs on the suite's
Redis, real or embedded; what only a real server can do (drop connections, stall, block)
runs on the real one, which CI always has."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from typing import Any

import fakeredis
import pytest
from fakeredis.aioredis import FakeAsyncRedisConnection
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import DataError, ResponseError

from bot.ops.metrics import Metrics
from bot.pipeline.redis_client import AutoPipelineRedis, packed_by_hiredis, serving_client


@pytest.fixture
async def client(redis: Redis) -> AsyncIterator[AutoPipelineRedis]:
    """The serving client on the suite's Redis: the real server, or the same client over
    fakeredis's in-process connections."""
    if isinstance(redis, AutoPipelineRedis):
        yield redis
        return
    pool = ConnectionPool(connection_class=FakeAsyncRedisConnection, server=fakeredis.FakeServer())
    embedded = AutoPipelineRedis.from_pool(pool)
    assert isinstance(embedded, AutoPipelineRedis)
    yield embedded
    await embedded.aclose()


@pytest.fixture
def server_client(redis: Redis) -> AutoPipelineRedis:
    """The serving client on a real Redis server. CI=true makes the suite refuse embedded
    backends (``tests/support/backends.py``), so there this never skips."""
    if not isinstance(redis, AutoPipelineRedis):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run these on a real Redis server")
        pytest.skip("drops, stalls and blocked reads need a real Redis server")
    return redis


async def test_concurrent_commands_share_round_trips_and_each_gets_its_answer(
        client: AutoPipelineRedis) -> None:
    async def one(n: int) -> tuple[bytes | None, int]:
        await client.set(f"k{n}", f"v{n}")
        return await client.get(f"k{n}"), await client.incrby("counter", n)

    before = client.batches_sent
    answers = await asyncio.gather(*(one(n) for n in range(200)))
    assert [value for value, _ in answers] == [f"v{n}".encode() for n in range(200)]
    assert int(await client.get("counter")) == sum(range(200))
    assert client.batches_sent - before < 600 / 10  # 600 commands in far fewer trips


async def test_an_error_reaches_only_the_caller_of_that_command(
        client: AutoPipelineRedis) -> None:
    await client.set("text", "not a list")

    results = await asyncio.gather(client.lpush("text", "x"), client.set("fine", "1"),
                                   client.incr("n"), return_exceptions=True)

    assert isinstance(results[0], ResponseError) and "WRONGTYPE" in str(results[0])
    assert results[1] is True and results[2] == 1
    assert await client.get("fine") == b"1"


async def test_response_callbacks_still_shape_the_answers(client: AutoPipelineRedis) -> None:
    await client.zadd("z", {"a": 1.5, "b": 2})
    await client.hset("h", mapping={"x": "1"})
    scored, hashed, exists = await asyncio.gather(
        client.zrangebyscore("z", "-inf", "+inf", withscores=True), client.hgetall("h"),
        client.exists("h", "nope"))
    assert scored == [(b"a", 1.5), (b"b", 2.0)]
    assert hashed == {b"x": b"1"}
    assert exists == 1


async def test_scripts_load_again_after_the_server_forgot_them(
        client: AutoPipelineRedis) -> None:
    double = client.register_script("return tonumber(ARGV[1]) * 2")
    assert await double(args=[21]) == 42
    await client.script_flush()
    assert await asyncio.gather(*(double(args=[n]) for n in range(5))) == [0, 2, 4, 6, 8]


async def test_a_blocking_read_does_not_hold_up_other_commands(
        server_client: AutoPipelineRedis) -> None:
    await server_client.xgroup_create("s", "g", id="0", mkstream=True)
    reader = asyncio.create_task(server_client.xreadgroup("g", "c", {"s": ">"}, block=2_000))
    await asyncio.sleep(0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await server_client.set("while-blocked", "1")
    assert loop.time() - started < 0.5
    await server_client.xadd("s", {"f": "v"})
    entries = await asyncio.wait_for(reader, 3)
    assert entries[0][1][0][1] == {b"f": b"v"}


@pytest.mark.parametrize("blocking", ["XREADGROUP", "BLPOP"])
async def test_a_blocking_read_issued_in_the_same_loop_turn_as_others_is_not_batched(
        server_client: AutoPipelineRedis, blocking: str) -> None:
    """The read and the two commands are issued in one loop turn, so all three would share
    a batch: the read must go alone, or the commands queued behind it on its connection
    (the write it waits for among them) wait out its block."""
    client = server_client
    await client.xgroup_create("s", "g", id="0", mkstream=True)
    read = (client.xreadgroup("g", "c", {"s": ">"}, block=2_000) if blocking == "XREADGROUP"
            else client.blpop(["l"], timeout=2))
    write = client.xadd("s", {"f": "v"}) if blocking == "XREADGROUP" else client.rpush("l", "v")
    loop = asyncio.get_running_loop()
    started = loop.time()
    reader = asyncio.ensure_future(read)
    others = asyncio.gather(client.set("beside", "1"), write)
    await asyncio.wait_for(others, 5)
    assert loop.time() - started < 0.5, "the commands beside the blocking read waited for it"
    got = await asyncio.wait_for(reader, 5)
    if blocking == "XREADGROUP":
        assert got[0][1][0][1] == {b"f": b"v"}
    else:
        assert got == (b"l", b"v")


async def test_a_cancelled_caller_does_not_disturb_the_others(
        client: AutoPipelineRedis) -> None:
    doomed = asyncio.create_task(client.set("doomed", "1"))
    kept = asyncio.create_task(client.set("kept", "1"))
    await asyncio.sleep(0)
    doomed.cancel()
    assert await kept is True
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert await client.get("kept") == b"1"


async def test_an_unreachable_server_fails_every_caller() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = AutoPipelineRedis.from_url(f"redis://127.0.0.1:{port}/0",
                                        socket_connect_timeout=0.5, retry=None)
    try:
        results = await asyncio.gather(client.set("a", "1"), client.get("b"),
                                       return_exceptions=True)
        assert all(isinstance(result, RedisConnectionError) for result in results)
    finally:
        await client.aclose()


@pytest.mark.parametrize("args", [
    ("SET", "k", "v"), ("ZADD", "outbox:ready", 1795898237.6010375, "{whatsapp:abc}"),
    ("EVALSHA", "f" * 40, 2, "a", "b", 0.5, 1e-7, 123456789012345, "ñandú"),
    ("SET", "k", b"\x00\xff"), ("CONFIG GET", "maxmemory"), ("SET", "k", bytearray(b"ab")),
    ("SET", "k", memoryview(b"cd")), ("ZADD", "z", 1 / 3, "m"),
])
def test_hiredis_packs_the_same_bytes_as_redis_py(args: tuple[object, ...]) -> None:
    plain = Connection()
    packed = packed_by_hiredis(Connection)()
    assert b"".join(packed.pack_command(*args)) == b"".join(
        bytes(chunk) for chunk in plain.pack_command(*args))


@pytest.mark.parametrize("bad", [None, True, object()])
def test_what_cannot_be_sent_is_refused_as_redis_py_refuses_it(bad: object) -> None:
    with pytest.raises(DataError):
        packed_by_hiredis(Connection)().pack_command("SET", "k", bad)


async def test_the_serving_client_round_trips_through_hiredis_packing(
        server_client: AutoPipelineRedis) -> None:
    url = "redis://{host}:{port}/{db}".format(
        **server_client.connection_pool.connection_kwargs)
    client = serving_client(url)
    try:
        await client.set("packed", "ñandú " * 2000)
        assert (await client.get("packed")).decode() == "ñandú " * 2000
        assert client.connection_pool.connection_class.__name__.startswith("HiredisPacked")
    finally:
        await client.aclose()


async def test_a_connection_lost_mid_batch_fails_the_rest_and_the_next_batch_reconnects(
        server_client: AutoPipelineRedis) -> None:
    await server_client.set("before", "1")
    quit_reply, after_quit = await asyncio.gather(
        server_client.execute_command("QUIT"), server_client.set("lost", "1"),
        return_exceptions=True)
    assert quit_reply in (True, b"OK", "OK")
    assert isinstance(after_quit, (RedisConnectionError, ConnectionError)), after_quit
    assert await server_client.get("before") == b"1", "a fresh connection serves the next batch"
    assert await server_client.exists("lost") == 0


async def test_a_redis_that_stops_answering_fails_the_batch_instead_of_hanging(
        server_client: AutoPipelineRedis, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.pipeline.redis_client as module

    monkeypatch.setattr(module, "REPLIES_TIMEOUT_S", 0.3)
    slow = server_client.register_script(  # busy for ~1 s, as a stuck server would be
        "local function now() local t = redis.call('TIME') return t[1] * 1e6 + t[2] end "
        "local stop = now() + 1e6; while now() < stop do end; return 1")
    await server_client.script_load(slow.script)  # so that both commands go in one batch
    results = await asyncio.gather(slow(), server_client.set("waiting", "1"),
                                   return_exceptions=True)
    assert all(isinstance(result, TimeoutError) for result in results), results
    await asyncio.sleep(1.2)  # the script ends; the next batch gets a fresh connection
    assert await server_client.set("after", "1") is True


async def test_after_the_server_drops_every_connection_the_next_commands_reconnect(
        server_client: AutoPipelineRedis) -> None:
    await asyncio.gather(*(server_client.set(f"warm{n}", n) for n in range(20)))  # pooled
    url = "redis://{host}:{port}/{db}".format(
        **server_client.connection_pool.connection_kwargs)
    killer = Redis.from_url(url)
    try:
        await killer.client_kill_filter(_type="normal", skipme=True)
    finally:
        await killer.aclose()
    answers = await asyncio.gather(*(server_client.get(f"warm{n}") for n in range(20)),
                                   return_exceptions=True)
    assert answers == [str(n).encode() for n in range(20)], "stale connections are replaced"


async def test_batches_keep_their_connection_instead_of_asking_the_pool_each_time(
        client: AutoPipelineRedis, monkeypatch: pytest.MonkeyPatch) -> None:
    pool = client.connection_pool
    taken = 0
    take = pool.get_connection

    async def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal taken
        taken += 1
        return await take(*args, **kwargs)

    monkeypatch.setattr(pool, "get_connection", counted)
    for n in range(20):
        await client.set(f"seq{n}", n)
    assert taken <= 1
    assert await client.get("seq19") == b"19"


async def test_after_the_server_drops_every_kept_connection_one_command_still_gets_through(
        server_client: AutoPipelineRedis) -> None:
    async def on_turn(turn: int) -> None:
        for _ in range(turn):
            await asyncio.sleep(0)
        await server_client.set(f"turn{turn}", turn)

    # a batch per loop turn, each sent while the earlier ones wait for their replies: each
    # takes a connection of its own, and all of them are kept afterwards
    await asyncio.gather(*(on_turn(turn) for turn in range(12)))
    url = "redis://{host}:{port}/{db}".format(
        **server_client.connection_pool.connection_kwargs)
    killer = Redis.from_url(url)
    try:
        clients = await killer.client_list(_type="normal")
        assert len(clients) >= 4, "several connections were kept"  # killer's one included
        await killer.client_kill_filter(_type="normal", skipme=True)
    finally:
        await killer.aclose()
    assert await server_client.get("turn7") == b"7"  # more broken connections than retries


async def test_round_trips_and_commands_are_exported_as_metrics(
        client: AutoPipelineRedis) -> None:
    metrics = Metrics()
    metrics.watch_redis(client.counts)
    before = _exported(metrics)

    await asyncio.gather(*(client.set(f"m{n}", n) for n in range(50)))

    after = _exported(metrics)
    assert after["micuenta_redis_commands_total"] - before["micuenta_redis_commands_total"] == 50
    trips = after["micuenta_redis_round_trips_total"] - before["micuenta_redis_round_trips_total"]
    assert 1 <= trips < 50


def _exported(metrics: Metrics) -> dict[str, float]:
    text = metrics.exposition().decode()
    return {name: float(value) for name, value in
            (line.split() for line in text.splitlines()
             if line.startswith("micuenta_redis_"))}
