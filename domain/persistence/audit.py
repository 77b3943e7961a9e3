"""The audit log's rows."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.persistence.models import AuditRow
from domain.uow import AuditEntry

__all__ = ["AuditEntry", "AuditRepository"]


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, kind: str, subject: str, at: datetime,
                  detail: dict[str, str | int]) -> None:
        self.session.add(AuditRow(at=at, kind=kind, subject=subject[:100],
                                  detail=json.dumps(detail, sort_keys=True)))

    async def recent(self, kind: str | None = None, limit: int = 100) -> list[AuditEntry]:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if kind is not None:
            query = query.where(AuditRow.kind == kind)
        return [AuditEntry(row.at, row.kind, row.subject, json.loads(row.detail))
                for row in await self.session.scalars(query)]
