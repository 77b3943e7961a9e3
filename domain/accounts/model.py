"""What an account is, as the use cases see it (decrypted, no SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AccountStatus(StrEnum):
    PENDING_PASSWORD = "pending_password"
    """Codes verified, no password yet (registration in progress)."""
    PENDING_TERMS = "pending_terms"
    ACTIVE = "active"


@dataclass(frozen=True)
class Account:
    id: str
    worker_id: str
    email: str
    mobile: str
    password_hash: str | None
    status: AccountStatus
    locale: str
    session_epoch: int
    consent_at: datetime
    terms_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ChatRef:
    """A chat user: the channel and the user's id on it (hashed before storage)."""

    channel: str
    user_id: str
