"""Every notice, both locales: complete, in the catalogs' words, escaped, SMS in one segment."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n.catalogs import LOCALES_DIR
from bot.notify.composer import (
    EMAIL_NOTICES,
    SMS_KEYS,
    SMS_SEGMENT,
    Composer,
    fits_one_sms,
    fold_for_sms,
    gsm7_length,
)
from domain.notifications import AppointmentNotice, CodePurpose, EmailMessage, SmsMessage
from tests.integration.notify.conftest import CATALOGS

LOCALES = ("es_MX", "en")
WHEN = datetime(2026, 9, 30, 18, 30, tzinfo=UTC)  # 12:30 in Mexico City; a long month name
TO = "ana@example.mx"
APPOINTMENT = AppointmentNotice(
    "7K2M9QAB", "payment_agreement", "CESI Tijuana Plaza Monarca", "Plaza Monarca, Tijuana",
    datetime(2026, 12, 1, 8, 30, tzinfo=ZoneInfo("America/Tijuana")),
    ("appointments.bring.id", "appointments.bring.credit_number"))
PHONE = "+525512345678"


def every_email(composer: Composer, locale: str, name: str = "Ana") -> dict[str, EmailMessage]:
    return {
        "code": composer.code_email(TO, "482913", CodePurpose.REGISTER, locale, 10),
        "welcome": composer.welcome_email(TO, name, locale),
        "login_locked": composer.login_locked_email(TO, name, WHEN, locale),
        "password_changed": composer.password_changed_email(TO, name, WHEN, locale),
        "new_chat_login": composer.new_chat_login_email(TO, name, "telegram", WHEN, locale),
        "appointment_booked": composer.appointment_booked_email(TO, name, APPOINTMENT, locale),
        "appointment_reminder": composer.appointment_email("appointment_reminder", TO, name,
                                                           APPOINTMENT, locale),
    }


def every_sms(composer: Composer, locale: str) -> list[SmsMessage]:
    codes = [composer.code_sms(PHONE, "482913", purpose, locale, minutes)
             for purpose in CodePurpose for minutes in (10, 60)]
    return [*codes, composer.password_changed_sms(PHONE, WHEN, locale)]


def text_of(locale: str, key: str, **params: object) -> str:
    return CATALOGS.translator(locale, Composer(CATALOGS, "", "").zone).text(key, params)


def test_every_template_key_is_in_both_catalogs() -> None:
    used: set[str] = set()
    for path in (LOCALES_DIR / "templates" / "email").glob("*.j2"):
        used.update(re.findall(r'_\("([^"]+)"', path.read_text()))
    used.update(f"notify.{notice}.subject" for notice in EMAIL_NOTICES)
    used.update(SMS_KEYS)
    used.update(f"notify.purpose.{purpose}" for purpose in CodePurpose)
    for locale in LOCALES:
        missing = sorted(used - set(CATALOGS.messages[locale]))
        assert not missing, f"{locale} lacks {missing}"


def test_every_notice_has_both_templates() -> None:
    folder = LOCALES_DIR / "templates" / "email"
    for notice in EMAIL_NOTICES:
        assert (folder / f"{notice}.txt.j2").is_file()
        assert (folder / f"{notice}.html.j2").is_file()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_email_renders_completely(composer: Composer, locale: str) -> None:
    for notice, message in every_email(composer, locale).items():
        assert message.to == TO
        assert message.subject and "\n" not in message.subject, notice
        assert "{" not in message.text + message.html, f"unfilled placeholder in {notice}"
        assert "notify." not in message.text + message.html, f"a raw key in {notice}"
        assert message.html.startswith("<!DOCTYPE html>")
        assert f'lang="{locale.replace("_", "-")}"' in message.html
        assert text_of(locale, "notify.footer.free") in message.text, notice
        assert "800 008 3900" in message.text, notice


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("purpose", list(CodePurpose))
def test_the_code_email_says_code_purpose_validity_and_safety(
        composer: Composer, locale: str, purpose: CodePurpose) -> None:
    message = composer.code_email(TO, "482913", purpose, locale, 10)
    purpose_text = text_of(locale, f"notify.purpose.{purpose}")
    assert purpose_text in message.subject
    for body in (message.text, message.html):
        assert "482913" in body
        assert purpose_text in body
        assert text_of(locale, "notify.code.validity", minutes=10) in body
    assert text_of(locale, "notify.code.never_ask") in message.text
    assert text_of(locale, "notify.footer.free") in message.text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("purpose", list(CodePurpose))
def test_the_code_sms_says_code_purpose_and_validity(
        composer: Composer, locale: str, purpose: CodePurpose) -> None:
    message = composer.code_sms(PHONE, "482913", purpose, locale, 10)
    assert message.to == PHONE
    assert "482913" in message.text
    assert fold_for_sms(text_of(locale, f"notify.purpose.{purpose}")) in message.text
    assert "10 min" in message.text
    assert "Infonavit" in message.text


def test_spanish_code_sms_in_full(composer: Composer) -> None:
    message = composer.code_sms(PHONE, "482913", CodePurpose.RESET, "es_MX", 10)
    assert message.text == (
        "Mi Cuenta Infonavit: 482913 es tu codigo para restablecer tu contraseña. "
        "Vence en 10 min. Nadie del Infonavit te lo pedira. Todo tramite es gratuito.")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_sms_fits_one_gsm7_segment(composer: Composer, locale: str) -> None:
    """The rule (bot/notify/composer.py): one GSM-7 segment, at most 160 septets."""
    for message in every_sms(composer, locale):
        length = gsm7_length(message.text)
        assert length is not None, f"needs UCS-2: {message.text!r}"
        assert length <= SMS_SEGMENT, f"{length} septets: {message.text!r}"


def test_gsm7_counting_and_folding() -> None:
    assert gsm7_length("Hola ¿qué tal? ¡ñandú!") is None, "ú is not GSM-7"
    assert gsm7_length("Hola ¿qué tal? ¡ñandu!") == 22
    assert gsm7_length("[€]") == 6, "extension characters count twice"
    assert fold_for_sms("código “válido” … 12:30\u202fp.m.") == 'codigo "valido" ... 12:30 p.m.'
    assert fold_for_sms("éñü¿¡ÉÑÜ") == "éñü¿¡ÉÑÜ", "GSM-7 keeps these"
    assert fold_for_sms("ÁÍÓÚáíóú") == "AIOUaiou"
    assert not fits_one_sms("a" * 161) and fits_one_sms("a" * 160)
    assert fold_for_sms("emoji 🙂") == "emoji 🙂", "nothing to fold it to: left for UCS-2"


@pytest.mark.parametrize("locale", LOCALES)
def test_names_are_escaped_in_html_only(composer: Composer, locale: str) -> None:
    for notice, message in every_email(composer, locale, name="<b>Ana</b> & Co").items():
        if notice == "code":
            continue  # addressed without a name
        assert "&lt;b&gt;Ana&lt;/b&gt; &amp; Co" in message.html, notice
        assert "<b>Ana</b>" not in message.html, notice
        assert "<b>Ana</b> & Co" in message.text, notice


def test_times_are_in_mexico_city_and_the_users_language(composer: Composer) -> None:
    es = composer.password_changed_email(TO, "Ana", WHEN, "es_MX")
    en = composer.password_changed_email(TO, "Ana", WHEN, "en")
    assert "30 de septiembre de 2026, 12:30\u202fp.m." in es.text
    assert "September 30, 2026, 12:30\u202fPM" in en.text
    sms = composer.password_changed_sms(PHONE, WHEN, "es_MX")
    assert "(30 sep 2026, 12:30 p.m.)" in sms.text


def test_lock_notice_says_until_when(composer: Composer) -> None:
    message = composer.login_locked_email(TO, "Ana", WHEN, "es_MX")
    assert "hasta el 30 de septiembre de 2026, 12:30\u202fp.m.;" in message.text
    assert "«Olvidé mi contraseña»" in message.text, "the menu's own words"


def test_new_login_names_the_channel(composer: Composer) -> None:
    assert "desde WhatsApp." in composer.new_chat_login_email(
        TO, "Ana", "whatsapp", WHEN, "es_MX").text
    assert "from the terminal chat." in composer.new_chat_login_email(
        TO, "Ana", "terminal", WHEN, "en").text
    assert "desde signal." in composer.new_chat_login_email(
        TO, "Ana", "signal", WHEN, "es_MX").text, "an unknown channel is named as given"


def test_an_unknown_locale_falls_back_to_spanish(composer: Composer) -> None:
    message = composer.welcome_email(TO, "Ana", "fr")
    assert message.subject == text_of("es_MX", "notify.welcome.subject")


@pytest.mark.parametrize(("locale", "when", "bring"), [
    ("es_MX", "1 de diciembre de 2026, 8:30 a.m.", "• Tu número de crédito"),
    ("en", "December 1, 2026, 8:30 AM", "• Your credit number"),
])
def test_an_appointment_is_at_the_centres_local_time(composer: Composer, locale: str,
                                                      when: str, bring: str) -> None:
    message = composer.appointment_booked_email(TO, "Ana", APPOINTMENT, locale)
    text = message.text.replace("\u202f", " ")
    assert "7K2M9QAB" in text and when in text, text
    assert bring in text and "CESI Tijuana Plaza Monarca (Plaza Monarca, Tijuana)" in text


@pytest.mark.parametrize(("locale", "warning"), [
    ("es_MX", "Ojo: esta dirección viene de una fuente de 2010 y pudo cambiar."),
    ("en", "Note: this address comes from a 2010 source and may have changed."),
])
def test_an_old_address_is_flagged_in_both_appointment_emails(composer: Composer, locale: str,
                                                              warning: str) -> None:
    dated = replace(APPOINTMENT, address_year="2010")
    for notice in ("appointment_booked", "appointment_reminder"):
        message = composer.appointment_email(notice, TO, "Ana", dated, locale)
        assert warning in message.text and "800 008 3900" in message.text
        assert warning in html.unescape(message.html)
        current = composer.appointment_email(notice, TO, "Ana", APPOINTMENT, locale)
        assert warning[:5] not in current.text, "a current address carries no warning"
