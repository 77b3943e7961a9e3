"""No code, password or token in the adapters' logs, nor a full address (SECURITY.md F1);
the demo outbox alone logs the text, on purpose."""

from __future__ import annotations

import logging

import pytest
from aiohttp import ClientSession

from bot.notify.composer import Composer
from bot.notify.notifier import ChannelNotifier
from bot.notify.outbox import MARK, DemoOutbox
from bot.notify.sms import HttpSmsSender
from bot.notify.smtp import SmtpEmailSender
from domain.notifications import CodePurpose, NotificationFailed
from tests.fakes.sms_gateway import SmsGateway
from tests.integration.notify.conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer

CODE = "482913"
EMAIL = "ana.lopez@example.mx"
PHONE = "+525512345678"
SERVER_LOGGERS = ("mail.log",)  # aiosmtpd, the test's own server


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    lines = []
    for record in caplog.records:
        if record.name.startswith(SERVER_LOGGERS):
            continue
        lines.append(f"{record.name} {record.getMessage()}")
    assert lines, "the adapters do log something"
    return lines


async def test_smtp_logs_hold_no_code_password_or_address(
        composer: Composer, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture) -> None:
    sender = SmtpEmailSender(smtp_server.host, smtp_server.port, SMTP_USER, SMTP_PASSWORD,
                             timeout=5, backoff=0.001, local_hostname="localhost")
    smtp_server.handler.replies = ["451 4.3.0 Try again later"]
    caplog.set_level(logging.DEBUG)
    await sender.send(composer.code_email(EMAIL, CODE, CodePurpose.RESET, "es_MX", 10))
    smtp_server.handler.replies = [f"550 5.1.1 <{EMAIL}>: {CODE} Recipient rejected"]
    with pytest.raises(NotificationFailed) as failed:
        await sender.send(composer.code_email(EMAIL, CODE, CodePurpose.RESET, "es_MX", 10))
    lines = logged(caplog)
    for secret in (CODE, SMTP_PASSWORD, EMAIL):
        assert not [line for line in lines if secret in line], secret
        assert secret not in str(failed.value)
    assert any("a******@example.mx" in line for line in lines)


async def test_sms_logs_hold_no_code_token_or_number(
        composer: Composer, gateway: SmsGateway, http: ClientSession,
        caplog: pytest.LogCaptureFixture) -> None:
    sender = HttpSmsSender(gateway.sms_url, gateway.token, session=http, backoff=0.001,
                           max_delay=0.01, attempts=2)
    gateway.inject_server_error(1)
    caplog.set_level(logging.DEBUG)
    await sender.send(composer.code_sms(PHONE, CODE, CodePurpose.LOGIN, "es_MX", 10))
    gateway.inject_server_error(None)
    with pytest.raises(NotificationFailed) as failed:
        await sender.send(composer.code_sms(PHONE, CODE, CodePurpose.LOGIN, "es_MX", 10))
    lines = logged(caplog)
    for secret in (CODE, gateway.token, PHONE):
        assert not [line for line in lines if secret in line], secret
        assert secret not in str(failed.value)
    assert any("+52******5678" in line for line in lines)


async def test_messages_do_not_show_their_text_in_repr(composer: Composer) -> None:
    message = composer.code_email(EMAIL, CODE, CodePurpose.RESET, "es_MX", 10)
    assert CODE not in repr(message)
    assert CODE not in repr(composer.code_sms(PHONE, CODE, CodePurpose.RESET, "es_MX", 10))


async def test_the_demo_outbox_logs_the_code_marked(
        composer: Composer, caplog: pytest.LogCaptureFixture) -> None:
    outbox = DemoOutbox()
    notifier = ChannelNotifier(composer, outbox, outbox)
    caplog.set_level(logging.DEBUG)
    await notifier.send_code_sms(PHONE, CODE, CodePurpose.REGISTER, "es_MX", 10)
    await notifier.send_code_email(EMAIL, "771020", CodePurpose.REGISTER, "en", 10)
    sms_line, email_line = (r.getMessage() for r in caplog.records
                            if r.name == "bot.notify.outbox")
    assert sms_line.startswith(MARK) and CODE in sms_line
    assert email_line.startswith(MARK) and "771020" in email_line
