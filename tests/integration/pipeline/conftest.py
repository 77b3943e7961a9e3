"""The whole service on 127.0.0.1 with the local Telegram and Graph API servers: webhooks,
inbox, workers, engine, outbox, senders, all real (Redis and the database as the suite
chose)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from redis.asyncio import Redis

from bot.app.bootstrap import Container, build
from bot.app.channels import Channels
from bot.app.settings import Settings
from bot.app.web import CHANNELS, create_app
from bot.charts.pool import ChartPool
from bot.nlu.model import IntentClassifier
from bot.pipeline.sender import SenderTimings
from bot.pipeline.workers import WorkerTimings
from domain.demo import seed_demo
from domain.persistence.database import Database
from tests.conftest import TEST_SECRET
from tests.fakes.graph_server import GraphServer
from tests.fakes.sms_gateway import SmsGateway
from tests.fakes.telegram_server import TelegramServer
from tests.support.smtp import SmtpServer

WEBHOOK_SECRET = "test_webhook-secret_42"
APP_SECRET = "graph-app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
FAST_WORKERS = WorkerTimings(lease_ms=2_000, tick_s=0.2, block_ms=50,
                             retry_failed_after_ms=1_000)
FAST_SENDER = SenderTimings(idle_s=0.005, backoff_s=0.05, max_backoff_s=0.5, max_attempts=6)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def reserved_socket() -> socket.socket:
    """A socket bound to a free port and kept until the service listens on it: no other
    process takes the port in between (a port picked free and bound later raced with
    another test run on the machine: «Address already in use»)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class Service:
    container: Container
    server: TestServer
    url: str
    tg: TelegramServer | None = None
    wa: GraphServer | None = None
    smtp: SmtpServer | None = None
    sms: SmsGateway | None = None

    @property
    def channels(self) -> Channels:
        return self.server.app[CHANNELS]

    @property
    def metrics(self) -> str:
        return self.container.metrics.exposition().decode()


async def until(check: Callable[[], Any], timeout: float = 10.0,  # noqa: ASYNC109
                what: str = "") -> Any:
    """Poll ``check`` until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.02)


async def _service(settings: Settings, redis: Redis, database: Database,
                   sock: socket.socket, charts: ChartPool | None = None,
                   intents: IntentClassifier | None = None) -> AsyncIterator[Service]:
    port = sock.getsockname()[1]
    container = await build(settings, redis=redis, database=database, charts=charts,
                            intents=intents)
    await seed_demo(database.unit_of_work(container.keyring), container.engine.clock())
    fast = {"worker_timings": FAST_WORKERS, "sender_timings": FAST_SENDER}
    if "memory" in settings.redis_url:
        fast["worker_timings"] = WorkerTimings(lease_ms=2_000, tick_s=0.2, block_ms=0,
                                               retry_failed_after_ms=1_000)
    server = TestServer(create_app(settings, container, channel_options=fast), port=port,
                        socket_factory=lambda *_: sock)
    await server.start_server()
    try:
        yield Service(container, server, f"http://127.0.0.1:{port}")
    finally:
        await server.close()
        await container.aclose()


def _settings(tmp_path: Path, backends: Any, database_url: str, port: int,
              **extra: str) -> Settings:
    return Settings.from_env({
        "MICUENTA_DATA_DIR": str(tmp_path),
        "MICUENTA_SECRET_KEY": TEST_SECRET,
        "MICUENTA_DATABASE_URL": database_url,
        "MICUENTA_REDIS_URL": backends.redis_url,
        "MICUENTA_REDIS_CLUSTER": str(backends.cluster).lower(),
        "MICUENTA_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **{f"MICUENTA_{name}": value for name, value in extra.items()},
    })


@pytest.fixture
async def telegram(tmp_path: Path, backends: Any, database_url: str, redis: Redis,
                   database: Database, chart_pool: ChartPool,
                   intents: IntentClassifier) -> AsyncIterator[Service]:
    sock = reserved_socket()
    port = sock.getsockname()[1]
    async with TelegramServer() as tg:
        settings = _settings(tmp_path, backends, database_url, port,
                             TELEGRAM_TOKEN=tg.token, TELEGRAM_API_URL=tg.base_url,
                             TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/webhooks/telegram",
                             TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET)
        async for service in _service(settings, redis, database, sock, chart_pool,
                                      intents):
            service.tg = tg
            yield service


@pytest.fixture
async def whatsapp(tmp_path: Path, backends: Any, database_url: str, redis: Redis,
                   database: Database, chart_pool: ChartPool,
                   intents: IntentClassifier) -> AsyncIterator[Service]:
    sock = reserved_socket()
    port = sock.getsockname()[1]
    async with GraphServer(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN,
                           webhook_url=f"http://127.0.0.1:{port}/webhooks/whatsapp") as wa:
        settings = _settings(tmp_path, backends, database_url, port,
                             WHATSAPP_TOKEN=wa.access_token,
                             WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
                             WHATSAPP_API_URL=wa.api_url, WHATSAPP_APP_SECRET=APP_SECRET,
                             WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN)
        async for service in _service(settings, redis, database, sock, chart_pool,
                                      intents):
            service.wa = wa
            yield service
