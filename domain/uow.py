"""The unit of work the use cases take, and the repositories it opens: protocols.

A use case depends on these, never on SQLAlchemy: ``domain/persistence`` implements them
on PostgreSQL or SQLite (``SqlUnitOfWork``), ``tests/support/memory`` in memory, so each use
case has a test that runs without servers. One contract test
(``tests/integration/test_repository_contract.py``) runs against both, so the two cannot drift.

    async with uow:
        worker = await uow.workers.by_nss(nss)
        ...
        await uow.commit()

Leaving the block without ``commit()`` rolls back what it wrote. A unit of work may be
entered again after it was left: each block is its own transaction.

The values and errors the repositories hand back live here too, so that rule modules need
not import the persistence package to name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from domain.accounts.codes import Guard, GuardRule, Medium
from domain.accounts.model import Account, ChatRef
from domain.appointments.model import Appointment
from domain.savings.records import WorkerRecord
from domain.security.crypto import Keyring
from domain.staff.model import Staff, StaffRole

# --- what the repositories hand back ---------------------------------------------------


@dataclass(frozen=True)
class StoredWorker:
    id: str
    record: WorkerRecord


@dataclass(frozen=True)
class StoredCode:
    id: str
    request_id: str
    purpose: str
    medium: Medium
    subject: str
    address_hash: str
    account_id: str | None
    code_hash: str
    tries: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    kind: str
    subject: str
    detail: dict[str, str | int]


@dataclass(frozen=True)
class TranscriptEntry:
    conversation_hash: str
    channel: str
    direction: str
    """``in`` (from the user) or ``out`` (to the user)."""
    text: str
    created_at: datetime


class AccountConflict(Exception):
    """The worker, e-mail or phone already has an account (a unique constraint held). The
    unit of work's transaction is rolled back."""


class SlotFull(Exception):
    """Every desk of the slot is booked."""


class DeskTaken(Exception):
    """Another booking took the desk between the look and the insert (the transaction is
    rolled back; a new unit of work may try again)."""


class SameProcedure(Exception):
    """The worker has an upcoming appointment for the procedure already."""

    def __init__(self, folio: str) -> None:
        super().__init__(folio)
        self.folio = folio


class TooMany(Exception):
    """The worker has as many upcoming appointments as they may."""


# --- the repositories --------------------------------------------------------------------


class Workers(Protocol):
    async def by_nss(self, nss: str) -> StoredWorker | None: ...

    async def by_id(self, worker_id: str) -> StoredWorker | None: ...

    async def put(self, record: WorkerRecord, now: datetime | None = None) -> StoredWorker:
        """Insert the record, or replace the one with the same NSS."""
        ...


class Accounts(Protocol):
    async def add(self, *, worker_id: str, email: str, mobile: str, locale: str,
                  consent_at: datetime, now: datetime) -> Account:
        """A new account waiting for its password; ``AccountConflict`` when the worker,
        the e-mail or the mobile has one."""
        ...

    async def by_id(self, account_id: str) -> Account | None: ...

    async def by_worker(self, worker_id: str) -> Account | None: ...

    async def by_email(self, email: str) -> Account | None: ...

    async def by_mobile(self, mobile: str) -> Account | None: ...

    async def remove(self, account_id: str) -> None:
        """The account, its linked chats and its appointments."""
        ...

    async def set_password(self, account_id: str, password_hash: str, now: datetime) -> None:
        ...

    async def activate(self, account_id: str, now: datetime) -> None: ...

    async def set_contact(self, account_id: str, medium: Medium, address: str) -> None: ...

    async def set_locale(self, account_id: str, locale: str) -> None: ...

    async def end_sessions(self, account_id: str) -> int: ...

    async def link_chat(self, account_id: str, chat: ChatRef, now: datetime) -> None: ...

    async def move_chat(self, old: ChatRef, new: ChatRef) -> bool: ...

    async def chat_counts(self, account_id: str) -> tuple[tuple[str, int], ...]: ...

    async def is_linked(self, account_id: str, chat: ChatRef) -> bool: ...


class Codes(Protocol):
    async def forget_account(self, account_id: str) -> None: ...

    async def add(self, *, request_id: str, purpose: str, medium: Medium, subject: str,
                  address_hash: str, account_id: str | None, code_hash: str, now: datetime,
                  expires_at: datetime) -> None: ...

    async def latest(self, request_id: str, medium: Medium) -> StoredCode | None: ...

    async def earlier(self, request_id: str, medium: Medium) -> list[StoredCode]:
        """The request's codes of ``medium`` sent before its latest one (replaced by a
        resend)."""
        ...

    async def sent_since(self, *, since: datetime, medium: Medium, subject: str | None = None,
                         address_hash: str | None = None,
                         purpose: str | None = None) -> tuple[int, datetime | None]: ...

    async def retire(self, request_id: str, medium: Medium, now: datetime) -> None: ...

    async def record_try(self, code_id: str) -> None: ...

    async def mark_used(self, code_id: str, now: datetime) -> None: ...


class Guards(Protocol):
    async def serialize(self, now: datetime, *subjects: str) -> None:
        """What the caller counts and adds for these subjects until the commit, nobody
        else does meanwhile."""
        ...

    async def get(self, subject: str) -> Guard: ...

    async def attempt(self, subject: str, now: datetime,
                      rule: GuardRule) -> tuple[Guard, bool]: ...

    async def refund(self, subject: str, now: datetime, rule: GuardRule) -> None: ...

    async def clear(self, subject: str, now: datetime) -> None: ...

    async def put(self, subject: str, guard: Guard, now: datetime) -> None: ...


class Transcripts(Protocol):
    async def append(self, entries: Sequence[TranscriptEntry]) -> None: ...

    async def purge_before(self, moment: datetime) -> int: ...

    async def of(self, conversation_hash: str) -> list[TranscriptEntry]: ...

    async def move(self, old_hash: str, new_hash: str) -> int:
        """A conversation's key changed (a new number): its entries follow; how many."""
        ...


class Appointments(Protocol):
    async def booked_counts(self, centre_id: str, start: datetime,
                            end: datetime) -> dict[datetime, int]: ...

    async def by_id(self, appointment_id: str) -> Appointment | None: ...

    async def upcoming(self, account_id: str, now: datetime) -> list[Appointment]: ...

    async def upcoming_of_worker(self, worker_id: str, now: datetime) -> list[Appointment]: ...

    async def book(self, *, worker_id: str, account_id: str | None, centre_id: str,
                   procedure: str, starts_at: datetime, desks: int, folio: str,
                   now: datetime, most: int) -> Appointment:
        """The first free desk of the slot; ``SlotFull``, ``SameProcedure``, ``TooMany``,
        or ``DeskTaken`` (a race lost)."""
        ...

    async def cancel(self, worker_id: str, folio: str, now: datetime) -> Appointment | None: ...


class StaffMembers(Protocol):
    async def add(self, *, email: str, role: StaffRole, password_hash: str, totp_secret: str,
                  now: datetime) -> Staff: ...

    async def by_email(self, email: str) -> Staff | None: ...

    async def by_id(self, staff_id: str) -> Staff | None: ...

    async def credentials(self, email: str) -> tuple[Staff, str, str] | None: ...

    async def use_totp_step(self, staff_id: str, step: int) -> bool:
        """Whether ``step`` is later than the last one used (then it becomes the last)."""
        ...


class AuditLog(Protocol):
    async def add(self, kind: str, subject: str, at: datetime,
                  detail: dict[str, str | int]) -> None: ...

    async def recent(self, kind: str | None = None, limit: int = 100) -> list[AuditEntry]: ...


# --- the unit of work --------------------------------------------------------------------


class UnitOfWork(Protocol):
    """One transaction and the repositories that work inside it (see the module)."""

    @property
    def keyring(self) -> Keyring: ...

    @property
    def workers(self) -> Workers: ...

    @property
    def accounts(self) -> Accounts: ...

    @property
    def codes(self) -> Codes: ...

    @property
    def guards(self) -> Guards: ...

    @property
    def transcripts(self) -> Transcripts: ...

    @property
    def appointments(self) -> Appointments: ...

    @property
    def staff(self) -> StaffMembers: ...

    @property
    def audit(self) -> AuditLog: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None: ...

    async def commit(self) -> None: ...
