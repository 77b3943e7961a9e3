"""A value given before, typed again (in a sentence) where a code is asked, is taken with
what follows from it: a new code to a new address, the reset started again with the NSS.
It was dropped: «Escribe tu correo» asked again, or «Eso no es un código»."""

from __future__ import annotations

import pytest

from tests.integration.accounts.test_register import EMAIL, MOBILE, to_codes, to_password
from tests.integration.accounts.test_reset import start_reset
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

OTHER_EMAIL = "fernanda.lopez@example.com"
OTHER_MOBILE = "+525587654321"


async def test_a_corrected_email_in_a_sentence_at_the_email_code_gets_a_new_code(
        world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    await chat.send(await world.sms_code(MOBILE))
    assert "Te enviamos otro código de 6 dígitos a m******@example.com" in chat.text
    await chat.send(f"me equivoqué, mi correo es {OTHER_EMAIL}")
    assert chat.last[0].text == "Listo, cambié tu correo a f******@example.com.", chat.text
    assert "Te enviamos otro código de 6 dígitos a f******@example.com" in chat.text
    await chat.send(await world.email_code(OTHER_EMAIL))
    assert "Ahora crea tu contraseña" in chat.text


async def test_a_corrected_mobile_or_email_at_the_sms_code_gets_its_new_code(
        world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    await chat.send("uy no, mi cel es 55 8765 4321")
    assert chat.last[0].text == "Listo, cambié tu celular a +52******4321.", chat.text
    assert "Te enviamos un código de 6 dígitos por SMS al +52******4321" in chat.text
    await chat.send(f"y el correo bien es {OTHER_EMAIL}")
    assert chat.last[0].text == "Listo, cambié tu correo a f******@example.com.", chat.text
    await chat.send(await world.sms_code(OTHER_MOBILE))
    await chat.send(await world.email_code(OTHER_EMAIL))
    assert "Ahora crea tu contraseña" in chat.text


async def test_a_wrong_curp_typed_at_a_code_step_says_so_and_stays(world: World) -> None:
    chat = world.chat()
    person = await to_codes(world, chat)
    await chat.send(await world.sms_code(MOBILE))
    await chat.send("me equivoque, mi curp es GODE561231HDFRRN00")
    assert chat.last[0].text.startswith("Esa CURP no coincide con la de tu registro."), chat.text
    assert "Te enviamos otro código de 6 dígitos a m******@example.com" in chat.text
    await chat.send(f"mi curp es {person['curp'].lower()}")  # the same one: not a correction
    assert chat.last[0].text.startswith("Eso no es un código"), chat.text


async def test_a_corrected_nss_at_the_reset_sms_code_starts_it_again(world: World) -> None:
    chat = world.chat()
    await start_reset(chat, CARMEN["email"])
    await chat.send(await world.email_code(CARMEN["email"]))
    assert chat.text == "Ahora escribe el código que te llegó por SMS."
    nss = world.person("existing_account")["nss"]
    await chat.send(f"me equivoque, es {nss}")
    assert chat.last[0].text.startswith("Si hay una cuenta con ese dato"), chat.text
    await chat.send(await world.email_code(CARMEN["email"]))
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert "Crea tu nueva contraseña" in chat.text


async def test_a_corrected_nss_in_a_sentence_at_the_reset_email_code(world: World) -> None:
    chat = world.chat()
    await start_reset(chat, "carmen.sanches@example.com")
    nss = world.person("existing_account")["nss"]
    await chat.send(f"perdon me equivoque de correo, mejor mi nss {nss}")
    assert chat.last[0].text.startswith("Si hay una cuenta con ese dato"), chat.text
    await chat.send(await world.email_code(CARMEN["email"]))
    assert chat.text == "Ahora escribe el código que te llegó por SMS."


async def resumed_at_the_codes(world: World) -> ChatUser:
    """A registration left at its password, taken up again by its NSS: at the SMS code."""
    chat = world.chat()
    await to_password(world, chat)
    await chat.send("menu")
    world.clock.advance(minutes=31)  # no longer kept for the menu: from the record
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(world.person("active_woman")["nss"])
    assert chat.last[0].text.startswith("Ya habías empezado tu registro"), chat.text
    return chat


@pytest.mark.parametrize("words", ["me equivoque de celular", "Cambiar celular"])
async def test_a_wrong_mobile_in_a_resumed_registration_asks_the_mobile(
        world: World, words: str) -> None:
    """It went to the CURP (and then every contact again): now the mobile, then the CURP
    and RFC that prove who this is before a code goes to it; the e-mail is kept."""
    chat = await resumed_at_the_codes(world)
    person = world.person("active_woman")
    await chat.send(words)
    assert chat.text.startswith("Escribe tu número de celular a 10 dígitos"), chat.text
    await chat.send("55 8765 4321")
    assert chat.last[0].text.startswith("Guardé el dato nuevo."), chat.text
    assert chat.last[-1].text.startswith("Ahora escribe tu CURP"), chat.text
    await chat.send(person["curp"])
    await chat.send(person["rfc"])
    assert "por SMS al +52******4321" in chat.text, chat.text
    await chat.send(await world.sms_code(OTHER_MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "Ahora crea tu contraseña" in chat.text, chat.text


async def test_a_new_email_typed_in_a_resumed_registration_is_kept(world: World) -> None:
    chat = await resumed_at_the_codes(world)
    person = world.person("active_woman")
    await chat.send(f"ya no uso ese correo, ahora es {OTHER_EMAIL}")
    assert chat.last[0].text.startswith("Guardé el dato nuevo."), chat.text
    await chat.send(person["curp"])
    await chat.send(person["rfc"])
    assert "por SMS al +52******5678" in chat.text, chat.text
    await chat.send(await world.sms_code(MOBILE))
    assert "f******@example.com" in chat.text, chat.text
    await chat.send(await world.email_code(OTHER_EMAIL))
    assert "Ahora crea tu contraseña" in chat.text, chat.text


async def test_a_corrected_nss_at_a_code_step_is_checked_again(world: World) -> None:
    """Another worker's NSS typed at the e-mail code: checked as at its step (this one has
    an account: said so, with the way in), not «Eso no es un código»."""
    chat = world.chat()
    await to_codes(world, chat)
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(f"me equivoque, mi nss es {world.person('existing_account')['nss']}")
    assert chat.last[0].text.startswith("Ya hay una cuenta para ese NSS"), chat.text
    assert chat.options == ["Iniciar sesión", "Olvidé mi contraseña"]
