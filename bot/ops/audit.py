"""The audit log written to the database; suspicious kinds also counted in the metrics
(``micuenta_suspicious_events_total{kind}``) and logged as warnings, for alerting."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.ops.metrics import Metrics
from domain.audit import SUSPICIOUS, AuditKind
from domain.persistence.database import Database
from domain.security.crypto import Keyring

log = logging.getLogger(__name__)


class DatabaseAudit:
    def __init__(self, database: Database, keyring: Keyring, metrics: Metrics) -> None:
        self.database = database
        self.keyring = keyring
        self.metrics = metrics

    async def record(self, kind: AuditKind, subject: str, at: datetime,
                     **detail: str | int) -> None:
        """Never fails the action it records: a database away loses the row, not the
        user's answer (the warning and the count still happen)."""
        if kind in SUSPICIOUS:
            self.metrics.suspicious.labels(kind.value).inc()
            log.warning("audit: %s (%s)", kind.value, subject)
        try:
            async with self.database.unit_of_work(self.keyring) as uow:
                await uow.audit.add(kind.value, subject, at, dict(detail))
                await uow.commit()
        except Exception:
            log.exception("audit: could not write a %s entry", kind.value)
