"""Staff accounts: made from the command line, logged in with password + TOTP
(SECURITY.md "Staff console"). Every failure looks the same from outside.

Attempts are counted before anything is checked, by three guards at once (the workers'
guards, their rows locked in one order): the e-mail from this client address (5, then
locked 15 minutes, twice as long each time again), the client address whatever the e-mail
(20, the same growth), and the e-mail from anywhere (20, then a delay of 1 minute, doubling
up to 15). Someone who knows an agent's e-mail locks out their own address, not the agent;
only many addresses together can slow the agent down, for minutes. A TOTP code is taken
once: the time step of the last code accepted is stored and a code of that step or an
earlier one is refused (a code seen over a shoulder or in a proxy log cannot be replayed).
"""

from __future__ import annotations

import asyncio
import functools
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp

from domain.accounts.codes import Guard, GuardRule
from domain.audit import AuditKind, AuditTrail, NoAudit
from domain.errors import DomainError
from domain.security.passwords import ensure_strong_password, hash_password, verify_password
from domain.staff.model import Staff, StaffRole
from domain.uow import UnitOfWork

PAIR_RULE = GuardRule(5, timedelta(minutes=15), growth=2)
ADDRESS_RULE = GuardRule(20, timedelta(minutes=15), growth=2)
EMAIL_RULE = GuardRule(20, timedelta(minutes=1), growth=2, longest=timedelta(minutes=15))
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


def _subjects(uow: UnitOfWork, email: str, address: str) -> dict[str, GuardRule]:
    digest = uow.keyring.lookup.digest
    return {"staff:" + digest(email, "staff")[:40]: EMAIL_RULE,
            "staff:pair:" + digest(f"{email}|{address}", "staff")[:40]: PAIR_RULE,
            "staff:address:" + digest(address, "staff")[:40]: ADDRESS_RULE}


def _accepted_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code ``code`` is (this one, or one either side), if any."""
    totp = pyotp.TOTP(secret)
    code = "".join(code.split())
    for offset in range(-TOTP_WINDOW, TOTP_WINDOW + 1):
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            return totp.timecode(now) + offset
    return None


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

    async def log_in(self, email: str, password: str, code: str, now: datetime,
                     address: str = "") -> Staff:
        """``address``: the client's network address (the per-address guards)."""
        email = email.strip().lower()
        async with self.uow() as uow:
            subjects = _subjects(uow, email, address)
            guard = await self._attempt(uow, subjects, now)
            found = await uow.staff.credentials(email)
        stored = found[1] if found else _unknown_staff_hash()
        valid = await asyncio.to_thread(verify_password, stored, password)
        step = _accepted_step(found[2], code, now) if found is not None else None
        async with self.uow() as uow:
            if (found is not None and valid and step is not None
                    and await uow.staff.use_totp_step(found[0].id, step)):
                for subject in subjects:
                    await uow.guards.clear(subject, now)
                await uow.commit()
                await self.audit.record(AuditKind.STAFF_LOGIN, "staff:" + found[0].id, now)
                return found[0]
            await uow.commit()
        subject = next(iter(subjects))
        if guard.locked(now):
            await self.audit.record(AuditKind.STAFF_LOCKED, subject, now)
            raise StaffLocked(minutes=guard.minutes_left(now))
        await self.audit.record(AuditKind.STAFF_LOGIN_FAILED, subject, now,
                                known=int(found is not None))
        raise StaffLoginFailed()

    @staticmethod
    async def _attempt(uow: UnitOfWork, subjects: dict[str, GuardRule],
                       now: datetime) -> Guard:
        """Count the attempt on every guard, or on none if one is locked (then the wait
        is the longest of the locks). Returns the longest lock this attempt set, if any."""
        await uow.guards.serialize(now, *subjects)
        locks = [guard for subject in subjects
                 if (guard := await uow.guards.get(subject)).locked(now)]
        if locks:
            raise StaffLocked(minutes=max(guard.minutes_left(now) for guard in locks))
        counted = [(await uow.guards.attempt(subject, now, rule))[0]
                   for subject, rule in subjects.items()]
        await uow.commit()
        return max(counted, key=lambda g: g.minutes_left(now) if g.locked(now) else -1)

    async def by_id(self, staff_id: str) -> Staff | None:
        async with self.uow() as uow:
            return await uow.staff.by_id(staff_id)
