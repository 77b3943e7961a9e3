"""Both codes in one message («el del correo es 123456 y el del cel 654321», «654321
123456») where one is asked: each taken as its own (it was «Eso no es un código»)."""

from __future__ import annotations

from tests.integration.accounts.test_register import EMAIL, MOBILE, to_codes
from tests.integration.accounts.test_reset import start_reset
from tests.support.world import CARMEN, World


async def test_both_registration_codes_in_one_sentence(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    sms, mail = await world.sms_code(MOBILE), await world.email_code(EMAIL)
    await chat.send(f"el del correo es {mail} y el del cel {sms}")
    assert "Listo, tu correo y tu celular quedaron verificados." in chat.text, chat.text
    assert "Ahora crea tu contraseña" in chat.text


async def test_a_wrong_second_code_keeps_the_first(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    sms = await world.sms_code(MOBILE)
    await chat.send(f"{sms} 000000")
    assert chat.last[0].text.startswith("Ese código no es correcto"), chat.text
    assert "Te enviamos otro código de 6 dígitos a m******@example.com" in chat.text
    await chat.send(await world.email_code(EMAIL))
    assert "Ahora crea tu contraseña" in chat.text, chat.text


async def test_both_reset_codes_in_one_message(world: World) -> None:
    chat = world.chat()
    await start_reset(chat, CARMEN["email"])
    sms, mail = await world.sms_code(CARMEN["mobile"]), await world.email_code(CARMEN["email"])
    await chat.send(f"{sms} {mail}")
    assert "Crea tu nueva contraseña" in chat.text, chat.text
