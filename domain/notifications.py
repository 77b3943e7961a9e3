"""The notifications port: what the use cases ask to tell a worker, never how or in what words.

The domain calls the semantic methods of ``Notifier`` (send a code, welcome, account
locked...); an adapter in ``bot/notify/`` picks the words from the catalogs, the channel
(SMTP, the SMS gateway, the demo outbox) and the retries. When a message cannot be handed
over after those retries the adapter raises ``NotificationFailed``.

``EmailSender`` and ``SmsSender`` are the lower-level ports those adapters deliver through;
their messages hold finished text, so their ``repr`` hides it (it may carry a code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar, Protocol

from domain.errors import DomainError


class CodePurpose(StrEnum):
    """What a one-time code is for; the message names it."""

    REGISTER = "register"
    LOGIN = "login"
    RESET = "reset"
    CONTACT = "contact"
    """To prove a new e-mail or mobile of a logged-in account."""


class NotificationFailed(DomainError):
    """A message could not be handed to the SMTP server or the SMS gateway after retries.

    Raised with ``channel`` ("email" or "sms"), the masked ``recipient``, the number of
    ``attempts`` and a short ``reason`` (no message text).
    """

    key: ClassVar[str] = "error.notification.failed"


class Notifier(Protocol):
    """Everything the use cases tell a worker outside the chat."""

    async def send_code_sms(self, phone_e164: str, code: str, purpose: CodePurpose,
                            locale: str, valid_minutes: int) -> None: ...

    async def send_code_email(self, email: str, code: str, purpose: CodePurpose,
                              locale: str, valid_minutes: int) -> None: ...

    async def welcome(self, email: str, name: str, locale: str) -> None: ...

    async def login_locked(self, email: str, name: str, until: datetime,
                           locale: str) -> None: ...

    async def password_changed(self, email: str, phone_e164: str, name: str, when: datetime,
                               locale: str) -> None:
        """Tell both the e-mail address and the mobile number."""
        ...

    async def contact_changed(self, old_address: str, medium: str, new_address: str,
                              name: str, when: datetime, locale: str) -> None:
        """To the old e-mail ("email") or the old mobile ("sms"): it was replaced."""
        ...

    async def new_chat_login(self, email: str, name: str, channel: str, when: datetime,
                             locale: str) -> None: ...

    async def statement_ready(self, email: str, name: str, start: date, end: date,
                              document: Attachment, locale: str) -> None:
        """The housing account statement of ``start``..``end``, attached (asked for)."""
        ...

    async def appointment_booked(self, email: str, name: str, notice: AppointmentNotice,
                                 locale: str) -> None: ...

    async def appointment_booked_sms(self, phone_e164: str, notice: AppointmentNotice,
                                     locale: str) -> None:
        """The booking by SMS, when there is no e-mail to send it to («Recuperar mi
        cuenta»)."""
        ...

    async def appointment_reminder(self, email: str, name: str, notice: AppointmentNotice,
                                   locale: str) -> None: ...

    async def data_copy(self, email: str, copy: PersonalDataCopy, locale: str) -> None:
        """The worker's own data, asked for (ARCO access)."""
        ...


# --- the lower-level ports the adapters deliver through ---------------------------------


@dataclass(frozen=True)
class AppointmentNotice:
    """What a booked appointment's e-mail says."""

    folio: str
    procedure: str
    """A ``Procedure`` value."""
    centre_name: str
    address: str
    starts_at: datetime
    """Aware, in the centre's zone: the time is the centre's local time."""
    bring: tuple[str, ...]
    """Catalog keys of what to bring."""
    address_year: str | None = None
    """The year of the address's source when it is old (``Centre.dated``): the e-mail the
    worker takes to the centre warns like the chat did; None for a current address."""


@dataclass(frozen=True)
class PersonalDataCopy:
    """What the service holds about a worker (ARCO access), identifiers masked: the copy
    goes by e-mail, and the full values can be seen in person at a service centre."""

    name: str
    email: str
    mobile: str
    nss: str
    curp: str
    rfc: str
    birth_date: date
    created_at: datetime
    consent_at: datetime
    chats: tuple[tuple[str, int], ...]
    """(channel, how many chats of it are linked to the account)."""
    upcoming_appointments: int


@dataclass(frozen=True)
class Attachment:
    filename: str
    mime_type: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    text: str = field(repr=False)
    html: str = field(repr=False)
    attachments: tuple[Attachment, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class SmsMessage:
    to: str
    """E.164, e.g. ``+525512345678``."""
    text: str = field(repr=False)


class EmailSender(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


class SmsSender(Protocol):
    async def send(self, message: SmsMessage) -> None: ...
