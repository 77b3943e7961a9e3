"""The in-memory database and its unit of work."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from domain.security.crypto import Keyring
from domain.uow import UnitOfWork
from tests.support.memory.people import (
    AccountsInMemory,
    StaffInMemory,
    WorkersInMemory,
)
from tests.support.memory.records import (
    AppointmentsInMemory,
    AuditInMemory,
    CodesInMemory,
    GuardsInMemory,
    TranscriptsInMemory,
)
from tests.support.memory.tables import Tables


class ConcurrentWrites(RuntimeError):
    """Two open units of work wrote and both committed: the in-memory database applies a
    transaction whole, so the later one would undo the earlier one's writes. Tests that race
    transactions belong on the real database."""


class MemoryDatabase:
    """The committed tables, shared by every unit of work made from it."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.commits = 0

    def unit_of_work(self, keyring: Keyring) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self, keyring)


class Transaction:
    """The working copy of one block: what its repositories read and write."""

    def __init__(self, database: MemoryDatabase) -> None:
        self.database = database
        self.started_at = database.commits
        self.tables = database.tables.copy()
        self.wrote = False

    def write(self) -> Tables:
        """The tables, to change them."""
        self.wrote = True
        return self.tables

    def roll_back(self) -> None:
        """What a failed statement does to an SQL transaction: all of it is gone."""
        self.tables = self.database.tables.copy()
        self.wrote = False


class InMemoryUnitOfWork:
    def __init__(self, database: MemoryDatabase, keyring: Keyring) -> None:
        self.database = database
        self.keyring = keyring
        self._transaction: Transaction | None = None
        self.workers = WorkersInMemory(self._open)
        self.accounts = AccountsInMemory(self._open)
        self.codes = CodesInMemory(self._open)
        self.guards = GuardsInMemory(self._open)
        self.transcripts = TranscriptsInMemory(self._open)
        self.appointments = AppointmentsInMemory(self._open)
        self.staff = StaffInMemory(self._open)
        self.audit = AuditInMemory(self._open)

    def _open(self) -> Transaction:
        if self._transaction is None:
            raise RuntimeError("a repository was used outside its unit of work's block")
        return self._transaction

    async def __aenter__(self) -> Self:
        self._transaction = Transaction(self.database)
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        self._transaction = None

    async def commit(self) -> None:
        transaction = self._open()
        if not transaction.wrote:
            return
        if transaction.started_at != self.database.commits:
            raise ConcurrentWrites()
        self.database.tables = transaction.tables
        self.database.commits += 1
        self._transaction = Transaction(self.database)


def _satisfies_the_protocol(uow: InMemoryUnitOfWork) -> UnitOfWork:
    """Never called: mypy fails here when the in-memory unit of work drifts."""
    return uow
