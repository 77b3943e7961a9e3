"""Which Redis and database the suite runs on, decided once per run.

In CI (``CI=true``) the real servers are required: the suite stops at once, naming the
server, when one cannot be reached. Elsewhere the same servers are used when they answer,
and an in-process fakeredis / a SQLite file stand in when they do not. The choice is
printed in the pytest header. ``MICUENTA_TEST_REDIS_URL=memory://`` and
``MICUENTA_TEST_DATABASE_URL=sqlite`` force the embedded ones.
``MICUENTA_TEST_REDIS_CLUSTER_URL`` (a node of a Redis Cluster, e.g. one started by
``tests/support/redis_cluster.sh``) runs the suite on that cluster with the cluster client.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
DEFAULT_DATABASE = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Backends:
    redis_url: str
    database_url: str
    note: str
    cluster: bool = False
    """``redis_url`` names a node of a Redis Cluster."""

    @property
    def real_redis(self) -> bool:
        return not self.redis_url.startswith("memory://")

    @property
    def real_database(self) -> bool:
        return not self.database_url.startswith("sqlite")


async def _redis_answers(url: str, cluster: bool = False) -> str | None:
    from redis.asyncio import Redis
    from redis.asyncio.cluster import RedisCluster

    client = (RedisCluster.from_url(url, socket_connect_timeout=2) if cluster
              else Redis.from_url(url, socket_connect_timeout=2))
    try:
        await client.ping()
        return None
    except Exception as error:  # any failure means "not reachable"
        return f"{type(error).__name__}: {error}"
    finally:
        await client.aclose()


async def _database_answers(url: str) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url, connect_args={"timeout": 3})
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return None
    except Exception as error:  # any failure means "not reachable"
        return f"{type(error).__name__}: {error}"
    finally:
        await engine.dispose()


def choose(tmp: Path) -> Backends:
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    cluster_url = os.environ.get("MICUENTA_TEST_REDIS_CLUSTER_URL")
    if cluster_url:
        problem = asyncio.run(_redis_answers(cluster_url, cluster=True))
        if problem:  # asked for by name: never a silent fallback
            raise SystemExit(f"the Redis Cluster at {cluster_url} is not reachable: {problem}")
    redis_url = cluster_url or os.environ.get("MICUENTA_TEST_REDIS_URL", DEFAULT_REDIS)
    database_url = os.environ.get("MICUENTA_TEST_DATABASE_URL", DEFAULT_DATABASE)
    sqlite_url = f"sqlite+aiosqlite:///{tmp / 'test.db'}"
    notes = []
    if not cluster_url and not redis_url.startswith("memory://"):
        problem = asyncio.run(_redis_answers(redis_url))
        if problem and in_ci:
            raise SystemExit(f"CI=true but Redis at {redis_url} is not reachable: {problem}")
        if problem:
            notes.append(f"Redis {redis_url} unreachable ({problem})")
            redis_url = "memory://"
    if database_url == "sqlite":
        database_url = sqlite_url
    elif not database_url.startswith("sqlite"):
        problem = asyncio.run(_database_answers(database_url))
        if problem and in_ci:
            raise SystemExit(
                f"CI=true but PostgreSQL at {database_url} is not reachable: {problem}")
        if problem:
            notes.append(f"PostgreSQL unreachable ({problem})")
            database_url = sqlite_url
    return Backends(redis_url, database_url, "; ".join(notes), bool(cluster_url))
