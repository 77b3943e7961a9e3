"""Data typed before its step is kept for it: the NSS and CURP at the menu (the login took
the NSS and lost the CURP), the e-mail and mobile at the RFC, the mobile at the e-mail
(each refused with that step's error, and lost)."""

from __future__ import annotations

from tests.integration.accounts.test_register import EMAIL, MOBILE
from tests.support.world import World


async def test_the_nss_and_curp_at_the_menu_open_the_registration_with_both(
        world: World) -> None:
    chat = world.chat()
    person = world.person("active_woman")
    await chat.send("hola")
    await chat.send(f"{person['nss']} {person['curp']}")
    assert "Antes de empezar: aviso de privacidad" in chat.text, chat.text
    await chat.press("Acepto")
    assert chat.text.startswith("Escribe tu RFC con homoclave"), chat.text


async def test_the_contacts_at_the_rfc_and_the_mobile_at_the_email_are_kept(
        world: World) -> None:
    chat = world.chat()
    person = world.person("active_woman")
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send(f"mi correo es {EMAIL.replace('@', ' @ ')} y mi cel 55 1234 5678")
    assert chat.last[0].text.startswith("Lo guardé para cuando te lo pida. Primero necesito "
                                        "tu RFC"), chat.text
    await chat.send(person["rfc"])
    assert "por SMS al +52******5678" in chat.text, chat.text
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "Ahora crea tu contraseña" in chat.text


async def test_the_mobile_at_the_email_is_kept(world: World) -> None:
    chat = world.chat()
    person = world.person("active_woman")
    await chat.send("registro")
    await chat.press("Acepto")
    for answer in (person["nss"], person["curp"], person["rfc"]):
        await chat.send(answer)
    await chat.send("5512345678")
    assert chat.last[0].text.startswith("Guardé tu celular para el siguiente paso."), chat.text
    await chat.send(EMAIL)
    assert "por SMS al +52******5678" in chat.text, chat.text
