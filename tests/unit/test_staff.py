"""Staff accounts on the in-memory unit of work: password + TOTP, a code used once, and the
guards that lock a client address before the agent."""

from __future__ import annotations

import pyotp
import pytest

from domain.audit import AuditKind
from domain.staff.model import StaffRole
from domain.staff.service import StaffExists, StaffLocked, StaffLoginFailed
from tests.unit.conftest import Desk

EMAIL, PASSWORD = "agente@example.com", "Tejocote#Brisa82"


async def enrol(desk: Desk) -> pyotp.TOTP:
    enrolment = await desk.staff().add(" Agente@Example.com ", StaffRole.AGENT, PASSWORD,
                                       desk.now())
    assert enrolment.staff.email == EMAIL
    return pyotp.parse_uri(enrolment.totp_uri)  # type: ignore[return-value]


async def test_a_staff_member_logs_in_once_per_code(desk: Desk) -> None:
    totp, service = await enrol(desk), desk.staff()
    code = totp.at(desk.now())
    staff = await service.log_in(EMAIL, PASSWORD, code, desk.now(), "10.0.0.1")
    assert staff.email == EMAIL and staff.role is StaffRole.AGENT
    with pytest.raises(StaffLoginFailed):  # the same code again: replayed
        await service.log_in(EMAIL, PASSWORD, code, desk.now(), "10.0.0.1")
    desk.clock.advance(seconds=30)
    assert await service.log_in(EMAIL, PASSWORD, totp.at(desk.now()), desk.now(), "10.0.0.1")
    assert len(await desk.audited(AuditKind.STAFF_LOGIN)) == 2


async def test_the_same_e_mail_cannot_be_enrolled_twice(desk: Desk) -> None:
    await enrol(desk)
    with pytest.raises(StaffExists):
        await desk.staff().add(EMAIL, StaffRole.SUPERVISOR, PASSWORD, desk.now())


async def test_five_failures_from_one_address_lock_that_address_not_the_agent(
        desk: Desk) -> None:
    totp, service = await enrol(desk), desk.staff()
    for _ in range(4):
        with pytest.raises(StaffLoginFailed):
            await service.log_in(EMAIL, "Wrong#Password1", "000000", desk.now(), "10.0.0.66")
    with pytest.raises(StaffLocked) as locked:
        await service.log_in(EMAIL, "Wrong#Password1", "000000", desk.now(), "10.0.0.66")
    assert locked.value.params == {"minutes": 15}
    with pytest.raises(StaffLocked):
        await service.log_in(EMAIL, PASSWORD, totp.at(desk.now()), desk.now(), "10.0.0.66")
    assert await service.log_in(EMAIL, PASSWORD, totp.at(desk.now()), desk.now(), "10.0.0.1")
    desk.clock.advance(minutes=15, seconds=30)
    assert await service.log_in(EMAIL, PASSWORD, totp.at(desk.now()), desk.now(), "10.0.0.66")
