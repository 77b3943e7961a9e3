"""The daily backup, taken by the service itself (issue 17, item 6).

Every serve process runs this loop; once a day, past ``MICUENTA_BACKUP_AT`` (local time),
the first process to take that day's lease in Redis (``SET NX``) makes the backup
(``domain.persistence.backup``: a consistent copy and its manifest) under
``MICUENTA_DATA_DIR/backups``, deletes the backups older than ``MICUENTA_BACKUP_KEEP_DAYS``,
and records the result: the audit log (``backup`` or ``backup_failed``), and in Redis, from
where every process exports it on ``/metrics`` (last success time, its duration, the
failures), so the alert "backup missed" holds whichever process ran it, even after it
restarted. A failed backup gives the lease back after ``RETRY_S`` so a later tick (in any
process) tries again. The systemd timer in ``deploy/`` does the same from outside; use one.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from prometheus_client import CollectorRegistry, Counter, Gauge
from redis.asyncio import Redis

from bot.ops.looping import BackgroundLoop
from domain.audit import AuditKind, AuditTrail
from domain.persistence.backup import MANIFEST_SUFFIX, backup

log = logging.getLogger(__name__)

LEASE = "backup:lease:{day}"
LAST = "backup:last"
"""A hash: ``success_at`` (UNIX time), ``duration_s``, ``path``, ``failures``."""
LEASE_S = 6 * 3600
"""A day's lease outlives any backup; a process that dies holding it leaves the day to the
alert (and to the next day)."""
RETRY_S = 600
TICK_S = 60.0
PREFIX = "micuenta-"
STAMP = "%Y%m%d-%H%M%S"


class BackupMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.last_success = Gauge(
            "micuenta_backup_last_success_timestamp_seconds",
            "When the last daily backup succeeded (UNIX time; 0: none yet)", registry=registry)
        self.last_duration = Gauge(
            "micuenta_backup_last_duration_seconds", "How long the last successful backup took",
            registry=registry)
        self.failures = Gauge(
            "micuenta_backup_failures", "Daily backups that failed, since the last success",
            registry=registry)
        self.runs = Counter("micuenta_backup_runs", "Daily backups this process ran, by outcome",
                            ["outcome"], registry=registry)


class BackupSchedule(BackgroundLoop):
    loop_name = "backups"

    def __init__(self, redis: Redis, database_url: str, directory: Path, keep_days: int,
                 at: str, zone: ZoneInfo, metrics: BackupMetrics, audit: AuditTrail,
                 clock: Callable[[], datetime], tick_s: float = TICK_S) -> None:
        hour, _, minute = at.partition(":")
        self.redis = redis
        self.database_url = database_url
        self.directory = directory
        self.keep_days = keep_days
        self.at = (int(hour), int(minute or 0))
        self.zone = zone
        self.metrics = metrics
        self.audit = audit
        self.clock = clock
        self.tick_s = tick_s

    async def _run(self) -> None:
        """The first check comes a tick after the start (a process starting is busy enough,
        and a test's short-lived service never takes one); the metrics are read at once."""
        try:
            await self.refresh()
        except Exception:
            log.warning("backups: the last result could not be read yet")
        while True:
            await asyncio.sleep(self.tick_s)
            try:
                await self.tick()
            except Exception:  # Redis away for a moment: the next tick tries again
                log.exception("backups: the daily check failed")

    async def tick(self) -> Path | None:
        """Take today's backup if it is due and no process has taken it; export the
        latest result either way. Returns the backup made here, if any."""
        now = self.clock().astimezone(self.zone)
        made = None
        if (now.hour, now.minute) >= self.at:
            lease = LEASE.format(day=now.strftime("%Y-%m-%d"))
            if await self.redis.set(lease, str(now.timestamp()), nx=True, ex=LEASE_S):
                made = await self._take(now, lease)
        await self.refresh()
        return made

    async def _take(self, now: datetime, lease: str) -> Path | None:
        path = self.directory / f"{PREFIX}{now.strftime(STAMP)}"
        started = time.perf_counter()
        try:
            manifest = await backup(self.database_url, path)
        except Exception as error:
            self.metrics.runs.labels("failed").inc()
            await self.redis.hincrby(LAST, "failures", 1)
            await self.redis.expire(lease, RETRY_S)  # another tick tries again later
            log.error("backups: the daily backup failed (%s: %s)", type(error).__name__,
                      str(error)[:300])
            await self.audit.record(AuditKind.BACKUP_FAILED, "service", now,
                                    error=type(error).__name__)
            return None
        duration = time.perf_counter() - started
        pruned = await asyncio.to_thread(self.prune, now)
        await self.redis.hset(LAST, mapping={"success_at": now.timestamp(),
                                             "duration_s": round(duration, 3),
                                             "path": str(path), "failures": 0})
        self.metrics.runs.labels("done").inc()
        log.warning("backups: %s written in %.1f s (%d tables); %d old backups deleted",
                    path, duration, len(manifest), pruned)
        await self.audit.record(AuditKind.BACKUP, "service", now, file=path.name,
                                tables=len(manifest), rows=sum(t.rows for t in manifest.values()),
                                duration_ms=round(duration * 1000), pruned=pruned)
        return path

    def prune(self, now: datetime) -> int:
        """Delete the backups (and their manifests) whose name says they are older than
        ``keep_days``; anything else in the folder is left alone."""
        oldest = (now - timedelta(days=self.keep_days)).replace(tzinfo=None)
        deleted = 0
        for item in self.directory.glob(PREFIX + "*"):
            stamp = item.name.removeprefix(PREFIX).removesuffix(MANIFEST_SUFFIX)
            try:
                taken = datetime.strptime(stamp, STAMP)
            except ValueError:
                continue
            if taken < oldest:
                if item.is_dir():
                    shutil.rmtree(item)
                else:
                    item.unlink()
                deleted += not item.name.endswith(MANIFEST_SUFFIX)
        return deleted

    async def refresh(self) -> None:
        last = {key.decode() if isinstance(key, bytes) else key:
                value.decode() if isinstance(value, bytes) else value
                for key, value in (await self.redis.hgetall(LAST)).items()}
        self.metrics.last_success.set(float(last.get("success_at", 0)))
        self.metrics.last_duration.set(float(last.get("duration_s", 0)))
        self.metrics.failures.set(int(last.get("failures", 0)))
