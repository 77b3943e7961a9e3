"""Changing the e-mail or the mobile of an active account: the new address gets a code
(the same send limits and code rules as every code), and only once that code was used is
it saved; the old address is told. The caller is logged in: the session is the proof of
who asks, the code the proof that the new address is theirs."""

from __future__ import annotations

from datetime import datetime

from domain.accounts.code_service import verified
from domain.accounts.codes import Medium
from domain.accounts.errors import (
    AccountError,
    EmailInUse,
    PhoneInUse,
    RegistrationExpired,
)
from domain.accounts.model import Account
from domain.accounts.registration import blocks_contact
from domain.notifications import Notifier
from domain.uow import AccountConflict, UnitOfWork


class SameContact(AccountError):
    """The new address is the one the account already has."""

    key = "error.account.same_contact"


class CodeForAnotherAddress(AccountError):
    """The code used was not sent to the address being saved."""

    key = "error.account.registration_expired"


def current_address(account: Account, medium: Medium) -> str:
    return account.email if medium is Medium.EMAIL else account.mobile


async def check_new_contact(uow: UnitOfWork, account_id: str, medium: Medium, address: str,
                            now: datetime, proven: bool = True) -> Account:
    """The account, if ``address`` may become its e-mail (or mobile). Whether another
    account holds the address is told only once it is ``proven`` (its code was typed): told
    before, anyone with a session could find out whose addresses have accounts."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
        if account is None:
            raise RegistrationExpired()
        owner = (await uow.accounts.by_email(address) if medium is Medium.EMAIL
                 else await uow.accounts.by_mobile(address))
    if address == current_address(account, medium):
        raise SameContact()
    if proven and owner is not None and owner.id != account_id and blocks_contact(owner, now):
        raise EmailInUse() if medium is Medium.EMAIL else PhoneInUse()
    return account


async def change_contact(uow: UnitOfWork, notifier: Notifier, account_id: str, medium: Medium,
                         address: str, request_id: str, now: datetime) -> None:
    """Save ``address`` once the request's code to it was used; tell the old address."""
    account = await check_new_contact(uow, account_id, medium, address, now)
    (code,) = await verified(uow, request_id, (medium,))
    kind = "mobile" if medium is Medium.SMS else "email"
    if code.account_id != account_id or code.address_hash != uow.keyring.lookup.digest(
            address, kind):
        raise CodeForAnotherAddress()
    async with uow:
        worker = await uow.workers.by_id(account.worker_id)
        try:
            await uow.accounts.set_contact(account_id, medium, address)
            await uow.commit()
        except AccountConflict:
            raise EmailInUse() if medium is Medium.EMAIL else PhoneInUse() from None
    name = worker.record.first_name if worker else ""
    await notifier.contact_changed(current_address(account, medium), medium.value, address,
                                   name, now, account.locale)
