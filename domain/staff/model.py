"""A member of the support staff."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StaffRole(StrEnum):
    AGENT = "agent"
    """Sees the queue and the conversations they took over."""
    SUPERVISOR = "supervisor"
    """Sees every conversation in the queue or taken over."""


@dataclass(frozen=True)
class Staff:
    id: str
    email: str
    role: StaffRole
