"""Iniciar sesión, sessions, the login gate in front of private flows, and logging out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pytest

from bot.conversation.messages import Msg, Say
from bot.flows.base import Answer, Ctx, Flow, Goto, Result
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World


@dataclass
class PrivateData:
    seen: int = 0


class PrivateFlow(Flow):
    """Stands in for a flow that shows balances: it needs a session."""

    name = "points"
    requires_login = True

    class Step(StrEnum):
        SHOW = "show"

    first = Step.SHOW
    Data = PrivateData

    def ask_show(self, ctx: Ctx[PrivateData]) -> list[Say]:
        return [Say(Msg("cancel.nothing"))]  # any catalog sentence will do as a marker

    async def on_show(self, ctx: Ctx[PrivateData], answer: Answer) -> Result:
        ctx.data.seen += 1
        return Goto(self.Step.SHOW)


PRIVATE_PROMPT = "No hay nada que cancelar."


@pytest.fixture
def private(world: World) -> World:
    world.container.engine.conversation.flows._flows["points"] = PrivateFlow()
    return world


async def log_in(world: World, chat: ChatUser, identifier: str | None = None,
                 password: str = CARMEN["password"]) -> None:
    carmen = world.person("existing_account")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(identifier or carmen["nss"])
    await chat.send(password)


async def test_login_from_a_new_chat_needs_an_sms_code(world: World) -> None:
    chat = world.chat()
    await log_in(world, chat)
    assert chat.text.startswith("Es la primera vez que entras desde este chat.")
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión.")
    assert "Salir" in chat.options
    notices = [mail.subject for mail in await world.emails_to(CARMEN["email"])]
    assert any("nuevo" in subject.lower() or "chat" in subject.lower() for subject in notices)
    await chat.send("cerrar sesión")
    assert chat.last[0].text == "Cerraste tu sesión. Tus datos ya no se muestran en este chat."
    assert "Iniciar sesión" in chat.options
    await chat.press("Iniciar sesión")
    await chat.send(CARMEN["email"].upper())
    await chat.send(CARMEN["password"])
    assert chat.last[0].text.startswith("Iniciaste sesión."), "a known chat needs no code"


async def test_login_in_english(world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.press("Log in")
    assert chat.text == "To log in, type your NSS (11 digits) or your e-mail address."
    await chat.send(CARMEN["email"])
    assert "Now your password." in chat.text
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("This is the first time you log in from this chat.")


async def test_identifier_that_is_neither_nss_nor_email(world: World) -> None:
    chat = world.chat()
    await chat.send("login")  # a first message naming the item goes straight to it
    assert chat.last[-1].text.startswith("Para iniciar sesión escribe tu NSS")
    await chat.send("Carmen Sánchez")
    assert chat.last[0].text.startswith("Eso no parece un NSS ni un correo.")
    assert chat.last[-1].text.startswith("Para iniciar sesión escribe tu NSS")


async def test_wrong_password_and_unknown_account_get_the_same_answer(world: World) -> None:
    known, unknown = world.chat("5215500000101"), world.chat("5215500000102")
    await log_in(world, known, password="Equivocada#123")
    await log_in(world, unknown, identifier="nadie@example.com", password="Equivocada#123")
    assert known.text == unknown.text
    assert known.last[0].text == ("El NSS o correo, o la contraseña, no son correctos. Escribe "
                                  "de nuevo tu contraseña; si el NSS o el correo estaba mal, "
                                  "escríbelo aquí.")


async def test_five_failures_lock_for_15_minutes_and_tell_the_owner(world: World) -> None:
    chat = world.chat()
    await log_in(world, chat, password="Equivocada#1")
    for attempt in range(2, 5):
        await chat.send(f"Equivocada#{attempt}")
        assert chat.last[0].text.startswith("El NSS o correo, o la contraseña, no son correctos")
    await chat.send("Equivocada#5")
    assert chat.last[0].text.startswith("Por seguridad bloqueamos el inicio de sesión por 15")
    # the lock ends the login (the password asked again could only fail): the menu, with the
    # reset; it was «Ahora tu contraseña» again, for every try until the lock ended
    assert "Olvidé mi contraseña" in chat.options, chat.text
    assert "Ahora tu contraseña" not in chat.text, chat.text
    await log_in(world, chat)
    assert chat.last[0].text.startswith("Por seguridad bloqueamos"), "even the right password"
    subjects = [mail.subject.lower() for mail in await world.emails_to(CARMEN["email"])]
    assert any("bloque" in subject for subject in subjects), subjects
    world.clock.advance(minutes=16)
    await log_in(world, chat)
    assert chat.text.startswith("Es la primera vez que entras desde este chat.")


async def test_an_unknown_identifier_locks_the_same_way(world: World) -> None:
    known, unknown = world.chat("5215500000201"), world.chat("5215500000202")
    await log_in(world, known, password="Mala#Clave0")
    await log_in(world, unknown, identifier="12345678903", password="Mala#Clave0")
    for attempt in range(1, 5):
        await known.send(f"Mala#Clave{attempt}")
        await unknown.send(f"Mala#Clave{attempt}")
        assert known.text == unknown.text
    assert unknown.last[0].text.startswith("Por seguridad bloqueamos el inicio de sesión")


async def test_private_flow_asks_to_log_in_then_resumes(private: World) -> None:
    chat = private.chat()
    await chat.send("hola")
    await chat.press("Mis puntos")
    assert chat.last[0].text == "Para ver esto necesitas iniciar sesión."
    assert chat.last[-1].text.startswith("Para iniciar sesión escribe tu NSS")
    await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    await chat.send(await private.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión.")
    assert chat.last[-1].text == PRIVATE_PROMPT, "back where the user wanted to go"


async def test_session_ends_after_10_idle_minutes(private: World) -> None:
    chat = private.chat()
    await chat.send("hola")
    await chat.press("Mis puntos")
    await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    await chat.send(await private.sms_code(CARMEN["mobile"]))
    private.clock.advance(minutes=9)
    await chat.send("otra vez")
    assert chat.last[-1].text == PRIVATE_PROMPT
    private.clock.advance(minutes=11)
    await chat.send("otra vez")
    assert chat.last[0].text.startswith("Tu sesión terminó por seguridad.")
    assert "Iniciar sesión" in chat.options


async def test_session_ends_after_12_hours_however_active(private: World) -> None:
    chat = private.chat()
    await log_in(private, chat)
    await chat.send(await private.sms_code(CARMEN["mobile"]))
    await chat.press("Mis puntos")
    for _ in range(80):  # a message every 9 minutes for 12 hours
        private.clock.advance(minutes=9)
        await chat.send("sigo aquí")
        assert chat.last[-1].text == PRIVATE_PROMPT
    private.clock.advance(minutes=9)
    await chat.send("sigo aquí")
    assert chat.last[0].text.startswith("Tu sesión terminó por seguridad.")


async def test_logged_in_session_keys_expire_with_the_session(world: World) -> None:
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    ttl = await world.container.redis.ttl(chat.state_key)
    assert 0 < ttl <= 600


async def test_logout_when_not_logged_in(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send("cerrar sesión")
    assert chat.last[0].text == "No tienes una sesión abierta."


async def _account_locale(world: World) -> str:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        account = await uow.accounts.by_email(CARMEN["email"])
    assert account is not None
    return account.locale


async def _lock_out(world: World, user_id: str) -> None:
    """Five wrong passwords from another chat: the owner is told by e-mail."""
    stranger = world.chat(user_id)
    await log_in(world, stranger, password="Equivocada#1")
    for attempt in range(2, 6):
        await stranger.send(f"Equivocada#{attempt}")
    assert stranger.last[0].text.startswith("Por seguridad bloqueamos"), "the chat's own language"


async def test_notices_follow_the_language_the_owner_last_chose(world: World) -> None:
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    await chat.send("idioma")
    await chat.press("English")
    assert chat.last[0].text == "Done, we will continue in English."
    assert await _account_locale(world) == "en"
    await chat.send("log out")
    await _lock_out(world, "5215500000301")
    subjects = [mail.subject for mail in await world.emails_to(CARMEN["email"])]
    assert "We locked access to your account for your security" in subjects, subjects


async def test_switching_by_command_while_logged_in_changes_the_account_too(
        world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.press("Log in")
    await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    assert await _account_locale(world) == "es_MX", "not before the chat is confirmed"
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert await _account_locale(world) == "en", "logging in is choosing the chat's language"
    await chat.send("idioma español")
    assert chat.last[0].text == "Listo, seguimos en español."
    assert await _account_locale(world) == "es_MX"


async def test_switching_without_a_session_leaves_the_account_alone(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send("language english")
    assert chat.last[0].text == "Done, we will continue in English."
    assert await _account_locale(world) == "es_MX"


async def test_the_chat_code_comes_in_the_language_of_the_chat_asking(world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.press("Log in")
    await chat.send(world.person("existing_account")["nss"])
    await chat.send(CARMEN["password"])
    await world.settle()
    texts = [sms.text for sms in world.sms.messages_to(CARMEN["mobile"])]
    assert texts and texts[-1].startswith("Mi Cuenta Infonavit: "), texts
    assert " is your code to " in texts[-1], "the Spanish account gets it in the chat's English"


async def test_the_email_corrected_at_the_password_step_is_used(world: World) -> None:
    """«ay no, es carmen@…» at the password step got «Eso no parece tu contraseña» and the
    mistyped address stayed: the right password then failed, with no way to change it
    there. The address (or NSS) typed there replaces the one before."""
    chat = world.chat("5215500000104")
    wrong = CARMEN["email"].replace("@", "x@")
    await log_in(world, chat, identifier=wrong, password=f"ay no, es {CARMEN['email']}")
    assert chat.last[0].text == "Listo, uso ese dato en lugar del anterior.", chat.text
    assert chat.last[1].text == "Ahora tu contraseña."
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Es la primera vez que entras desde este chat."), chat.text
    other = world.chat("5215500000105")
    await log_in(world, other, identifier=wrong)  # the right password, the wrong address
    assert other.last[0].text.endswith("si el NSS o el correo estaba mal, escríbelo aquí.")
    await other.send(world.person("existing_account")["nss"])
    await other.send(CARMEN["password"])
    assert other.text.startswith("Es la primera vez que entras desde este chat."), other.text


@pytest.mark.parametrize("text", ["cierra mi sesion", "cierra sesion porfa", "cerrar mi sesion",
                                  "sign me out please"])
async def test_closing_the_session_in_other_words(world: World, text: str) -> None:
    """«cierra mi sesion» started a login and left the session open: only «cerrar sesion»
    and «salir de mi cuenta», exactly, closed it."""
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    await chat.send(text)
    assert chat.last[0].text == "Cerraste tu sesión. Tus datos ya no se muestran en este chat.", \
        chat.text


async def test_a_goodbye_with_the_session_open_says_how_to_close_it(world: World) -> None:
    """«gracias ya me voy» while logged in was «¡Hasta luego!» with the session left open on
    the phone and nothing said about it."""
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    await chat.send("gracias ya me voy")
    assert chat.last[0].text.startswith("¡Hasta luego! Tu sesión sigue abierta"), chat.text
    assert chat.options == ["Salir"], chat.text
    await chat.press("Salir")
    assert chat.last[0].text.startswith("Cerraste tu sesión."), chat.text


@pytest.mark.parametrize("text", ["cuanto tarda el sms?", "how long does it take?"])
async def test_how_long_the_code_takes_is_answered(world: World, text: str) -> None:
    """«¿cuánto tarda el sms?» at the code was «Eso no es un código»."""
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(text)
    assert chat.last[0].text.startswith(("El código suele llegar en unos segundos",
                                         "The code usually arrives")), chat.text
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión."), chat.text
