"""An appointment as the service keeps it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

FOLIO_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""No 0/O, 1/I/L: a folio is read aloud at a counter and typed from a phone."""
FOLIO_LENGTH = 8


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Holder:
    """Whose appointment: always a worker's record; the account too when the worker booked
    logged in. «Recuperar mi cuenta» is booked without a login, against the record only."""

    worker_id: str
    account_id: str | None = None


@dataclass(frozen=True)
class Appointment:
    id: str
    folio: str
    worker_id: str
    account_id: str | None
    centre_id: str
    procedure: str
    starts_at: datetime
    """Aware, UTC as stored; shown in the centre's zone."""
    status: AppointmentStatus


def new_folio() -> str:
    return "".join(secrets.choice(FOLIO_ALPHABET) for _ in range(FOLIO_LENGTH))
