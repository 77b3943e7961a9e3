"""Registration's use cases on the in-memory unit of work: who may register, the two codes,
the password and the terms."""

from __future__ import annotations

import pytest

from domain.accounts.codes import Medium
from domain.accounts.errors import (
    AccountExists,
    CodeExpired,
    CurpMismatch,
    LookupsLocked,
    NoActiveRelationship,
    RegistrationExpired,
    WorkerNotFound,
)
from domain.accounts.model import AccountStatus, ChatRef
from domain.audit import AuditKind
from domain.notifications import CodePurpose
from domain.security.passwords import WeakPassword
from tests.unit.conftest import Desk

CHAT = ChatRef("telegram", "777")
EMAIL, MOBILE = "maria.lopez@example.com", "+525587654321"


async def register(desk: Desk, case: str = "active_woman", request_id: str = "req-1") -> str:
    """Up to the account's creation: the NSS, both codes, the account (no password yet)."""
    service, now = desk.accounts(), desk.now()
    worker_id = await service.check_nss(desk.person(case)["nss"], now, CHAT)
    subject = "worker:" + worker_id
    await service.send_code(CodePurpose.REGISTER, Medium.SMS, MOBILE, subject, request_id,
                            "es_MX", now)
    await service.check_code(request_id, Medium.SMS, desk.code_to(MOBILE), now)
    await service.send_code(CodePurpose.REGISTER, Medium.EMAIL, EMAIL, subject, request_id,
                            "es_MX", now)
    await service.check_code(request_id, Medium.EMAIL, desk.code_to(EMAIL), now)
    return await service.create_account(worker_id=worker_id, email=EMAIL, mobile=MOBILE,
                                        locale="es_MX", consent_at=now, request_id=request_id,
                                        now=now)


async def test_a_worker_registers_with_both_codes_a_password_and_the_terms(desk: Desk) -> None:
    account_id = await register(desk)
    service = desk.accounts()
    assert await service.session_epoch(account_id) is None, "not active before the terms"
    await service.set_password(account_id, "Ciruela&Viento93", desk.now())
    await service.accept_terms(account_id, CHAT, desk.now())
    async with desk.uow() as uow:
        account = await uow.accounts.by_id(account_id)
        assert await uow.accounts.is_linked(account_id, CHAT)
    assert account is not None and account.status is AccountStatus.ACTIVE
    assert desk.subjects_to(EMAIL)[-1] == "Tu cuenta de Mi Cuenta Infonavit está lista"
    assert "María Fernanda" in desk.sent_to(EMAIL)[-1]
    result = await service.log_in(EMAIL, "Ciruela&Viento93", CHAT, desk.now())
    assert result.account_id == account_id and not result.needs_chat_code


async def test_an_account_needs_both_codes_used(desk: Desk) -> None:
    service, now = desk.accounts(), desk.now()
    worker_id = await service.check_nss(desk.person("active_woman")["nss"], now, CHAT)
    await service.send_code(CodePurpose.REGISTER, Medium.SMS, MOBILE, "worker:" + worker_id,
                            "req-1", "es_MX", now)
    await service.check_code("req-1", Medium.SMS, desk.code_to(MOBILE), now)
    with pytest.raises(CodeExpired):  # the e-mail's code: never sent, so never used
        await service.create_account(worker_id=worker_id, email=EMAIL, mobile=MOBILE,
                                     locale="es_MX", consent_at=now, request_id="req-1",
                                     now=now)
    async with desk.uow() as uow:
        assert await uow.accounts.by_worker(worker_id) is None


@pytest.mark.parametrize(("case", "error"), [
    ("existing_account", AccountExists),
    ("no_active_relationship", NoActiveRelationship),
])
async def test_who_may_not_register_hears_why(desk: Desk, case: str,
                                              error: type[Exception]) -> None:
    with pytest.raises(error):
        await desk.accounts().check_nss(desk.person(case)["nss"], desk.now(), CHAT)


async def test_a_curp_that_is_not_the_records_is_refused(desk: Desk) -> None:
    service, now = desk.accounts(), desk.now()
    worker_id = await service.check_nss(desk.person("active_woman")["nss"], now, CHAT)
    with pytest.raises(CurpMismatch):
        await service.check_curp(worker_id, desk.person("with_credit")["curp"], now, CHAT)
    await service.check_curp(worker_id, desk.person("active_woman")["curp"], now, CHAT)


async def test_numbers_tried_from_one_chat_lock_its_lookups(desk: Desk) -> None:
    service, now = desk.accounts(), desk.now()
    for n in range(4):
        with pytest.raises(WorkerNotFound):
            await service.check_nss(f"1234567890{n}", now, CHAT)
    with pytest.raises(LookupsLocked) as locked:
        await service.check_nss("12345678909", now, CHAT)
    assert locked.value.params == {"minutes": 30}
    with pytest.raises(LookupsLocked):  # even a real number, from this chat
        await service.check_nss(desk.person("active_woman")["nss"], now, CHAT)
    assert len(await desk.audited(AuditKind.ENUMERATION)) == 1
    other = ChatRef("telegram", "778")
    assert await service.check_nss(desk.person("active_woman")["nss"], now, other)


async def test_a_password_with_the_workers_own_data_is_refused(desk: Desk) -> None:
    account_id = await register(desk)
    birth_year = desk.person("active_woman")["birth_date"][:4]
    with pytest.raises(WeakPassword) as weak:
        await desk.accounts().set_password(account_id, f"Maria{birth_year}!López", desk.now())
    assert "error.password.contains_name" in {v.key for v in weak.value.violations}
    async with desk.uow() as uow:
        account = await uow.accounts.by_id(account_id)
    assert account is not None and account.password_hash is None


async def test_the_terms_cannot_be_accepted_without_a_password(desk: Desk) -> None:
    account_id = await register(desk)
    with pytest.raises(RegistrationExpired):
        await desk.accounts().accept_terms(account_id, CHAT, desk.now())
