"""Words every notice in the worker's language: e-mails from templates, SMS from the catalogs.

An e-mail notice ``<notice>`` has its subject in the catalog key ``notify.<notice>.subject``
and its bodies in ``locales/templates/email/<notice>.txt.j2`` and ``.html.j2``; both
templates get ``_`` (the translator), ``operator``, ``phone`` (support), ``lang``,
``subject`` and the notice's own values. The HTML templates are rendered by their own
environment with autoescaping on, so a name like ``<b>Ana</b>`` arrives escaped.

SMS rule: every SMS fits in ONE segment of GSM-7, at most 160 septets. The catalogs keep
natural spelling; ``fold_for_sms`` then replaces what GSM-7 lacks (á í ó ú, typographic
quotes, the narrow spaces Babel puts in times) by its plain form, because a single such
character would switch the whole SMS to UCS-2 and its 70-character segments. é, ñ, ü, ¿
and ¡ are GSM-7 and stay. A text that still does not fit is sent anyway and logged.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel import Locale
from babel.dates import format_date, format_time

from bot.conversation.messages import LongDate, Msg
from bot.i18n.catalogs import Catalogs, Translator
from domain.identifiers import mask_email, mask_phone
from domain.notifications import (
    AppointmentNotice,
    Attachment,
    CodePurpose,
    EmailMessage,
    PersonalDataCopy,
    SmsMessage,
)

log = logging.getLogger(__name__)

EMAIL_NOTICES = ("code", "welcome", "login_locked", "password_changed", "new_chat_login",
                 "statement", "appointment_booked", "appointment_reminder", "data_copy",
                 "contact_changed")
SMS_KEYS = ("notify.code.sms", "notify.password_changed.sms", "notify.contact_changed.sms")
CHANNELS = ("telegram", "whatsapp", "terminal")

SMS_SEGMENT = 160
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
"""Characters sent as an escape plus one septet: they count twice."""

_PLAIN = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
    "–": "-", "—": "-", "‑": "-", "…": "...", "•": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
})


def gsm7_length(text: str) -> int | None:
    """Septets ``text`` takes in GSM-7, or ``None`` when a character needs UCS-2."""
    length = 0
    for char in text:
        if char in GSM7_BASIC:
            length += 1
        elif char in GSM7_EXTENDED:
            length += 2
        else:
            return None
    return length


def _gsm7(char: str) -> bool:
    return char in GSM7_BASIC or char in GSM7_EXTENDED


def fold_for_sms(text: str) -> str:
    """Replace each character GSM-7 lacks by its plain form (á -> a, “ -> "), when it has one."""
    folded = []
    for char in text.translate(_PLAIN):
        if not _gsm7(char):
            plain = "".join(c for c in unicodedata.normalize("NFD", char)
                            if not unicodedata.combining(c))
            if plain and all(_gsm7(c) for c in plain):
                char = plain
        folded.append(char)
    return "".join(folded)


def fits_one_sms(text: str) -> bool:
    length = gsm7_length(text)
    return length is not None and length <= SMS_SEGMENT


class Composer:
    """Renders each notice for one locale; holds no state besides the loaded templates."""

    def __init__(self, catalogs: Catalogs, operator_name: str, support_phone: str,
                 zone: ZoneInfo | str = "America/Mexico_City") -> None:
        self.catalogs = catalogs
        self.operator_name = operator_name
        self.support_phone = support_phone
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        self._text = catalogs.templates
        self._html = jinja2.Environment(
            loader=catalogs.templates.loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )

    def translator(self, locale: str) -> Translator:
        return self.catalogs.translator(locale, self.zone)

    def moment(self, value: datetime, locale: str, *, brief: bool = False,
               zone: tzinfo | None = None) -> str:
        """A date and time without seconds in the zone, e.g. "5 de marzo de 2026, 12:07 p.m."

        ``brief`` abbreviates the month ("5 mar 2026, 12:07 p.m."), for SMS. ``zone``
        replaces the service's (an appointment is at the centre's local time).
        """
        tag = self.translator(locale).locale
        zone = zone or self.zone
        day = format_date(value.astimezone(zone), "medium" if brief else "long", locale=tag)
        time = format_time(value, "short", tzinfo=zone, locale=tag)
        pattern = Locale.parse(tag).datetime_formats["long"]
        return str(pattern).replace("'", "").format(time, day)

    # --- generic ----------------------------------------------------------------------

    def email(self, notice: str, to: str, locale: str, **params: Any) -> EmailMessage:
        """The e-mail ``notice`` (one of ``EMAIL_NOTICES``) in ``locale``."""
        _ = self.translator(locale)
        values = {"phone": self.support_phone, "operator": self.operator_name,
                  "menu_login": Msg("menu.login"), "menu_reset": Msg("menu.password_reset"),
                  **params}
        subject = " ".join(_(f"notify.{notice}.subject", **values).split())
        context = {"_": _, "lang": _.locale.replace("_", "-"), "subject": subject, **values}
        text = self._text.get_template(f"email/{notice}.txt.j2").render(context)
        html = self._html.get_template(f"email/{notice}.html.j2").render(context)
        return EmailMessage(to=to, subject=subject, text=text.strip() + "\n",
                            html=html.strip() + "\n")

    def sms(self, key: str, to: str, locale: str, **params: Any) -> SmsMessage:
        """The SMS of catalog ``key`` in ``locale``, folded to GSM-7 (see the module)."""
        _ = self.translator(locale)
        text = fold_for_sms(_(key, phone=self.support_phone, **params))
        if not fits_one_sms(text):
            log.warning("SMS %s (%s) does not fit one GSM-7 segment", key, _.locale)
        return SmsMessage(to=to, text=text)

    # --- the notices ------------------------------------------------------------------

    def code_email(self, to: str, code: str, purpose: CodePurpose, locale: str,
                   valid_minutes: int) -> EmailMessage:
        return self.email("code", to, locale, code=code, minutes=valid_minutes,
                          purpose=_purpose(purpose))

    def code_sms(self, to: str, code: str, purpose: CodePurpose, locale: str,
                 valid_minutes: int) -> SmsMessage:
        return self.sms("notify.code.sms", to, locale, code=code, minutes=valid_minutes,
                        purpose=_purpose(purpose))

    def data_copy_email(self, to: str, copy: PersonalDataCopy, locale: str) -> EmailMessage:
        chats = [Msg("notify.data_copy.chat", channel=Msg(f"notify.channel.{channel}"),
                     count=count) for channel, count in copy.chats]
        return self.email("data_copy", to, locale, name=copy.name, email=copy.email,
                          mobile=copy.mobile, nss=copy.nss, curp=copy.curp, rfc=copy.rfc,
                          birth_date=LongDate(copy.birth_date),
                          created=self.moment(copy.created_at, locale),
                          consent=self.moment(copy.consent_at, locale),
                          chats=chats or [Msg("notify.data_copy.no_chats")],
                          appointments=copy.upcoming_appointments)

    def appointment_booked_email(self, to: str, name: str, notice: AppointmentNotice,
                                 locale: str) -> EmailMessage:
        return self.appointment_email("appointment_booked", to, name, notice, locale)

    def appointment_email(self, notice_name: str, to: str, name: str,
                          notice: AppointmentNotice, locale: str) -> EmailMessage:
        """The booking or the reminder: the same facts, at the centre's local time."""
        return self.email(notice_name, to, locale, name=name, folio=notice.folio,
                          procedure=Msg(f"appointments.procedure.{notice.procedure}"),
                          centre=notice.centre_name, address=notice.address,
                          when=self.moment(notice.starts_at, locale,
                                           zone=notice.starts_at.tzinfo),
                          bring=[Msg(key) for key in notice.bring],
                          address_year=notice.address_year)

    def appointment_booked_sms(self, to: str, notice: AppointmentNotice,
                               locale: str) -> SmsMessage:
        """The folio, the centre and the local time: what the worker says at the counter."""
        return self.sms("notify.appointment_booked.sms", to, locale, folio=notice.folio,
                        centre=notice.centre_name,
                        when=self.moment(notice.starts_at, locale, brief=True,
                                         zone=notice.starts_at.tzinfo))

    def welcome_email(self, to: str, name: str, locale: str) -> EmailMessage:
        return self.email("welcome", to, locale, name=name)

    def login_locked_email(self, to: str, name: str, until: datetime,
                           locale: str) -> EmailMessage:
        return self.email("login_locked", to, locale, name=name,
                          until=self.moment(until, locale))

    def password_changed_email(self, to: str, name: str, when: datetime,
                               locale: str) -> EmailMessage:
        return self.email("password_changed", to, locale, name=name,
                          when=self.moment(when, locale))

    def password_changed_sms(self, to: str, when: datetime, locale: str) -> SmsMessage:
        return self.sms("notify.password_changed.sms", to, locale,
                        when=self.moment(when, locale, brief=True))

    def contact_changed_email(self, to: str, name: str, new_address: str, when: datetime,
                              locale: str) -> EmailMessage:
        return self.email("contact_changed", to, locale, name=name,
                          new=mask_email(new_address), when=self.moment(when, locale))

    def contact_changed_sms(self, to: str, new_address: str, when: datetime,
                            locale: str) -> SmsMessage:
        return self.sms("notify.contact_changed.sms", to, locale, new=mask_phone(new_address),
                        when=self.moment(when, locale, brief=True))

    def new_chat_login_email(self, to: str, name: str, channel: str, when: datetime,
                             locale: str) -> EmailMessage:
        shown: Msg | str = Msg(f"notify.channel.{channel}") if channel in CHANNELS else channel
        return self.email("new_chat_login", to, locale, name=name, channel=shown,
                          when=self.moment(when, locale))

    def statement_email(self, to: str, name: str, start: date, end: date,
                        document: Attachment, locale: str) -> EmailMessage:
        message = self.email("statement", to, locale, name=name, start=LongDate(start),
                             end=LongDate(end))
        return replace(message, attachments=(document,))


def _purpose(purpose: CodePurpose) -> Msg:
    return Msg(f"notify.purpose.{CodePurpose(purpose).value}")
