"""The daily backup taken by the service itself (issue 17, item 6): two app instances on
one Redis and database, both past the hour: one backup is written, by one of them; the
backups past the kept days are deleted and the recent ones kept; both export the result on
/metrics; the audit log has it. A backup that fails is counted and audited, and tried again
later."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from redis.asyncio import Redis

from bot.app.bootstrap import build
from bot.app.settings import Settings
from bot.charts.pool import ChartPool
from bot.nlu.model import IntentClassifier
from bot.ops.backups import LEASE, MANIFEST_SUFFIX, BackupSchedule
from domain.persistence.database import Database
from tests.support.clock import FakeClock

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # 06:00 in Mexico City: past 03:30


def _gauge(exposition: str, name: str) -> float:
    found = re.search(rf"^{name} (\S+)$", exposition, re.MULTILINE)
    assert found, name
    return float(found.group(1))


def _plant(folder: Path, taken: datetime) -> Path:
    old = folder / f"micuenta-{taken.strftime('%Y%m%d-%H%M%S')}"
    old.write_bytes(b"an old backup")
    old.with_name(old.name + MANIFEST_SUFFIX).write_text("{}")
    return old


async def test_one_of_two_instances_takes_the_daily_backup_and_prunes_old_ones(
        settings: Settings, redis: Redis, database: Database, chart_pool: ChartPool,
        intents: IntentClassifier) -> None:
    clock = FakeClock(NOW)
    first, second = [await build(settings, clock=clock, redis=redis, database=database,
                                 charts=chart_pool, intents=intents) for _ in range(2)]
    try:
        folder = settings.data_dir / "backups"
        folder.mkdir(parents=True)
        local = NOW.astimezone(settings.zone).replace(tzinfo=None)
        stale = _plant(folder, local - timedelta(days=15))
        recent = _plant(folder, local - timedelta(days=3))
        made = await asyncio.gather(first.backups.tick(), second.backups.tick())
        written = [path for path in made if path is not None]
        assert len(written) == 1, "one instance takes the day"
        backup = written[0]
        assert backup.exists() and backup.with_name(backup.name + MANIFEST_SUFFIX).exists()
        assert not stale.exists() and not stale.with_name(stale.name + MANIFEST_SUFFIX).exists()
        assert recent.exists(), "within the kept days"
        assert await first.backups.tick() is None, "once a day"
        await second.backups.tick()
        for container in (first, second):
            exposition = container.metrics.exposition().decode()
            assert _gauge(exposition, "micuenta_backup_last_success_timestamp_seconds") == \
                NOW.timestamp()
            assert _gauge(exposition, "micuenta_backup_last_duration_seconds") > 0
            assert _gauge(exposition, "micuenta_backup_failures") == 0
        async with database.unit_of_work(first.keyring) as uow:
            entries = await uow.audit.recent("backup")
        assert len(entries) == 1 and entries[0].detail["file"] == backup.name
        assert entries[0].detail["pruned"] == 1 and int(entries[0].detail["rows"]) > 0

        clock.advance(days=1)  # the next day: taken again
        assert await second.backups.tick() is not None
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_failed_backup_is_counted_audited_and_tried_again_later(
        settings: Settings, redis: Redis, database: Database, chart_pool: ChartPool,
        intents: IntentClassifier, tmp_path: Path) -> None:
    container = await build(settings, clock=FakeClock(NOW), redis=redis, database=database,
                            charts=chart_pool, intents=intents)
    try:
        broken = BackupSchedule(redis, "sqlite+aiosqlite:///" + str(tmp_path / "none" / "x.db"),
                                tmp_path / "backups", 14, "03:30", settings.zone,
                                container.metrics.backups, container.audit,
                                lambda: NOW)
        assert await broken.tick() is None
        exposition = container.metrics.exposition().decode()
        assert _gauge(exposition, "micuenta_backup_failures") == 1
        assert 'micuenta_backup_runs_total{outcome="failed"} 1.0' in exposition
        day = NOW.astimezone(settings.zone).strftime("%Y-%m-%d")
        assert 0 < await redis.ttl(LEASE.format(day=day)) <= 600, "tried again in 10 minutes"
        async with database.unit_of_work(container.keyring) as uow:
            assert [e.kind for e in await uow.audit.recent("backup_failed")] == ["backup_failed"]
    finally:
        await container.aclose()
