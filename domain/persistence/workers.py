"""The workers' records: stored encrypted, found by the keyed hash of an identifier."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.persistence.models import WorkerRow
from domain.persistence.record_codec import record_from_json, record_to_json
from domain.savings.records import WorkerRecord
from domain.security.crypto import Keyring
from domain.uow import StoredWorker

__all__ = ["StoredWorker", "WorkerRepository"]

_CONTEXT = "workers.record"


class WorkerRepository:
    def __init__(self, session: AsyncSession, keyring: Keyring) -> None:
        self.session = session
        self.keyring = keyring

    def _hash(self, value: str, kind: str) -> str:
        return self.keyring.lookup.digest(value, kind)

    def _decode(self, row: WorkerRow) -> StoredWorker:
        plain = self.keyring.records.decrypt(row.record_enc, f"{_CONTEXT}:{row.id}")
        return StoredWorker(row.id, record_from_json(plain))

    async def by_nss(self, nss: str) -> StoredWorker | None:
        row = await self.session.scalar(
            select(WorkerRow).where(WorkerRow.nss_hash == self._hash(nss, "nss")))
        return self._decode(row) if row else None

    async def by_id(self, worker_id: str) -> StoredWorker | None:
        row = await self.session.get(WorkerRow, worker_id)
        return self._decode(row) if row else None

    async def put(self, record: WorkerRecord, now: datetime | None = None) -> StoredWorker:
        """Insert the record, or replace the one with the same NSS."""
        nss_hash = self._hash(record.nss, "nss")
        row = await self.session.scalar(select(WorkerRow).where(WorkerRow.nss_hash == nss_hash))
        if row is None:
            row = WorkerRow(id=str(uuid.uuid4()), nss_hash=nss_hash, revision=0)
            self.session.add(row)
        row.curp_hash = self._hash(record.curp, "curp")
        row.rfc_hash = self._hash(record.rfc, "rfc")
        row.record_enc = self.keyring.records.encrypt(record_to_json(record),
                                                      f"{_CONTEXT}:{row.id}")
        row.revision = (row.revision or 0) + 1
        row.updated_at = now or datetime.now(UTC)
        return StoredWorker(row.id, record)
