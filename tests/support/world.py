"""The world most conversation tests run in: a whole service with a real SMTP server
(aiosmtpd) and SMS gateway on 127.0.0.1, the demo workers and accounts seeded, chats on any
channel. ``world`` and ``web`` are fixtures of every test folder (``tests/conftest.py``
registers them); tests import ``World`` and ``CARMEN`` from here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from bot.app.bootstrap import Container, build
from bot.app.settings import Settings
from bot.app.web import create_app
from bot.charts.pool import ChartPool
from bot.conversation.messages import Reply
from bot.nlu.model import IntentClassifier
from domain.demo import DEMO_ACCOUNT, seed_demo
from domain.persistence.database import Database
from tests.fakes.sms_gateway import SmsGateway
from tests.support.chat import ChatUser
from tests.support.clock import FakeClock
from tests.support.secret import TEST_SECRET
from tests.support.smtp import SmtpServer, last_code, running_smtp


@dataclass
class RecordingSender:
    """Stands in for a channel's sender: what the service pushed without being asked."""

    sent: list[tuple[str, list[Reply]]] = field(default_factory=list)

    async def send(self, user_id: str, replies: Sequence[Reply]) -> None:
        self.sent.append((user_id, list(replies)))


@dataclass
class World:
    container: Container
    smtp: SmtpServer
    sms: SmsGateway
    clock: FakeClock
    people: dict[str, dict[str, Any]]
    pushed: RecordingSender

    def chat(self, user_id: str = "5215500000001", channel: str = "terminal",
             lang: str | None = None) -> ChatUser:
        return ChatUser(self.container.engine, self.clock, user_id=user_id, channel=channel,
                        language_hint=lang)

    def person(self, case: str) -> dict[str, Any]:
        return self.people[case]

    async def settle(self) -> None:
        """Let background notices go out."""
        await self.container.tasks.drain()

    async def email_code(self, address: str) -> str:
        await self.settle()
        code = last_code(self.smtp, address)
        assert code is not None, f"no code e-mailed to {address}"
        return code

    async def sms_code(self, phone: str) -> str:
        await self.settle()
        code = self.sms.last_code(phone)
        assert code is not None, f"no code sent by SMS to {phone}"
        return code

    async def emails_to(self, address: str) -> list[Any]:
        await self.settle()
        return [mail for mail in self.smtp.received() if address in mail.rcpt_tos]


@pytest.fixture
async def world(
    tmp_path: Path, redis: Redis, database: Database, database_url: str, clock: FakeClock,
    backends: Any, chart_pool: ChartPool, intents: IntentClassifier,
) -> AsyncIterator[World]:
    async with running_smtp() as smtp, SmsGateway() as sms:
        settings = Settings.from_env({
            "MICUENTA_DATA_DIR": str(tmp_path),
            "MICUENTA_SECRET_KEY": TEST_SECRET,
            "MICUENTA_DATABASE_URL": database_url,
            "MICUENTA_REDIS_URL": backends.redis_url,
            "MICUENTA_SMTP_HOST": smtp.host,
            "MICUENTA_SMTP_PORT": str(smtp.port),
            "MICUENTA_SMS_URL": sms.sms_url,
            "MICUENTA_SMS_TOKEN": sms.token,
            "MICUENTA_PUBLIC_URL": "http://127.0.0.1:8080",
        })
        container = await build(settings, clock=clock, redis=redis, database=database,
                                charts=chart_pool, intents=intents)
        assert container.demo_outbox is None, "codes go through SMTP and the gateway here"
        identities = await seed_demo(database.unit_of_work(container.keyring), clock())
        pushed = RecordingSender()
        for channel in ("whatsapp", "telegram", "terminal"):
            container.dispatcher.register(channel, pushed)
        yield World(container, smtp, sms, clock, {p["case"]: p for p in identities}, pushed)
        await container.aclose()


CARMEN = DEMO_ACCOUNT


@pytest.fixture
async def web(world: World) -> AsyncIterator[TestClient]:
    """The service's HTTP app on a test server, on this world's parts."""
    client = TestClient(TestServer(create_app(world.container.settings, world.container)))
    await client.start_server()
    yield client
    await client.close()
