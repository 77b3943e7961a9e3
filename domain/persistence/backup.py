"""Consistent backups and their restore, checked (SECURITY.md "Data", test D6).

A backup is made by the database's own tool: SQLite's online backup API (a consistent copy
while the service writes) or ``pg_dump`` (one snapshot, custom format). Beside it goes a
manifest: per table, the row count and a SHA-256 over the rows in primary-key order. A
restore (``sqlite3`` backup API back, or ``pg_restore --clean`` in one transaction) is then
read again and must give the same manifest, or it is reported as failed.

What a backup holds is what the database holds: identifiers encrypted, transcripts masked,
passwords hashed. The files are written readable by their owner only.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

MANIFEST_SUFFIX = ".manifest.json"
OWNER_ONLY = 0o600


class BackupFailed(Exception):
    """The tool failed, or a restore does not match its manifest (the message says where)."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str


Manifest = dict[str, TableSummary]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    return value


async def _manifest_of(connection: AsyncConnection) -> Manifest:
    metadata = MetaData()
    await connection.run_sync(metadata.reflect)
    summaries: Manifest = {}
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        order = list(table.primary_key.columns) or list(table.columns)
        digest, count = hashlib.sha256(), 0
        result = await connection.stream(select(table).order_by(*order))
        async for row in result:
            digest.update(json.dumps([_plain(v) for v in row], default=str).encode() + b"\n")
            count += 1
        summaries[table.name] = TableSummary(count, digest.hexdigest())
    return summaries


async def read_manifest(url: str) -> Manifest:
    """Every table's row count and checksum, as the database holds them now."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await _manifest_of(connection)
    finally:
        await engine.dispose()


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupFailed("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for ``pg_dump``/``pg_restore`` and the environment holding the password."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while another connection writes."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _make_room(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)


def _write_manifest(path: Path, manifest: Manifest) -> None:
    os.chmod(path, OWNER_ONLY)
    manifest_path = path.with_name(path.name + MANIFEST_SUFFIX)
    manifest_path.write_text(json.dumps({name: asdict(s) for name, s in manifest.items()},
                                        indent=1, sort_keys=True))
    os.chmod(manifest_path, OWNER_ONLY)


def _read_backup(url: URL, path: Path) -> None:
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(path, _sqlite_file(url))
    elif url.get_backend_name() == "postgresql":
        target, env = _libpq(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={target}", str(path)], env)
    else:
        raise BackupFailed(f"no restore for {url.get_backend_name()}")


def load_manifest(path: Path) -> Manifest:
    raw = json.loads(path.with_name(path.name + MANIFEST_SUFFIX).read_text())
    return {name: TableSummary(**summary) for name, summary in raw.items()}


async def backup(url: str, path: Path) -> Manifest:
    """Back the database up to ``path``, with its manifest beside it. The manifest is of
    exactly what the backup holds, however the service writes meanwhile: SQLite's is read
    from the copy; PostgreSQL's inside the snapshot that ``pg_dump`` is given."""
    parsed = make_url(url)
    await asyncio.to_thread(_make_room, path)
    if parsed.get_backend_name() == "sqlite":
        await asyncio.to_thread(_sqlite_copy, _sqlite_file(parsed), path)
        manifest = await read_manifest(str(parsed.set(database=str(path))))
    elif parsed.get_backend_name() == "postgresql":
        manifest = await _pg_dump(parsed, path)
    else:
        raise BackupFailed(f"no backup for {parsed.get_backend_name()}")
    await asyncio.to_thread(_write_manifest, path, manifest)
    return manifest


async def _pg_dump(url: URL, path: Path) -> Manifest:
    """One repeatable-read transaction exports its snapshot, reads the manifest and stays
    open while ``pg_dump`` dumps that same snapshot."""
    engine = create_async_engine(url, isolation_level="REPEATABLE READ")
    try:
        async with engine.connect() as connection, connection.begin():
            snapshot = (await connection.execute(text("SELECT pg_export_snapshot()"))
                        ).scalar_one()
            manifest = await _manifest_of(connection)
            target, env = _libpq(url)
            await asyncio.to_thread(_run, [
                "pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                f"--file={path}", f"--dbname={target}"], env)
    finally:
        await engine.dispose()
    return manifest


async def restore(url: str, path: Path) -> Manifest:
    """Replace the database's contents with the backup at ``path``, then check them
    against the backup's manifest."""
    expected = await asyncio.to_thread(load_manifest, path)
    await asyncio.to_thread(_read_backup, make_url(url), path)
    found = await read_manifest(url)
    different = sorted(name for name in expected.keys() | found.keys()
                       if expected.get(name) != found.get(name))
    if different:
        raise BackupFailed("the restored database differs from the backup in: "
                           + ", ".join(different))
    return found
