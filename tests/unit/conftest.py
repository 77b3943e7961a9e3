"""The use cases on the in-memory unit of work: no server, no database, no Redis.

A ``Desk`` holds the demo workers and accounts (seeded as ``micuenta seed --demo`` does),
the services as the composition root builds them, and the messages they sent: the real
composer words each e-mail and SMS from the catalogs, and the demo outbox keeps them, so a
test reads the code a worker received the way the worker reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from bot.i18n.catalogs import Catalogs
from bot.notify.composer import Composer
from bot.notify.notifier import ChannelNotifier
from bot.notify.outbox import DemoOutbox
from domain.accounts.service import AccountService
from domain.appointments.service import AppointmentService
from domain.audit import AuditKind
from domain.credits.service import CreditService
from domain.demo import seed_demo
from domain.notifications import EmailMessage
from domain.security.crypto import Keyring
from domain.staff.service import StaffService
from tests.support.clock import FakeClock
from tests.support.memory import InMemoryUnitOfWork, MemoryDatabase
from tests.support.secret import TEST_SECRET

CODE = re.compile(r"\b\d{6}\b")
CATALOGS = Catalogs.load()


@dataclass
class AuditIntoTheUnitOfWork:
    """What ``bot.ops.audit.DatabaseAudit`` writes, without its metrics and logs."""

    desk: Desk

    async def record(self, kind: AuditKind, subject: str, at: datetime,
                     **detail: str | int) -> None:
        async with self.desk.uow() as uow:
            await uow.audit.add(kind.value, subject, at, dict(detail))
            await uow.commit()


@dataclass
class Desk:
    database: MemoryDatabase
    keyring: Keyring
    clock: FakeClock
    outbox: DemoOutbox
    people: dict[str, dict[str, Any]]

    def uow(self) -> InMemoryUnitOfWork:
        return self.database.unit_of_work(self.keyring)

    def now(self) -> datetime:
        return self.clock()

    def person(self, case: str) -> dict[str, Any]:
        return self.people[case]

    @property
    def notifier(self) -> ChannelNotifier:
        composer = Composer(CATALOGS, "Mi Cuenta (demostración)", "800 008 3900")
        return ChannelNotifier(composer, self.outbox, self.outbox)

    def accounts(self) -> AccountService:
        return AccountService(uow=self.uow, notifier=self.notifier,
                              background_notifier=self.notifier,
                              audit=AuditIntoTheUnitOfWork(self))

    def appointments(self) -> AppointmentService:
        return AppointmentService(uow=self.uow, notifier=self.notifier)

    def credits(self) -> CreditService:
        return CreditService(uow=self.uow)

    def staff(self) -> StaffService:
        return StaffService(uow=self.uow, audit=AuditIntoTheUnitOfWork(self))

    def sent_to(self, address: str) -> list[str]:
        """The texts of the e-mails and SMS sent to ``address``, oldest first."""
        return [entry.text for entry in self.outbox.messages() if entry.to == address]

    def subjects_to(self, address: str) -> list[str]:
        return [entry.message.subject for entry in self.outbox.messages()
                if entry.to == address and isinstance(entry.message, EmailMessage)]

    def code_to(self, address: str) -> str:
        """The code in the last message to ``address``."""
        sent = self.sent_to(address)
        assert sent, f"nothing was sent to {address}"
        found = CODE.findall(sent[-1])
        assert found, f"no code in the last message to {address}: {sent[-1]!r}"
        return str(found[-1])

    async def audited(self, kind: AuditKind) -> list[str]:
        async with self.uow() as uow:
            return [entry.subject for entry in await uow.audit.recent(kind.value)]


@pytest.fixture
async def desk() -> Desk:
    database, keyring, clock = MemoryDatabase(), Keyring(TEST_SECRET), FakeClock()
    identities = await seed_demo(database.unit_of_work(keyring), clock())
    return Desk(database, keyring, clock, DemoOutbox(clock=clock),
                {person["case"]: person for person in identities})
