"""Logs never carry secrets (issue 13, item 5): the whole service with Telegram, WhatsApp,
SMTP (with a login) and the SMS gateway configured at once, a registration over Telegram
that sends an SMS and an e-mail code, a conversation over WhatsApp; then every captured
log record, at DEBUG, is searched for each credential. httpx used to log every Bot API
call's URL, token included, at INFO."""

from __future__ import annotations

import logging

import pytest

from tests.integration.pipeline.conftest import Service, until

CHAT = 515151
PHONE = "5215544443333"


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
    assert service.smtp is not None and service.sms is not None
    assert service.smtp.handler.logins, "the e-mail code went with the SMTP login"
    assert service.sms.messages_to("+525598765432"), "the SMS went through the gateway"
