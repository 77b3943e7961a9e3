"""SQLAlchemy models. Identifiers and personal data are stored encrypted (``*_enc``) with a
keyed hash (``*_hash``) for look-ups; see ``domain/security/crypto.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


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
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
