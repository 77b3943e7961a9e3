"""Password reset on the in-memory unit of work: both codes, a new password, the other
sessions ended, and the same answers whether or not the account exists."""

from __future__ import annotations

import pytest

from domain.accounts.codes import Medium
from domain.accounts.errors import CodeExpired, CodeWrong, InvalidCredentials
from domain.accounts.model import ChatRef
from domain.demo import DEMO_ACCOUNT
from tests.unit.conftest import Desk

CHAT = ChatRef("telegram", "42")
EMAIL, MOBILE, PASSWORD = DEMO_ACCOUNT["email"], DEMO_ACCOUNT["mobile"], DEMO_ACCOUNT["password"]
NEW_PASSWORD = "Zapote@Marea64"


async def test_both_codes_reset_the_password_and_end_every_session(desk: Desk) -> None:
    service = desk.accounts()
    before = await service.log_in(EMAIL, PASSWORD, CHAT, desk.now())
    await service.request_reset(EMAIL, "reset-1", "es_MX", desk.now())
    await service.check_code("reset-1", Medium.EMAIL, desk.code_to(EMAIL), desk.now())
    await service.check_code("reset-1", Medium.SMS, desk.code_to(MOBILE), desk.now())
    await service.complete_reset("reset-1", NEW_PASSWORD, desk.now())
    assert await service.session_epoch(before.account_id) == before.session_epoch + 1
    assert await service.unfinished_after_reset("reset-1") is None
    with pytest.raises(InvalidCredentials):
        await service.log_in(EMAIL, PASSWORD, CHAT, desk.now())
    assert (await service.log_in(EMAIL, NEW_PASSWORD, CHAT, desk.now())).account_id \
        == before.account_id
    told = desk.sent_to(EMAIL)[-1], desk.sent_to(MOBILE)[-1]
    assert all("contraseña" in text.lower() for text in told), told


async def test_one_code_is_not_enough(desk: Desk) -> None:
    service = desk.accounts()
    await service.request_reset(EMAIL, "reset-1", "es_MX", desk.now())
    await service.check_code("reset-1", Medium.EMAIL, desk.code_to(EMAIL), desk.now())
    with pytest.raises(CodeExpired):
        await service.complete_reset("reset-1", NEW_PASSWORD, desk.now())


async def test_an_unknown_identifier_sends_nothing_and_answers_alike(desk: Desk) -> None:
    service = desk.accounts()
    await service.request_reset("nadie@example.com", "reset-1", "es_MX", desk.now())
    await service.request_reset(EMAIL, "reset-2", "es_MX", desk.now())
    assert len(desk.outbox.messages()) == 2, "the known account's two codes only"
    answers = []
    for request_id in ("reset-1", "reset-2"):
        with pytest.raises(CodeWrong) as wrong:
            await service.check_code(request_id, Medium.EMAIL, "000000", desk.now())
        answers.append(wrong.value.params)
    assert answers[0] == answers[1] == {"left": 4}
