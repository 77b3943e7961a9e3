"""Mis datos (ARCO): a copy of what is held, by e-mail, identifiers masked; correcting
identity data leads to an appointment; deleting the account removes it, its chats, codes and
appointments, ends the session, and is audited."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.appointments.procedures import Procedure
from tests.support.savings import logged_in
from tests.support.world import CARMEN, World


async def test_a_copy_of_my_data_by_email_with_identifiers_masked(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500001001")
    await chat.send("mis datos")
    assert chat.options == ["Recibir una copia", "Corregir un dato", "Borrar mi cuenta",
                            "Menú principal"]
    await chat.press("Recibir una copia")
    assert chat.last[0].text == "Te enviamos a tu correo una copia de los datos que tenemos de ti."
    [mail] = [m for m in await world.emails_to(CARMEN["email"])
              if m.subject == "Copia de tus datos personales en Mi Cuenta"]
    carmen = world.person("existing_account")
    assert "Carmen Sánchez Flores" in mail.text
    assert "NSS: ******" + carmen["nss"][-4:] in mail.text
    assert "el chat de la terminal: 1" in mail.text, "this chat, linked by the SMS code"
    for identifier in (carmen["nss"], carmen["curp"], carmen["rfc"], CARMEN["mobile"]):
        assert identifier not in mail.text + mail.html


async def test_correcting_identity_data_leads_to_an_appointment(world: World) -> None:
    chat = await logged_in(world, "existing_account", lang="en", user_id="5215500001002")
    await chat.send("my data")
    await chat.press("Correct something")
    assert chat.last[0].text.startswith("Your name, NSS, CURP and RFC are those of your")
    await chat.press("Book an appointment")
    assert chat.text == "What is the appointment for?"


async def test_deleting_the_account_removes_it_and_ends_the_session(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500001003")
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        found = await uow.accounts.by_email(CARMEN["email"])
    assert found is not None
    account_id = found.id
    await world.container.services.appointments.book(
        await world.container.services.appointments.holder(account_id),
        Procedure.PAYMENT_AGREEMENT, "cdmx-balderas",
        datetime(2026, 12, 1, 15, 0, tzinfo=UTC), world.clock())
    await chat.send("borrar mi cuenta")
    await chat.press("Borrar mi cuenta")
    await chat.press("No, conservarla")
    assert chat.last[0].text == "Tu cuenta sigue igual."
    await chat.send("mis datos")
    await chat.press("Borrar mi cuenta")
    assert chat.last[0].text.startswith("Si borras tu cuenta se borran tu acceso por chat")
    await chat.press("Sí, borrar mi cuenta")
    assert chat.last[0].text.startswith("Borramos tu cuenta.")
    assert "Iniciar sesión" in chat.options, "logged out"
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        assert await uow.accounts.by_email(CARMEN["email"]) is None
        assert await uow.appointments.upcoming(account_id, world.clock()) == []
        assert await uow.accounts.chat_counts(account_id) == ()
        assert [e.kind for e in await uow.audit.recent(kind="account_deleted")] == [
            "account_deleted"]
    await chat.press("Iniciar sesión")
    await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    assert chat.last[0].text.startswith("El NSS o correo, o la contraseña, no son correctos")


async def test_my_data_needs_a_session(world: World) -> None:
    chat = world.chat("5215500001004")
    await chat.send("hola")
    await chat.send("mis datos")
    assert chat.last[0].text == "Para ver esto necesitas iniciar sesión."


async def test_changing_the_email_asked_in_words_inside_my_data_opens_the_change(
        world: World) -> None:
    """«quiero cambiar mi correo» at «Mis datos» got «Ya iniciaste sesión… escribe «cambiar
    mi correo»» (the account recovery's answer): the words it asked for were those."""
    chat = await logged_in(world, "with_credit", user_id="5215500000330")
    await chat.send("mis datos")
    await chat.send("quiero cambiar mi correo")
    assert chat.text.startswith("Escribe tu nuevo correo electrónico."), chat.text


async def test_my_data_asked_in_words_opens_at_what_was_asked(world: World) -> None:
    """«quiero borrar mi cuenta» logged in got «¿Quisiste decir…? Recomendaciones de
    seguridad»: it opens «Mis datos» at the deletion's question; logged out, the login
    comes first; a copy and English are read the same way."""
    chat = await logged_in(world, "existing_account")
    await chat.send("quiero borrar mi cuenta")
    assert chat.last[0].text.startswith("Si borras tu cuenta"), chat.text
    assert chat.options == ["Sí, borrar mi cuenta", "No, conservarla"]
    await chat.press("No, conservarla")
    other = await logged_in(world, "existing_account", lang="en", user_id="5215500000931")
    await other.send("i want to delete my account")
    assert other.options[0].startswith("Yes"), other.text
    stranger = world.chat("5215500000932")
    await stranger.send("hola")
    await stranger.send("quiero una copia de mis datos")
    assert stranger.last[-1].text.startswith("Para iniciar sesión escribe tu NSS"), stranger.text
