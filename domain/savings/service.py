"""The savings use cases behind one object, so the flows call one method per step.

Every call that needs the worker's record opens its own unit of work to read the account and
its worker, then applies the pure rules with the reference data in force on the Mexico City
date of ``now``. Nothing is written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from domain.accounts.model import Account
from domain.errors import DomainError
from domain.identifiers import mask_email
from domain.notifications import Attachment, Notifier
from domain.reference import (
    ReferenceDataUnavailable,
    ReferenceTable,
    ReferenceYear,
    RuleSetRef,
    default_reference,
)
from domain.savings.contributions import Bimester, bimester_range, next_payment
from domain.savings.inputs import Income, parse_income
from domain.savings.points.evaluate import PointsResult, evaluate_points
from domain.savings.points.projection import Projection, project_threshold
from domain.savings.points.unavailable import PointsUnavailable
from domain.savings.precalification.estimate import (
    Precalification,
    SimulatorInputs,
    WhatIf,
    check_income,
    precalify,
)
from domain.savings.precalification.estimate import precalify_record as _precalify_record
from domain.savings.records import WorkerRecord
from domain.savings.reports import (
    BimesterContributions,
    PointsReport,
    SavingsOverview,
    StatementDocument,
    StatementRenderer,
)
from domain.savings.statement import Statement, build_statement, check_movements_by
from domain.uow import UnitOfWork

RECENT_REGISTRATION = timedelta(hours=24)
RECENT_BIMESTERS = 6


class RecordUnavailable(DomainError):
    """The logged-in account or its worker record cannot be read (removed meanwhile)."""

    key = "error.savings.record_unavailable"


async def load_account_record(uow: UnitOfWork, account_id: str) -> tuple[Account, WorkerRecord]:
    """The logged-in account and its worker's record, or ``RecordUnavailable``."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
        worker = await uow.workers.by_id(account.worker_id) if account else None
    if account is None or worker is None:
        raise RecordUnavailable()
    return account, worker.record


@dataclass
class SavingsService:
    uow: Callable[[], UnitOfWork]
    notifier: Notifier
    """Awaited: the worker asked for the e-mail and must hear if it failed."""
    renderer: StatementRenderer
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("America/Mexico_City"))
    reference: ReferenceTable = field(default_factory=default_reference)

    # --- dates and rules ------------------------------------------------------------

    def today(self, now: datetime) -> date:
        """The date in Mexico City at ``now``: every rule reads this date."""
        return now.astimezone(self.zone).date()

    def rules(self, now: datetime) -> ReferenceYear:
        return self.reference.for_date(self.today(now))

    def thresholds(self, now: datetime) -> tuple[str, ...]:
        """The ids of the thresholds a worker may choose today (those in force by then), in the
        data's order; none when today's reference data is missing (asking for points then
        says so). T100 and the requirements did not exist in 2024."""
        today = self.today(now)
        try:
            thresholds = self.rules(now).points.thresholds
        except ReferenceDataUnavailable:
            return ()
        return tuple(tid for tid, t in thresholds.items() if t.since <= today)

    async def _load(self, account_id: str) -> tuple[Account, WorkerRecord]:
        return await load_account_record(self.uow(), account_id)

    # --- points and precalification -------------------------------------------------

    async def points(self, account_id: str, now: datetime, threshold_id: str | None = None,
                     monthly_salary: Decimal | None = None) -> PointsReport:
        """Points on today's date with the threshold chosen (or the one in force); with
        ``monthly_salary``, as if the record's salary were that («¿y si ganara 25 mil?»:
        the salary's points and the scheme its income falls in)."""
        account, record = await self._load(account_id)
        today, ref = self.today(now), self.rules(now)
        if monthly_salary is not None:
            record = replace(record, daily_salary=monthly_salary / ref.uma.monthly_factor)
        outcome = evaluate_points(record, today, ref, threshold_id)
        projection: Projection | None = None
        if isinstance(outcome, PointsResult):
            projected = project_threshold(record, today, ref, outcome.threshold.threshold_id)
            if not isinstance(projected, PointsUnavailable):
                projection = projected
        recent = now - account.created_at < RECENT_REGISTRATION
        return PointsReport(outcome, projection, recent, RuleSetRef.of(ref),
                            salary_wondered=monthly_salary is not None)

    async def precalify(self, account_id: str, now: datetime,
                        what_if: WhatIf | None = None) -> Precalification:
        """The maximum credit from the worker's record."""
        _, record = await self._load(account_id)
        return _precalify_record(record, self.today(now), self.rules(now), what_if)

    def read_income(self, text: str, now: datetime) -> Income:
        """Typed pay as the monthly income (a day is today's reference year's 30.4th of a
        month)."""
        return parse_income(text, self.rules(now).uma.monthly_factor)

    def check_income(self, amount: Decimal, now: datetime, co_borrower: bool = False) -> Decimal:
        """A typed monthly income, refused under today's minimum (``IncomeBelowMinimum``)."""
        return check_income(amount, self.rules(now), co_borrower)

    def simulate(self, inputs: SimulatorInputs, now: datetime,
                 what_if: WhatIf | None = None) -> Precalification:
        """The anonymous simulator: no record, today's reference values."""
        return precalify(inputs, self.rules(now), what_if)

    # --- contributions and statements -----------------------------------------------

    async def overview(self, account_id: str, now: datetime,
                       count: int = RECENT_BIMESTERS) -> SavingsOverview:
        """The balance today and the last ``count`` closed bimesters (the current one is
        still running: its contribution is paid after it ends)."""
        _, record = await self._load(account_id)
        today = self.today(now)
        last = Bimester.of(today).previous()
        first = last
        for _ in range(count - 1):
            first = first.previous()
        recent = tuple(
            BimesterContributions(b, tuple(sorted(
                (c for c in record.contributions if (c.year, c.bimester) == (b.year, b.number)),
                key=lambda c: c.employer_registration)))
            for b in bimester_range(first, last)
        )
        funds = build_statement(record, last, last, today).historical_funds
        return SavingsOverview(
            as_of=today,
            balance=record.subcuenta_balance + record.voluntary_balance,
            subcuenta=record.subcuenta_balance,
            voluntary=record.voluntary_balance,
            historical_funds=funds,
            recent=recent,
        )

    async def next_payment(self, account_id: str, now: datetime) -> Bimester | None:
        """The bimester whose employer contribution is expected next (see ``payment_due``);
        None without a current job (no employer pays any)."""
        _, record = await self._load(account_id)
        if not record.relationship_active:
            return None
        return next_payment(record.contributions, self.today(now))

    async def statement(self, account_id: str, first: Bimester, last: Bimester,
                        now: datetime) -> Statement:
        _, record = await self._load(account_id)
        return build_statement(record, first, last, self.today(now))

    async def statement_document(self, account_id: str, first: Bimester, last: Bimester,
                                 locale: str, now: datetime) -> StatementDocument:
        """The statement of ``first``..``last`` and its PDF in ``locale``."""
        _, record = await self._load(account_id)
        check_movements_by(record, last, self.today(now))
        statement = build_statement(record, first, last, self.today(now))
        document = await asyncio.to_thread(self.renderer.render, statement, record.full_name,
                                           record.nss, locale)
        return StatementDocument(statement, document)

    async def email_statement(self, account_id: str, first: Bimester, last: Bimester,
                              locale: str, now: datetime) -> str:
        """E-mail the statement's PDF to the account's address; returns it masked."""
        account, record = await self._load(account_id)
        made = await self.statement_document(account_id, first, last, locale, now)
        printed = made.document
        await self.notifier.statement_ready(
            account.email, record.first_name, made.statement.start, made.statement.end,
            Attachment(printed.filename, printed.mime_type, printed.content), locale)
        return mask_email(account.email)
