"""ChannelNotifier end to end through the real SMTP server and the local SMS gateway, and
build_notifier's choice of adapters for each combination of settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from aiohttp import ClientSession

from bot.app.settings import Settings
from bot.notify.composer import Composer
from bot.notify.notifier import ChannelNotifier, build_notifier
from bot.notify.outbox import DemoOutbox, OutboxInProduction
from bot.notify.sms import HttpSmsSender
from bot.notify.smtp import SmtpEmailSender
from domain.notifications import CodePurpose, NotificationFailed, Notifier
from tests.fakes.sms_gateway import SmsGateway
from tests.integration.notify.conftest import CATALOGS, SmtpServer

EMAIL = "ana@example.mx"
PHONE = "+525512345678"
WHEN = datetime(2026, 3, 5, 18, 7, tzinfo=UTC)


@pytest.fixture
async def notifier(composer: Composer, smtp_server: SmtpServer, gateway: SmsGateway,
                   http: ClientSession) -> AsyncIterator[ChannelNotifier]:
    email = SmtpEmailSender(smtp_server.host, smtp_server.port, timeout=5, backoff=0.001,
                            local_hostname="localhost")
    sms = HttpSmsSender(gateway.sms_url, gateway.token, session=http, backoff=0.001,
                        max_delay=0.01, attempts=2)
    yield ChannelNotifier(composer, email, sms)


def is_notifier(candidate: Notifier) -> Notifier:
    return candidate


async def test_codes_reach_the_phone_and_the_mailbox(
        notifier: ChannelNotifier, smtp_server: SmtpServer, gateway: SmsGateway) -> None:
    await notifier.send_code_sms(PHONE, "482913", CodePurpose.REGISTER, "es_MX", 10)
    await notifier.send_code_email(EMAIL, "771020", CodePurpose.REGISTER, "en", 10)
    assert gateway.last_code(PHONE) == "482913"
    [mail] = smtp_server.received()
    assert mail.rcpt_tos == [EMAIL]
    assert mail.subject == "Your code to create your account"
    assert "771020" in mail.text and "771020" in mail.html


async def test_every_email_notice_is_delivered(notifier: ChannelNotifier,
                                               smtp_server: SmtpServer) -> None:
    await notifier.welcome(EMAIL, "Ana", "es_MX")
    await notifier.login_locked(EMAIL, "Ana", WHEN, "es_MX")
    await notifier.new_chat_login(EMAIL, "Ana", "telegram", WHEN, "en")
    subjects = [mail.subject for mail in smtp_server.received()]
    assert subjects == ["Tu cuenta de Mi Cuenta Infonavit está lista",
                        "Bloqueamos el acceso a tu cuenta por seguridad",
                        "New login to your account"]


async def test_password_changed_tells_both_addresses(
        notifier: ChannelNotifier, smtp_server: SmtpServer, gateway: SmsGateway) -> None:
    await notifier.password_changed(EMAIL, PHONE, "Ana", WHEN, "es_MX")
    assert [mail.rcpt_tos for mail in smtp_server.received()] == [[EMAIL]]
    [sms] = gateway.messages_to(PHONE)
    assert "contraseña" in sms.text


async def test_password_changed_still_mails_when_the_sms_fails(
        notifier: ChannelNotifier, smtp_server: SmtpServer, gateway: SmsGateway) -> None:
    gateway.inject_server_error(None)
    with pytest.raises(NotificationFailed) as failed:
        await notifier.password_changed(EMAIL, PHONE, "Ana", WHEN, "es_MX")
    assert failed.value.params["channel"] == "sms"
    assert len(smtp_server.received()) == 1


# --- build_notifier -----------------------------------------------------------------------

DEMO = Settings()
SMS_URL = "https://sms.example.mx/v1/sms"


def with_smtp(settings: Settings) -> Settings:
    return replace(settings, smtp_host="smtp.example.mx", smtp_port=587, smtp_user="mailer",
                   smtp_password="pw")


def with_sms(settings: Settings) -> Settings:
    return replace(settings, sms_url=SMS_URL, sms_token="token")


def parts(notifier: Notifier) -> ChannelNotifier:
    assert isinstance(notifier, ChannelNotifier)
    return notifier


async def test_nothing_configured_uses_one_outbox_for_both(http: ClientSession) -> None:
    notifier, outbox = build_notifier(DEMO, CATALOGS, http)
    assert isinstance(outbox, DemoOutbox)
    assert parts(notifier).email is outbox and parts(notifier).sms is outbox


async def test_the_outbox_shows_what_the_notifier_sent() -> None:
    notifier, outbox = build_notifier(DEMO, CATALOGS, None)
    assert outbox is not None
    await is_notifier(notifier).send_code_sms(PHONE, "482913", CodePurpose.LOGIN, "es_MX", 10)
    [entry] = outbox.drain_new()
    assert entry.channel == "sms" and "482913" in entry.text


async def test_smtp_only(http: ClientSession) -> None:
    notifier, outbox = build_notifier(with_smtp(DEMO), CATALOGS, http)
    email = parts(notifier).email
    assert isinstance(email, SmtpEmailSender)
    assert (email.host, email.port, email.user, email.sender) == (
        "smtp.example.mx", 587, "mailer", DEMO.smtp_from)
    assert parts(notifier).sms is outbox and isinstance(outbox, DemoOutbox)


async def test_sms_only(http: ClientSession) -> None:
    notifier, outbox = build_notifier(with_sms(DEMO), CATALOGS, http)
    sms = parts(notifier).sms
    assert isinstance(sms, HttpSmsSender) and sms.url == SMS_URL
    assert parts(notifier).email is outbox and isinstance(outbox, DemoOutbox)


async def test_sms_url_without_token_is_not_configured(http: ClientSession) -> None:
    notifier, outbox = build_notifier(replace(DEMO, sms_url=SMS_URL), CATALOGS, http)
    assert parts(notifier).sms is outbox


async def test_both_configured_no_outbox(http: ClientSession) -> None:
    notifier, outbox = build_notifier(with_sms(with_smtp(DEMO)), CATALOGS, http)
    assert outbox is None
    assert isinstance(parts(notifier).email, SmtpEmailSender)
    assert isinstance(parts(notifier).sms, HttpSmsSender)


async def test_production_with_both_configured(http: ClientSession) -> None:
    settings = with_sms(with_smtp(replace(DEMO, mode="production")))
    _, outbox = build_notifier(settings, CATALOGS, http)
    assert outbox is None


def test_production_never_falls_back_to_the_outbox() -> None:
    with pytest.raises(OutboxInProduction):
        build_notifier(with_sms(replace(DEMO, mode="production")), CATALOGS, None)


def test_the_gateway_needs_a_session() -> None:
    with pytest.raises(ValueError, match="aiohttp session"):
        build_notifier(with_sms(DEMO), CATALOGS, None)
