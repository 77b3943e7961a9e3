"""One contract for every EmailSender and every SmsSender adapter (STYLE.md habit 11)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from aiohttp import ClientSession

from bot.notify.outbox import DemoOutbox
from bot.notify.sms import HttpSmsSender
from bot.notify.smtp import SmtpEmailSender
from domain.notifications import EmailMessage, EmailSender, SmsMessage, SmsSender
from tests.fakes.sms_gateway import SmsGateway
from tests.integration.notify.conftest import SmtpServer

EMAIL = EmailMessage(
    to="jose.nunez@example.mx",
    subject="Tu código de verificación — José Ñúñez, ¿listo?",
    text="Hola, José Ñúñez:\n\nTu código es 482913. Vence en 10 minutos.\n",
    html="<p>Hola, José Ñúñez:</p>\n<p>Tu código es <b>482913</b>.</p>\n",
)
SMS = SmsMessage(to="+525512345678", text="Mi Cuenta: 482913 es tu código. ¿Dudas? ¡Llámanos!")


@dataclass(frozen=True)
class Got:
    to: str
    subject: str | None
    text: str
    html: str | None


@dataclass
class Adapter:
    sender: EmailSender | SmsSender
    received: Callable[[], list[Got]]


@pytest.fixture(params=["smtp", "outbox"])
async def email_adapter(request: pytest.FixtureRequest,
                        smtp_server: SmtpServer) -> AsyncIterator[Adapter]:
    if request.param == "smtp":
        sender = SmtpEmailSender(smtp_server.host, smtp_server.port, timeout=5,
                                 local_hostname="localhost")

        def from_server() -> list[Got]:
            return [Got(r.rcpt_tos[0], r.subject, r.text, r.html) for r in smtp_server.received()]

        yield Adapter(sender, from_server)
    else:
        outbox = DemoOutbox()

        def from_outbox() -> list[Got]:
            return [Got(e.to, e.subject, e.text, getattr(e.message, "html", None))
                    for e in outbox.messages()]

        yield Adapter(outbox, from_outbox)


@pytest.fixture(params=["http", "outbox"])
async def sms_adapter(request: pytest.FixtureRequest, gateway: SmsGateway,
                      http: ClientSession) -> AsyncIterator[Adapter]:
    if request.param == "http":
        sender = HttpSmsSender(gateway.sms_url, gateway.token, session=http, timeout=5)
        yield Adapter(sender, lambda: [Got(m.to, None, m.text, None) for m in gateway.messages])
    else:
        outbox = DemoOutbox()
        yield Adapter(outbox, lambda: [Got(e.to, None, e.text, None) for e in outbox.messages()])


async def test_an_email_arrives_whole_with_its_accents(email_adapter: Adapter) -> None:
    sender = email_adapter.sender
    assert isinstance(sender, SmtpEmailSender | DemoOutbox)
    await sender.send(EMAIL)
    [got] = email_adapter.received()
    assert got.to == EMAIL.to
    assert got.subject == EMAIL.subject
    assert got.text.rstrip("\n") == EMAIL.text.rstrip("\n")
    assert got.html is not None and got.html.rstrip("\n") == EMAIL.html.rstrip("\n")


async def test_emails_arrive_one_each_in_order(email_adapter: Adapter) -> None:
    sender = email_adapter.sender
    assert isinstance(sender, SmtpEmailSender | DemoOutbox)
    second = EmailMessage("ana@example.mx", "Otro", "Texto\n", "<p>Texto</p>\n")
    await sender.send(EMAIL)
    await sender.send(second)
    assert [got.to for got in email_adapter.received()] == [EMAIL.to, second.to]


async def test_an_sms_arrives_whole_with_its_accents(sms_adapter: Adapter) -> None:
    sender = sms_adapter.sender
    assert isinstance(sender, HttpSmsSender | DemoOutbox)
    await sender.send(SMS)
    assert sms_adapter.received() == [Got(SMS.to, None, SMS.text, None)]


async def test_sms_arrive_one_each_in_order(sms_adapter: Adapter) -> None:
    sender = sms_adapter.sender
    assert isinstance(sender, HttpSmsSender | DemoOutbox)
    second = SmsMessage("+528112345678", "Segundo")
    await sender.send(SMS)
    await sender.send(second)
    assert [got.to for got in sms_adapter.received()] == [SMS.to, second.to]
