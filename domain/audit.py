"""The audit log's port (SECURITY.md "Suspicious activity"): what happened, to whom (a
pseudonymous subject: an account id, a keyed hash, never an identifier), when, and a few
details that identify nobody. The bot writes it to the database and counts the suspicious
kinds in its metrics."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol


class AuditKind(StrEnum):
    CODE_FAILED = "code_failed"
    CODE_LOCKED = "code_locked"
    CODE_SEND_LIMIT = "code_send_limit"
    """Codes asked for past the limits (SMS pumping looks like this)."""
    LOGIN_FAILED = "login_failed"
    LOGIN_LOCKED = "login_locked"
    NEW_CHAT_LOGIN = "new_chat_login"
    ENUMERATION = "enumeration"
    """Many NSS, CURP or RFC that matched nobody, from one chat."""
    STAFF_LOGIN = "staff_login"
    STAFF_LOGIN_FAILED = "staff_login_failed"
    STAFF_LOCKED = "staff_locked"
    TAKEOVER = "takeover"
    HAND_BACK = "hand_back"
    ACCOUNT_DELETED = "account_deleted"
    """The worker deleted their account (ARCO cancellation)."""
    CONTACT_CHANGED = "contact_changed"
    """A logged-in worker replaced their e-mail or mobile (after a code to the new one)."""
    CONSOLE_REFUSED = "console_refused"
    """A staff member asked for a conversation that is not theirs to see."""
    BACKUP = "backup"
    """The daily backup was written (file, tables, rows, duration, old ones deleted)."""
    BACKUP_FAILED = "backup_failed"


SUSPICIOUS = frozenset({
    AuditKind.CODE_FAILED, AuditKind.CODE_LOCKED, AuditKind.CODE_SEND_LIMIT,
    AuditKind.LOGIN_FAILED, AuditKind.LOGIN_LOCKED, AuditKind.NEW_CHAT_LOGIN,
    AuditKind.ENUMERATION,
    AuditKind.STAFF_LOGIN_FAILED, AuditKind.STAFF_LOCKED, AuditKind.CONSOLE_REFUSED,
})


class AuditTrail(Protocol):
    async def record(self, kind: AuditKind, subject: str, at: datetime,
                     **detail: str | int) -> None: ...


class NoAudit:
    """Where nothing is audited (a command-line tool, a test of something else)."""

    async def record(self, kind: AuditKind, subject: str, at: datetime,
                     **detail: str | int) -> None:
        return None
