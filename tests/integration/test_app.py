"""The HTTP side: health naming the failing part, Prometheus metrics."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from bot.app.bootstrap import Container, build
from bot.app.settings import Settings
from bot.app.web import create_app
from bot.pipeline.deadletters import DEAD
from bot.pipeline.inbox import Envelope, Inbox
from bot.pipeline.outbox import PARKED
from bot.pipeline.redis_client import AutoPipelineRedis
from domain.persistence.database import Database
from tests.support.chat import ChatUser
from tests.support.clock import FakeClock


@asynccontextmanager
async def client_for(settings: Settings, container: Container) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_app(settings, container)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def test_health_is_ok_when_redis_and_database_answer(
    settings: Settings, container: Container
) -> None:
    async with client_for(settings, container) as client:
        response = await client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {
            "status": "ok", "checks": {"redis": "ok", "database": "ok"}, "failing": []}


async def test_health_names_redis_when_it_is_down(
    settings: Settings, database: Database, clock: FakeClock
) -> None:
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    container = await build(settings, clock=clock, redis=dead, database=database)
    async with client_for(settings, container) as client:
        response = await client.get("/healthz")
        assert response.status == 503
        body = await response.json()
        assert body["failing"] == ["redis"]
        assert body["checks"] == {"redis": "down", "database": "ok"}
    await container.aclose()
    await dead.aclose()


async def test_health_names_the_database_when_it_is_down(
    settings: Settings, redis: Redis, clock: FakeClock
) -> None:
    dead = Database("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    container = await build(settings, clock=clock, redis=redis, database=dead)
    async with client_for(settings, container) as client:
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["failing"] == ["database"]
    await container.aclose()
    await dead.dispose()


async def test_metrics_count_messages_per_channel_and_step(
    settings: Settings, container: Container, chat: ChatUser
) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    await chat.send("1")
    async with client_for(settings, container) as client:
        response = await client.get("/metrics")
        assert response.status == 200
        body = await response.text()
    assert 'micuenta_messages_in_total{channel="terminal",flow="menu",step="choose"} 2.0' in body
    assert ('micuenta_messages_in_total{channel="terminal",flow="language",step="choose"} 1.0'
            in body)
    assert 'micuenta_messages_out_total{channel="terminal",flow="menu",step="choose"}' in body
    assert 'micuenta_step_seconds_bucket{flow="menu",le="0.001",step="choose"}' in body
    assert "micuenta_lock_waits_total" in body
    assert "micuenta_duplicates_dropped_total" in body
    assert "micuenta_up 1.0" in body
    if isinstance(container.redis, AutoPipelineRedis):  # the serving client, on a real Redis
        assert "micuenta_redis_round_trips_total" in body
        assert "micuenta_redis_commands_total" in body


def test_creating_the_app_connects_to_nothing() -> None:
    app = create_app(Settings.from_env({"MICUENTA_REDIS_URL": "redis://127.0.0.1:1/0"}))
    assert {route.resource.canonical for route in app.router.routes()} >= {"/healthz", "/metrics"}


async def test_metrics_say_what_waits_for_an_operator_and_whether_the_parts_answer(
    settings: Settings, container: Container, redis: Redis, database: Database,
    clock: FakeClock,
) -> None:
    await redis.xadd(DEAD, {"e": "sealed", "r": "KeyError"})
    await redis.rpush(PARKED, "{}", "{}")
    async with client_for(settings, container) as client:
        body = await (await client.get("/metrics")).text()
    for line in ("micuenta_redis_up 1.0", "micuenta_database_up 1.0",
                 "micuenta_dead_letters_waiting 1.0", "micuenta_replies_parked_waiting 2.0"):
        assert line in body

    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    down = await build(settings, clock=clock, redis=dead, database=database)
    async with client_for(settings, down) as client:
        body = await (await client.get("/metrics")).text()
    assert "micuenta_redis_up 0.0" in body and "micuenta_database_up 1.0" in body
    await down.aclose()
    await dead.aclose()


async def test_the_inbox_backlog_and_its_oldest_entrys_age_are_gauged(
    redis: Redis, database: Database, container: Container,
) -> None:
    inbox = Inbox(redis, container.keyring.state, b"k", partitions=4)
    gauges = container.metrics.scraped
    await gauges.refresh(redis, database.ping, inbox)
    assert gauges.inbox_backlog._value.get() == 0 and gauges.inbox_oldest._value.get() == 0
    for n in range(3):
        await inbox.append(Envelope("whatsapp", f"w{n}", f"52155{n}", {}, 0.0))
    await asyncio.sleep(1.1)
    await gauges.refresh(redis, database.ping, inbox)
    assert gauges.inbox_backlog._value.get() == 3
    assert 1.0 <= gauges.inbox_oldest._value.get() < 30
