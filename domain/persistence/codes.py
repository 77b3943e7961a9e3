"""One-time codes and the failure guards, as stored rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.codes import Guard, GuardRule, Medium
from domain.persistence.models import CodeRow, GuardRow
from domain.uow import StoredCode

__all__ = ["CodeRepository", "GuardRepository", "StoredCode"]


def _stored(row: CodeRow) -> StoredCode:
    return StoredCode(row.id, row.request_id, row.purpose, Medium(row.medium), row.subject,
                      row.address_hash, row.account_id, row.code_hash, row.tries,
                      row.created_at, row.expires_at, row.used_at)


class CodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def forget_account(self, account_id: str) -> None:
        """Every code sent for the account (it is being deleted)."""
        await self.session.execute(delete(CodeRow).where(CodeRow.account_id == account_id))

    async def add(self, *, request_id: str, purpose: str, medium: Medium, subject: str,
                  address_hash: str, account_id: str | None, code_hash: str, now: datetime,
                  expires_at: datetime) -> None:
        self.session.add(CodeRow(
            id=str(uuid.uuid4()), request_id=request_id, purpose=purpose, medium=medium.value,
            subject=subject, address_hash=address_hash, account_id=account_id,
            code_hash=code_hash, tries=0, created_at=now, expires_at=expires_at))
        await self.session.flush()

    async def latest(self, request_id: str, medium: Medium) -> StoredCode | None:
        row = await self._latest_row(request_id, medium)
        return _stored(row) if row else None

    async def earlier(self, request_id: str, medium: Medium) -> list[StoredCode]:
        rows = await self.session.scalars(
            select(CodeRow).where(CodeRow.request_id == request_id,
                                  CodeRow.medium == medium.value)
            .order_by(CodeRow.created_at.desc(), CodeRow.expires_at.desc()))
        return [_stored(row) for row in list(rows)[1:]]

    async def _latest_row(self, request_id: str, medium: Medium) -> CodeRow | None:
        return await self.session.scalar(
            select(CodeRow).where(CodeRow.request_id == request_id,
                                  CodeRow.medium == medium.value)
            .order_by(CodeRow.created_at.desc(), CodeRow.expires_at.desc()).limit(1)
            .with_for_update().execution_options(populate_existing=True))

    async def sent_since(self, *, since: datetime, medium: Medium, subject: str | None = None,
                         address_hash: str | None = None,
                         purpose: str | None = None) -> tuple[int, datetime | None]:
        """How many codes of ``medium`` (and ``purpose``, if given) went to a subject (or an
        address) since ``since``, and when the oldest of them went."""
        criteria = [CodeRow.created_at >= since, CodeRow.medium == medium.value]
        if purpose is not None:
            criteria.append(CodeRow.purpose == purpose)
        if subject is not None:
            criteria.append(CodeRow.subject == subject)
        if address_hash is not None:
            criteria.append(CodeRow.address_hash == address_hash)
        count, oldest = (await self.session.execute(
            select(func.count(CodeRow.id), func.min(CodeRow.created_at)).where(*criteria)
        )).one()
        return int(count), oldest

    async def retire(self, request_id: str, medium: Medium, now: datetime) -> None:
        """Earlier unused codes of this request and medium stop working."""
        await self.session.execute(
            update(CodeRow).where(CodeRow.request_id == request_id,
                                  CodeRow.medium == medium.value, CodeRow.used_at.is_(None),
                                  CodeRow.expires_at > now)
            .values(expires_at=now))

    async def record_try(self, code_id: str) -> None:
        await self.session.execute(
            update(CodeRow).where(CodeRow.id == code_id).values(tries=CodeRow.tries + 1))

    async def mark_used(self, code_id: str, now: datetime) -> None:
        await self.session.execute(
            update(CodeRow).where(CodeRow.id == code_id).values(used_at=now))


class GuardRepository:
    """Guards are read and written under the row's lock: ``attempt`` first makes sure the
    row exists (``INSERT ... ON CONFLICT DO NOTHING``, so parallel first attempts never
    collide on the key), then locks it (``SELECT ... FOR UPDATE``; on SQLite the insert
    already took the database's write lock) until the caller's commit."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _locked_row(self, subject: str, now: datetime) -> GuardRow:
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        await self.session.execute(
            insert(GuardRow).values(subject=subject, failures=0, locks=0, updated_at=now)
            .on_conflict_do_nothing(index_elements=["subject"]))
        row = await self.session.get(GuardRow, subject, with_for_update=True,
                                     populate_existing=True)
        assert row is not None  # inserted above or already there
        return row

    async def serialize(self, now: datetime, *subjects: str) -> None:
        """Lock these subjects' rows (in one order, so two callers never deadlock) until
        the commit: what the caller counts and adds meanwhile, nobody else does."""
        for subject in sorted(set(subjects)):
            await self._locked_row(subject, now)

    async def get(self, subject: str) -> Guard:
        row = await self.session.get(GuardRow, subject, with_for_update=True)
        return Guard(row.failures, row.locked_until, row.locks or 0) if row else Guard()

    async def attempt(self, subject: str, now: datetime, rule: GuardRule) -> tuple[Guard, bool]:
        """Count one attempt (see ``Guard.attempt``); the caller commits."""
        row = await self._locked_row(subject, now)
        guard, allowed = Guard(row.failures, row.locked_until, row.locks or 0).attempt(now, rule)
        self._write(row, guard, now)
        await self.session.flush()
        return guard, allowed

    async def refund(self, subject: str, now: datetime, rule: GuardRule) -> None:
        row = await self._locked_row(subject, now)
        guard = Guard(row.failures, row.locked_until, row.locks or 0).refund(now, rule)
        self._write(row, guard, now)

    async def clear(self, subject: str, now: datetime) -> None:
        await self.put(subject, Guard(), now)

    async def put(self, subject: str, guard: Guard, now: datetime) -> None:
        row = await self._locked_row(subject, now)
        self._write(row, guard, now)

    @staticmethod
    def _write(row: GuardRow, guard: Guard, now: datetime) -> None:
        row.failures = guard.failures
        row.locked_until = guard.locked_until
        row.locks = guard.locks
        row.updated_at = now
