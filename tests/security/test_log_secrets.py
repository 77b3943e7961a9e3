"""Logs never carry secrets (issue 13, item 5): the whole service with Telegram, WhatsApp,
SMTP (with a login) and the SMS gateway configured at once, a registration over Telegram
that sends an SMS and an e-mail code, a conversation over WhatsApp; then every captured
log record, at DEBUG, is searched for each credential. httpx used to log every Bot API
call's URL, token included, at INFO."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from domain.persistence.database import Database
from tests.fakes.graph_server import GraphServer
from tests.fakes.sms_gateway import SmsGateway
from tests.fakes.telegram_server import TelegramServer
from tests.pipeline.conftest import (
    APP_SECRET,
    VERIFY_TOKEN,
    WEBHOOK_SECRET,
    Service,
    _service,
    _settings,
    free_port,
    until,
)
from tests.support.smtp import SMTP_PASSWORD, SMTP_USER, running_smtp

CHAT = 515151
PHONE = "5215544443333"


@pytest.fixture
async def everything(tmp_path: Path, backends: Any, database_url: str, redis: Redis,
                     database: Database) -> AsyncIterator[tuple[Service, dict[str, str]]]:
    port = free_port()
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
        async for service in _service(settings, redis, database, port):
            service.tg, service.wa = tg, wa
            yield service, secrets
            assert smtp.handler.logins == [SMTP_USER], "the e-mail went with the login"
            assert sms.messages_to("+525598765432"), "the SMS went through the gateway"


async def test_no_credential_reaches_the_log(
        everything: tuple[Service, dict[str, str]], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    service, secrets = everything
    tg, wa = service.tg, service.wa
    assert tg is not None and wa is not None

    def texts() -> list[str]:
        return [m.text or "" for m in tg.messages_to(CHAT)]

    tg.updates.user(CHAT, "María")
    await tg.deliver(tg.updates.text(CHAT, "registro"))
    await until(lambda: texts() and "¿Aceptas el aviso" in texts()[-1])
    await tg.deliver(tg.updates.callback(CHAT, "register:accept"))
    for answer in ("03119283525", "LOHF920417MJCPRR04", "LOHF920417K25",
                   "maria.logs@example.com"):
        count = len(texts())
        await tg.deliver(tg.updates.text(CHAT, answer))
        await until(lambda c=count: len(texts()) > c, what=answer)
    await tg.deliver(tg.updates.contact(CHAT, "+52 55 9876 5432", user_id="own"))
    await until(lambda: "Te enviamos un código de 6 dígitos por SMS" in texts()[-1])
    await wa.deliver(wa.inbound.text(PHONE, "hola", name="Ana"))
    await until(lambda: wa.messages_to(PHONE), what="the WhatsApp menu")
    await service.container.tasks.drain()

    log = "\n".join(caplog.text.splitlines() + [r.getMessage() for r in caplog.records])
    assert "sendMessage" in log or "HTTP" in log or caplog.records, "something was logged"
    found = sorted(name for name, value in secrets.items() if value in log)
    assert found == [], f"in the log: {found}"
