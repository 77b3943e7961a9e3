"""Staff accounts: made from the command line, logged in with password + TOTP
(SECURITY.md "Staff console"). Every failure looks the same from outside, and five in a row
lock the address for 15 minutes (the guards the workers' login uses)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp

from domain.accounts.codes import Guard
from domain.audit import AuditKind, AuditTrail, NoAudit
from domain.errors import DomainError
from domain.passwords import ensure_strong_password, hash_password, verify_password
from domain.persistence.uow import UnitOfWork
from domain.staff.model import Staff, StaffRole

FAILURES_BEFORE_LOCK = 5
LOCK_FOR = timedelta(minutes=15)
TOTP_ISSUER = "Mi Cuenta consola"
TOTP_WINDOW = 1
"""Codes of the 30-second step before and after are taken too (clocks drift)."""


class StaffLoginFailed(DomainError):
    """The e-mail, password or code is wrong (which one is not said)."""

    key = "console.login.failed"


class StaffLocked(DomainError):
    key = "console.login.locked"


class StaffExists(DomainError):
    key = "console.staff.exists"


@dataclass(frozen=True)
class Enrolment:
    staff: Staff
    totp_uri: str
    """For the authenticator app (a QR code of it); shown once."""


@functools.cache
def _unknown_staff_hash() -> str:
    """Checked against for an unknown e-mail, so it costs what a known one does."""
    return hash_password("not-a-staff-password-Aa1!")


def _subject(uow: UnitOfWork, email: str) -> str:
    return "staff:" + uow.keyring.lookup.digest(email, "staff")[:40]


@dataclass
class StaffService:
    uow: Callable[[], UnitOfWork]
    audit: AuditTrail = field(default_factory=NoAudit)

    async def add(self, email: str, role: StaffRole, password: str,
                  now: datetime) -> Enrolment:
        email = email.strip().lower()
        ensure_strong_password(password)
        secret = pyotp.random_base32()
        hashed = await asyncio.to_thread(hash_password, password)
        async with self.uow() as uow:
            if await uow.staff.by_email(email) is not None:
                raise StaffExists()
            staff = await uow.staff.add(email=email, role=role, password_hash=hashed,
                                        totp_secret=secret, now=now)
            await uow.commit()
        uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=TOTP_ISSUER)
        return Enrolment(staff, uri)

    async def log_in(self, email: str, password: str, code: str, now: datetime) -> Staff:
        email = email.strip().lower()
        async with self.uow() as uow:
            subject = _subject(uow, email)
            guard = await uow.guards.get(subject)
            if guard.locked(now):
                raise StaffLocked(minutes=guard.minutes_left(now))
            found = await uow.staff.credentials(email)
        stored = found[1] if found else _unknown_staff_hash()
        valid = await asyncio.to_thread(verify_password, stored, password)
        totp_ok = found is not None and pyotp.TOTP(found[2]).verify(
            "".join(code.split()), for_time=now, valid_window=TOTP_WINDOW)
        async with self.uow() as uow:
            if found is not None and valid and totp_ok:
                await uow.guards.put(subject, Guard(), now)
                await uow.commit()
                await self.audit.record(AuditKind.STAFF_LOGIN, "staff:" + found[0].id, now)
                return found[0]
            guard = guard.after_failure(now, FAILURES_BEFORE_LOCK, LOCK_FOR)
            await uow.guards.put(subject, guard, now)
            await uow.commit()
        if guard.locked(now):
            await self.audit.record(AuditKind.STAFF_LOCKED, subject, now)
            raise StaffLocked(minutes=guard.minutes_left(now))
        await self.audit.record(AuditKind.STAFF_LOGIN_FAILED, subject, now,
                                known=int(found is not None))
        raise StaffLoginFailed()

    async def by_id(self, staff_id: str) -> Staff | None:
        async with self.uow() as uow:
            return await uow.staff.by_id(staff_id)
