"""Appointments: the bookings per slot, a worker's upcoming ones, booking a free desk and
cancelling. An appointment is the worker's (their record); the account is kept when they
booked logged in."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.appointments.model import Appointment, AppointmentStatus
from domain.persistence.models import AppointmentRow, WorkerRow
from domain.uow import DeskTaken, SameProcedure, SlotFull, TooMany

__all__ = ["AppointmentRepository", "DeskTaken", "SameProcedure", "SlotFull", "TooMany"]


def _decode(row: AppointmentRow) -> Appointment:
    return Appointment(row.id, row.folio, row.worker_id, row.account_id, row.centre_id,
                       row.procedure, row.starts_at, AppointmentStatus(row.status))


class AppointmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def booked_counts(self, centre_id: str, start: datetime,
                            end: datetime) -> dict[datetime, int]:
        """Booked appointments per start time in [start, end)."""
        rows = await self.session.execute(
            select(AppointmentRow.starts_at, func.count())
            .where(AppointmentRow.centre_id == centre_id,
                   AppointmentRow.status == AppointmentStatus.BOOKED.value,
                   AppointmentRow.starts_at >= start, AppointmentRow.starts_at < end)
            .group_by(AppointmentRow.starts_at))
        return {starts_at: count for starts_at, count in rows.all()}

    async def by_id(self, appointment_id: str) -> Appointment | None:
        row = await self.session.get(AppointmentRow, appointment_id)
        return _decode(row) if row else None

    async def upcoming(self, account_id: str, now: datetime) -> list[Appointment]:
        """The account's own upcoming appointments (its data copy counts them)."""
        return await self._upcoming(AppointmentRow.account_id == account_id, now)

    async def upcoming_of_worker(self, worker_id: str, now: datetime) -> list[Appointment]:
        """Every upcoming appointment of the worker, with or without their account."""
        return await self._upcoming(AppointmentRow.worker_id == worker_id, now)

    async def _upcoming(self, whose: ColumnElement[bool], now: datetime) -> list[Appointment]:
        rows = await self.session.scalars(
            select(AppointmentRow)
            .where(whose, AppointmentRow.status == AppointmentStatus.BOOKED.value,
                   AppointmentRow.starts_at >= now)
            .order_by(AppointmentRow.starts_at))
        return [_decode(row) for row in rows]

    async def book(self, *, worker_id: str, account_id: str | None, centre_id: str,
                   procedure: str, starts_at: datetime, desks: int, folio: str,
                   now: datetime, most: int) -> Appointment:
        """The first free desk of the slot, or ``SlotFull``. Two bookings racing for the
        same desk: the unique constraint lets one in; the other's transaction is rolled
        back with ``DeskTaken`` and may be tried again in a new unit of work.

        The worker's row is locked first (PostgreSQL; SQLite has one writer), so two
        bookings of one worker from two chats at once are checked one after the other:
        one upcoming appointment per procedure (``SameProcedure``), ``most`` in all
        (``TooMany``)."""
        await self.session.execute(
            select(WorkerRow.id).where(WorkerRow.id == worker_id).with_for_update())
        upcoming = await self.upcoming_of_worker(worker_id, now)
        same = next((a for a in upcoming if a.procedure == procedure), None)
        if same is not None:
            raise SameProcedure(same.folio)
        if len(upcoming) >= most:
            raise TooMany()
        taken = set(await self.session.scalars(
            select(AppointmentRow.desk).where(
                AppointmentRow.centre_id == centre_id, AppointmentRow.starts_at == starts_at,
                AppointmentRow.status == AppointmentStatus.BOOKED.value)))
        free = [desk for desk in range(1, desks + 1) if desk not in taken]
        if not free:
            raise SlotFull()
        row = AppointmentRow(id=str(uuid.uuid4()), folio=folio, account_id=account_id,
                             worker_id=worker_id, centre_id=centre_id, procedure=procedure,
                             starts_at=starts_at,
                             desk=free[0], status=AppointmentStatus.BOOKED.value,
                             created_at=now)
        self.session.add(row)
        try:
            await self.session.flush()
        except IntegrityError:
            await self.session.rollback()
            raise DeskTaken() from None
        return _decode(row)

    async def cancel(self, worker_id: str, folio: str, now: datetime) -> Appointment | None:
        """The worker's booked appointment ``folio``, cancelled (its desk freed)."""
        row = await self.session.scalar(
            select(AppointmentRow).where(AppointmentRow.worker_id == worker_id,
                                         AppointmentRow.folio == folio,
                                         AppointmentRow.status ==
                                         AppointmentStatus.BOOKED.value))
        if row is None:
            return None
        row.status, row.desk, row.cancelled_at = AppointmentStatus.CANCELLED.value, None, now
        await self.session.flush()
        return _decode(row)
