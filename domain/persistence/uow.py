"""The unit of work on SQLAlchemy: one transaction, the repositories that work inside it.
It is the ``domain.uow.UnitOfWork`` the use cases take (checked by mypy below).

    async with database.unit_of_work(keyring) as uow:
        worker = await uow.workers.by_nss(nss)
        ...
        await uow.commit()

Leaving the block without ``commit()`` rolls everything back.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.persistence.accounts import AccountRepository
from domain.persistence.appointments import AppointmentRepository
from domain.persistence.audit import AuditRepository
from domain.persistence.codes import CodeRepository, GuardRepository
from domain.persistence.staff import StaffRepository
from domain.persistence.transcripts import TranscriptRepository
from domain.persistence.workers import WorkerRepository
from domain.security.crypto import Keyring
from domain.uow import UnitOfWork


class SqlUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], keyring: Keyring) -> None:
        self._sessions = sessions
        self._keyring = keyring
        self.keyring = keyring

    async def __aenter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.workers = WorkerRepository(self.session, self._keyring)
        self.accounts = AccountRepository(self.session, self._keyring)
        self.codes = CodeRepository(self.session)
        self.guards = GuardRepository(self.session)
        self.transcripts = TranscriptRepository(self.session)
        self.appointments = AppointmentRepository(self.session)
        self.staff = StaffRepository(self.session, self._keyring)
        self.audit = AuditRepository(self.session)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.session.rollback()
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()


def _satisfies_the_protocol(uow: SqlUnitOfWork) -> UnitOfWork:
    """Never called: mypy fails here when ``SqlUnitOfWork`` drifts from the protocol."""
    return uow
