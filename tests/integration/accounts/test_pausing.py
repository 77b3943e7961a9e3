"""«luego sigo», «ahorita sigo», «después lo termino» at any step of the registration keep
what was given (as «menú» does); opened again, it goes on at that step. At the password it
was silent (the password step was not kept) and the codes were asked again."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.integration.accounts.test_password_page import form, link_in
from tests.integration.accounts.test_register import EMAIL, MOBILE, PASSWORD, to_password
from tests.support.chat import ChatUser
from tests.support.world import World

KEPT = "Guardé lo que llevabas en «Registro»"
RESUMED = "Seguimos donde te quedaste, con lo que ya me diste."


async def pause_and_return(chat: ChatUser, words: str) -> None:
    await chat.send(words)
    assert chat.last[0].text.startswith(KEPT), chat.text
    await chat.send("registro")
    assert chat.last[0].text == RESUMED, chat.text


@pytest.mark.parametrize("words", ["luego sigo", "ahorita sigo", "después lo termino"])
async def test_a_pause_at_the_password_goes_on_at_the_password(world: World,
                                                               words: str) -> None:
    chat = world.chat()
    await to_password(world, chat)
    await pause_and_return(chat, words)
    assert "Ahora crea tu contraseña" in chat.text, "the codes are not asked again"
    await chat.send(PASSWORD)
    assert chat.last[0].text == "Tu contraseña quedó guardada.", chat.text
    await chat.press("Acepto los términos")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")


async def test_a_pause_at_every_step_goes_on_at_that_step(world: World) -> None:
    chat = world.chat()
    person = world.person("active_woman")
    await chat.send("hola")
    await chat.press("Registro")
    await chat.press("Acepto")
    answers = [("Escribe tu Número de Seguridad Social", person["nss"]),
               ("Ahora escribe tu CURP", person["curp"]),
               ("Escribe tu RFC con homoclave", person["rfc"]),
               ("Escribe tu correo electrónico personal", EMAIL),
               ("Escribe tu número de celular", "55 1234 5678")]
    for prompt, answer in answers:
        await pause_and_return(chat, "ahorita sigo")
        assert chat.last[-1].text.startswith(prompt), chat.text
        await chat.send(answer)
    await pause_and_return(chat, "luego le sigo")
    assert "por SMS al +52******5678" in chat.text
    await chat.send(await world.sms_code(MOBILE))
    await pause_and_return(chat, "después lo termino")
    assert "m******@example.com" in chat.text
    await chat.send(await world.email_code(EMAIL))
    await pause_and_return(chat, "al rato sigo")
    assert "Ahora crea tu contraseña" in chat.text
    await chat.send(PASSWORD)
    await pause_and_return(chat, "mañana lo termino")
    assert "Último paso: términos y condiciones" in chat.text
    await chat.press("Acepto los términos")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")


async def test_a_pause_at_the_password_page_gives_a_new_page(world: World,
                                                             web: TestClient) -> None:
    chat = world.chat(user_id="5215512340011", channel="whatsapp")
    await to_password(world, chat)
    first = link_in(chat)
    await pause_and_return(chat, "luego sigo")
    second = link_in(chat)
    assert first != second
    assert (await web.get(first)).status == 410, "the page left is revoked"
    csrf = await form(web, second)
    done = await web.post(second, data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf})
    assert done.status == 200
