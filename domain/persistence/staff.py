"""Staff accounts: the TOTP secret is kept encrypted with the records' key."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.persistence.models import StaffRow
from domain.security.crypto import Keyring
from domain.staff.model import Staff, StaffRole


def _decode(row: StaffRow) -> Staff:
    return Staff(row.id, row.email, StaffRole(row.role))


class StaffRepository:
    def __init__(self, session: AsyncSession, keyring: Keyring) -> None:
        self.session = session
        self.keyring = keyring

    async def add(self, *, email: str, role: StaffRole, password_hash: str, totp_secret: str,
                  now: datetime) -> Staff:
        staff_id = str(uuid.uuid4())
        row = StaffRow(id=staff_id, email=email, role=role.value, password_hash=password_hash,
                       totp_secret_enc=self.keyring.records.encrypt(totp_secret,
                                                                    "staff-totp:" + staff_id),
                       created_at=now)
        self.session.add(row)
        await self.session.flush()
        return _decode(row)

    async def by_email(self, email: str) -> Staff | None:
        row = await self.session.scalar(select(StaffRow).where(StaffRow.email == email))
        return _decode(row) if row else None

    async def by_id(self, staff_id: str) -> Staff | None:
        row = await self.session.get(StaffRow, staff_id)
        return _decode(row) if row else None

    async def credentials(self, email: str) -> tuple[Staff, str, str] | None:
        """(the staff member, the password hash, the TOTP secret) for logging in."""
        row = await self.session.scalar(select(StaffRow).where(StaffRow.email == email))
        if row is None:
            return None
        secret = self.keyring.records.decrypt(row.totp_secret_enc, "staff-totp:" + row.id)
        return _decode(row), row.password_hash, secret

    async def use_totp_step(self, staff_id: str, step: int) -> bool:
        """Record ``step`` as the last TOTP step used, if it is later than the one stored
        (one conditional update: of two logins with the same code, one wins)."""
        result = await self.session.execute(
            update(StaffRow).where(StaffRow.id == staff_id, StaffRow.totp_step < step)
            .values(totp_step=step).returning(StaffRow.id))
        return result.first() is not None
