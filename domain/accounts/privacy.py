"""ARCO rights (LFPDPPP): a copy of what the service holds about a worker, and deleting
their account. Identity data (name, NSS, CURP, RFC) is INFONAVIT's record of the worker,
corrected at a service centre, not here."""

from __future__ import annotations

from datetime import datetime

from domain.accounts.errors import InvalidCredentials
from domain.identifiers import mask, mask_email
from domain.notifications import PersonalDataCopy
from domain.uow import UnitOfWork


async def data_copy(uow: UnitOfWork, account_id: str, now: datetime) -> tuple[str, str,
                                                                             PersonalDataCopy]:
    """(where it goes, the account's language, the copy)."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
        worker = await uow.workers.by_id(account.worker_id) if account else None
        if account is None or worker is None:
            raise InvalidCredentials()
        chats = await uow.accounts.chat_counts(account_id)
        upcoming = await uow.appointments.upcoming(account_id, now)
    record = worker.record
    return account.email, account.locale, PersonalDataCopy(
        name=record.full_name, email=mask_email(account.email), mobile=mask(account.mobile),
        nss=mask(record.nss), curp=mask(record.curp), rfc=mask(record.rfc),
        birth_date=record.birth_date, created_at=account.created_at,
        consent_at=account.consent_at, chats=chats, upcoming_appointments=len(upcoming))


async def delete_account(uow: UnitOfWork, account_id: str) -> bool:
    """The account, its linked chats and its appointments (the database cascades), and its
    one-time codes. The worker's INFONAVIT record stays: it is not the service's to delete."""
    async with uow:
        if await uow.accounts.by_id(account_id) is None:
            return False
        await uow.codes.forget_account(account_id)
        await uow.accounts.remove(account_id)
        await uow.commit()
    return True
