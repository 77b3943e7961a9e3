"""Backups (D6): a backup restored into another database gives the same rows (counts and
checksums per table); a backup that does not match its manifest is reported; the files hold
no identifier in clear and only their owner may read them; the command line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from domain.demo import seed_demo
from domain.persistence.backup import (
    MANIFEST_SUFFIX,
    BackupFailed,
    backup,
    read_manifest,
    restore,
)
from domain.persistence.database import Database
from domain.persistence.transcripts import TranscriptEntry
from domain.security.crypto import Keyring
from tests.conftest import TEST_SECRET
from tests.support.paths import ROOT

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)


@pytest.fixture
async def other_database(database_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of the same kind as the test database, dropped afterwards."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield str(url.set(database=str(tmp_path / "restored.db")))
        return
    name = "micuenta_restore_" + uuid.uuid4().hex[:8]
    admin = create_async_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _fill(database: Database) -> list[dict[str, object]]:
    identities = await seed_demo(database.unit_of_work(Keyring(TEST_SECRET)), NOW)
    async with database.unit_of_work(Keyring(TEST_SECRET)) as uow:
        await uow.transcripts.append([TranscriptEntry("c" * 64, "whatsapp", "in", f"m{n}", NOW)
                                      for n in range(50)])
        await uow.commit()
    return identities


async def test_a_backup_restored_elsewhere_has_the_same_rows(
        database: Database, database_url: str, other_database: str, tmp_path: Path) -> None:
    identities = await _fill(database)
    path = tmp_path / "backups" / "micuenta.backup"
    made = await backup(database_url, path)
    assert made["workers"].rows == len(identities) and made["transcripts"].rows == 50
    assert made == await read_manifest(database_url), "the manifest is of what was backed up"
    restored = await restore(other_database, path)
    assert restored == made
    assert await read_manifest(other_database) == await read_manifest(database_url)
    for written in (path, path.with_name(path.name + MANIFEST_SUFFIX)):
        assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    content = path.read_bytes()
    for person in identities:
        for field in ("nss", "curp", "rfc"):
            assert str(person[field]).encode() not in content, f"{field} in clear"


async def test_a_backup_that_does_not_match_its_manifest_is_reported(
        database: Database, database_url: str, other_database: str, tmp_path: Path) -> None:
    await _fill(database)
    path = tmp_path / "micuenta.backup"
    await backup(database_url, path)
    manifest = path.with_name(path.name + MANIFEST_SUFFIX)
    body = json.loads(manifest.read_text())
    body["transcripts"]["rows"] += 1
    manifest.write_text(json.dumps(body))
    with pytest.raises(BackupFailed, match="differs from the backup in: transcripts"):
        await restore(other_database, path)


def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "data" / "cli.db"
    env = {**os.environ, "MICUENTA_DATA_DIR": str(tmp_path / "data"),
           "MICUENTA_DATABASE_URL": f"sqlite+aiosqlite:///{source}"}

    def micuenta(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=120, check=False)

    assert micuenta("db", "upgrade").returncode == 0
    assert micuenta("seed", "--demo").returncode == 0
    made = micuenta("db", "backup")
    assert made.returncode == 0, made.stderr
    printed = json.loads(made.stdout)
    assert printed["backup"].startswith(str(tmp_path / "data" / "backups" / "micuenta-"))
    assert printed["tables"]["workers"]["rows"] >= 8
    source.unlink()
    back = micuenta("db", "restore", printed["backup"])
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout)["tables"] == printed["tables"]
    missing = micuenta("db", "restore", str(tmp_path / "nothing-here"))
    assert missing.returncode == 1 and "restore failed" in missing.stderr
