"""The accounts' use cases behind one object, so flows call one method per step and never
see a unit of work. Every call opens its own transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from domain.accounts import contacts, login, privacy, registration, reset
from domain.accounts.code_service import CodeOrder, check_code, issue_code
from domain.accounts.codes import CodePolicy, Medium
from domain.accounts.errors import (
    CodeDead,
    CodeEntryLocked,
    CodeWrong,
    IdentityMismatch,
    InvalidCredentials,
    LoginLocked,
    LookupsLocked,
    ResendLimit,
)
from domain.accounts.login import LoginPolicy, LoginResult
from domain.accounts.model import ChatRef
from domain.audit import AuditKind, AuditTrail, NoAudit
from domain.errors import DomainError
from domain.notifications import CodePurpose, Notifier
from domain.security.guard import Guard
from domain.uow import UnitOfWork


@dataclass
class AccountService:
    uow: Callable[[], UnitOfWork]
    notifier: Notifier
    """Awaited: used for the codes of registration and login, whose failure the user must
    hear about."""
    background_notifier: Notifier
    """Returns at once, sends in a task: notices, and everything whose timing could tell
    whether an account exists (reset codes, the lock notice)."""
    codes: CodePolicy = field(default_factory=CodePolicy)
    logins: LoginPolicy = field(default_factory=LoginPolicy)
    audit: AuditTrail = field(default_factory=NoAudit)
    """Code failures and limits, login failures and locks, logins from a new chat."""

    # --- registration ---------------------------------------------------------------

    async def check_nss(self, nss: str, now: datetime, chat: ChatRef) -> str:
        """Every NSS looked up counts toward the chat's lookup lock, whatever the answer
        (not found, no active relationship, an account already, or found): the answers
        differ, so each is a look at whether a number is someone's."""
        async with self._lookup(chat, now, "nss"):
            return await registration.check_nss(self.uow(), nss, now)

    async def has_account(self, worker_id: str) -> bool:
        """Whether the worker has a Mi Cuenta account (finished or not)."""
        async with self.uow() as uow:
            return await uow.accounts.by_worker(worker_id) is not None

    async def pending_contacts(self, worker_id: str) -> tuple[str, str] | None:
        """(e-mail, mobile) of the worker's unfinished registration, if there is one."""
        return await registration.pending_contacts(self.uow(), worker_id)

    async def check_curp(self, worker_id: str, curp: str, now: datetime,
                         chat: ChatRef) -> None:
        async with self._lookup(chat, now, "curp"):
            await registration.check_curp(self.uow(), worker_id, curp)
        await self._lookup_matched(chat, now)

    async def check_rfc(self, worker_id: str, rfc: str, now: datetime, chat: ChatRef) -> None:
        async with self._lookup(chat, now, "rfc"):
            await registration.check_rfc(self.uow(), worker_id, rfc)
        await self._lookup_matched(chat, now)

    # --- identity without a login («Recuperar mi cuenta») ------------------------------

    async def identify(self, nss: str, curp: str, now: datetime, chat: ChatRef) -> str:
        """The worker whose record holds both ``nss`` and ``curp``. A miss counts against
        this chat's lookups as in registration (and locks them the same way); a pair that
        matches stops counting, as a matching CURP does."""
        async with self._lookup(chat, now, "nss_curp"):
            async with self.uow() as uow:
                worker = await uow.workers.by_nss(nss)
            if worker is None or worker.record.curp != curp:
                raise IdentityMismatch()
        await self._lookup_matched(chat, now)
        return worker.id

    # --- many identifiers tried from one chat (enumeration) ---------------------------

    def _lookup_subject(self, chat: ChatRef) -> str:
        return "lookups:" + self.uow().keyring.lookup.digest(
            f"{chat.channel}:{chat.user_id}", "lookups")[:40]

    @asynccontextmanager
    async def _lookup(self, chat: ChatRef, now: datetime, what: str) -> AsyncIterator[None]:
        """Count the lookup before it is made (one locked row update, so lookups sent in
        parallel are counted one after the other). The one that reaches the limit locks
        the chat's lookups (audited); if it fails too, the answer is the lock."""
        subject = self._lookup_subject(chat)
        async with self.uow() as uow:
            guard, allowed = await uow.guards.attempt(subject, now, self.logins.lookups_rule)
            await uow.commit()
        if not allowed:
            raise LookupsLocked(minutes=guard.minutes_left(now))
        if not guard.locked(now):
            yield
            return
        await self.audit.record(AuditKind.ENUMERATION, subject, now, channel=chat.channel,
                                last=what)
        try:
            yield
        except DomainError:
            raise LookupsLocked(minutes=guard.minutes_left(now)) from None

    async def _lookup_matched(self, chat: ChatRef, now: datetime) -> None:
        """A CURP or RFC that matched the worker's record is not a miss: it stops counting
        (an NSS always counts), and lifts the lock its own count set."""
        async with self.uow() as uow:
            await uow.guards.refund(self._lookup_subject(chat), now, self.logins.lookups_rule)
            await uow.commit()

    async def send_code(
        self, purpose: CodePurpose, medium: Medium, address: str, subject: str,
        request_id: str, locale: str, now: datetime, account_id: str | None = None,
    ) -> datetime:
        order = CodeOrder(purpose, medium, address, subject, request_id, account_id, locale)
        try:
            return await issue_code(self.uow(), self.notifier, self.codes, order, now)
        except ResendLimit:
            await self.audit.record(AuditKind.CODE_SEND_LIMIT, "request:" + request_id, now,
                                    medium=medium.value, purpose=purpose.value)
            raise

    async def check_code(self, request_id: str, medium: Medium, typed: str,
                         now: datetime, also: Medium | None = None) -> Medium:
        """The medium whose code ``typed`` was: ``medium``'s, or ``also``'s (see
        ``code_service.check_code``)."""
        try:
            return (await check_code(self.uow(), self.codes, request_id, medium, typed, now,
                                     also)).medium
        except (CodeWrong, CodeDead) as error:
            await self.audit.record(AuditKind.CODE_FAILED, "request:" + request_id, now,
                                    medium=medium.value, reason=error.key)
            raise
        except CodeEntryLocked:
            await self.audit.record(AuditKind.CODE_LOCKED, "request:" + request_id, now,
                                    medium=medium.value)
            raise

    async def create_account(
        self, *, worker_id: str, email: str, mobile: str, locale: str, consent_at: datetime,
        request_id: str, now: datetime,
    ) -> str:
        return await registration.create_account(
            self.uow(), worker_id=worker_id, email=email, mobile=mobile, locale=locale,
            consent_at=consent_at, request_id=request_id, now=now)

    async def set_password(self, account_id: str, password: str, now: datetime) -> None:
        await registration.set_password(self.uow(), account_id, password, now)

    async def accept_terms(self, account_id: str, chat: ChatRef, now: datetime) -> None:
        await registration.accept_terms(self.uow(), self.background_notifier, account_id, chat, now)

    # --- login ----------------------------------------------------------------------

    async def log_in(self, identifier: str, password: str, chat: ChatRef,
                     now: datetime) -> LoginResult:
        try:
            return await login.log_in(self.uow(), self.background_notifier, self.logins,
                                      identifier=identifier, password=password, chat=chat,
                                      now=now)
        except InvalidCredentials:
            await self.audit.record(AuditKind.LOGIN_FAILED, self._login_subject(identifier),
                                    now, channel=chat.channel)
            raise
        except LoginLocked:
            await self.audit.record(AuditKind.LOGIN_LOCKED, self._login_subject(identifier),
                                    now, channel=chat.channel)
            raise

    def _login_subject(self, identifier: str) -> str:
        """The identifier tried, as a keyed hash: the same for every try, readable by none."""
        return login.login_subject(self.uow(), identifier)

    async def set_locale(self, account_id: str, locale: str) -> None:
        """The account speaks the language its owner last chose: the one of the chat they
        last logged in on or switched language in. Notices sent outside a conversation (a
        lock, a new chat, a changed password) use it."""
        async with self.uow() as uow:
            await uow.accounts.set_locale(account_id, locale)
            await uow.commit()

    async def send_login_code(self, account_id: str, request_id: str, locale: str,
                              now: datetime) -> datetime:
        """An SMS code to the account's own mobile, to confirm a new chat, in the language
        of that chat: whoever asks has the password and is reading it."""
        async with self.uow() as uow:
            account = await uow.accounts.by_id(account_id)
        if account is None:
            raise InvalidCredentials()
        return await self.send_code(CodePurpose.LOGIN, Medium.SMS, account.mobile,
                                    "account:" + account_id, request_id, locale,
                                    now, account_id=account_id)

    async def confirm_chat(self, account_id: str, chat: ChatRef, now: datetime) -> None:
        await login.confirm_chat(self.uow(), self.background_notifier, account_id, chat, now)
        await self.audit.record(AuditKind.NEW_CHAT_LOGIN, "account:" + account_id, now,
                                channel=chat.channel)

    async def move_chat(self, old: ChatRef, new: ChatRef, now: datetime) -> bool:
        """A chat user's id changed (WhatsApp ``user_changed_number``): the account link
        follows it, and so does the count of identifiers the chat has tried (a new number
        must not wipe out a lock on lookups), unless the new id has its own count."""
        async with self.uow() as uow:
            moved = await uow.accounts.move_chat(old, new)
            old_subject, new_subject = self._lookup_subject(old), self._lookup_subject(new)
            await uow.guards.serialize(now, old_subject, new_subject)
            counted, own = await uow.guards.get(old_subject), await uow.guards.get(new_subject)
            if counted != Guard() and own == Guard():
                await uow.guards.put(new_subject, counted, now)
                await uow.guards.clear(old_subject, now)
            await uow.commit()
        return moved

    # --- changing the e-mail or the mobile ---------------------------------------------

    async def send_contact_code(self, account_id: str, medium: Medium, address: str,
                                request_id: str, locale: str, now: datetime) -> None:
        """A code to the new address, once it may be the account's (awaited: the worker
        must hear if it could not be sent)."""
        await contacts.check_new_contact(self.uow(), account_id, medium, address, now,
                                         proven=False)
        await self.send_code(CodePurpose.CONTACT, medium, address, "account:" + account_id,
                             request_id, locale, now, account_id=account_id)

    async def change_contact(self, account_id: str, medium: Medium, address: str,
                             request_id: str, now: datetime) -> None:
        await contacts.change_contact(self.uow(), self.background_notifier, account_id, medium,
                                      address, request_id, now)
        await self.audit.record(AuditKind.CONTACT_CHANGED, "account:" + account_id, now,
                                medium=medium.value)

    # --- ARCO rights ------------------------------------------------------------------

    async def send_data_copy(self, account_id: str, now: datetime) -> None:
        """By e-mail to the account's own address; awaited: the worker asked for it and
        must hear if it failed."""
        email, locale, copy = await privacy.data_copy(self.uow(), account_id, now)
        await self.notifier.data_copy(email, copy, locale)

    async def delete_account(self, account_id: str, now: datetime) -> bool:
        deleted = await privacy.delete_account(self.uow(), account_id)
        if deleted:
            await self.audit.record(AuditKind.ACCOUNT_DELETED, "account:" + account_id, now)
        return deleted

    async def check_contact_is_new(self, account_id: str, medium: Medium, address: str,
                                   now: datetime) -> None:
        """Before anything is sent: the address is not the one the account has already."""
        await contacts.check_new_contact(self.uow(), account_id, medium, address, now,
                                         proven=False)

    async def sign_in_email(self, account_id: str) -> str | None:
        """The account's e-mail, to confirm its password again before a sensitive change."""
        return await login.account_email(self.uow(), account_id)

    async def session_epoch(self, account_id: str) -> int | None:
        return await login.session_epoch(self.uow(), account_id)

    # --- reset ----------------------------------------------------------------------

    async def request_reset(self, identifier: str, request_id: str, locale: str,
                            now: datetime) -> None:
        await reset.request_reset(self.uow(), self.background_notifier, self.codes,
                                  identifier=identifier, request_id=request_id, locale=locale,
                                  now=now)

    async def unfinished_after_reset(self, request_id: str) -> str | None:
        return await reset.unfinished_account(self.uow(), request_id)

    async def complete_reset(self, request_id: str, password: str, now: datetime) -> None:
        await reset.complete_reset(self.uow(), self.background_notifier, request_id=request_id,
                                   password=password, now=now)
