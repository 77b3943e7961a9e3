"""The SMTP adapter against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import pytest

from bot.notify.smtp import SmtpEmailSender, tls_options
from domain.notifications import EmailMessage, NotificationFailed
from tests.integration.notify.conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer

MESSAGE = EmailMessage("ana.lopez@example.mx", "Código: ñandú", "Tu código es 123456.\n",
                       "<p>Tu código es <b>123456</b>.</p>\n")
FROM = "Mi Cuenta Demostración <no-responder@micuenta.example>"


def sender_for(server: SmtpServer, *, user: str | None = None, password: str | None = None,
               attempts: int = 3) -> SmtpEmailSender:
    return SmtpEmailSender(server.host, server.port, user, password, FROM, 5.0,
                           attempts=attempts, backoff=0.001, local_hostname="localhost")


def test_tls_follows_the_port() -> None:
    assert tls_options(587) == (False, True), "STARTTLS on the submission port"
    assert tls_options(465) == (True, False), "implicit TLS"
    assert tls_options(25) == (False, False)
    assert tls_options(1025) == (False, False)


async def test_a_proper_mime_message(smtp_server: SmtpServer) -> None:
    await sender_for(smtp_server).send(MESSAGE)
    [got] = smtp_server.received()
    headers = got.headers
    assert got.mail_from == "no-responder@micuenta.example"
    assert got.rcpt_tos == [MESSAGE.to]
    assert headers.get_content_type() == "multipart/alternative"
    assert str(headers["From"]) == FROM
    assert str(headers["To"]) == MESSAGE.to
    assert str(headers["Message-ID"]).endswith("@micuenta.example>")
    assert headers["Date"] is not None
    for part in headers.iter_parts():
        assert part.get_content_charset() == "utf-8"
    assert got.subject == "Código: ñandú"
    assert "123456" in got.text and "<b>123456</b>" in got.html


async def test_the_raw_message_is_7bit_clean_and_the_subject_encoded(
        smtp_server: SmtpServer) -> None:
    await sender_for(smtp_server).send(MESSAGE)
    [envelope] = smtp_server.handler.envelopes
    raw = envelope.content
    assert isinstance(raw, bytes)
    raw.decode("ascii")
    assert b"Subject: =?utf-8?" in raw


async def test_logs_in_when_a_user_is_set(smtp_server: SmtpServer) -> None:
    await sender_for(smtp_server, user=SMTP_USER, password=SMTP_PASSWORD).send(MESSAGE)
    assert smtp_server.handler.logins == [SMTP_USER]
    assert len(smtp_server.received()) == 1


async def test_does_not_log_in_without_a_user(smtp_server: SmtpServer) -> None:
    await sender_for(smtp_server).send(MESSAGE)
    assert smtp_server.handler.logins == []


async def test_a_wrong_password_is_final(smtp_server: SmtpServer) -> None:
    sender = sender_for(smtp_server, user=SMTP_USER, password="wrong")
    with pytest.raises(NotificationFailed) as failed:
        await sender.send(MESSAGE)
    assert failed.value.params["attempts"] == 1
    assert smtp_server.received() == []


async def test_a_4xx_reply_is_retried(smtp_server: SmtpServer) -> None:
    smtp_server.handler.replies = ["451 4.3.0 Try again later", "421 4.7.0 Busy"]
    await sender_for(smtp_server).send(MESSAGE)
    assert len(smtp_server.received()) == 1
    assert smtp_server.handler.replies == []


async def test_a_5xx_reply_is_not_retried(smtp_server: SmtpServer) -> None:
    smtp_server.handler.replies = ["554 5.7.1 Rejected", "554 5.7.1 Rejected"]
    with pytest.raises(NotificationFailed) as failed:
        await sender_for(smtp_server).send(MESSAGE)
    assert failed.value.params == {"channel": "email", "recipient": "a******@example.mx",
                                   "attempts": 1, "reason": "SMTP 554"}
    assert smtp_server.handler.replies == ["554 5.7.1 Rejected"], "one attempt only"


async def test_4xx_for_ever_gives_up_after_the_bounded_attempts(
        smtp_server: SmtpServer) -> None:
    smtp_server.handler.replies = ["451 4.3.0 Try again later"] * 5
    with pytest.raises(NotificationFailed) as failed:
        await sender_for(smtp_server, attempts=3).send(MESSAGE)
    assert failed.value.params["attempts"] == 3
    assert len(smtp_server.handler.replies) == 2


async def test_server_down_raises_after_bounded_retries(
        closed_port: int, caplog: pytest.LogCaptureFixture) -> None:
    sender = SmtpEmailSender("127.0.0.1", closed_port, timeout=2, attempts=3, backoff=0.001,
                             local_hostname="localhost")
    with caplog.at_level("INFO", logger="bot.notify.smtp"), pytest.raises(NotificationFailed) \
            as failed:
        await sender.send(MESSAGE)
    assert failed.value.params["attempts"] == 3
    assert failed.value.params["channel"] == "email"
    retries = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(retries) == 2, "attempts 1 and 2 are retried, the 3rd gives up"


def test_at_least_one_attempt() -> None:
    with pytest.raises(ValueError):
        SmtpEmailSender("127.0.0.1", 25, attempts=0)


def test_repr_hides_the_password() -> None:
    sender = SmtpEmailSender("smtp.example.mx", 587, "mailer", SMTP_PASSWORD)
    assert SMTP_PASSWORD not in repr(sender)
