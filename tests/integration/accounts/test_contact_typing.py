"""An e-mail typed with spaces around its @ is that address; «¿puedo poner el de mi hijo?»
at the e-mail or the mobile is answered (it must be the worker's own, and why) and the step
stays (it was «No encontré un correo en tu mensaje», «No encontré un número de celular»)."""

from __future__ import annotations

import pytest

from tests.integration.accounts.test_register import MOBILE
from tests.support.chat import ChatUser
from tests.support.world import World


async def at_the_email(world: World) -> ChatUser:
    chat = world.chat()
    person = world.person("active_woman")
    await chat.send("registro")
    await chat.press("Acepto")
    for answer in (person["nss"], person["curp"], person["rfc"]):
        await chat.send(answer)
    assert chat.text.startswith("Escribe tu correo electrónico personal"), chat.text
    return chat


@pytest.mark.parametrize("typed", ["maria.lopez @ example.com",
                                   "mi correo es maria.lopez@ example.com"])
async def test_spaces_around_the_at_are_dropped(world: World, typed: str) -> None:
    chat = await at_the_email(world)
    await chat.send(typed)
    assert chat.text.startswith("Escribe tu número de celular a 10 dígitos"), chat.text
    await chat.send("55 1234 5678")
    await chat.send(await world.sms_code(MOBILE))
    assert "m******@example.com" in chat.text
    assert await world.email_code("maria.lopez@example.com")


@pytest.mark.parametrize("asked", ["¿puedo poner el de mi hijo?", "y si pongo el de mi esposa"])
async def test_someone_elses_email_or_mobile_is_answered_and_the_step_stays(
        world: World, asked: str) -> None:
    chat = await at_the_email(world)
    await chat.send(asked)
    assert chat.last[0].text.startswith("Mejor uno tuyo: a ese correo llegan los códigos"), \
        chat.text
    assert chat.last[-1].text.startswith("Escribe tu correo electrónico personal")
    await chat.send("maria.lopez@example.com")
    await chat.send(asked)
    assert chat.last[0].text.startswith("Mejor uno tuyo: a ese celular llegan los códigos"), \
        chat.text
    assert chat.last[-1].text.startswith("Escribe tu número de celular a 10 dígitos")
