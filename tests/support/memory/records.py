"""Codes, guards, appointments, transcripts and the audit log, in memory."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from domain.accounts.codes import Guard, GuardRule, Medium
from domain.appointments.model import Appointment, AppointmentStatus
from domain.uow import (
    AuditEntry,
    DeskTaken,
    SameProcedure,
    SlotFull,
    StoredCode,
    TooMany,
    TranscriptEntry,
)
from tests.support.memory.tables import Booking

if TYPE_CHECKING:
    from tests.support.memory.uow import Transaction

Opened = Callable[[], "Transaction"]


class CodesInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    def _all(self) -> list[StoredCode]:
        return list(self._opened().tables.codes.values())

    def _put(self, code: StoredCode) -> None:
        self._opened().write().codes[code.id] = code

    async def forget_account(self, account_id: str) -> None:
        tables = self._opened().write()
        tables.codes = {i: c for i, c in tables.codes.items() if c.account_id != account_id}

    async def add(self, *, request_id: str, purpose: str, medium: Medium, subject: str,
                  address_hash: str, account_id: str | None, code_hash: str, now: datetime,
                  expires_at: datetime) -> None:
        self._put(StoredCode(str(uuid.uuid4()), request_id, purpose, medium, subject,
                             address_hash, account_id, code_hash, 0, now, expires_at, None))

    async def latest(self, request_id: str, medium: Medium) -> StoredCode | None:
        mine = [c for c in self._all() if c.request_id == request_id and c.medium is medium]
        return max(mine, key=lambda c: (c.created_at, c.expires_at), default=None)

    async def earlier(self, request_id: str, medium: Medium) -> list[StoredCode]:
        mine = [c for c in self._all() if c.request_id == request_id and c.medium is medium]
        return sorted(mine, key=lambda c: (c.created_at, c.expires_at), reverse=True)[1:]

    async def sent_since(self, *, since: datetime, medium: Medium, subject: str | None = None,
                         address_hash: str | None = None,
                         purpose: str | None = None) -> tuple[int, datetime | None]:
        sent = [c.created_at for c in self._all()
                if c.created_at >= since and c.medium is medium
                and purpose in (None, c.purpose) and subject in (None, c.subject)
                and address_hash in (None, c.address_hash)]
        return len(sent), min(sent, default=None)

    async def retire(self, request_id: str, medium: Medium, now: datetime) -> None:
        for code in self._all():
            if (code.request_id == request_id and code.medium is medium
                    and code.used_at is None and code.expires_at > now):
                self._put(replace(code, expires_at=now))

    async def record_try(self, code_id: str) -> None:
        code = self._opened().tables.codes.get(code_id)
        if code is not None:
            self._put(replace(code, tries=code.tries + 1))

    async def mark_used(self, code_id: str, now: datetime) -> None:
        code = self._opened().tables.codes.get(code_id)
        if code is not None:
            self._put(replace(code, used_at=now))


class GuardsInMemory:
    """One transaction at a time (see ``ConcurrentWrites``): ``serialize`` has nothing to
    lock."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    async def serialize(self, now: datetime, *subjects: str) -> None:
        return None

    async def get(self, subject: str) -> Guard:
        return self._opened().tables.guards.get(subject, Guard())

    async def attempt(self, subject: str, now: datetime, rule: GuardRule) -> tuple[Guard, bool]:
        guard, allowed = (await self.get(subject)).attempt(now, rule)
        await self.put(subject, guard, now)
        return guard, allowed

    async def refund(self, subject: str, now: datetime, rule: GuardRule) -> None:
        await self.put(subject, (await self.get(subject)).refund(now, rule), now)

    async def clear(self, subject: str, now: datetime) -> None:
        await self.put(subject, Guard(), now)

    async def put(self, subject: str, guard: Guard, now: datetime) -> None:
        self._opened().write().guards[subject] = guard


class TranscriptsInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    async def append(self, entries: Sequence[TranscriptEntry]) -> None:
        if entries:
            self._opened().write().transcripts.extend(entries)

    async def purge_before(self, moment: datetime) -> int:
        tables = self._opened().write()
        kept = [entry for entry in tables.transcripts if entry.created_at >= moment]
        gone, tables.transcripts = len(tables.transcripts) - len(kept), kept
        return gone

    async def of(self, conversation_hash: str) -> list[TranscriptEntry]:
        return [entry for entry in self._opened().tables.transcripts
                if entry.conversation_hash == conversation_hash]

    async def move(self, old_hash: str, new_hash: str) -> int:
        tables = self._opened().write()
        moved = [replace(entry, conversation_hash=new_hash)
                 if entry.conversation_hash == old_hash else entry
                 for entry in tables.transcripts]
        count = sum(entry.conversation_hash == old_hash for entry in tables.transcripts)
        tables.transcripts = moved
        return count


class AppointmentsInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    def _booked(self) -> list[Appointment]:
        return [b.appointment for b in self._opened().tables.appointments.values()
                if b.appointment.status is AppointmentStatus.BOOKED]

    async def booked_counts(self, centre_id: str, start: datetime,
                            end: datetime) -> dict[datetime, int]:
        return dict(Counter(a.starts_at for a in self._booked()
                            if a.centre_id == centre_id and start <= a.starts_at < end))

    async def by_id(self, appointment_id: str) -> Appointment | None:
        booking = self._opened().tables.appointments.get(appointment_id)
        return booking.appointment if booking else None

    async def upcoming(self, account_id: str, now: datetime) -> list[Appointment]:
        return sorted((a for a in self._booked()
                       if a.account_id == account_id and a.starts_at >= now),
                      key=lambda a: a.starts_at)

    async def upcoming_of_worker(self, worker_id: str, now: datetime) -> list[Appointment]:
        return sorted((a for a in self._booked()
                       if a.worker_id == worker_id and a.starts_at >= now),
                      key=lambda a: a.starts_at)

    async def book(self, *, worker_id: str, account_id: str | None, centre_id: str,
                   procedure: str, starts_at: datetime, desks: int, folio: str,
                   now: datetime, most: int) -> Appointment:
        upcoming = await self.upcoming_of_worker(worker_id, now)
        same = next((a for a in upcoming if a.procedure == procedure), None)
        if same is not None:
            raise SameProcedure(same.folio)
        if len(upcoming) >= most:
            raise TooMany()
        bookings = self._opened().tables.appointments.values()
        taken = {b.desk for b in bookings if b.desk is not None
                 and b.appointment.centre_id == centre_id
                 and b.appointment.starts_at == starts_at}
        free = [desk for desk in range(1, desks + 1) if desk not in taken]
        if not free:
            raise SlotFull()
        if any(b.appointment.folio == folio for b in bookings):
            self._opened().roll_back()
            raise DeskTaken()  # what the folio's unique constraint says on the database
        appointment = Appointment(str(uuid.uuid4()), folio, worker_id, account_id, centre_id,
                                  procedure, starts_at, AppointmentStatus.BOOKED)
        self._opened().write().appointments[appointment.id] = Booking(appointment, free[0])
        return appointment

    async def cancel(self, worker_id: str, folio: str, now: datetime) -> Appointment | None:
        found = next((a for a in self._booked()
                      if a.worker_id == worker_id and a.folio == folio), None)
        if found is None:
            return None
        cancelled = replace(found, status=AppointmentStatus.CANCELLED)
        self._opened().write().appointments[found.id] = Booking(cancelled, None)
        return cancelled


class AuditInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    async def add(self, kind: str, subject: str, at: datetime,
                  detail: dict[str, str | int]) -> None:
        kept = json.loads(json.dumps(detail, sort_keys=True))  # as the column keeps it
        self._opened().write().audit.append(AuditEntry(at, kind, subject[:100], kept))

    async def recent(self, kind: str | None = None, limit: int = 100) -> list[AuditEntry]:
        entries = [e for e in reversed(self._opened().tables.audit) if kind in (None, e.kind)]
        return entries[:limit]
