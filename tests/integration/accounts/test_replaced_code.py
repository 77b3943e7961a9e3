"""The code a resend replaced, typed after it: said so, and no try spent (it was «Ese
código no es correcto. Te quedan 4 intentos»)."""

from __future__ import annotations

from tests.integration.accounts.test_register import MOBILE, to_codes
from tests.integration.accounts.test_reset import start_reset
from tests.support.world import CARMEN, World

REPLACED = ("Ese código ya no sirve: al reenviarlo te mandamos uno nuevo y el anterior se "
            "canceló. Escribe el del mensaje más reciente (no lo conté como intento).")


async def test_the_replaced_registration_code_spends_no_try(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    first = await world.sms_code(MOBILE)
    world.clock.advance(seconds=61)
    await chat.press("Reenviar código")
    second = await world.sms_code(MOBILE)
    assert first != second  # six digits drawn twice: a clash is one in a million
    for _ in range(5):  # as many as the tries a code has: none is spent
        await chat.send(first)
        assert chat.last[0].text == REPLACED, chat.text
    await chat.send("000000" if second != "000000" else "111111")
    assert chat.last[0].text == "Ese código no es correcto. Te quedan 4 intentos con este código."
    await chat.send(second)
    assert chat.text.startswith("Listo, tu celular quedó verificado."), chat.text


async def test_the_replaced_reset_code_spends_no_try(world: World) -> None:
    chat = world.chat()
    await start_reset(chat, CARMEN["email"])
    first = await world.email_code(CARMEN["email"])
    world.clock.advance(seconds=61)
    await chat.press("Reenviar código")
    second = await world.email_code(CARMEN["email"])
    assert first != second
    await chat.send(first)
    assert chat.last[0].text == REPLACED, chat.text
    await chat.send(second)
    assert chat.text == "Ahora escribe el código que te llegó por SMS."
