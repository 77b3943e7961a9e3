"""Accounts and their linked chat identities; contact data encrypted, found by hash."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.codes import Medium
from domain.accounts.model import Account, AccountStatus, ChatRef
from domain.persistence.models import AccountRow, ChatIdentityRow
from domain.security.crypto import Keyring
from domain.uow import AccountConflict

__all__ = ["AccountConflict", "AccountRepository"]


class AccountRepository:
    def __init__(self, session: AsyncSession, keyring: Keyring) -> None:
        self.session = session
        self.keyring = keyring

    def _hash(self, value: str, kind: str) -> str:
        return self.keyring.lookup.digest(value, kind)

    def _decode(self, row: AccountRow) -> Account:
        cipher = self.keyring.records
        return Account(
            id=row.id, worker_id=row.worker_id,
            email=cipher.decrypt(row.email_enc, f"accounts.email:{row.id}"),
            mobile=cipher.decrypt(row.mobile_enc, f"accounts.mobile:{row.id}"),
            password_hash=row.password_hash, status=AccountStatus(row.status),
            locale=row.locale, session_epoch=row.session_epoch, consent_at=row.consent_at,
            terms_at=row.terms_at, created_at=row.created_at)

    async def _one(self, *criteria: object) -> AccountRow | None:
        return await self.session.scalar(select(AccountRow).where(*criteria))  # type: ignore[arg-type]

    async def add(self, *, worker_id: str, email: str, mobile: str, locale: str,
                  consent_at: datetime, now: datetime) -> Account:
        account_id = str(uuid.uuid4())
        cipher = self.keyring.records
        row = AccountRow(
            id=account_id, worker_id=worker_id,
            email_enc=cipher.encrypt(email, f"accounts.email:{account_id}"),
            email_hash=self._hash(email, "email"),
            mobile_enc=cipher.encrypt(mobile, f"accounts.mobile:{account_id}"),
            mobile_hash=self._hash(mobile, "mobile"),
            status=AccountStatus.PENDING_PASSWORD.value, locale=locale, consent_at=consent_at,
            session_epoch=0, created_at=now)
        self.session.add(row)
        try:
            await self.session.flush()
        except IntegrityError:
            await self.session.rollback()
            raise AccountConflict() from None
        return self._decode(row)

    async def by_id(self, account_id: str) -> Account | None:
        row = await self.session.get(AccountRow, account_id)
        return self._decode(row) if row else None

    async def by_worker(self, worker_id: str) -> Account | None:
        row = await self._one(AccountRow.worker_id == worker_id)
        return self._decode(row) if row else None

    async def by_email(self, email: str) -> Account | None:
        row = await self._one(AccountRow.email_hash == self._hash(email, "email"))
        return self._decode(row) if row else None

    async def by_mobile(self, mobile: str) -> Account | None:
        row = await self._one(AccountRow.mobile_hash == self._hash(mobile, "mobile"))
        return self._decode(row) if row else None

    async def remove(self, account_id: str) -> None:
        await self.session.execute(delete(AccountRow).where(AccountRow.id == account_id))

    async def _row(self, account_id: str) -> AccountRow:
        row = await self.session.get(AccountRow, account_id, with_for_update=True)
        if row is None:
            raise LookupError(account_id)
        return row

    async def set_password(self, account_id: str, password_hash: str, now: datetime) -> None:
        row = await self._row(account_id)
        row.password_hash = password_hash
        row.password_changed_at = now
        if row.status == AccountStatus.PENDING_PASSWORD.value:
            row.status = AccountStatus.PENDING_TERMS.value

    async def activate(self, account_id: str, now: datetime) -> None:
        row = await self._row(account_id)
        row.status = AccountStatus.ACTIVE.value
        row.terms_at = now

    async def set_contact(self, account_id: str, medium: Medium, address: str) -> None:
        """A new e-mail (or mobile), encrypted and with its lookup hash; another account
        holding it raises ``AccountConflict``."""
        row = await self._row(account_id)
        cipher = self.keyring.records
        if medium is Medium.EMAIL:
            row.email_enc = cipher.encrypt(address, f"accounts.email:{account_id}")
            row.email_hash = self._hash(address, "email")
        else:
            row.mobile_enc = cipher.encrypt(address, f"accounts.mobile:{account_id}")
            row.mobile_hash = self._hash(address, "mobile")
        try:
            await self.session.flush()
        except IntegrityError:
            await self.session.rollback()
            raise AccountConflict() from None

    async def set_locale(self, account_id: str, locale: str) -> None:
        """The language notices to the account's owner go out in (see ``AccountService``)."""
        await self.session.execute(
            update(AccountRow)
            .where(AccountRow.id == account_id, AccountRow.locale != locale)
            .values(locale=locale))

    async def end_sessions(self, account_id: str) -> int:
        """Every session opened before now stops being valid; returns the new epoch."""
        row = await self._row(account_id)
        row.session_epoch += 1
        return row.session_epoch

    # --- chat identities ------------------------------------------------------------

    def _chat_hash(self, chat: ChatRef) -> str:
        return self._hash(f"{chat.channel}:{chat.user_id}", "chat")

    async def link_chat(self, account_id: str, chat: ChatRef, now: datetime) -> None:
        user_hash = self._chat_hash(chat)
        existing = await self.session.scalar(select(ChatIdentityRow).where(
            ChatIdentityRow.channel == chat.channel, ChatIdentityRow.user_hash == user_hash))
        if existing is None:
            self.session.add(ChatIdentityRow(account_id=account_id, channel=chat.channel,
                                             user_hash=user_hash, linked_at=now))
        else:
            existing.account_id = account_id
            existing.linked_at = now

    async def move_chat(self, old: ChatRef, new: ChatRef) -> bool:
        """The chat user changed their id (a new phone number): the link follows, unless
        the new id is already linked (then that link stands). Whether it moved."""
        row = await self.session.scalar(select(ChatIdentityRow).where(
            ChatIdentityRow.channel == old.channel,
            ChatIdentityRow.user_hash == self._chat_hash(old)))
        taken = await self.session.scalar(select(ChatIdentityRow.id).where(
            ChatIdentityRow.channel == new.channel,
            ChatIdentityRow.user_hash == self._chat_hash(new)))
        if row is None or taken is not None:
            return False
        row.channel, row.user_hash = new.channel, self._chat_hash(new)
        return True

    async def chat_counts(self, account_id: str) -> tuple[tuple[str, int], ...]:
        rows = await self.session.execute(
            select(ChatIdentityRow.channel, func.count())
            .where(ChatIdentityRow.account_id == account_id)
            .group_by(ChatIdentityRow.channel).order_by(ChatIdentityRow.channel))
        return tuple((channel, count) for channel, count in rows.all())

    async def is_linked(self, account_id: str, chat: ChatRef) -> bool:
        found = await self.session.scalar(select(ChatIdentityRow.id).where(
            ChatIdentityRow.account_id == account_id,
            ChatIdentityRow.channel == chat.channel,
            ChatIdentityRow.user_hash == self._chat_hash(chat)))
        return found is not None
