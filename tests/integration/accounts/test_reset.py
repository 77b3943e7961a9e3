"""Olvidé mi contraseña: codes to both registered addresses, new password, other sessions end,
both addresses notified; unknown accounts get the very same answers."""

from __future__ import annotations

import pytest

from tests.integration.accounts.test_login import PRIVATE_PROMPT, PrivateFlow, log_in
from tests.integration.accounts.test_register import EMAIL, MOBILE, to_codes
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

NEW_PASSWORD = "Jacaranda$Azul9"


async def start_reset(chat: ChatUser, identifier: str) -> None:
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send(identifier)


async def test_reset_with_codes_to_email_and_mobile(world: World) -> None:
    chat = world.chat()
    await start_reset(chat, CARMEN["email"])
    assert chat.last[0].text.startswith("Si hay una cuenta con ese dato, te enviamos un código")
    assert chat.last[-1].text == "Escribe el código que te llegó por correo."
    await chat.send(await world.email_code(CARMEN["email"]))
    assert chat.text == "Ahora escribe el código que te llegó por SMS."
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert "Crea tu nueva contraseña" in chat.text
    await chat.send("corta")
    assert chat.last[0].text.startswith("Tu contraseña no es segura.")
    await chat.send(NEW_PASSWORD)
    assert chat.last[0].text.startswith("Listo, cambiaste tu contraseña.")
    subjects = [mail.subject.lower() for mail in await world.emails_to(CARMEN["email"])]
    assert any("contraseña" in subject and "cambi" in subject for subject in subjects), subjects
    texts = [sms.text for sms in world.sms.messages_to(CARMEN["mobile"])]
    assert any("contrase" in text.lower() for text in texts[1:]), texts
    old, new = world.chat("5215500000301"), world.chat("5215500000302")
    await log_in(world, old)
    assert old.last[0].text.startswith("El NSS o correo, o la contraseña, no son correctos")
    await log_in(world, new, password=NEW_PASSWORD)
    assert new.text.startswith("Es la primera vez que entras desde este chat.")


async def test_reset_in_english(world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("hi")
    await chat.press("Forgot my password")
    assert chat.text == ("To recover your password, type your NSS (11 digits) or your e-mail "
                         "address.")
    await chat.send(CARMEN["email"])
    assert chat.last[0].text.startswith("If there is an account with that information")


async def test_unknown_identifier_gets_byte_identical_answers(world: World) -> None:
    known, unknown = world.chat("5215500000401"), world.chat("5215500000402")
    carmen = world.person("existing_account")
    await start_reset(known, carmen["nss"])
    await start_reset(unknown, "12345678903")
    assert known.last == unknown.last
    for guess in ("111111", "222222"):
        await known.send(guess)
        await unknown.send(guess)
        assert known.last == unknown.last
    assert known.last[0].text == "Ese código no es correcto. Te quedan 3 intentos con este código."
    world.clock.advance(seconds=61)
    await known.press("Reenviar código")
    await unknown.press("Reenviar código")
    assert known.last == unknown.last


async def test_a_reset_ends_every_other_session(world: World) -> None:
    world.container.engine.conversation.flows._flows["points"] = PrivateFlow()
    phone = world.chat("5215500000501")
    await log_in(world, phone)
    await phone.send(await world.sms_code(CARMEN["mobile"]))
    await phone.press("Mis puntos")
    assert phone.last[-1].text == PRIVATE_PROMPT
    other = world.chat("5215500000502")
    await start_reset(other, CARMEN["email"])
    await other.send(await world.email_code(CARMEN["email"]))
    await other.send(await world.sms_code(CARMEN["mobile"]))
    await other.send(NEW_PASSWORD)
    await phone.send("sigo aquí")
    assert phone.last[0].text.startswith("Tu sesión terminó por seguridad.")
    assert phone.last[-1].text.startswith("Para iniciar sesión escribe tu NSS")


async def test_the_sms_code_typed_first_is_taken_and_the_email_one_asked_next(
        world: World) -> None:
    """Both codes go out at once and the SMS arrives first: typed at the e-mail step it was
    «Ese código no es correcto» and a try spent; it is the right code, for the other step."""
    chat = world.chat("5215500000311")
    await start_reset(chat, CARMEN["email"])
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text == "Ese es el código del SMS: tu celular quedó verificado."
    assert chat.last[-1].text == "Escribe el código que te llegó por correo."
    await chat.send("123456")  # the e-mail step still counts a wrong code
    assert chat.last[0].text.startswith("Ese código no es correcto. Te quedan 4 intentos")
    await chat.send(await world.email_code(CARMEN["email"]))
    assert "Crea tu nueva contraseña" in chat.text, "the SMS code is not asked again"
    await chat.send(NEW_PASSWORD)
    assert chat.last[0].text.startswith("Listo, cambiaste tu contraseña.")


@pytest.mark.parametrize("asked", ["y como debe ser la contraseña?",
                                   "q debe tener la contraseña?",
                                   "k caracteres lleva la clave"])
async def test_the_password_rules_asked_at_the_code_step_are_answered(
        world: World, asked: str) -> None:
    """«y como debe ser la contraseña?» at the reset's code step got «Eso es justo lo que
    estamos viendo aquí» (and «q debe tener la contraseña?» still did): the rules are said,
    and the code is asked again (no try spent)."""
    chat = world.chat("5215500000403")
    await start_reset(chat, CARMEN["email"])
    prompt = chat.last[-1].text
    await chat.send(asked)
    assert chat.last[0].text.startswith("Tu contraseña debe tener al menos 8 caracteres, con "
                                        "una mayúscula"), chat.text
    assert chat.last[-1].text == prompt
    await chat.send(await world.email_code(CARMEN["email"]))
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert "contraseña" in chat.text


async def test_the_sms_code_typed_again_is_said_verified_not_a_wrong_try(world: World) -> None:
    """The SMS code typed a second time at the e-mail step got «Ese código no es correcto.
    Te quedan 4 intentos»: it is said to be verified already, and the e-mail code keeps its
    five tries. The same in the registration, for the e-mail code at the SMS step."""
    chat = world.chat("5215500000312")
    await start_reset(chat, CARMEN["email"])
    sms = await world.sms_code(CARMEN["mobile"])
    await chat.send(sms)
    await chat.send(sms)
    assert chat.last[0].text.startswith("Ese es el código del SMS, que ya quedó verificado"), \
        chat.text
    assert chat.last[-1].text == "Escribe el código que te llegó por correo."
    await chat.send("123456")
    assert chat.last[0].text.startswith("Ese código no es correcto. Te quedan 4 intentos")
    await chat.send(await world.email_code(CARMEN["email"]))
    assert "Crea tu nueva contraseña" in chat.text, chat.text


async def test_the_email_code_typed_at_the_sms_step_twice_in_the_registration(
        world: World) -> None:
    chat = world.chat("5215500000313")
    await to_codes(world, chat)
    email = await world.email_code(EMAIL)
    await chat.send(email)  # the e-mail one first, at the SMS step: taken
    await chat.send(email)
    assert chat.last[0].text.startswith("Ese es el código del correo, que ya quedó verificado"), \
        chat.text
    await chat.send("123456")
    assert chat.last[0].text.startswith("Ese código no es correcto. Te quedan 4 intentos")
    await chat.send(await world.sms_code(MOBILE))
    assert "contraseña" in chat.text, chat.text


async def test_remembering_the_password_at_the_code_goes_back_to_the_login(
        world: World) -> None:
    """«no me acuerdo de la contraseña» at the login opened the reset; «mejor intento otra
    vez» at its code step was «Eso no es un código»: the worker who remembers it is taken
    back to the login, with the e-mail already given, and logs in."""
    for number, said in enumerate(("mejor intento otra vez", "ya me acordé")):
        chat = world.chat(f"521550000032{number}")
        await chat.send("hola")
        await chat.press("Iniciar sesión")
        await chat.send(CARMEN["email"])
        await chat.send("no me acuerdo de la contraseña")
        assert chat.last[-1].text == "Escribe el código que te llegó por correo."
        await chat.send(said)
        assert chat.last[0].text.startswith("Va, volvemos a iniciar sesión"), chat.text
        assert "Eso no es un código" not in chat.text
        await chat.send(CARMEN["password"])
        # the password taken (a new chat: the login's own SMS code comes next)
        assert chat.text.startswith("Es la primera vez que entras desde este chat"), chat.text


async def test_a_password_at_the_code_step_keeps_the_reset(world: World) -> None:
    """A password typed where the reset's code is asked went back to the login, which
    dropped the reset of a worker typing the new password before its step. Which one it is
    cannot be told: the codes stay, the worker is told the code comes first and how to go
    back to the login, and the reset goes on with the codes."""
    chat = world.chat("5215500000323")
    await chat.send("olvide mi contraseña")
    await chat.send(CARMEN["email"])
    await chat.send("Papaya#Viento72")
    assert chat.last[0].text.startswith("Eso parece una contraseña, y aquí necesito el código"), \
        chat.text
    assert chat.last[-1].text == "Escribe el código que te llegó por correo.", chat.text
    await chat.send(await world.email_code(CARMEN["email"]))
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert "Crea tu nueva contraseña" in chat.text, chat.text
    await chat.send("Papaya#Viento72")
    assert chat.last[0].text.startswith("Listo, cambiaste tu contraseña."), chat.text


async def test_an_identifier_not_remembered_is_told_to_use_the_other(world: World) -> None:
    """«no me acuerdo de mi correo» where the NSS or the e-mail is asked was «Eso no parece un
    NSS ni un correo»: the worker is told to use the NSS (and where it is), and it works."""
    chat = world.chat("5215500000330")
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send("no me acuerdo de mi correo")
    assert chat.last[0].text.startswith("Entonces escribe tu NSS: son 11 dígitos"), chat.text
    await chat.send(world.person("existing_account")["nss"])
    assert chat.last[0].text.startswith("Si hay una cuenta con ese dato"), chat.text


async def test_a_worker_logged_in_changes_the_password_without_saying_who_they_are(
        world: World) -> None:
    """«quiero cambiar mi contraseña» while logged in asked for the NSS or e-mail as from a
    stranger, then «Si hay una cuenta con ese dato…»: the account's codes go at once."""
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    await chat.send("quiero cambiar mi contraseña")
    assert chat.last[0].text.startswith("Para cambiar tu contraseña te envié un código"), \
        chat.text
    assert "escribe tu NSS" not in chat.text
    await chat.send(await world.email_code(CARMEN["email"]))
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert "Crea tu nueva contraseña" in chat.text, chat.text
    await chat.send(NEW_PASSWORD)
    assert chat.last[0].text.startswith("Listo, cambiaste tu contraseña."), chat.text
