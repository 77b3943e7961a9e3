"""Shared fixtures: real or embedded backends, a migrated database, the engine, a chat user.

Tests may reach only this machine: any connection to another address fails the test.
"""

from __future__ import annotations

import ipaddress
import socket
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, cast

import fakeredis
import pytest
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app.bootstrap import Container, build
from bot.app.settings import Settings
from bot.charts.pool import ChartPool
from bot.nlu.model import IntentClassifier
from bot.pipeline.redis_client import AutoPipelineRedis
from bot.pipeline.redis_cluster import cluster_client
from domain.persistence.database import Database
from domain.persistence.migrate import upgrade
from domain.persistence.models import Base
from tests.support.backends import Backends, choose
from tests.support.chat import ChatUser
from tests.support.clock import FakeClock
from tests.support.secret import TEST_SECRET
from tests.support.world import web, world  # noqa: F401  (fixtures for every folder)

# --- no network beyond this machine -----------------------------------------------------

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", "", "0.0.0.0"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if not _local(address):
        raise ConnectionRefusedError(f"tests may not reach {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if not _local(address):
        raise ConnectionRefusedError(f"tests may not reach {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and not _local((host.decode() if isinstance(host, bytes) else host,)):
        raise socket.gaierror(f"tests may not resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo
    config.stash[_BACKENDS] = choose(Path(tempfile.mkdtemp(prefix="micuenta-tests-")))


_BACKENDS = pytest.StashKey[Backends]()


def pytest_report_header(config: pytest.Config) -> list[str]:
    chosen = config.stash[_BACKENDS]
    redis = chosen.redis_url if chosen.real_redis else "fakeredis (in-process)"
    database = chosen.database_url if chosen.real_database else f"SQLite ({chosen.database_url})"
    lines = [f"backends: redis={redis} database={database}"]
    if chosen.note:
        lines.append(f"backends note: {chosen.note}")
    return lines


# --- backends ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def backends(pytestconfig: pytest.Config) -> Backends:
    return pytestconfig.stash[_BACKENDS]


@pytest.fixture(scope="session")
def database_url(backends: Backends) -> Iterator[str]:
    """A database migrated to head once per run, after dropping what an earlier run left."""
    url = backends.database_url
    _drop_everything(url)
    upgrade(url)
    yield url


def _drop_everything(url: str) -> None:
    import asyncio

    async def drop() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            def run(sync: Any) -> None:
                names = inspect(sync).get_table_names()
                for name in names:
                    quoted = sync.dialect.identifier_preparer.quote(name)
                    cascade = " CASCADE" if sync.dialect.name == "postgresql" else ""
                    sync.execute(text(f"DROP TABLE IF EXISTS {quoted}{cascade}"))
            await connection.run_sync(run)
        await engine.dispose()

    asyncio.run(drop())


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    async with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
    await db.dispose()


@pytest.fixture
async def redis(backends: Backends) -> AsyncIterator[Redis]:
    if backends.cluster:
        cluster = cluster_client(backends.redis_url)  # as served
        await cluster.flushall(target_nodes=RedisCluster.PRIMARIES)
        yield cast(Redis, cluster)
        await cluster.flushall(target_nodes=RedisCluster.PRIMARIES)
        await cluster.aclose()
    elif backends.real_redis:
        client = AutoPipelineRedis.from_url(backends.redis_url)  # as served
        await client.flushdb()
        yield client
        await client.flushdb()
        await client.aclose()
    else:
        client = fakeredis.FakeAsyncRedis(server=fakeredis.FakeServer())
        yield client
        await client.aclose()


# --- the service ------------------------------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path, backends: Backends, database_url: str) -> Settings:
    return Settings.from_env({
        "MICUENTA_DATA_DIR": str(tmp_path),
        "MICUENTA_SECRET_KEY": TEST_SECRET,
        "MICUENTA_DATABASE_URL": database_url,
        "MICUENTA_REDIS_URL": backends.redis_url,
        "MICUENTA_REDIS_CLUSTER": str(backends.cluster).lower(),
    })


@pytest.fixture(scope="session")
def chart_pool() -> Iterator[ChartPool]:
    """One chart process for the whole run (each takes about a second to start)."""
    pool = ChartPool()
    pool.warm().result(timeout=120)  # a busy machine: the first drawing waits for no import
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def intents() -> IntentClassifier:
    """The intent model, trained once for the suite from the project's example files."""
    return IntentClassifier.train()


@pytest.fixture
async def container(
    settings: Settings, redis: Redis, database: Database, clock: FakeClock,
    chart_pool: ChartPool, intents: IntentClassifier,
) -> AsyncIterator[Container]:
    built = await build(settings, clock=clock, redis=redis, database=database,
                        charts=chart_pool, intents=intents)
    yield built
    await built.aclose()


@pytest.fixture
def chat(container: Container, clock: FakeClock) -> ChatUser:
    return ChatUser(container.engine, clock)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for line in pytest_report_header(config):
        terminalreporter.write_line(line)
