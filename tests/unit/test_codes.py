"""One-time codes on the in-memory unit of work: tries, expiry, resends and their limits."""

from __future__ import annotations

import pytest

from domain.accounts.codes import Medium
from domain.accounts.errors import (
    CodeDead,
    CodeExpired,
    CodeReplaced,
    CodeUsed,
    CodeWrong,
    ResendLimit,
    ResendTooSoon,
)
from domain.audit import AuditKind
from domain.notifications import CodePurpose
from tests.unit.conftest import Desk

PHONE = "+525587654321"


async def send(desk: Desk, request_id: str = "req-1", phone: str = PHONE) -> None:
    await desk.accounts().send_code(CodePurpose.REGISTER, Medium.SMS, phone, "worker:w1",
                                    request_id, "es_MX", desk.now())


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_a_code_allows_five_tries_then_dies(desk: Desk) -> None:
    await send(desk)
    code = desk.code_to(PHONE)
    service = desk.accounts()
    left = []
    for _ in range(4):
        with pytest.raises(CodeWrong) as error:
            await service.check_code("req-1", Medium.SMS, wrong(code), desk.now())
        left.append(error.value.params["left"])
    assert left == [4, 3, 2, 1]
    with pytest.raises(CodeDead):
        await service.check_code("req-1", Medium.SMS, wrong(code), desk.now())
    with pytest.raises(CodeDead):
        await service.check_code("req-1", Medium.SMS, code, desk.now())
    assert len(await desk.audited(AuditKind.CODE_FAILED)) == 6


async def test_a_code_works_once_and_within_ten_minutes(desk: Desk) -> None:
    service = desk.accounts()
    await send(desk)
    await service.check_code("req-1", Medium.SMS, desk.code_to(PHONE), desk.now())
    with pytest.raises(CodeUsed):
        await service.check_code("req-1", Medium.SMS, desk.code_to(PHONE), desk.now())
    await send(desk, "req-2")
    desk.clock.advance(minutes=10)
    with pytest.raises(CodeExpired):
        await service.check_code("req-2", Medium.SMS, desk.code_to(PHONE), desk.now())


async def test_a_resend_waits_a_minute_and_retires_the_earlier_code(desk: Desk) -> None:
    await send(desk)
    first = desk.code_to(PHONE)
    desk.clock.advance(seconds=20)
    with pytest.raises(ResendTooSoon) as soon:
        await send(desk)
    assert soon.value.params == {"seconds": 40}
    desk.clock.advance(seconds=40)
    await send(desk)
    second = desk.code_to(PHONE)
    service = desk.accounts()
    if first != second:
        with pytest.raises(CodeReplaced):
            await service.check_code("req-1", Medium.SMS, first, desk.now())
    await service.check_code("req-1", Medium.SMS, second, desk.now())


async def test_a_fourth_code_in_fifteen_minutes_is_refused_and_audited(desk: Desk) -> None:
    for minute in range(3):
        await send(desk, f"req-{minute}")
        desk.clock.advance(minutes=1)
    with pytest.raises(ResendLimit) as limit:
        await send(desk, "req-9")
    assert limit.value.params == {"minutes": 12}
    assert len(desk.sent_to(PHONE)) == 3
    assert await desk.audited(AuditKind.CODE_SEND_LIMIT) == ["request:req-9"]
