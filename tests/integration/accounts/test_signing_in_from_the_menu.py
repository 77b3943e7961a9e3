"""What people type at the menu to get in: their e-mail or NSS opens the login with it (the
password that follows lands at the password prompt, hidden), a password typed where none
was asked is neither kept nor read, and at the password prompt words that cannot be a
password («no tengo cuenta», «me equivoqué») lead where they ask, never as a failed try."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.persistence.models import TranscriptRow
from tests.support.world import CARMEN, World

ASK_PASSWORD = "Ahora tu contraseña."
FIRST_TIME = "Es la primera vez que entras desde este chat."


async def transcript(world: World) -> str:
    await world.container.transcripts.flush()
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        return "\n".join(row.text for row in await uow.session.scalars(select(TranscriptRow)))


async def test_an_email_typed_at_the_menu_opens_the_login_with_it(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send(CARMEN["email"])
    assert ASK_PASSWORD in chat.text
    await chat.send(CARMEN["password"])
    assert chat.text.startswith(FIRST_TIME)
    assert CARMEN["password"] not in await transcript(world)


async def test_an_email_or_nss_in_a_few_words_and_as_the_first_message(world: World) -> None:
    carmen = world.person("existing_account")
    cases = (("mi correo es " + CARMEN["email"], True),
             ("este es mi correo: " + CARMEN["email"].upper(), True),
             (CARMEN["email"], False), ("mi nss es " + carmen["nss"], True),
             (carmen["nss"], True), ("te paso mi correo " + CARMEN["email"], True))
    for number, (first, after_hello) in enumerate(cases):
        chat = world.chat(f"52155000009{number:02d}")
        if after_hello:
            await chat.send("buenas")
        await chat.send(first)
        assert ASK_PASSWORD in chat.text, first
    await chat.send(CARMEN["password"])
    assert chat.text.startswith(FIRST_TIME)


async def test_in_english(world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.send("my email is " + CARMEN["email"])
    assert "Now your password." in chat.text


async def test_a_lost_email_is_still_the_recovery(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send(f"mi correo era {CARMEN['email']} pero ya no tengo ese correo")
    assert "Centro de Servicio" in chat.text
    assert ASK_PASSWORD not in chat.text


async def test_a_password_typed_at_the_menu_is_neither_kept_nor_read(world: World) -> None:
    for channel in ("terminal", "telegram", "whatsapp"):
        chat = world.chat(channel=channel)
        await chat.send("hola")
        await chat.send(CARMEN["password"])
        assert chat.last[0].text.startswith("Eso parece una contraseña: no la guardé.")
        assert "Iniciar sesión" in chat.options, "the menu stays"
        assert chat.last[0].delete_user_message, "deleted where the channel can"
    kept = await transcript(world)
    assert CARMEN["password"] not in kept
    assert "[hidden]" in kept


@pytest.mark.parametrize("sentence", ["mi contra es {password}",
                                      "olvide mi contraseña pero creo que era {password}",
                                      "pass: {password}", "my password is \"{password}\""])
async def test_a_password_inside_a_sentence_is_neither_kept_nor_read(world: World,
                                                                      sentence: str) -> None:
    """«mi contra es Papaya%Cielo71» was kept in clear in the transcript (only a password
    typed alone was hidden) and read as the reset."""
    chat = world.chat(channel="telegram")
    await chat.send("hola")
    await chat.send(sentence.format(password=CARMEN["password"]))
    assert chat.last[0].text.startswith("Eso parece una contraseña: no la guardé."), chat.text
    assert chat.last[0].delete_user_message, "deleted where the channel can"
    kept = await transcript(world)
    assert CARMEN["password"] not in kept
    assert "[hidden]" in kept


async def test_a_password_said_to_an_agent_is_not_kept(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send("quiero hablar con un asesor")
    await chat.send(CARMEN["password"])
    assert CARMEN["password"] not in await transcript(world)


async def test_no_account_yet_at_the_password_prompt_is_the_registration(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send("mi nss es " + world.person("active_woman")["nss"])
    assert ASK_PASSWORD in chat.text
    await chat.send("no tengo cuenta")
    assert "aviso de privacidad" in chat.text.lower()
    # the NSS typed at the login is kept for the registration (it was asked again)
    assert "sigo con lo que escribiste" in chat.text, chat.text
    await chat.press("Acepto")
    assert chat.last[-1].text.startswith("Ahora escribe tu CURP"), chat.text


async def test_words_at_the_password_prompt_never_count_towards_the_lock(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send(CARMEN["email"])
    for words in ("a ver", "Ya la escribi bien", "espera", "la tengo anotada en casa",
                  "mmm dejame ver", "OK"):
        await chat.send(words)  # not tried: said not to be one, or a wait for it
        assert chat.last[0].text.startswith(("Eso no parece tu contraseña",
                                             "Va, aquí te espero.")), words
        assert ASK_PASSWORD in chat.text, words
    await chat.send(CARMEN["password"])
    assert chat.text.startswith(FIRST_TIME), "never locked by words"


async def test_a_mistyped_identifier_goes_back_to_it(world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.send("ana.lopes@example.com")
    await chat.send("me equivoque de correo")
    assert chat.last[-1].text.startswith("Para iniciar sesión escribe tu NSS")
    await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    assert chat.text.startswith(FIRST_TIME)


async def test_an_email_with_a_request_logs_in_with_it_and_answers_the_request(
        world: World) -> None:
    """«hola mi correo es carmen…@example.com quiero ver mis puntos» as the first message
    showed the menu: the address's letters drowned the request for the intent model, and
    both were lost. The login takes the address (its password is asked next) and, once in,
    the points are shown."""
    chat = world.chat("5215500000895")
    await chat.send(f"hola mi correo es {CARMEN['email']} quiero ver mis puntos")
    assert "Ahora tu contraseña." in chat.text, chat.text
    await chat.send(CARMEN["password"])
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert any(reply.text.startswith("Con lo que estimamos tienes ") for reply in chat.last), \
        chat.text
