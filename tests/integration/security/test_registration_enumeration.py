"""Registration reveals nothing about other accounts before the contact is proven (issue
13, item 4): an e-mail or mobile of another account gets the same answer as a new one
(the code goes out either way); only once both codes are verified does the worker hear
that the address is another account's, with the way to log in or reset. Every NSS looked
up counts toward the chat's lookup lock, whatever the answer."""

from __future__ import annotations

from tests.integration.accounts.test_register import EMAIL, MOBILE
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

TAKEN_EMAIL = ("Ese correo ya está en otra cuenta de Mi Cuenta. Si es tuya, escribe «menú» "
               "y elige «Iniciar sesión» (u «Olvidé mi contraseña»). Si no, escribe otro "
               "correo tuyo.")
TAKEN_MOBILE = ("Ese celular ya está en otra cuenta de Mi Cuenta. Si es tuya, escribe «menú» "
                "y elige «Iniciar sesión» (u «Olvidé mi contraseña»). Si no, escribe otro "
                "número tuyo.")


async def _to_contact(world: World, chat: ChatUser) -> None:
    maria = world.person("active_woman")
    await chat.send("registro")
    await chat.press("Acepto")
    for answer in (maria["nss"], maria["curp"], maria["rfc"]):
        await chat.send(answer)


async def test_an_email_of_another_account_is_answered_like_a_new_one(world: World) -> None:
    taken, fresh = world.chat("5215500004001"), world.chat("5215500004002")
    await _to_contact(world, taken)
    await _to_contact(world, fresh)
    await taken.send(CARMEN["email"])
    await fresh.send("maria.nueva@example.com")
    assert taken.text == fresh.text
    await taken.send("55 1234 5678")
    await fresh.send("55 1234 5679")
    assert taken.text.replace("5678", "####") == fresh.text.replace("5679", "####")
    await taken.send(await world.sms_code(MOBILE))
    await taken.send(await world.email_code(CARMEN["email"]))
    assert taken.last[0].text == TAKEN_EMAIL, "said only to who proved they read it"
    assert taken.last[-1].text.startswith("Escribe tu correo electrónico")
    world.clock.advance(seconds=5)
    await taken.send(EMAIL)
    await taken.send(await world.email_code(EMAIL))
    assert "contraseña" in taken.text, "the mobile stayed verified; on to the password"


async def test_a_mobile_of_another_account_is_said_only_after_its_code(world: World) -> None:
    chat = world.chat("5215500004003")
    await _to_contact(world, chat)
    await chat.send(EMAIL)
    await chat.send(CARMEN["mobile"])
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS")
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    await chat.send(await world.email_code(EMAIL))
    assert chat.last[0].text == TAKEN_MOBILE
    assert chat.last[-1].text.startswith("Escribe tu número de celular")


async def test_every_nss_answer_counts_toward_the_lookup_lock(world: World) -> None:
    chat = world.chat("5215500004004")
    await chat.send("registro")
    await chat.press("Acepto")
    registered = [world.person(case)["nss"] for case in ("existing_account",)] * 3
    inactive = world.person("no_active_relationship")["nss"]
    for nss in [*registered, inactive]:
        await chat.send(nss)
        assert not chat.last[0].text.startswith("Probaste muchos datos")
    await chat.send(world.person("with_credit")["nss"])
    assert chat.last[0].text.startswith("Probaste muchos datos de identidad desde este chat")
    await chat.send(world.person("active_woman")["nss"])
    assert chat.last[0].text.startswith("Probaste muchos datos"), "even one free to register"
