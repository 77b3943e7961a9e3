"""Attack tests run in the world (``tests/support/world.py``: real SMTP, SMS gateway, Redis,
database) with the HTTP app on a test server and the console's staff enrolled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from domain.persistence.database import Database
from tests.fakes.graph_server import GraphServer
from tests.fakes.sms_gateway import SmsGateway
from tests.fakes.telegram_server import TelegramServer
from tests.integration.console import conftest as console
from tests.integration.pipeline.conftest import (
    APP_SECRET,
    VERIFY_TOKEN,
    WEBHOOK_SECRET,
    Service,
    _service,
    _settings,
    reserved_socket,
)
from tests.support.smtp import SMTP_PASSWORD, SMTP_USER, running_smtp

staff = console.staff  # the fixture, reused here


@pytest.fixture
async def everything(tmp_path: Path, backends: Any, database_url: str, redis: Redis,
                     database: Database) -> AsyncIterator[tuple[Service, dict[str, str]]]:
    """The whole service with Telegram, WhatsApp, SMTP (with a login) and SMS configured
    at once; yields it with its credentials by name."""
    sock = reserved_socket()
    port = sock.getsockname()[1]
    async with TelegramServer() as tg, GraphServer(
            app_secret=APP_SECRET, verify_token=VERIFY_TOKEN,
            webhook_url=f"http://127.0.0.1:{port}/webhooks/whatsapp") as wa, \
            running_smtp() as smtp, SmsGateway() as sms:
        settings = _settings(
            tmp_path, backends, database_url, port,
            TELEGRAM_TOKEN=tg.token, TELEGRAM_API_URL=tg.base_url,
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/webhooks/telegram",
            TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
            WHATSAPP_TOKEN=wa.access_token, WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
            WHATSAPP_API_URL=wa.api_url, WHATSAPP_APP_SECRET=APP_SECRET,
            WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN, SMTP_HOST=smtp.host, SMTP_PORT=str(smtp.port),
            SMTP_USER=SMTP_USER, SMTP_PASSWORD=SMTP_PASSWORD, SMS_URL=sms.sms_url,
            SMS_TOKEN=sms.token)
        secrets = {"telegram token": tg.token,
                   "telegram token's secret part": tg.token.split(":", 1)[1],
                   "telegram webhook secret": WEBHOOK_SECRET,
                   "whatsapp token": wa.access_token, "whatsapp app secret": APP_SECRET,
                   "smtp password": SMTP_PASSWORD, "sms token": sms.token}
        async for service in _service(settings, redis, database, sock):
            service.tg, service.wa = tg, wa
            service.smtp, service.sms = smtp, sms
            yield service, secrets
