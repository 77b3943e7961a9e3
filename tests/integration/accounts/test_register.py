"""Registro, as transcripts: every path and every error path, in Spanish and English, with
codes read from the real SMTP server and the local SMS gateway."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from bot.conversation.messages import Contact
from domain.demo import DEMO_ACCOUNTS
from domain.persistence.models import AccountRow, ChatIdentityRow
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

MARIA = "active_woman"
EMAIL = "maria.lopez@example.com"
MOBILE = "+525512345678"
PASSWORD = "Girasol#Nube42"


async def to_codes(world: World, chat: ChatUser, case: str = MARIA, email: str = EMAIL,
                   mobile: str = "55 1234 5678") -> dict[str, str]:
    """From the menu to the SMS-code step, with valid answers."""
    person = world.person(case)
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send("1")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send(person["rfc"])
    await chat.send(email)
    await chat.send(mobile)
    return person


async def to_password(world: World, chat: ChatUser, email: str = EMAIL,
                      mobile: str = MOBILE, case: str = MARIA) -> None:
    await to_codes(world, chat, case=case, email=email, mobile=mobile)
    await chat.send(await world.sms_code(mobile))
    await chat.send(await world.email_code(email))


@dataclass(frozen=True)
class AccountView:
    status: str
    terms_at: object


async def account_rows(world: World) -> list[AccountView]:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        rows = await uow.session.scalars(select(AccountRow))
        return [AccountView(row.status, row.terms_at) for row in rows]


async def test_happy_path_in_spanish(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Registro")
    assert "Antes de empezar: aviso de privacidad" in chat.text
    assert "Mi Cuenta (demostración) es responsable de tus datos" in chat.text
    assert chat.options == ["Acepto", "No acepto"]
    await chat.press("Acepto")
    assert chat.text.startswith("Escribe tu Número de Seguridad Social (NSS)")
    person = world.person(MARIA)
    await chat.send(person["nss"])
    assert chat.text.startswith("Ahora escribe tu CURP")
    await chat.send(person["curp"].lower())
    assert chat.text.startswith("Escribe tu RFC con homoclave")
    await chat.send(person["rfc"])
    assert chat.text.startswith("Escribe tu correo electrónico personal")
    await chat.send(EMAIL)
    assert chat.text.startswith("Escribe tu número de celular a 10 dígitos")
    await chat.send("55-1234-5678")
    assert chat.text == ("Te enviamos un código de 6 dígitos por SMS al +52******5678. "
                         "Escríbelo aquí.")
    assert chat.options == ["Reenviar código", "Cambiar celular"]
    await chat.send(await world.sms_code(MOBILE))
    assert chat.last[0].text == "Listo, tu celular quedó verificado."
    assert "Te enviamos otro código de 6 dígitos a m******@example.com" in chat.text
    await chat.send(await world.email_code(EMAIL))
    assert "Listo, tu correo y tu celular quedaron verificados." in chat.text
    assert "Ahora crea tu contraseña" in chat.text
    assert "No la guardamos en la conversación" in chat.text
    await chat.send(PASSWORD)
    assert chat.last[0].text == "Tu contraseña quedó guardada."
    assert "Último paso: términos y condiciones" in chat.text
    await chat.press("Acepto los términos")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")
    assert "Salir" in chat.options, "logged in: the menu offers to log out"
    rows = await account_rows(world)
    maria = [row for row in rows if row.status == "active" and row.terms_at is not None]
    assert len(maria) == len(DEMO_ACCOUNTS) + 1  # the demo accounts and María's new one
    subjects = [mail.subject for mail in await world.emails_to(EMAIL)]
    assert subjects == ["Tu código para crear tu cuenta",
                        "Tu cuenta de Mi Cuenta Infonavit está lista"]


async def test_happy_path_in_english(world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.press("Sign up")
    assert "Before we start: privacy notice" in chat.text
    await chat.press("I accept")
    person = world.person(MARIA)
    await chat.send(person["nss"])
    assert chat.text.startswith("Now type your CURP")
    await chat.send(person["curp"])
    await chat.send(person["rfc"])
    await chat.send(EMAIL)
    await chat.send("+52 55 1234 5678")
    assert chat.text == "We sent a 6-digit code by SMS to +52******5678. Type it here."
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "Now create your password" in chat.text
    await chat.send(PASSWORD)
    await chat.press("I accept the terms")
    assert chat.last[0].text.startswith("Done! Your Mi Cuenta Infonavit account is active")
    english = await world.emails_to(EMAIL)
    assert any("code" in mail.subject.lower() for mail in english), "e-mails in English too"


async def test_declining_the_privacy_notice_keeps_nothing(world: World) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.press("No acepto")
    assert chat.last[0].text == ("Entendido, no guardé ningún dato. Puedes registrarte cuando "
                                 "quieras.")
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"


@pytest.mark.parametrize(("typed", "expected"), [
    ("0311928352", "Tu NSS lleva 11 dígitos y escribiste 10."),
    ("03119283526", "El último dígito de tu NSS no coincide"),
    ("12345678903", "No encontramos a ningún trabajador con ese NSS."),
])
async def test_nss_errors_say_what_to_fix_and_ask_again(world: World, typed: str,
                                                        expected: str) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(typed)
    assert chat.last[0].text.startswith(expected)
    assert chat.last[-1].text.startswith("Escribe tu Número de Seguridad Social")


async def test_worker_without_active_relationship_is_told_where_to_go(world: World) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(world.person("no_active_relationship")["nss"])
    assert chat.last[0].text.startswith("Tu NSS no tiene una relación laboral vigente")


async def test_existing_account_is_pointed_to_login_and_reset(world: World) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(world.person("existing_account")["nss"])
    assert chat.last[0].text == "Ya hay una cuenta para ese NSS."
    assert chat.options == ["Iniciar sesión", "Olvidé mi contraseña"]
    await chat.press("Iniciar sesión")  # with that NSS: the password is what is asked
    assert "Ahora tu contraseña." in chat.text
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Es la primera vez que entras desde este chat.")


@pytest.mark.parametrize(("words", "then"), [("quiero entrar", "Ahora tu contraseña."),
                                             ("iniciar sesion", "Ahora tu contraseña."),
                                             ("ah ya, la olvide", "Si hay una cuenta con ese")])
async def test_words_for_the_login_or_reset_at_an_existing_account_go_there(
        world: World, words: str, then: str) -> None:
    """«quiero entrar» after «Ya hay una cuenta para ese NSS» only offered «Iniciar sesión»
    again beside the very same button: now it is that button (with the NSS given)."""
    chat = world.chat()
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(world.person("existing_account")["nss"])
    assert chat.last[0].text.startswith("Ya hay una cuenta para ese NSS"), chat.text
    await chat.send(words)
    assert chat.text.startswith(then), chat.text


async def test_existing_account_then_the_reset_or_another_nss(world: World) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(world.person("existing_account")["nss"])
    await chat.send("2")
    assert chat.last[0].text.startswith("Si hay una cuenta con ese dato, te enviamos un código"), \
        "the reset, with that NSS"
    assert await world.email_code(CARMEN["email"])
    other = world.chat("5215500000013")
    await other.send("registro")
    await other.press("Acepto")
    await other.send(world.person("existing_account")["nss"])
    await other.send(world.person("active_woman")["nss"])  # mistyped: the right one
    assert other.text.startswith("Ahora escribe tu CURP")
    assert "Iniciar sesión" not in other.options


async def test_a_wrong_curp_asks_only_for_the_curp_again(world: World) -> None:
    chat = world.chat()
    pedro = world.person("curp_rfc_mismatch_to_try")
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(pedro["nss"])
    await chat.send(pedro["try_wrong_curp"])
    assert chat.last[0].text.startswith("Esa CURP no coincide con la de tu registro.")
    assert "IMSS" in chat.last[0].text
    assert chat.last[-1].text.startswith("Ahora escribe tu CURP")
    await chat.send("BOXW310820HZZRXN09")
    assert "ZZ" in chat.last[0].text, "an invalid state code is named"
    await chat.send(pedro["curp"])
    assert chat.text.startswith("Escribe tu RFC"), "the NSS was kept: no need to type it again"
    await chat.send(pedro["try_wrong_rfc"])
    assert chat.last[0].text.startswith("Ese RFC no coincide con el de tu registro.")
    assert chat.last[-1].text.startswith("Escribe tu RFC")
    await chat.send("XAXX010101000")
    assert chat.last[-1].text.startswith("Escribe tu RFC")
    await chat.send(pedro["rfc"])
    assert chat.text.startswith("Escribe tu correo electrónico")


async def test_contact_errors(world: World) -> None:
    chat = world.chat()
    person = world.person(MARIA)
    await chat.send("registro")
    await chat.press("Acepto")
    for answer in (person["nss"], person["curp"], person["rfc"]):
        await chat.send(answer)
    await chat.send("maria.lopez@@example")
    assert chat.last[-1].text.startswith("Escribe tu correo electrónico")
    await chat.send(EMAIL)
    await chat.send("55 1234")
    assert chat.last[-1].text.startswith("Escribe tu número de celular")
    await chat.send("5512345678")
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS")


async def test_wrong_code_resend_and_changing_phone_and_email(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    await chat.send("000000")
    assert chat.last[0].text == "Ese código no es correcto. Te quedan 4 intentos con este código."
    await chat.press("Reenviar código")
    assert chat.last[0].text == ("Espera 60 segundos antes de pedir otro código. Mientras, "
                                 "revisa tus SMS y tu carpeta de correo no deseado.")
    world.clock.advance(seconds=61)
    first = await world.sms_code(MOBILE)
    await chat.press("Reenviar código")
    assert chat.last[0].text == "Te enviamos un código nuevo. El anterior ya no sirve."
    second = await world.sms_code(MOBILE)
    if first != second:
        await chat.send(first)
        assert chat.last[0].text.startswith("Ese código ya no sirve"), "the old one is retired"
    await chat.press("Cambiar celular")
    assert chat.text.startswith("Escribe tu número de celular")
    await chat.send("55 8765 4321")
    await chat.send(await world.sms_code("+525587654321"))
    assert "Te enviamos otro código de 6 dígitos a m******@example.com" in chat.text
    await chat.press("Cambiar correo")
    await chat.send("maria.otra@example.com")
    assert "m******@example.com" in chat.text
    await chat.send(await world.email_code("maria.otra@example.com"))
    assert "Ahora crea tu contraseña" in chat.text


async def test_a_weak_password_names_every_broken_rule(world: World) -> None:
    chat = world.chat()
    await to_password(world, chat)
    await chat.send("maria")
    problem = chat.last[0].text
    assert problem.startswith("Tu contraseña no es segura. Elige otra que cumpla con esto:")
    for rule in ("al menos 8 caracteres", "mayúscula", "número", "carácter especial"):
        assert rule in problem
    await chat.send("LopezHernandez#2026")
    assert "nombre" in chat.last[0].text.lower() or "apellido" in chat.last[0].text.lower()
    await chat.send(PASSWORD)
    assert chat.last[0].text == "Tu contraseña quedó guardada."


async def test_declining_the_terms_leaves_the_account_inactive(world: World) -> None:
    chat = world.chat()
    await to_password(world, chat)
    await chat.send(PASSWORD)
    await chat.press("No acepto")  # what it costs is said first: the no again to leave
    assert chat.last[0].text.startswith("Si no aceptas, tu cuenta no se activa"), chat.text
    assert chat.options == ["Acepto los términos", "No acepto, salir"], chat.options
    await chat.press("No acepto, salir")
    assert chat.last[0].text.startswith("Entendido. Tu cuenta no quedó activa.")
    rows = [r for r in await account_rows(world) if r.status != "active"]
    assert [r.status for r in rows] == ["pending_terms"]


@pytest.mark.parametrize("no", ["nel", "no"])
async def test_a_no_at_the_terms_can_be_taken_back(world: World, no: str) -> None:
    """«nel» at the terms, the registration's last step (codes and password given), ended it
    at once, and «ah no espera, sí acepto» then was a guess at the menu: a first no says
    what it costs and waits; a yes then activates the account."""
    chat = world.chat()
    await to_password(world, chat)
    await chat.send(PASSWORD)
    await chat.send(no)
    assert "Tu cuenta no quedó activa" not in chat.text, chat.text
    await chat.send("ah no espera si acepto")
    assert "Tu cuenta no quedó activa" not in chat.text, chat.text
    assert not [r for r in await account_rows(world) if r.status != "active"], chat.text


async def test_on_telegram_the_password_message_is_deleted(world: World) -> None:
    chat = world.chat(user_id="777001", channel="telegram")
    await to_password(world, chat)
    assert "borraré tu mensaje en cuanto la reciba" in chat.text
    await chat.send(PASSWORD)
    assert chat.last[0].delete_user_message is True
    assert chat.last[0].text == "Tu contraseña quedó guardada."


async def test_on_telegram_a_shared_contact_must_be_the_senders_own(world: World) -> None:
    chat = world.chat(user_id="777002", channel="telegram")
    person = world.person(MARIA)
    await chat.send("registro")
    await chat.press("Acepto")
    for answer in (person["nss"], person["curp"], person["rfc"], EMAIL):
        await chat.send(answer)
    assert chat.last[-1].request_contact == "Compartir mi número"
    await chat.send(contact=Contact(phone="+525599998888", is_own=False))
    assert chat.last[0].text.startswith("Ese contacto no es tu propio número.")
    await chat.send(contact=Contact(phone="525512345678", is_own=True))
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS al +52******5678")


async def test_two_simultaneous_registrations_for_one_nss_create_one_account(
    world: World,
) -> None:
    import asyncio

    first, second = world.chat("5215500000011"), world.chat("5215500000012")
    await to_codes(world, first, email="a@example.com", mobile="5511110001")
    await to_codes(world, second, email="b@example.com", mobile="5511110002")
    await first.send(await world.sms_code("+525511110001"))
    await second.send(await world.sms_code("+525511110002"))
    codes = (await world.email_code("a@example.com"), await world.email_code("b@example.com"))
    await asyncio.gather(first.send(codes[0]), second.send(codes[1]))
    outcomes = sorted([first.last[0].text, second.last[0].text])
    assert outcomes[0].startswith("Listo, tu correo y tu celular quedaron verificados.")
    assert outcomes[1].startswith("Ya hay una cuenta para ese NSS.")
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        count = await uow.session.scalar(select(func.count(AccountRow.id)))
        links = await uow.session.scalar(select(func.count(ChatIdentityRow.id)))
    assert count == len(DEMO_ACCOUNTS) + 1  # the demo accounts and exactly one for María
    assert links == 0


async def test_the_email_code_typed_at_the_sms_step_verifies_the_email(world: World) -> None:
    """Both codes go out together; the one typed first may be the e-mail's: it verifies the
    e-mail (it was «Ese código no es correcto», a try spent) and the SMS one is asked."""
    chat = world.chat("5215500000351")
    await to_codes(world, chat)
    await chat.send(await world.email_code(EMAIL))
    assert chat.last[0].text == "Ese es el código del correo: tu correo quedó verificado."
    assert chat.last[-1].text.startswith("Te enviamos un código de 6 dígitos por SMS")
    await chat.send(await world.sms_code(MOBILE))
    assert "Listo, tu correo y tu celular quedaron verificados." in chat.text
    await chat.send(PASSWORD)
    assert chat.last[0].text == "Tu contraseña quedó guardada."


async def test_a_mistyped_provider_is_asked_about_and_an_email_at_the_mobile_corrects_it(
        world: World) -> None:
    """«maria@gmial.com» was taken as it was (the code went nowhere), and an e-mail typed
    at the mobile step was «No encontré un número de celular». A domain a slip from a common
    provider is asked about («sí» takes the correction, the same address again stands);
    an address at the mobile step corrects the e-mail, and the codes go to the right one."""
    person = world.person(MARIA)
    chat = world.chat("5215500000190")
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send("1")
    for value in (person["nss"], person["curp"], person["rfc"]):
        await chat.send(value)
    await chat.send("maria.lopez@gmial.com")
    assert chat.last[0].text.startswith("¿Quisiste decir maria.lopez@gmail.com? Si es así, "
                                        "escribe «sí»."), chat.text
    await chat.send("si")
    assert chat.text.startswith("Escribe tu número de celular"), chat.text
    await chat.send("maria.lopez@hotmal.com")  # at the mobile: the e-mail again, mistyped
    assert chat.last[0].text.startswith("¿Quisiste decir maria.lopez@hotmail.com?"), chat.text
    await chat.send("maria.lopez@hotmal.com")  # the same again: it stands
    assert chat.text.startswith("Escribe tu número de celular"), chat.text
    await chat.send(EMAIL)  # at the mobile: corrects the e-mail
    assert chat.last[0].text == "Listo, cambié tu correo a m******@example.com.", chat.text
    await chat.send("55 1234 5678")
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "contraseña" in chat.text
    assert not await world.emails_to("maria.lopez@gmail.com")


async def test_the_rest_of_the_data_in_one_message_at_the_curp_is_all_taken(
        world: World) -> None:
    """«mi curp es … y mi rfc …, correo … cel …» at the CURP step took the CURP only and
    asked for the RFC again: each datum in the message is taken at its turn (the mobile
    too: the codes go out), and the e-mail after the RFC step the same."""
    person = world.person(MARIA)
    chat = world.chat("5215500000191")
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send("1")
    await chat.send(person["nss"])
    await chat.send(f"mi curp es {person['curp']} y mi rfc {person['rfc']}, correo {EMAIL} "
                    "cel 55 1234 5678")
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS al +52******5678"), \
        chat.text
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "contraseña" in chat.text


async def test_the_email_with_the_rfc_is_taken_too(world: World) -> None:
    person = world.person(MARIA)
    other = world.chat("5215500000192")  # from the RFC step on, the same
    await other.send("hola")
    await other.send(button="cmd:start:registration")
    await other.send("1")
    await other.send(person["nss"])
    await other.send(person["curp"])
    await other.send(f"{person['rfc']} y mi correo es {EMAIL}")
    assert other.text.startswith("Escribe tu número de celular"), other.text


@pytest.mark.parametrize(("question", "hint", "answer"), [
    ("puedo usar el correo de mi hijo?", None, "Mejor uno tuyo: a ese correo llegan los códigos"),
    ("el mail de mi esposa sirve?", None, "Mejor uno tuyo"),
    ("can i use my daughter's email?", "en", "Better one of your own: the codes"),
])
async def test_someone_elses_email_asked_at_the_email_is_answered(
        world: World, question: str, hint: str | None, answer: str) -> None:
    """«¿puedo usar el correo de mi hijo?» at the e-mail was «No encontré un correo en tu
    mensaje»: why one's own is better is said, and the e-mail asked again."""
    chat = world.chat()
    chat.language_hint = hint
    await chat.send("hola" if hint is None else "hi")
    await chat.press("Registro" if hint is None else "Sign up")
    await chat.press("Acepto" if hint is None else "I accept")
    person = world.person(MARIA)
    for value in (person["nss"], person["curp"], person["rfc"]):
        await chat.send(value)
    await chat.send(question)
    assert chat.last[0].text.startswith(answer), chat.text
    assert "@" in chat.last[-1].text or "e-mail" in chat.last[-1].text \
        or "correo" in chat.last[-1].text, chat.text
    await chat.send(EMAIL)
    assert chat.last[-1].text.startswith(("Escribe tu número de celular", "Type your")), \
        chat.text


@pytest.mark.parametrize("text", ["yeah ok", "yeah sure", "go ahead", "alright"])
async def test_a_casual_yes_accepts_the_notice(world: World, text: str) -> None:
    """«yeah ok», «go ahead» at the privacy notice were «I did not understand whether you
    accept»: several yeses together, or a go-ahead, are a yes."""
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.press("Sign up")
    await chat.send(text)
    assert "did not understand" not in chat.text, chat.text
    assert "NSS" in chat.last[-1].text, chat.text


@pytest.mark.parametrize("text", ["y eso pa que es?", "la misma que en el portal del infonavit?",
                                  "que hago?"])
async def test_a_question_at_the_new_password_is_no_weak_password(world: World,
                                                                   text: str) -> None:
    """«y eso pa que es?» where the new password is asked was «Tu contraseña no es segura…»
    with its rules, as if it had been tried as one."""
    chat = world.chat()
    await to_password(world, chat)
    for _ in range(2):
        await chat.send(text)
        assert "no es segura" not in chat.text, chat.text
        assert chat.last[0].text.startswith(("Aquí eliges la contraseña con la que entrarás",
                                             "Un carácter especial es cualquier signo")), chat.text
    assert "Ahora crea tu contraseña" in chat.text, chat.text
    await chat.send("Tamal#Verde93")
    assert "no es segura" not in chat.text, chat.text
