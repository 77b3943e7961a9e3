"""The rows of the in-memory database: frozen values, so a transaction's copy of the
tables is a copy of the dicts, never of the values (an update replaces a value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.accounts.codes import Guard
from domain.accounts.model import Account, ChatRef
from domain.appointments.model import Appointment
from domain.staff.model import Staff
from domain.uow import AuditEntry, StoredCode, StoredWorker, TranscriptEntry


@dataclass(frozen=True)
class Link:
    account_id: str
    linked_at: datetime


@dataclass(frozen=True)
class Booking:
    appointment: Appointment
    desk: int | None
    """``None`` once cancelled: the desk is free again."""


@dataclass(frozen=True)
class StaffRow:
    staff: Staff
    password_hash: str
    totp_secret: str
    totp_step: int = 0


@dataclass
class Tables:
    workers: dict[str, StoredWorker] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    chats: dict[ChatRef, Link] = field(default_factory=dict)
    codes: dict[str, StoredCode] = field(default_factory=dict)
    guards: dict[str, Guard] = field(default_factory=dict)
    transcripts: list[TranscriptEntry] = field(default_factory=list)
    appointments: dict[str, Booking] = field(default_factory=dict)
    staff: dict[str, StaffRow] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)

    def copy(self) -> Tables:
        return Tables(dict(self.workers), dict(self.accounts), dict(self.chats),
                      dict(self.codes), dict(self.guards), list(self.transcripts),
                      dict(self.appointments), dict(self.staff), list(self.audit))
