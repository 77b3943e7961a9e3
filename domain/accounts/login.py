"""Login with NSS or e-mail and password; a new chat identity also needs an SMS code.

No user enumeration: an unknown identifier gets the same answer as a wrong password, in
about the same time (the password is checked against a dummy hash), and it is locked after
the same number of failures, so the lock itself reveals nothing either.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from domain.accounts.codes import Guard, GuardRule
from domain.accounts.errors import InvalidCredentials, LoginLocked
from domain.accounts.model import Account, AccountStatus, ChatRef
from domain.notifications import Notifier
from domain.security.passwords import hash_password, verify_password
from domain.uow import UnitOfWork


@dataclass(frozen=True)
class LoginPolicy:
    failures_before_lock: int = 5
    lock_for: timedelta = timedelta(minutes=15)
    lookups_before_lock: int = 5
    """NSS, CURP or RFC that matched nobody, from one chat, before its lookups lock."""
    lookups_lock_for: timedelta = timedelta(minutes=30)

    @property
    def rule(self) -> GuardRule:
        return GuardRule(self.failures_before_lock, self.lock_for)

    @property
    def lookups_rule(self) -> GuardRule:
        return GuardRule(self.lookups_before_lock, self.lookups_lock_for)


@dataclass(frozen=True)
class LoginResult:
    account_id: str
    session_epoch: int
    needs_chat_code: bool
    """The chat is new to this account: an SMS code must confirm it."""
    mobile: str
    locale: str
    terms_pending: bool = False
    """The registration was left at its terms: the right password opens no account yet;
    the terms are asked (after the new chat's code), then the worker is in."""


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-Aa1!")


async def find_account(uow: UnitOfWork, identifier: str,
                       unfinished: bool = False) -> Account | None:
    """By NSS (11 digits) or e-mail; only active accounts count, and with ``unfinished``
    also a registration left after its codes (a reset then finishes it)."""
    async with uow:
        if identifier.isdigit():
            worker = await uow.workers.by_nss(identifier)
            account = await uow.accounts.by_worker(worker.id) if worker else None
        else:
            account = await uow.accounts.by_email(identifier)
    if account is None or (account.status is not AccountStatus.ACTIVE and not unfinished):
        return None
    return account


def login_subject(uow: UnitOfWork, identifier: str) -> str:
    return "login:" + uow.keyring.lookup.digest(identifier, "login")


def _guard_subject(uow: UnitOfWork, identifier: str, account: Account | None) -> str:
    """An account's guard is the account's, whichever of its identifiers (NSS, e-mail) is
    typed; an identifier that matches no account has a guard of its own, so unknown and
    known identifiers lock alike."""
    if account is not None:
        return "login:account:" + account.id
    return login_subject(uow, identifier)


async def log_in(
    uow: UnitOfWork, notifier: Notifier, policy: LoginPolicy, *, identifier: str,
    password: str, chat: ChatRef, now: datetime,
) -> LoginResult:
    # a registration left at its terms has its password: the worker who set it is told so
    # (and finishes it) instead of «no son correctos», counted towards the lock
    account = await find_account(uow, identifier, unfinished=True)
    subject = _guard_subject(uow, identifier, account)
    async with uow:
        guard, allowed = await uow.guards.attempt(subject, now, policy.rule)
        await uow.commit()
    if not allowed:
        raise LoginLocked(minutes=guard.minutes_left(now))
    stored = account.password_hash if account and account.password_hash else _dummy_hash()
    valid = await asyncio.to_thread(verify_password, stored, password)
    if account is None or not valid:
        await _fail(uow, notifier, guard, account, now)
        raise InvalidCredentials()
    async with uow:
        await uow.guards.clear(subject, now)
        linked = await uow.accounts.is_linked(account.id, chat)
        await uow.commit()
    return LoginResult(account.id, account.session_epoch, not linked, account.mobile,
                       account.locale, account.status is not AccountStatus.ACTIVE)


async def _fail(
    uow: UnitOfWork, notifier: Notifier, guard: Guard, account: Account | None,
    now: datetime,
) -> None:
    """The attempt was counted before the password was checked; the one that reached the
    threshold locked the guard: tell the owner."""
    if not guard.locked(now):
        return
    if account is not None:
        async with uow:
            worker = await uow.workers.by_id(account.worker_id)
        name = worker.record.first_name if worker else ""
        await notifier.login_locked(account.email, name, guard.locked_until or now,
                                    account.locale)
    raise LoginLocked(minutes=guard.minutes_left(now))


async def confirm_chat(
    uow: UnitOfWork, notifier: Notifier, account_id: str, chat: ChatRef, now: datetime,
) -> None:
    """Link a new chat identity (its SMS code was checked) and tell the account's owner."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
        if account is None:
            raise InvalidCredentials()
        await uow.accounts.link_chat(account_id, chat, now)
        worker = await uow.workers.by_id(account.worker_id)
        await uow.commit()
    name = worker.record.first_name if worker else ""
    await notifier.new_chat_login(account.email, name, chat.channel, now, account.locale)


async def account_email(uow: UnitOfWork, account_id: str) -> str | None:
    async with uow:
        account = await uow.accounts.by_id(account_id)
    return account.email if account is not None else None


async def session_epoch(uow: UnitOfWork, account_id: str) -> int | None:
    """The account's current session epoch, or ``None`` if it can no longer log in."""
    async with uow:
        account = await uow.accounts.by_id(account_id)
    if account is None or account.status is not AccountStatus.ACTIVE:
        return None
    return account.session_epoch
