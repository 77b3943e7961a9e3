"""Password reset: codes to the registered e-mail AND mobile (two methods, NIST 4.2),
then a new password; every other session ends and both addresses are told.

The answer to a reset request is the same whether or not an account exists: for an unknown
identifier, codes are stored that nobody receives, so the next steps behave identically.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from domain.accounts.code_service import CodeOrder, issue_code, verified
from domain.accounts.codes import CodePolicy, Medium
from domain.accounts.errors import CodeNotDelivered, RegistrationExpired
from domain.accounts.login import find_account
from domain.accounts.model import AccountStatus
from domain.accounts.registration import personal_data
from domain.notifications import CodePurpose, Notifier
from domain.security.passwords import ensure_strong_password, hash_password
from domain.uow import UnitOfWork

log = logging.getLogger(__name__)


async def request_reset(
    uow: UnitOfWork, notifier: Notifier, policy: CodePolicy, *, identifier: str,
    request_id: str, locale: str, now: datetime,
) -> None:
    account = await find_account(uow, identifier, unfinished=True)
    subject = ("account:" + account.id if account else
               "reset:" + uow.keyring.lookup.digest(identifier, "login"))
    for medium in (Medium.EMAIL, Medium.SMS):
        if account is None:
            address = uow.keyring.lookup.digest(identifier, medium.value)
        else:
            address = account.email if medium is Medium.EMAIL else account.mobile
        order = CodeOrder(CodePurpose.RESET, medium, address, subject, request_id,
                          account.id if account else None, account.locale if account else locale)
        try:
            await issue_code(uow, notifier if account else None, policy, order, now)
        except CodeNotDelivered:  # saying so would reveal that the account exists
            log.warning("reset code by %s could not be delivered", medium.value)


async def complete_reset(
    uow: UnitOfWork, notifier: Notifier, *, request_id: str, password: str, now: datetime,
) -> None:
    codes = await verified(uow, request_id, (Medium.EMAIL, Medium.SMS))
    account_ids = {code.account_id for code in codes}
    if len(account_ids) != 1 or None in account_ids:
        raise RegistrationExpired()
    account_id = codes[0].account_id
    assert account_id is not None
    async with uow:
        account = await uow.accounts.by_id(account_id)
        worker = await uow.workers.by_id(account.worker_id) if account else None
    if account is None or worker is None:
        raise RegistrationExpired()
    ensure_strong_password(password, personal_data(worker.record, account.email))
    hashed = await asyncio.to_thread(hash_password, password)
    async with uow:
        await uow.accounts.set_password(account_id, hashed, now)
        await uow.accounts.end_sessions(account_id)
        await uow.commit()
    await notifier.password_changed(account.email, account.mobile, worker.record.first_name,
                                    now, account.locale)


async def unfinished_account(uow: UnitOfWork, request_id: str) -> str | None:
    """After a completed reset: the account's id when its registration was never finished
    (the terms are still to accept), else None."""
    codes = await verified(uow, request_id, (Medium.EMAIL, Medium.SMS))
    account_id = codes[0].account_id
    if account_id is None:
        return None
    async with uow:
        account = await uow.accounts.by_id(account_id)
    if account is None or account.status is AccountStatus.ACTIVE:
        return None
    return account.id
