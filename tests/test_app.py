"""The HTTP side: health naming the failing part, Prometheus metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from bot.app import create_app
from bot.bootstrap import Container, build
from bot.redis_client import AutoPipelineRedis
from bot.settings import Settings
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
