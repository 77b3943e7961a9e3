"""The statement notice: worded in both locales, the PDF attached, delivered by SMTP as
multipart/mixed (messages without attachments stay multipart/alternative), noted by the demo
outbox, and deferred like every notice by the background notifier."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from bot.app.background import BackgroundTasks, background_notifier
from bot.i18n.catalogs import Catalogs
from bot.notify.composer import Composer
from bot.notify.notifier import ChannelNotifier
from bot.notify.outbox import DemoOutbox
from bot.notify.smtp import SmtpEmailSender
from domain.notifications import Attachment, EmailMessage
from tests.support.smtp import running_smtp

CATALOGS = Catalogs.load()
PDF = Attachment("estado-de-cuenta-2025-1-a-2025-6.pdf", "application/pdf",
                 b"%PDF-1.4 a tiny stand-in\n%%EOF\n")
START, END = date(2025, 1, 1), date(2025, 12, 31)
TO = "ana@example.mx"


@pytest.fixture
def composer() -> Composer:
    return Composer(CATALOGS, "Mi Cuenta (demostración)", "800 008 3900")


@pytest.mark.parametrize(("locale", "subject", "period"), [
    ("es_MX", "Tu estado de cuenta de la Subcuenta de Vivienda",
     "del 1 de enero de 2025 al 31 de diciembre de 2025"),
    ("en", "Your Housing Subaccount statement", "from January 1, 2025 to December 31, 2025"),
])
def test_the_notice_in_both_locales(composer: Composer, locale: str, subject: str,
                                    period: str) -> None:
    message = composer.statement_email(TO, "Ana <b>", START, END, PDF, locale)
    assert message.subject == subject
    assert message.attachments == (PDF,)
    for body in (message.text, message.html):
        assert period in body
        assert "800 008 3900" in body
        assert "{" not in body and "notify." not in body
    assert "Ana <b>" in message.text and "Ana &lt;b&gt;" in message.html
    assert PDF.content.decode() not in repr(message), "bodies and attachments stay out of repr"


async def test_smtp_attaches_the_pdf(composer: Composer) -> None:
    async with running_smtp() as server:
        sender = SmtpEmailSender(server.host, server.port, timeout=5,
                                 local_hostname="localhost")
        await ChannelNotifier(composer, sender, DemoOutbox()).statement_ready(
            TO, "Ana", START, END, PDF, "es_MX")
        await sender.send(EmailMessage(TO, "Sin adjuntos", "Texto\n", "<p>Texto</p>\n"))
        with_pdf, plain = server.received()
    assert with_pdf.headers.get_content_type() == "multipart/mixed"
    [part] = list(with_pdf.headers.iter_attachments())
    assert part.get_filename() == PDF.filename
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == PDF.content
    assert "Como lo pediste en el chat" in with_pdf.text
    assert plain.headers.get_content_type() == "multipart/alternative"


async def test_the_demo_outbox_names_the_attachment(
        composer: Composer, caplog: pytest.LogCaptureFixture) -> None:
    outbox = DemoOutbox()
    caplog.set_level(logging.WARNING, logger="bot.notify.outbox")
    await ChannelNotifier(composer, outbox, outbox).statement_ready(TO, "Ana", START, END, PDF,
                                                                   "en")
    [entry] = outbox.messages()
    assert entry.subject == "Your Housing Subaccount statement"
    assert f"[{PDF.filename}]" in caplog.text


async def test_the_background_notifier_sends_it_later(composer: Composer) -> None:
    outbox = DemoOutbox()
    tasks = BackgroundTasks()
    notifier = background_notifier(ChannelNotifier(composer, outbox, outbox), tasks)
    await notifier.statement_ready(TO, "Ana", START, END, PDF, "es_MX")
    await tasks.drain()
    [entry] = outbox.messages()
    assert isinstance(entry.message, EmailMessage)
    assert entry.message.attachments == (PDF,)
