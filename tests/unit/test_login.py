"""Logging in on the in-memory unit of work: the password, a new chat's SMS code, and the
lock that comes after too many wrong passwords (for known and unknown identifiers alike)."""

from __future__ import annotations

import pytest

from domain.accounts.codes import Medium
from domain.accounts.errors import InvalidCredentials, LoginLocked
from domain.accounts.model import ChatRef
from domain.audit import AuditKind
from domain.demo import DEMO_ACCOUNT
from domain.security.passwords import hash_password
from tests.unit.conftest import Desk

CHAT = ChatRef("whatsapp", "5215500000001")
EMAIL, MOBILE, PASSWORD = DEMO_ACCOUNT["email"], DEMO_ACCOUNT["mobile"], DEMO_ACCOUNT["password"]


async def test_a_new_chat_is_confirmed_by_an_sms_code_and_the_owner_is_told(desk: Desk) -> None:
    service = desk.accounts()
    first = await service.log_in(EMAIL, PASSWORD, CHAT, desk.now())
    assert first.needs_chat_code and first.mobile == MOBILE
    await service.send_login_code(first.account_id, "req-1", "es_MX", desk.now())
    await service.check_code("req-1", Medium.SMS, desk.code_to(MOBILE), desk.now())
    await service.confirm_chat(first.account_id, CHAT, desk.now())
    assert "whatsapp" in desk.sent_to(EMAIL)[-1].lower()
    assert await desk.audited(AuditKind.NEW_CHAT_LOGIN) == ["account:" + first.account_id]
    nss = desk.person("existing_account")["nss"]
    again = await service.log_in(nss, PASSWORD, CHAT, desk.now())
    assert again.account_id == first.account_id and not again.needs_chat_code


async def test_the_fifth_wrong_password_locks_and_the_owner_hears_it(desk: Desk) -> None:
    service = desk.accounts()
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await service.log_in(EMAIL, "Wrong#Password1", CHAT, desk.now())
    assert desk.sent_to(EMAIL) == []
    with pytest.raises(LoginLocked) as locked:
        await service.log_in(EMAIL, "Wrong#Password1", CHAT, desk.now())
    assert locked.value.params == {"minutes": 15}
    assert len(desk.sent_to(EMAIL)) == 1, "the lock notice"
    with pytest.raises(LoginLocked):
        await service.log_in(desk.person("existing_account")["nss"], PASSWORD, CHAT, desk.now())
    assert len(await desk.audited(AuditKind.LOGIN_FAILED)) == 4
    desk.clock.advance(minutes=15)
    assert (await service.log_in(EMAIL, PASSWORD, CHAT, desk.now())).needs_chat_code


async def test_an_unknown_identifier_locks_like_a_known_one(desk: Desk) -> None:
    service = desk.accounts()
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await service.log_in("nadie@example.com", PASSWORD, CHAT, desk.now())
    with pytest.raises(LoginLocked):
        await service.log_in("nadie@example.com", PASSWORD, CHAT, desk.now())
    assert desk.outbox.messages() == ()


async def test_an_account_not_yet_active_opens_only_to_its_terms(desk: Desk) -> None:
    """A registration left at its terms: a wrong password is refused as any; the right one
    opens no session by itself, it says the terms are pending (the flow asks them)."""
    async with desk.uow() as uow:
        worker = await uow.workers.by_nss(desk.person("active_woman")["nss"])
        assert worker is not None
        account = await uow.accounts.add(worker_id=worker.id, email="maria@example.com",
                                         mobile="+525587654321", locale="es_MX",
                                         consent_at=desk.now(), now=desk.now())
        await uow.accounts.set_password(account.id, hash_password(PASSWORD), desk.now())
        await uow.commit()
    with pytest.raises(InvalidCredentials):
        await desk.accounts().log_in("maria@example.com", PASSWORD + "x", CHAT, desk.now())
    result = await desk.accounts().log_in("maria@example.com", PASSWORD, CHAT, desk.now())
    assert result.terms_pending and result.account_id == account.id
