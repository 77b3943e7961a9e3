"""Workers' records at rest, migrations and the demo data through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from domain.demo import PERSONAS, build_record, demo_records, seed_demo
from domain.identifiers import parse_curp, parse_nss, parse_rfc
from domain.persistence.database import Database
from domain.persistence.models import WorkerRow
from domain.security.crypto import Keyring
from tests.conftest import TEST_SECRET
from tests.support.paths import ROOT

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)


async def test_records_are_encrypted_at_rest_and_found_by_nss(database: Database) -> None:
    keyring = Keyring(TEST_SECRET)
    identities = await seed_demo(database.unit_of_work(keyring), NOW)
    assert len(identities) >= 8
    maria = identities[0]
    async with database.unit_of_work(keyring) as uow:
        stored = await uow.workers.by_nss(maria["nss"])
        assert stored is not None
        assert stored.record == build_record(PERSONAS[0], TODAY)
        rows = (await uow.session.scalars(select(WorkerRow))).all()
        for row in rows:
            assert maria["nss"] not in row.record_enc
            assert "María" not in row.record_enc and maria["curp"] not in row.record_enc
            assert maria["nss"] not in row.nss_hash


async def test_seeding_twice_refreshes_instead_of_duplicating(database: Database) -> None:
    keyring = Keyring(TEST_SECRET)
    await seed_demo(database.unit_of_work(keyring), NOW)
    await seed_demo(database.unit_of_work(keyring), NOW)
    async with database.unit_of_work(keyring) as uow:
        revisions = [row.revision for row in await uow.session.scalars(select(WorkerRow))]
    assert revisions == [2] * len(PERSONAS)


async def test_another_key_cannot_read_the_records(database: Database) -> None:
    await seed_demo(database.unit_of_work(Keyring(TEST_SECRET)), NOW)
    stranger = Keyring("another-secret-key-of-sufficient-length-987654321")
    async with database.unit_of_work(stranger) as uow:
        assert await uow.workers.by_nss(demo_records(TODAY)[0][1].nss) is None


def test_demo_workers_cover_the_cases_with_valid_identifiers() -> None:
    records = demo_records(TODAY)
    for _, record in records:
        assert parse_nss(record.nss).value == record.nss
        assert parse_curp(record.curp).birth_date == record.birth_date
        assert parse_rfc(record.rfc).matches_birth_date(record.birth_date)
        assert record.rfc[:10] == record.curp[:10]
    assert len({record.nss for _, record in records}) == len(records)
    sexes = {record.sex for _, record in records}
    assert sexes == {"H", "M"}
    assert any(not record.relationship_active for _, record in records)
    assert any(record.credit is not None for _, record in records)
    assert len({record.daily_salary for _, record in records}) == len(records)


def test_db_upgrade_and_seed_from_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "MICUENTA_DATA_DIR": str(tmp_path / "data"),
           "MICUENTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'cli.db'}"}

    def micuenta(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=120, check=False)

    refused = micuenta("seed", "--demo")
    assert refused.returncode == 1
    assert "Run `micuenta db upgrade` first" in refused.stderr
    assert micuenta("db", "upgrade").returncode == 0
    seeded = micuenta("seed", "--demo")
    assert seeded.returncode == 0, seeded.stderr
    identities = json.loads(seeded.stdout)
    assert {"nss", "curp", "rfc", "name", "case"} <= set(identities[0])
    assert "DEMO MODE: generated a secret key" in refused.stderr
    assert (tmp_path / "data" / "secret.key").exists()


async def test_a_large_batch_of_transcript_entries_is_stored_whole_and_in_order(
    database: Database,
) -> None:
    from domain.persistence.transcripts import TranscriptEntry

    at = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    count = 1_207
    entries = [TranscriptEntry("c" * 64, "whatsapp", "in" if n % 2 else "out", f"mensaje {n}",
                               at) for n in range(count)]
    async with database.unit_of_work(Keyring(TEST_SECRET)) as uow:
        await uow.transcripts.append(entries)
        await uow.commit()
    async with database.unit_of_work(Keyring(TEST_SECRET)) as uow:
        stored = await uow.transcripts.of("c" * 64)
    assert stored == entries


async def test_transcripts_older_than_the_retention_are_purged(database: Database) -> None:
    from datetime import timedelta

    from bot.pipeline.transcripts import TranscriptWriter
    from domain.persistence.transcripts import TranscriptEntry

    keyring = Keyring(TEST_SECRET)
    writer = TranscriptWriter(database, keyring, retention=timedelta(days=30),
                              clock=lambda: NOW)
    async with database.unit_of_work(keyring) as uow:
        await uow.transcripts.append([
            TranscriptEntry("c" * 64, "whatsapp", "in", f"day {age}", NOW - timedelta(days=age))
            for age in (0, 29, 31, 400)])
        await uow.commit()
    assert await writer.purge() == 2
    async with database.unit_of_work(keyring) as uow:
        kept = [entry.text for entry in await uow.transcripts.of("c" * 64)]
    assert kept == ["day 0", "day 29"]


async def test_an_entry_the_database_refuses_holds_back_no_other(database: Database) -> None:
    """A NUL (a chat message, a console note) and a value over a column's size used to fail
    the whole batch, retried forever with everything queued after it."""
    from bot.pipeline.transcripts import TranscriptWriter
    from domain.persistence.transcripts import TranscriptEntry

    keyring = Keyring(TEST_SECRET)
    writer = TranscriptWriter(database, keyring)
    writer.note("telegram:1", "telegram", "llamar\x00 mañana", NOW)
    writer._pending.insert(0, TranscriptEntry("d" * 64, "x" * 40, "in", "too long", NOW))
    writer._pending.append(TranscriptEntry("e" * 64, "whatsapp", "in", "hola", NOW))
    await writer.flush()
    await writer.flush()
    assert writer._pending == []
    async with database.unit_of_work(keyring) as uow:
        noted = [e.text for e in await uow.transcripts.of(writer.conversation_hash(
            "telegram:1"))]
        other = [e.text for e in await uow.transcripts.of("e" * 64)]
    assert noted == ["llamar mañana"] and other == ["hola"]
