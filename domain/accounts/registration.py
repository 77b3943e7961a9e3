"""Registration: the worker's identity checked against their record, contact data verified
by codes, then an account that becomes active once it has a password and the terms."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from domain.accounts.code_service import verified
from domain.accounts.codes import Medium
from domain.accounts.errors import (
    AccountExists,
    CurpMismatch,
    EmailInUse,
    NoActiveRelationship,
    PhoneInUse,
    RegistrationExpired,
    RfcMismatch,
    WorkerNotFound,
)
from domain.accounts.model import Account, AccountStatus, ChatRef
from domain.notifications import Notifier
from domain.savings.records import WorkerRecord
from domain.security.passwords import PersonalData, ensure_strong_password, hash_password
from domain.uow import AccountConflict, UnitOfWork

STALE_PENDING = timedelta(minutes=30)
"""An account left without password this long no longer blocks a new registration."""


def blocks_contact(account: Account | None, now: datetime) -> bool:
    """Whether another worker's account keeps an e-mail or mobile taken."""
    if account is None:
        return False
    return account.status is AccountStatus.ACTIVE or now - account.created_at <= STALE_PENDING


def _finished(account: Account | None) -> bool:
    """The worker's own account is done; an unfinished one (codes verified, no password or
    no terms yet) is resumed by proving its contacts again, never a dead end."""
    return account is not None and account.status is AccountStatus.ACTIVE


async def check_nss(uow: UnitOfWork, nss: str, now: datetime) -> str:
    """The worker id for ``nss``, if that worker may open an account."""
    async with uow:
        worker = await uow.workers.by_nss(nss)
        if worker is None:
            raise WorkerNotFound()
        if not worker.record.relationship_active:
            raise NoActiveRelationship()
        if _finished(await uow.accounts.by_worker(worker.id)):
            raise AccountExists()
        return worker.id


async def pending_contacts(uow: UnitOfWork, worker_id: str) -> tuple[str, str] | None:
    """The e-mail and mobile an unfinished registration of this worker verified."""
    async with uow:
        account = await uow.accounts.by_worker(worker_id)
    if account is None or account.status is AccountStatus.ACTIVE:
        return None
    return account.email, account.mobile


async def _record(uow: UnitOfWork, worker_id: str) -> WorkerRecord:
    async with uow:
        worker = await uow.workers.by_id(worker_id)
    if worker is None:
        raise RegistrationExpired()
    return worker.record


async def check_curp(uow: UnitOfWork, worker_id: str, curp: str) -> None:
    if (await _record(uow, worker_id)).curp != curp:
        raise CurpMismatch()


async def check_rfc(uow: UnitOfWork, worker_id: str, rfc: str) -> None:
    if (await _record(uow, worker_id)).rfc != rfc:
        raise RfcMismatch()


async def create_account(
    uow: UnitOfWork, *, worker_id: str, email: str, mobile: str, locale: str,
    consent_at: datetime, request_id: str, now: datetime,
) -> str:
    """Open the account (without password yet) once both codes of the request were used.
    Two registrations racing for one worker, e-mail or phone: the database's unique
    constraints let exactly one through."""
    await verified(uow, request_id, (Medium.SMS, Medium.EMAIL))
    async with uow:
        current = await uow.accounts.by_worker(worker_id)
        if current is not None:
            # the worker's own unfinished one, taken up: both codes of this request prove
            # the contacts given, so one that it had verified proves who this is (a new
            # mobile with its e-mail, or the reverse); both new ones prove nothing yet
            resumed = current.email == email or current.mobile == mobile
            if _finished(current) or (not resumed and blocks_contact(current, now)):
                raise AccountExists()
            await uow.accounts.remove(current.id)
        for stale in (await uow.accounts.by_email(email), await uow.accounts.by_mobile(mobile)):
            if stale is not None and stale.id != (current.id if current else None):
                if blocks_contact(stale, now):
                    raise EmailInUse() if stale.email == email else PhoneInUse()
                await uow.accounts.remove(stale.id)
        try:
            account = await uow.accounts.add(worker_id=worker_id, email=email, mobile=mobile,
                                             locale=locale, consent_at=consent_at, now=now)
            await uow.commit()
        except AccountConflict:
            raise await _which_conflict(uow, worker_id, email) from None
    return account.id


async def _which_conflict(uow: UnitOfWork, worker_id: str, email: str) -> Exception:
    if await uow.accounts.by_worker(worker_id) is not None:
        return AccountExists()
    if await uow.accounts.by_email(email) is not None:
        return EmailInUse()
    return PhoneInUse()


def personal_data(record: WorkerRecord, email: str) -> PersonalData:
    return PersonalData(
        nss=record.nss, curp=record.curp, rfc=record.rfc, email=email,
        names=(record.first_name, record.last_name_father, record.last_name_mother))


async def set_password(uow: UnitOfWork, account_id: str, password: str, now: datetime) -> None:
    """Check the password against the policy and the worker's own data, then store its
    argon2id hash (computed off the event loop)."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
        if account is None:
            raise RegistrationExpired()
        worker = await uow.workers.by_id(account.worker_id)
        assert worker is not None  # an account always has its worker (foreign key)
    ensure_strong_password(password, personal_data(worker.record, account.email))
    hashed = await asyncio.to_thread(hash_password, password)
    async with uow:
        await uow.accounts.set_password(account_id, hashed, now)
        await uow.commit()


async def accept_terms(
    uow: UnitOfWork, notifier: Notifier, account_id: str, chat: ChatRef, now: datetime,
) -> None:
    """Activate the account, link this chat to it and send the welcome e-mail."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
        if account is None or account.password_hash is None:
            raise RegistrationExpired()
        worker = await uow.workers.by_id(account.worker_id)
        assert worker is not None
        await uow.accounts.activate(account_id, now)
        await uow.accounts.link_chat(account_id, chat, now)
        await uow.commit()
    await notifier.welcome(account.email, worker.record.first_name, account.locale)
