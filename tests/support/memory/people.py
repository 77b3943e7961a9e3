"""Workers, accounts (with their linked chats) and staff, in memory."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from domain.accounts.codes import Medium
from domain.accounts.model import Account, AccountStatus, ChatRef
from domain.savings.records import WorkerRecord
from domain.staff.model import Staff, StaffRole
from domain.uow import AccountConflict, StoredWorker
from tests.support.memory.tables import Link, StaffRow

if TYPE_CHECKING:
    from tests.support.memory.uow import Transaction

Opened = Callable[[], "Transaction"]


class WorkersInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    async def by_nss(self, nss: str) -> StoredWorker | None:
        return next((w for w in self._opened().tables.workers.values()
                     if w.record.nss == nss), None)

    async def by_id(self, worker_id: str) -> StoredWorker | None:
        return self._opened().tables.workers.get(worker_id)

    async def put(self, record: WorkerRecord, now: datetime | None = None) -> StoredWorker:
        same = await self.by_nss(record.nss)
        stored = StoredWorker(same.id if same else str(uuid.uuid4()), record)
        self._opened().write().workers[stored.id] = stored
        return stored


class AccountsInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    def _taken(self, account_id: str, **values: str) -> bool:
        return any(getattr(other, name) == value
                   for other in self._opened().tables.accounts.values() if other.id != account_id
                   for name, value in values.items())

    def _conflict(self) -> AccountConflict:
        self._opened().roll_back()
        return AccountConflict()

    async def add(self, *, worker_id: str, email: str, mobile: str, locale: str,
                  consent_at: datetime, now: datetime) -> Account:
        tables = self._opened().tables
        if worker_id not in tables.workers or self._taken(
                "", worker_id=worker_id, email=email, mobile=mobile):
            raise self._conflict()
        account = Account(id=str(uuid.uuid4()), worker_id=worker_id, email=email, mobile=mobile,
                          password_hash=None, status=AccountStatus.PENDING_PASSWORD,
                          locale=locale, session_epoch=0, consent_at=consent_at,
                          terms_at=None, created_at=now)
        self._opened().write().accounts[account.id] = account
        return account

    async def by_id(self, account_id: str) -> Account | None:
        return self._opened().tables.accounts.get(account_id)

    async def _by(self, name: str, value: str) -> Account | None:
        return next((a for a in self._opened().tables.accounts.values()
                     if getattr(a, name) == value), None)

    async def by_worker(self, worker_id: str) -> Account | None:
        return await self._by("worker_id", worker_id)

    async def by_email(self, email: str) -> Account | None:
        return await self._by("email", email)

    async def by_mobile(self, mobile: str) -> Account | None:
        return await self._by("mobile", mobile)

    async def remove(self, account_id: str) -> None:
        """The account, and (as the database cascades) its chats and its appointments."""
        tables = self._opened().write()
        tables.accounts.pop(account_id, None)
        tables.chats = {c: link for c, link in tables.chats.items()
                        if link.account_id != account_id}
        tables.appointments = {i: b for i, b in tables.appointments.items()
                               if b.appointment.account_id != account_id}

    def _update(self, account_id: str, **changes: object) -> Account:
        tables = self._opened().write()
        if account_id not in tables.accounts:
            raise LookupError(account_id)
        account = replace(tables.accounts[account_id], **changes)  # type: ignore[arg-type]
        tables.accounts[account_id] = account
        return account

    async def set_password(self, account_id: str, password_hash: str, now: datetime) -> None:
        account = self._opened().tables.accounts.get(account_id)
        pending = account is not None and account.status is AccountStatus.PENDING_PASSWORD
        self._update(account_id, password_hash=password_hash,
                     **({"status": AccountStatus.PENDING_TERMS} if pending else {}))

    async def activate(self, account_id: str, now: datetime) -> None:
        self._update(account_id, status=AccountStatus.ACTIVE, terms_at=now)

    async def set_contact(self, account_id: str, medium: Medium, address: str) -> None:
        name = "email" if medium is Medium.EMAIL else "mobile"
        if self._taken(account_id, **{name: address}):
            raise self._conflict()
        self._update(account_id, **{name: address})

    async def set_locale(self, account_id: str, locale: str) -> None:
        if account_id in self._opened().tables.accounts:
            self._update(account_id, locale=locale)

    async def end_sessions(self, account_id: str) -> int:
        account = self._opened().tables.accounts.get(account_id)
        if account is None:
            raise LookupError(account_id)
        return self._update(account_id, session_epoch=account.session_epoch + 1).session_epoch

    async def link_chat(self, account_id: str, chat: ChatRef, now: datetime) -> None:
        self._opened().write().chats[chat] = Link(account_id, now)

    async def move_chat(self, old: ChatRef, new: ChatRef) -> bool:
        chats = self._opened().tables.chats
        if old not in chats or new in chats:
            return False
        tables = self._opened().write()
        tables.chats[new] = tables.chats.pop(old)
        return True

    async def chat_counts(self, account_id: str) -> tuple[tuple[str, int], ...]:
        counts = Counter(chat.channel for chat, link in self._opened().tables.chats.items()
                         if link.account_id == account_id)
        return tuple(sorted(counts.items()))

    async def is_linked(self, account_id: str, chat: ChatRef) -> bool:
        link = self._opened().tables.chats.get(chat)
        return link is not None and link.account_id == account_id


class StaffInMemory:
    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    async def add(self, *, email: str, role: StaffRole, password_hash: str, totp_secret: str,
                  now: datetime) -> Staff:
        if await self.by_email(email) is not None:
            raise ValueError(f"a staff member has the e-mail {email} already")
        staff = Staff(str(uuid.uuid4()), email, role)
        self._opened().write().staff[staff.id] = StaffRow(staff, password_hash, totp_secret)
        return staff

    def _row(self, email: str) -> StaffRow | None:
        return next((row for row in self._opened().tables.staff.values()
                     if row.staff.email == email), None)

    async def by_email(self, email: str) -> Staff | None:
        row = self._row(email)
        return row.staff if row else None

    async def by_id(self, staff_id: str) -> Staff | None:
        row = self._opened().tables.staff.get(staff_id)
        return row.staff if row else None

    async def credentials(self, email: str) -> tuple[Staff, str, str] | None:
        row = self._row(email)
        return (row.staff, row.password_hash, row.totp_secret) if row else None

    async def use_totp_step(self, staff_id: str, step: int) -> bool:
        row = self._opened().tables.staff.get(staff_id)
        if row is None or row.totp_step >= step:
            return False
        self._opened().write().staff[staff_id] = replace(row, totp_step=step)
        return True

