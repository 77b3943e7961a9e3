"""The async database engine and the sessions it hands out."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from domain.persistence.uow import SqlUnitOfWork
from domain.security.crypto import Keyring


class Database:
    """Owns one engine; nothing connects until the first query."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        ensure_sqlite_folder(url)
        options: dict[str, object] = {"echo": echo, "pool_pre_ping": not self.is_sqlite}
        if self.is_sqlite:
            options["connect_args"] = {"timeout": 30}
        else:  # a database that is down or stuck must surface within seconds, not minutes
            options["connect_args"] = {"timeout": 5, "command_timeout": 10}
            options["pool_timeout"] = 5
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()

    def session(self) -> AsyncSession:
        return self.sessions()

    def unit_of_work(self, keyring: Keyring) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions, keyring)


def ensure_sqlite_folder(url: str) -> None:
    """A SQLite file's folder must exist before the first connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
