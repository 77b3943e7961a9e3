"""SQLAlchemy models. Identifiers and personal data are stored encrypted (``*_enc``) with a
keyed hash (``*_hash``) for look-ups; see ``domain/security/crypto.py``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no zone: we add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime}


class WorkerRow(Base):
    """A worker's record as the institute holds it (demo data in this service)."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nss_hash: Mapped[str] = mapped_column(String(64), unique=True)
    curp_hash: Mapped[str] = mapped_column(String(64), index=True)
    rfc_hash: Mapped[str] = mapped_column(String(64), index=True)
    record_enc: Mapped[str] = mapped_column(Text)
    """The whole ``WorkerRecord`` as encrypted JSON (names, salary, balances, history)."""
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AccountRow(Base):
    """A Mi Cuenta account: contact data encrypted, looked up by keyed hashes."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    worker_id: Mapped[str] = mapped_column(ForeignKey("workers.id"), unique=True)
    email_enc: Mapped[str] = mapped_column(Text)
    email_hash: Mapped[str] = mapped_column(String(64), unique=True)
    mobile_enc: Mapped[str] = mapped_column(Text)
    mobile_hash: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(8))
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    terms_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), nullable=True)


class ChatIdentityRow(Base):
    """A chat user (channel + keyed hash of their id) linked to an account."""

    __tablename__ = "chat_identities"
    __table_args__ = (UniqueConstraint("channel", "user_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_hash: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CodeRow(Base):
    """A one-time code, stored as a keyed hash bound to its request and purpose."""

    __tablename__ = "one_time_codes"
    __table_args__ = (Index("ix_codes_address_created", "address_hash", "created_at"),
                      Index("ix_codes_subject_created", "subject", "created_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(36), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    medium: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(80))
    address_hash: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    tries: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class GuardRow(Base):
    """Consecutive failures and a lock, per subject (code entry or login identifier)."""

    __tablename__ = "guards"

    subject: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(),
                                                          nullable=True)
    locks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TranscriptRow(Base):
    """One message of a conversation, identifiers masked, secrets never stored."""

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    conversation_hash: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(3))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class AppointmentRow(Base):
    """An appointment at a service centre. A booked one holds one desk of its slot (the
    unique constraint keeps two bookings off the same desk, whatever the race); a cancelled
    one gives the desk back (``desk`` NULL, which no unique constraint counts)."""

    __tablename__ = "appointments"
    __table_args__ = (UniqueConstraint("centre_id", "starts_at", "desk"),
                      Index("ix_appointments_centre_starts", "centre_id", "starts_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    folio: Mapped[str] = mapped_column(String(12), unique=True)
    account_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("accounts.id", ondelete="CASCADE"), index=True, nullable=True)
    """None for «Recuperar mi cuenta», booked without a login against the record."""
    worker_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workers.id", ondelete="CASCADE"), index=True)
    centre_id: Mapped[str] = mapped_column(String(40))
    procedure: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    desk: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class StaffRow(Base):
    """A member of the support staff: password hashed (argon2), TOTP secret encrypted."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    totp_secret_enc: Mapped[str] = mapped_column(Text)
    totp_step: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    """The last TOTP time step accepted: a code of that step or an earlier one is refused."""
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditRow(Base):
    """One audited event; ``subject`` is pseudonymous and ``detail`` identifies nobody."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(100), index=True)
    detail: Mapped[str] = mapped_column(Text)
