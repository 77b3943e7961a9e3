"""Conversation transcripts: appended in batches, read back per conversation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.persistence.models import TranscriptRow
from domain.uow import TranscriptEntry

__all__ = ["TranscriptEntry", "TranscriptRepository", "storable"]


def storable(text: str) -> str:
    """``text`` as a PostgreSQL text column takes it: without NUL characters (a chat message
    or a console note may carry one; the column refuses the whole batch for it)."""
    return text.replace("\x00", "")


class TranscriptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(self, entries: Sequence[TranscriptEntry]) -> None:
        """An executemany on the table (not the mapped class: no ORM bulk bookkeeping, and
        one compiled statement, cached, whatever the batch size)."""
        if entries:
            await self.session.execute(insert(cast(Table, TranscriptRow.__table__)), [
                {"conversation_hash": e.conversation_hash, "channel": e.channel,
                 "direction": e.direction, "text": storable(e.text),
                 "created_at": e.created_at}
                for e in entries])

    async def purge_before(self, moment: datetime) -> int:
        """Delete what is older than ``moment`` (the retention); how many rows went."""
        result = await self.session.execute(
            delete(TranscriptRow).where(TranscriptRow.created_at < moment))
        return int(getattr(result, "rowcount", 0) or 0)

    async def of(self, conversation_hash: str) -> list[TranscriptEntry]:
        rows = await self.session.scalars(
            select(TranscriptRow).where(TranscriptRow.conversation_hash == conversation_hash)
            .order_by(TranscriptRow.id))
        return [TranscriptEntry(r.conversation_hash, r.channel, r.direction, r.text,
                                r.created_at) for r in rows]

    async def move(self, old_hash: str, new_hash: str) -> int:
        """A conversation's key changed (a new number): its entries follow; how many."""
        result = await self.session.execute(
            update(TranscriptRow).where(TranscriptRow.conversation_hash == old_hash)
            .values(conversation_hash=new_hash))
        return int(getattr(result, "rowcount", 0) or 0)
