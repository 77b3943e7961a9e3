"""What the savings service hands the flows, and the port that prints a statement.

Plain frozen values built from the rules' results; nothing here formats or translates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from domain.reference.model import RuleSetRef
from domain.savings.contributions import Bimester
from domain.savings.points.evaluate import PointsResult
from domain.savings.points.projection import Projection
from domain.savings.points.unavailable import PointsUnavailable
from domain.savings.records import Contribution
from domain.savings.statement import HistoricalFund, Statement


@dataclass(frozen=True)
class PointsReport:
    """The points (or why they cannot be shown) and, when shown, the projection.

    ``registered_recently``: the account is less than a day old, so the portal may not show
    points yet (they take up to 24 hours to appear after registering).
    """

    outcome: PointsResult | PointsUnavailable
    projection: Projection | None
    registered_recently: bool
    rules: RuleSetRef
    salary_wondered: bool = False
    """Read with a salary the worker asked about, not the recorded one."""


@dataclass(frozen=True)
class BimesterContributions:
    """One bimester of the contribution history; no contributions means none was reported."""

    bimester: Bimester
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class SavingsOverview:
    """The housing savings on ``as_of`` and the most recent closed bimesters, oldest first."""

    as_of: date
    balance: Decimal  # subcuenta + voluntary
    subcuenta: Decimal
    voluntary: Decimal
    historical_funds: tuple[HistoricalFund, ...]
    recent: tuple[BimesterContributions, ...]


@dataclass(frozen=True)
class RenderedDocument:
    filename: str
    mime_type: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class StatementDocument:
    """A statement and its printed form, for the chat and for e-mail."""

    statement: Statement
    document: RenderedDocument


class StatementRenderer(Protocol):
    """Prints a statement in the worker's language (the words come from the catalogs).

    CPU-bound and free of I/O: the service runs it in a thread.
    """

    def render(self, statement: Statement, worker_name: str, nss: str,
               locale: str) -> RenderedDocument: ...
