"""Why points cannot be shown: specific outcomes, returned (not raised) by the points rules.

Checked in this order: an open credit (in process or active), a pension in process, no
current labour relationship. Each names its catalog key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.savings.records import CreditStatus, WorkerRecord


@dataclass(frozen=True)
class PointsUnavailable:
    key: ClassVar[str] = "points.unavailable"


@dataclass(frozen=True)
class CreditOpen(PointsUnavailable):
    """The worker has a credit in process or not yet paid off or cancelled."""

    key: ClassVar[str] = "points.unavailable.credit_open"
    status: CreditStatus


@dataclass(frozen=True)
class PensionInProcess(PointsUnavailable):
    key: ClassVar[str] = "points.unavailable.pension_in_process"


@dataclass(frozen=True)
class NoActiveRelationship(PointsUnavailable):
    key: ClassVar[str] = "points.unavailable.no_active_relationship"


def points_unavailable(record: WorkerRecord) -> PointsUnavailable | None:
    """The reason points cannot be shown for ``record``, or ``None`` when they can."""
    if record.credit is not None and record.credit.is_open:
        return CreditOpen(record.credit.status)
    if record.pension_in_process:
        return PensionInProcess()
    if not record.relationship_active:
        return NoActiveRelationship()
    return None
