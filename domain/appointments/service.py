"""The appointment use cases behind one object: a worker's upcoming appointments, the free
days and times of a centre, booking (with its e-mail or SMS) and cancelling.

Days and times are the centre's local ones (Tijuana is an hour behind Mexico City, two in
summer); they are stored in UTC. A worker holds at most one upcoming appointment per
procedure and ``MAX_UPCOMING`` in all: a slot is a desk someone else could use. The holder
is the worker's record; «Recuperar mi cuenta» is booked without a login, so its
confirmation goes by SMS to the mobile of the worker's account when there is one (the
e-mail is what the worker lost), else it is only shown in the chat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol

from domain.appointments.centres import Centre, CentreCatalog, default_centres
from domain.appointments.model import Appointment, AppointmentStatus, Holder, new_folio
from domain.appointments.procedures import Procedure, requirements
from domain.appointments.slots import free_slots, next_free_days
from domain.errors import DomainError
from domain.identifiers import mask_phone
from domain.notifications import AppointmentNotice, Notifier
from domain.savings.records import WorkerRecord
from domain.savings.service import RecordUnavailable, load_account_record
from domain.uow import DeskTaken, SameProcedure, SlotFull, TooMany, UnitOfWork

MAX_UPCOMING = 3
REMIND_BEFORE = timedelta(hours=24)
DAYS_SHOWN = 9
"""Free days offered at once (a list of 10 rows leaves one for "other days")."""


class SlotTaken(DomainError):
    """The time was free when shown and is not any more (or was never a slot)."""

    key = "error.appointments.slot_taken"


class AlreadyBooked(DomainError):
    """An upcoming appointment for the same procedure exists (its folio is given)."""

    key = "error.appointments.already_booked"


class TooManyAppointments(DomainError):
    key = "error.appointments.too_many"


class AppointmentNotFound(DomainError):
    key = "error.appointments.not_found"


class Reminders(Protocol):
    """Where a reminder is kept until it is due (the timers, in Redis)."""

    async def schedule(self, appointment_id: str, due: datetime) -> None: ...

    async def cancel(self, appointment_id: str) -> None: ...


class Told(StrEnum):
    """Where the booking's confirmation went besides the chat."""

    EMAIL = "email"
    SMS = "sms"
    CHAT_ONLY = "chat_only"


@dataclass(frozen=True)
class Booked:
    appointment: Appointment
    centre: Centre
    starts_at: datetime
    """In the centre's zone."""
    told: Told = Told.CHAT_ONLY
    told_to: str = ""
    """The mobile the SMS went to, masked (``Told.SMS`` only)."""


@dataclass
class AppointmentService:
    uow: Callable[[], UnitOfWork]
    notifier: Notifier
    """Told in the background: a booking stands even if the e-mail is late."""
    centres: CentreCatalog = field(default_factory=default_centres)
    reminders: Reminders | None = None
    """An e-mail ``REMIND_BEFORE`` the appointment; none when it is nearer than that."""

    def local(self, appointment: Appointment) -> Booked:
        centre = self.centres.by_id(appointment.centre_id)
        return Booked(appointment, centre, appointment.starts_at.astimezone(centre.zone))

    async def holder(self, account_id: str) -> Holder:
        """The logged-in account's holder: its worker's record and the account."""
        async with self.uow() as uow:
            account = await uow.accounts.by_id(account_id)
        if account is None:
            raise RecordUnavailable()
        return Holder(account.worker_id, account.id)

    async def record(self, holder: Holder) -> WorkerRecord:
        """The worker's record, for what a procedure needs (``procedures.blocker``)."""
        async with self.uow() as uow:
            worker = await uow.workers.by_id(holder.worker_id)
        if worker is None:
            raise RecordUnavailable()
        return worker.record

    async def upcoming(self, holder: Holder, now: datetime) -> list[Booked]:
        async with self.uow() as uow:
            found = await uow.appointments.upcoming_of_worker(holder.worker_id, now)
        return [self.local(appointment) for appointment in found]

    async def booked_for(self, holder: Holder, procedure: Procedure,
                         now: datetime) -> Booked | None:
        """The worker's upcoming appointment for ``procedure``, if any."""
        return next((booked for booked in await self.upcoming(holder, now)
                     if booked.appointment.procedure == procedure.value), None)

    async def check_free_for(self, holder: Holder, procedure: Procedure,
                             now: datetime) -> None:
        """``AlreadyBooked`` when an upcoming appointment for ``procedure`` exists, so the
        worker hears it before choosing a state, a day and a time (booking checks again)."""
        booked = await self.booked_for(holder, procedure, now)
        if booked is not None:
            raise AlreadyBooked(folio=booked.appointment.folio)

    async def _booked(self, centre: Centre, first: date, last: date) -> dict[datetime, int]:
        start = datetime.combine(first, time(0), centre.zone)
        end = datetime.combine(last + timedelta(days=1), time(0), centre.zone)
        async with self.uow() as uow:
            return await uow.appointments.booked_counts(centre.id, start, end)

    async def free_days(self, centre_id: str, now: datetime) -> list[date]:
        centre = self.centres.by_id(centre_id)
        today = now.astimezone(centre.zone).date()
        booked = await self._booked(centre, today,
                                    today + timedelta(days=self.centres.book_until_days))
        by_day: dict[date, dict[datetime, int]] = {}
        for starts_at, count in booked.items():
            by_day.setdefault(starts_at.astimezone(centre.zone).date(), {})[starts_at] = count
        return next_free_days(centre, self.centres, today, by_day, now, DAYS_SHOWN)

    async def free_times(self, centre_id: str, day: date, now: datetime) -> list[datetime]:
        centre = self.centres.by_id(centre_id)
        booked = await self._booked(centre, day, day)
        return free_slots(centre, self.centres, day, booked, now)

    async def book(self, holder: Holder, procedure: Procedure, centre_id: str,
                   starts_at: datetime, now: datetime, locale: str | None = None) -> Booked:
        """``locale``: the language of an SMS confirmation (the chat's; the account's when
        None). The e-mail follows the account's language."""
        centre = self.centres.by_id(centre_id)
        local = starts_at.astimezone(centre.zone)
        if local not in await self.free_times(centre_id, local.date(), now):
            raise SlotTaken()
        appointment = await self._insert(holder, procedure, centre, starts_at, now)
        return await self._told(holder, self.local(appointment), starts_at, now, locale)

    async def _told(self, holder: Holder, booked: Booked, starts_at: datetime, now: datetime,
                    locale: str | None) -> Booked:
        """The booking's confirmation by e-mail (and its reminder), or by SMS without an
        account."""
        notice = self._notice(booked)
        if holder.account_id is None:
            return await self._by_sms(holder, booked, notice, locale)
        account, record = await load_account_record(self.uow(), holder.account_id)
        await self.notifier.appointment_booked(account.email, record.first_name, notice,
                                               account.locale)
        due = starts_at - REMIND_BEFORE
        if self.reminders is not None and due > now:
            await self.reminders.schedule(booked.appointment.id, due)
        return replace(booked, told=Told.EMAIL)

    async def _by_sms(self, holder: Holder, booked: Booked, notice: AppointmentNotice,
                      locale: str | None) -> Booked:
        """To the mobile of the worker's account, if they have one; no reminder (it is an
        e-mail, and the e-mail is what they lost)."""
        async with self.uow() as uow:
            account = await uow.accounts.by_worker(holder.worker_id)
        if account is None or not account.mobile:
            return booked
        await self.notifier.appointment_booked_sms(account.mobile, notice,
                                                   locale or account.locale)
        return replace(booked, told=Told.SMS, told_to=mask_phone(account.mobile))

    @staticmethod
    def _notice(booked: Booked) -> AppointmentNotice:
        appointment, centre = booked.appointment, booked.centre
        return AppointmentNotice(appointment.folio, appointment.procedure, centre.name,
                                 centre.address, booked.starts_at,
                                 requirements(Procedure(appointment.procedure)),
                                 centre.as_of_year if centre.dated else None)

    async def send_reminder(self, appointment_id: str, now: datetime) -> bool:
        """The reminder e-mail, if the appointment is still booked and still ahead."""
        async with self.uow() as uow:
            appointment = await uow.appointments.by_id(appointment_id)
        if (appointment is None or appointment.status is not AppointmentStatus.BOOKED
                or appointment.starts_at <= now or appointment.account_id is None):
            return False
        account, record = await load_account_record(self.uow(), appointment.account_id)
        await self.notifier.appointment_reminder(account.email, record.first_name,
                                                 self._notice(self.local(appointment)),
                                                 account.locale)
        return True

    async def _insert(self, holder: Holder, procedure: Procedure, centre: Centre,
                      starts_at: datetime, now: datetime) -> Appointment:
        """One try per desk: a desk taken by a booking racing this one moves to the next."""
        for _ in range(centre.desks):
            async with self.uow() as uow:
                try:
                    appointment = await uow.appointments.book(
                        worker_id=holder.worker_id, account_id=holder.account_id,
                        centre_id=centre.id, procedure=procedure.value,
                        starts_at=starts_at, desks=centre.desks, folio=new_folio(), now=now,
                        most=MAX_UPCOMING)
                except SlotFull:
                    raise SlotTaken() from None
                except SameProcedure as same:
                    raise AlreadyBooked(folio=same.folio) from None
                except TooMany:
                    raise TooManyAppointments(most=MAX_UPCOMING) from None
                except DeskTaken:
                    continue
                await uow.commit()
                return appointment
        raise SlotTaken()

    async def reschedule(self, holder: Holder, folio: str, centre_id: str,
                         starts_at: datetime, now: datetime) -> Booked:
        """Appointment ``folio`` moved to ``starts_at`` at ``centre_id``, same procedure: the
        old one is cancelled and the new one booked in one transaction, so a time taken
        meanwhile (``SlotTaken``) leaves the old one as it was. Told like a booking."""
        centre = self.centres.by_id(centre_id)
        local = starts_at.astimezone(centre.zone)
        if local not in await self.free_times(centre_id, local.date(), now):
            raise SlotTaken()
        for _ in range(centre.desks):
            async with self.uow() as uow:
                old = await uow.appointments.cancel(holder.worker_id, folio, now)
                if old is None:
                    raise AppointmentNotFound()
                try:
                    appointment = await uow.appointments.book(
                        worker_id=holder.worker_id, account_id=holder.account_id,
                        centre_id=centre.id, procedure=old.procedure, starts_at=starts_at,
                        desks=centre.desks, folio=new_folio(), now=now, most=MAX_UPCOMING)
                except SlotFull:
                    raise SlotTaken() from None
                except DeskTaken:
                    continue
                await uow.commit()
                break
        else:
            raise SlotTaken()
        if self.reminders is not None:
            await self.reminders.cancel(old.id)
        return await self._told(holder, self.local(appointment), starts_at, now, None)

    async def cancel(self, holder: Holder, folio: str, now: datetime) -> Booked:
        async with self.uow() as uow:
            cancelled = await uow.appointments.cancel(holder.worker_id, folio, now)
            await uow.commit()
        if cancelled is None:
            raise AppointmentNotFound()
        if self.reminders is not None:
            await self.reminders.cancel(cancelled.id)
        return self.local(cancelled)
