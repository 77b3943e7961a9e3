"""Changing the e-mail or the mobile when logged in (issue 12, trap 10): the password again,
a code to the new address, then it is saved, the old address told and the change audited;
«cambiar mi correo» no longer opens the password reset. A session alone (a phone left
unlocked) can neither change the address nor learn whose addresses have accounts."""

from __future__ import annotations

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from domain.persistence.models import AuditRow
from tests.integration.accounts.test_login import log_in
from tests.integration.accounts.test_password_page import form, link_in
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

NEW_EMAIL = "carmen.nueva@example.com"
NEW_MOBILE = "+525587654321"


async def logged_in(world: World) -> ChatUser:
    chat = world.chat()
    await log_in(world, chat)
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión.")
    return chat


async def audited(world: World) -> list[str]:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        return [row.kind for row in await uow.session.scalars(select(AuditRow))]


async def test_cambiar_mi_correo_changes_the_email_not_the_password(world: World) -> None:
    chat = await logged_in(world)
    await chat.send("quiero cambiar mi correo")
    assert chat.text == ("Escribe tu nuevo correo electrónico. Te enviaremos ahí un código para "
                         "confirmarlo.")
    await chat.send(f"es {NEW_EMAIL}")
    assert chat.last[0].text.startswith("Para confirmar que eres tú, escribe la contraseña")
    assert not await world.emails_to(NEW_EMAIL), "no code before the password"
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Te enviamos un código de 6 dígitos a c******@example.com.")
    await chat.send("no me llega")  # not a wrong code; too soon to send another
    assert "Ese código no es correcto" not in chat.text
    await chat.send(await world.email_code(NEW_EMAIL))
    assert chat.last[0].text == ("Listo, tu correo ahora es c******@example.com. Avisamos a tu "
                                 "correo anterior.")
    old = [mail.subject for mail in await world.emails_to(CARMEN["email"])]
    assert "Se cambió el correo de tu cuenta" in old
    await chat.send("cerrar sesion")
    other = world.chat("5215500000888")
    await log_in(world, other, identifier=NEW_EMAIL)
    assert other.text.startswith("Es la primera vez que entras desde este chat.")
    assert "contact_changed" in await audited(world)


async def test_cambiar_mi_celular_changes_the_mobile(world: World) -> None:
    chat = await logged_in(world)
    await chat.send("cambiar mi celular")
    assert chat.text.startswith("Escribe tu nuevo número de celular a 10 dígitos.")
    await chat.send("55 8765 4321")
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS al +52******4321.")
    await chat.send(await world.sms_code(NEW_MOBILE))
    assert chat.last[0].text.startswith("Listo, tu celular ahora es +52******4321.")
    await world.settle()
    told = [sms.text for sms in world.sms.messages_to(CARMEN["mobile"])]
    assert any("tu celular se cambio a +52******4321" in text for text in told), told


async def test_the_change_needs_a_session_and_a_right_code(world: World) -> None:
    anonymous = world.chat("5215500000887")
    await anonymous.send("hola")
    await anonymous.send("cambiar mi correo")
    assert "Para ver esto necesitas iniciar sesión." in anonymous.text
    chat = await logged_in(world)
    await chat.send("cambiar mi correo")
    await chat.send(CARMEN["email"])
    assert chat.last[0].text.startswith("Ese ya es el que tienes registrado.")
    await chat.send(NEW_EMAIL)
    await chat.send(CARMEN["password"])
    await chat.send("000000")
    assert chat.last[0].text.startswith("Ese código no es correcto.")
    await chat.send("menu")
    other = world.chat("5215500000889")
    await log_in(world, other, identifier=NEW_EMAIL)
    assert other.last[0].text.startswith("El NSS o correo, o la contraseña, no son correctos")


async def test_the_right_number_said_with_the_mistake_is_taken(world: World) -> None:
    """At the password, «espera me equivoqué, es 5587654329» went back to «Escribe tu nuevo
    número» and dropped the number it carried: it is taken, and the password asked again;
    «me equivoqué de correo, es …» the same for the e-mail."""
    chat = await logged_in(world)
    await chat.send("quiero cambiar mi numero de celular")
    await chat.send("5587654320")
    assert chat.last[0].text.startswith("Para confirmar que eres tú, escribe la contraseña")
    await chat.send("espera me equivoque es 5587654321")
    assert chat.last[0].text.startswith("Para confirmar que eres tú, escribe la contraseña"), \
        chat.text
    await chat.send(CARMEN["password"])
    await chat.send(await world.sms_code(NEW_MOBILE))
    assert chat.last[0].text.startswith("Listo, tu celular ahora es"), chat.text
    await chat.send("cambiar mi correo")
    await chat.send("carmen.nuev@example.com")
    await chat.send(f"me equivoque de correo, es {NEW_EMAIL}")
    assert chat.last[0].text.startswith("Para confirmar que eres tú, escribe la contraseña"), \
        chat.text
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Te enviamos un código de 6 dígitos a c******@example.com.")
    await chat.send(await world.email_code(NEW_EMAIL))
    assert chat.last[0].text.startswith("Listo, tu correo ahora es"), chat.text


async def test_a_session_alone_changes_nothing(world: World) -> None:
    """A wrong password changes nothing, sends nothing and counts towards the login lock;
    words are not a try; «me equivoqué de correo» goes back to the address."""
    chat = await logged_in(world)
    await chat.send("cambiar mi correo")
    await chat.send(NEW_EMAIL)
    await chat.send("Adivinando#123")
    assert chat.last[0].text.startswith("El NSS o correo, o la contraseña, no son correctos")
    await chat.send("espera tantito")
    assert chat.last[0].text.startswith("Eso no parece tu contraseña")
    await chat.send("me equivoque de correo")
    assert chat.text.startswith("Escribe tu nuevo correo electrónico.")
    for attempt in range(1, 5):
        await chat.send(NEW_EMAIL)
        await chat.send(f"Adivinando#{attempt}")
    assert chat.last[0].text.startswith("Por seguridad bloqueamos el inicio de sesión")
    assert not await world.emails_to(NEW_EMAIL)
    other = world.chat("5215500000890")
    await log_in(world, other, identifier=NEW_EMAIL)
    assert other.last[0].text.startswith("El NSS o correo, o la contraseña, no son correctos")


async def test_whose_address_it_is_is_told_only_to_who_proves_it(world: World) -> None:
    """Another account's e-mail gets the same answers as a free one until its code is typed;
    then the worker hears it is taken and is asked for another address."""
    chat = await logged_in(world)
    taken = world.person("no_active_relationship")["email"]
    await chat.send("cambiar mi correo")
    await chat.send(taken)
    await chat.send(CARMEN["password"])
    free = chat.text.replace(taken[0] + "******", "?")
    assert free.startswith("Te enviamos un código de 6 dígitos a ?@example.com."), chat.text
    await chat.send(await world.email_code(taken))
    assert chat.last[0].text.startswith("Ese correo ya está en otra cuenta de Mi Cuenta.")
    assert chat.text.endswith("Te enviaremos ahí un código para confirmarlo.")
    await chat.send(NEW_EMAIL)  # the password once is enough for another address
    assert chat.text.startswith("Te enviamos un código de 6 dígitos a c******@example.com.")
    await chat.send(await world.email_code(NEW_EMAIL))
    assert chat.last[0].text.startswith("Listo, tu correo ahora es c******@example.com.")


async def test_on_whatsapp_the_password_goes_on_the_page(world: World, web: TestClient) -> None:
    chat = world.chat("5215512340009", channel="whatsapp")
    await chat.send("hola")
    await chat.send(CARMEN["email"])
    path = link_in(chat)
    await web.post(path, data={"password": CARMEN["password"], "csrf": await form(web, path)})
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión.")
    world.pushed.sent.clear()
    await chat.send("cambiar mi celular")
    await chat.send("55 8765 4321")
    path = link_in(chat)
    csrf = await form(web, path)
    wrong = await web.post(path, data={"password": "Nada#1234", "csrf": csrf})
    assert "no son correctos" in await wrong.text()
    right = await web.post(path, data={"password": CARMEN["password"], "csrf": csrf})
    assert right.status == 200
    [(_, replies)] = world.pushed.sent
    assert replies[-1].text.startswith("Te enviamos un código de 6 dígitos por SMS al")
    await chat.send(await world.sms_code(NEW_MOBILE))
    assert chat.last[0].text.startswith("Listo, tu celular ahora es +52******4321.")


async def test_a_new_email_with_a_mistyped_provider_is_asked_about(world: World) -> None:
    """«carmen.nueva@hotmial.com» as the new e-mail was taken as typed (its code went
    nowhere): it is asked about first, and «sí» takes the provider it meant."""
    chat = await logged_in(world)
    await chat.send("quiero cambiar mi correo")
    await chat.send("carmen.nueva@hotmial.com")
    assert chat.last[0].text.startswith("¿Quisiste decir carmen.nueva@hotmail.com?"), chat.text
    await chat.send("si")
    assert chat.last[0].text.startswith("Para confirmar que eres tú, escribe la contraseña")
    await chat.send(CARMEN["password"])
    await chat.send(await world.email_code("carmen.nueva@hotmail.com"))
    assert chat.last[0].text.startswith("Listo, tu correo ahora es c******@hotmail.com."), \
        chat.text


async def test_the_other_contact_named_at_the_new_address_is_that_change(world: World) -> None:
    """«no mejor el celular» where the new e-mail is asked was «No encontré un correo en tu
    mensaje»: the mobile's change instead (and back)."""
    chat = await logged_in(world)
    await chat.send("quiero cambiar mi correo")
    await chat.send("no mejor el celular")
    assert chat.text.startswith("Escribe tu nuevo número de celular a 10 dígitos."), chat.text
    await chat.send("no, mejor el correo")
    assert chat.text.startswith("Escribe tu nuevo correo electrónico."), chat.text
