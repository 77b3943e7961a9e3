"""Booking and cancelling appointments on the in-memory unit of work: free times, one per
procedure, the confirmation, a cancelled desk given back."""

from __future__ import annotations

import pytest

from domain.appointments.model import Holder
from domain.appointments.procedures import Procedure
from domain.appointments.service import (
    AlreadyBooked,
    AppointmentNotFound,
    SlotTaken,
    Told,
)
from domain.demo import DEMO_ACCOUNT
from tests.unit.conftest import Desk

CENTRE = "cdmx-balderas"


async def carmen(desk: Desk) -> Holder:
    async with desk.uow() as uow:
        account = await uow.accounts.by_email(DEMO_ACCOUNT["email"])
    assert account is not None
    return await desk.appointments().holder(account.id)


async def test_a_booking_takes_a_free_time_and_is_e_mailed(desk: Desk) -> None:
    service, holder = desk.appointments(), await carmen(desk)
    day = (await service.free_days(CENTRE, desk.now()))[0]
    first, *_ = await service.free_times(CENTRE, day, desk.now())
    booked = await service.book(holder, Procedure.RETURN_OF_SAVINGS, CENTRE, first, desk.now())
    assert booked.told is Told.EMAIL and booked.starts_at == first
    assert booked.appointment.folio in desk.sent_to(DEMO_ACCOUNT["email"])[-1]
    assert [b.appointment.folio for b in await service.upcoming(holder, desk.now())] == [
        booked.appointment.folio]
    with pytest.raises(AlreadyBooked) as again:
        await service.check_free_for(holder, Procedure.RETURN_OF_SAVINGS, desk.now())
    assert again.value.params == {"folio": booked.appointment.folio}


async def test_a_full_time_is_no_longer_offered_nor_booked(desk: Desk) -> None:
    service = desk.appointments()
    day = (await service.free_days(CENTRE, desk.now()))[0]
    first = (await service.free_times(CENTRE, day, desk.now()))[0]
    cases = ["active_woman", "with_credit", "minimum_wage_man", "new_worker_few_contributions"]
    async with desk.uow() as uow:
        holders = [Holder(w.id) for case in cases
                   if (w := await uow.workers.by_nss(desk.person(case)["nss"])) is not None]
    for holder in holders[:3]:  # three desks
        await service.book(holder, Procedure.CREDIT_SIGNING, CENTRE, first, desk.now())
    assert first not in await service.free_times(CENTRE, day, desk.now())
    with pytest.raises(SlotTaken):
        await service.book(holders[3], Procedure.CREDIT_SIGNING, CENTRE, first, desk.now())


async def test_a_cancelled_appointment_gives_its_time_back_once(desk: Desk) -> None:
    service, holder = desk.appointments(), await carmen(desk)
    day = (await service.free_days(CENTRE, desk.now()))[0]
    first = (await service.free_times(CENTRE, day, desk.now()))[0]
    booked = await service.book(holder, Procedure.RESTRUCTURING, CENTRE, first, desk.now())
    cancelled = await service.cancel(holder, booked.appointment.folio, desk.now())
    assert cancelled.appointment.folio == booked.appointment.folio
    assert await service.upcoming(holder, desk.now()) == []
    with pytest.raises(AppointmentNotFound):
        await service.cancel(holder, booked.appointment.folio, desk.now())
    rebooked = await service.book(holder, Procedure.RESTRUCTURING, CENTRE, first, desk.now())
    assert rebooked.appointment.folio != booked.appointment.folio


async def test_without_a_login_the_confirmation_goes_by_sms_to_the_accounts_mobile(
        desk: Desk) -> None:
    service = desk.appointments()
    async with desk.uow() as uow:
        carmen_worker = await uow.workers.by_nss(desk.person("existing_account")["nss"])
        nobody = await uow.workers.by_nss(desk.person("active_woman")["nss"])
    assert carmen_worker is not None and nobody is not None
    day = (await service.free_days(CENTRE, desk.now()))[1]
    first = (await service.free_times(CENTRE, day, desk.now()))[0]
    by_sms = await service.book(Holder(carmen_worker.id), Procedure.ACCOUNT_RECOVERY, CENTRE,
                                first, desk.now(), locale="en")
    assert by_sms.told is Told.SMS and by_sms.told_to.endswith("2222")
    assert by_sms.appointment.folio in desk.sent_to(DEMO_ACCOUNT["mobile"])[-1]
    chat_only = await service.book(Holder(nobody.id), Procedure.ACCOUNT_RECOVERY, CENTRE,
                                   first, desk.now())
    assert chat_only.told is Told.CHAT_ONLY
