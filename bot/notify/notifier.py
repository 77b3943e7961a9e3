"""The ``Notifier`` the use cases get: composer + e-mail sender + SMS sender.

``build_notifier`` chooses the senders from the settings: SMTP when ``smtp_host`` is set,
the HTTP gateway when ``sms_url`` and ``sms_token`` are, and the demo outbox for whatever
is left (only in demo mode: production settings without SMTP or SMS are refused earlier,
and the outbox itself refuses production).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from aiohttp import ClientSession

from bot.app.settings import Settings
from bot.i18n.catalogs import Catalogs
from bot.notify.composer import Composer
from bot.notify.outbox import DemoOutbox
from bot.notify.sms import HttpSmsSender
from bot.notify.smtp import SmtpEmailSender
from domain.notifications import (
    AppointmentNotice,
    Attachment,
    CodePurpose,
    EmailSender,
    Notifier,
    PersonalDataCopy,
    SmsSender,
)


class ChannelNotifier:
    """Words each notice with the composer and hands it to the e-mail or SMS sender."""

    def __init__(self, composer: Composer, email: EmailSender, sms: SmsSender) -> None:
        self.composer = composer
        self.email = email
        self.sms = sms

    async def send_code_sms(self, phone_e164: str, code: str, purpose: CodePurpose,
                            locale: str, valid_minutes: int) -> None:
        await self.sms.send(self.composer.code_sms(phone_e164, code, purpose, locale,
                                                   valid_minutes))

    async def send_code_email(self, email: str, code: str, purpose: CodePurpose,
                              locale: str, valid_minutes: int) -> None:
        await self.email.send(self.composer.code_email(email, code, purpose, locale,
                                                       valid_minutes))

    async def welcome(self, email: str, name: str, locale: str) -> None:
        await self.email.send(self.composer.welcome_email(email, name, locale))

    async def login_locked(self, email: str, name: str, until: datetime,
                           locale: str) -> None:
        await self.email.send(self.composer.login_locked_email(email, name, until, locale))

    async def password_changed(self, email: str, phone_e164: str, name: str, when: datetime,
                               locale: str) -> None:
        """Both addresses are tried even when one fails; then the first failure is raised."""
        results = await asyncio.gather(
            self.email.send(self.composer.password_changed_email(email, name, when, locale)),
            self.sms.send(self.composer.password_changed_sms(phone_e164, when, locale)),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def contact_changed(self, old_address: str, medium: str, new_address: str,
                              name: str, when: datetime, locale: str) -> None:
        if medium == "email":
            await self.email.send(self.composer.contact_changed_email(
                old_address, name, new_address, when, locale))
        else:
            await self.sms.send(self.composer.contact_changed_sms(
                old_address, new_address, when, locale))

    async def new_chat_login(self, email: str, name: str, channel: str, when: datetime,
                             locale: str) -> None:
        await self.email.send(self.composer.new_chat_login_email(email, name, channel, when,
                                                                 locale))

    async def statement_ready(self, email: str, name: str, start: date, end: date,
                              document: Attachment, locale: str) -> None:
        await self.email.send(self.composer.statement_email(email, name, start, end, document,
                                                            locale))

    async def appointment_booked(self, email: str, name: str, notice: AppointmentNotice,
                                 locale: str) -> None:
        await self.email.send(self.composer.appointment_booked_email(email, name, notice,
                                                                     locale))

    async def appointment_booked_sms(self, phone_e164: str, notice: AppointmentNotice,
                                     locale: str) -> None:
        await self.sms.send(self.composer.appointment_booked_sms(phone_e164, notice, locale))

    async def data_copy(self, email: str, copy: PersonalDataCopy, locale: str) -> None:
        await self.email.send(self.composer.data_copy_email(email, copy, locale))

    async def appointment_reminder(self, email: str, name: str, notice: AppointmentNotice,
                                   locale: str) -> None:
        await self.email.send(self.composer.appointment_email("appointment_reminder", email,
                                                              name, notice, locale))


def build_notifier(
    settings: Settings, catalogs: Catalogs, http_session: ClientSession | None = None
) -> tuple[Notifier, DemoOutbox | None]:
    """The notifier for these settings and the demo outbox it uses, if any.

    The SMS gateway needs ``http_session`` (owned, opened and closed by the caller).
    """
    composer = Composer(catalogs, settings.operator_name, settings.support_phone,
                        settings.zone)
    outbox: DemoOutbox | None = None

    def demo_outbox() -> DemoOutbox:
        nonlocal outbox
        if outbox is None:
            outbox = DemoOutbox(settings.mode)
        return outbox

    email: EmailSender
    if settings.smtp_host:
        email = SmtpEmailSender(settings.smtp_host, settings.smtp_port, settings.smtp_user,
                                settings.smtp_password, settings.smtp_from)
    else:
        email = demo_outbox()
    sms: SmsSender
    if settings.sms_url and settings.sms_token:
        if http_session is None:
            raise ValueError("the SMS gateway (MICUENTA_SMS_URL) needs an aiohttp session: "
                             "pass http_session")
        sms = HttpSmsSender(settings.sms_url, settings.sms_token, session=http_session)
    else:
        sms = demo_outbox()
    return ChannelNotifier(composer, email, sms), outbox

