"""Citas as transcripts: booking at a centre in its local time, the e-mail, what to bring,
a time taken meanwhile, one appointment per procedure, cancelling, and the login gate."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.appointments.centres import default_centres
from domain.appointments.model import Appointment, Holder
from domain.appointments.procedures import Procedure
from domain.appointments.service import SlotTaken
from domain.appointments.slots import closed_because, opening_days
from domain.persistence.appointments import DeskTaken
from tests.support.chat import ChatUser
from tests.support.savings import account, log_in, logged_in, today
from tests.support.world import World

STATES_ES = ["Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas",
             "Chihuahua", "Ciudad de México", "Coahuila", "Colima", "Durango",
             "Estado de México", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "Michoacán",
             "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro",
             "Quintana Roo", "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas",
             "Tlaxcala", "Veracruz", "Yucatán", "Zacatecas"]
ASK_STATE = "¿En qué estado? Elige de la lista o escribe tu estado o tu ciudad."
ASK_CENTRE = "¿En qué Centro de Servicio? Elige de la lista o escribe tu ciudad."
CDMX_CENTRES = ["CESI Ciudad de México Balderas", "CESI Barranca del Muerto", "CESI Tabacalera",
                "CESI Coapa", "CESI Ermita", "CESI La Viga", "CESI Vallejo"]
CENTRE = {"Ciudad de México": "CESI Ciudad de México Balderas", "Jalisco": "CESI Guadalajara"}
"""The centre the tests book at in a state that has several."""
NNBSP = "\u202f"
"""CLDR puts a narrow no-break space before a.m. / AM."""


def at(text: str) -> str:
    """A time as written in a test ("9:00 a.m.") as Babel writes it."""
    return re.sub(r" (a\.m\.|p\.m\.|AM|PM)", NNBSP + r"\1", text)


def plain(text: str) -> str:
    return text.replace(NNBSP, " ")


async def _account_id(world: World, case: str) -> str:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        found = await uow.accounts.by_email(account(case)["email"])
    assert found is not None
    return found.id


async def _holder(world: World, case: str) -> Holder:
    return await world.container.services.appointments.holder(await _account_id(world, case))


async def _upcoming(world: World, case: str) -> list[Appointment]:
    holder = await _holder(world, case)
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        return await uow.appointments.upcoming_of_worker(holder.worker_id, world.clock())


async def _upcoming_starts(world: World, case: str) -> list[tuple[str, datetime]]:
    return [(a.folio, a.starts_at) for a in await _upcoming(world, case)]


async def _to_times(chat: ChatUser, procedure: str, state: str) -> None:
    await chat.press("Citas")
    await chat.press(procedure)
    await chat.press(state)
    if chat.text == ASK_CENTRE:
        await chat.press(CENTRE[state])


async def _book(world: World, chat: ChatUser, time: str, procedure: str = "Convenio de pago",
                state: str = "Ciudad de México") -> str:
    await _to_times(chat, procedure, state)
    await chat.press(chat.options[0])  # the first free day
    await chat.press(at(time))
    await chat.press("Confirmar la cita")
    assert chat.last[0].text.startswith("Listo, tu cita quedó agendada. Folio: "), chat.text
    return chat.last[0].text.split("Folio: ", 1)[1][:8]


async def test_booking_at_a_centre_step_by_step_with_its_email(world: World) -> None:
    chat = await logged_in(world, "with_credit")
    await chat.press("Citas")
    assert chat.text == "¿Para qué trámite es la cita?"
    assert len(chat.options) == 9 and chat.options[3] == "Convenio de pago"
    await chat.press("Convenio de pago")
    assert chat.text == ASK_STATE
    assert chat.options == STATES_ES
    await chat.press("Ciudad de México")
    assert chat.text == ASK_CENTRE
    assert chat.options == CDMX_CENTRES
    await chat.press("CESI Ciudad de México Balderas")
    assert chat.text == "¿Qué día? Estos tienen horarios libres:"
    centre = default_centres().by_id("cdmx-balderas")
    first_days = opening_days(centre, default_centres(), today(world))[:9]
    assert first_days[0] == date(2026, 11, 30), "Saturday noon: Sunday is closed"
    assert chat.options[:2] == ["lun 30 de nov", "mar 1 de dic"]
    assert len(chat.options) == len(first_days)
    await chat.press("lun 30 de nov")
    assert chat.text == "¿A qué hora, el 30 de noviembre de 2026? (hora local del Centro)"
    assert chat.options[0] == at("8:30 a.m.") and chat.options[-1] == at("2:00 p.m.")
    assert len(chat.options) == 12
    await chat.press(at("9:00 a.m."))
    assert plain(chat.last[0].text) == ("Tu cita: Convenio de pago\nCESI Ciudad de México Balderas "
                                 "(Balderas 144, Centro, Ciudad de México)\n30 de noviembre de "
                                 "2026 a las 9:00 a.m., hora local")
    assert chat.last[1].text == ("Lleva:\n• Identificación oficial (INE o pasaporte)\n"
                                 "• Tu Número de Seguridad Social (NSS)\n• Tu número de crédito")
    assert chat.options == ["Confirmar la cita", "Otro horario", "No agendar"]
    await chat.press("Confirmar la cita")
    folio = chat.last[0].text.split("Folio: ", 1)[1][:8]
    assert chat.last[0].text.endswith("Te enviamos los datos a tu correo.")
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:", "back at the menu"
    assert await _upcoming_starts(world, "with_credit") == [
        (folio, datetime(2026, 11, 30, 15, 0, tzinfo=UTC))], "09:00 in Mexico City"
    mails = await world.emails_to(account("with_credit")["email"])
    mail = next(m for m in mails if m.subject == "Tu cita en el Infonavit quedó agendada")
    assert folio in mail.text and "30 de noviembre de 2026, 9:00 a.m." in plain(mail.text)
    assert "Tu número de crédito" in mail.text
    await chat.press("Citas")
    assert chat.last[0].text == "Tus citas:"
    assert plain(chat.last[1].text) == (f"Folio {folio}: Convenio de pago, en CESI Ciudad de "
                                        "México Balderas, el 30 de noviembre de 2026 a las "
                                        "9:00 a.m.")
    assert chat.options == ["Agendar una cita", "Cambiar día u hora", "Cancelar una cita",
                            "Menú principal"]


async def test_tijuana_in_english_is_booked_at_its_local_time(world: World) -> None:
    chat = await logged_in(world, "pension_in_process", lang="en", user_id="5215500000501")
    await chat.press("Appointments")
    await chat.press("Return of my savings")
    assert chat.text.endswith("Do you have your pension resolution yet?")
    await chat.press("Yes, I have it")
    await chat.send("tijuana")
    assert chat.last[0].text == ("Service Centre: CESI Tijuana Plaza Monarca (Plaza Monarca, "
                                 "delegación Cerro Colorado, Tijuana, B.C.).")
    await chat.press("Mon, Nov 30")
    assert chat.options[0] == at("8:30 AM")
    await chat.press(at("8:30 AM"))
    assert "November 30, 2026 at 8:30 AM, local time" in plain(chat.last[0].text)
    assert "Your pension resolution" in chat.last[1].text
    assert "credit number" not in chat.last[1].text
    await chat.press("Confirm it")
    starts = [starts_at for _, starts_at in await _upcoming_starts(world, "pension_in_process")]
    assert starts == [datetime(2026, 11, 30, 16, 30, tzinfo=UTC)], "UTC-8 in November"


async def test_a_time_taken_meanwhile_is_refused_and_the_times_offered_again(
        world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000502")
    await _to_times(chat, "Convenio de pago", "Jalisco")
    await chat.press("lun 30 de nov")
    await chat.press(at("10:00 a.m."))
    service = world.container.services.appointments
    slot = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 10:00 in Guadalajara
    ids = [await _holder(world, case) for case in ("no_active_relationship", "existing_account")]
    await asyncio.gather(*(service.book(i, Procedure.CREDIT_SIGNING, "gdl-palomar", slot,
                                        world.clock()) for i in ids))  # both desks
    await chat.press("Confirmar la cita")
    assert chat.last[0].text == "Ese horario se acaba de ocupar. Elige otro."
    assert chat.last[-1].text == "¿A qué hora, el 30 de noviembre de 2026? (hora local del Centro)"
    assert at("10:00 a.m.") not in chat.options and at("9:30 a.m.") in chat.options


async def test_two_workers_racing_for_the_last_desk_one_wins(world: World) -> None:
    service = world.container.services.appointments
    slot = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # 11:00 in Guadalajara, 2 desks
    cases = ("no_active_relationship", "existing_account", "new_worker_few_contributions")
    ids = [await _holder(world, case) for case in cases]
    results = await asyncio.gather(
        *(service.book(i, Procedure.PAYMENT_AGREEMENT, "gdl-palomar", slot, world.clock())
          for i in ids), return_exceptions=True)
    booked = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(booked) == 2 and len(refused) == 1, results
    assert type(refused[0]).__name__ == "SlotTaken"


async def test_one_upcoming_appointment_per_procedure_is_said_before_the_state(
        world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000503")
    folio = await _book(world, chat, "8:30 a.m.")
    await chat.press("Citas")
    await chat.press("Agendar una cita")
    await chat.press("Convenio de pago")
    assert chat.last[0].text == (f"Ya tienes una cita para ese trámite (folio {folio}). Para "
                                 "cambiarla de día u hora escribe «cambiar mi cita»; para "
                                 "otro trámite, elígelo.")
    assert chat.last[-1].text == "¿Para qué trámite es la cita?", "no state, day or time"
    await chat.press("Reestructura de crédito")
    assert chat.text == ASK_STATE, "another procedure goes on"
    await chat.send("cancelar")
    await chat.press("Citas")
    await chat.press("Agendar una cita")
    await chat.press("Convenio de pago")
    await chat.send("cambiar mi cita")  # as the refusal says: the one booked is moved
    assert chat.last[0].text.startswith(f"Vamos a cambiar tu cita {folio}"), chat.text


async def test_cancelling_frees_the_desk_and_keeping_keeps_it(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000504")
    folio = await _book(world, chat, "11:00 a.m.")
    await chat.press("Citas")
    await chat.press("Cancelar una cita")  # the only one: whether to cancel it, at once
    assert chat.options == ["Sí, cancelarla", "No, conservarla"]
    await chat.press("No, conservarla")
    assert chat.last[0].text == "Tu cita sigue agendada."
    await chat.press("Citas")
    await chat.press("Cancelar una cita")
    assert plain(chat.text) == (f"¿Cancelamos tu cita de Convenio de pago, el 30 de noviembre "
                                f"de 2026 a las 11:00 a.m., en CESI Ciudad de México Balderas? "
                                f"Folio {folio}.")
    await chat.press("Sí, cancelarla")
    assert plain(chat.last[0].text) == (f"Cancelamos tu cita {folio} del 30 de noviembre de 2026 a "
                                 "las 11:00 a.m.; el horario queda libre para alguien más.")
    await chat.press("Citas")
    assert chat.text == "¿Para qué trámite es la cita?", "nothing upcoming any more"


async def test_cancelling_one_s_appointment_is_not_the_credit_cancellation(
        world: World) -> None:
    """«quiero cancelar mi cita» at the list of procedures chose «Cancelación de crédito»
    (the words share «cancelar») and went on to book it. It now leads to cancelling the
    worker's appointments, after the login when logged out, or says there are none."""
    chat = await logged_in(world, "with_credit", user_id="5215500000509")
    await chat.press("Citas")
    await chat.send("quiero cancelar mi cita")
    assert chat.last[0].text.startswith("No tienes citas próximas que cancelar"), chat.text
    assert chat.last[-1].text == "¿Para qué trámite es la cita?"
    await chat.send("menú")
    folio = await _book(world, chat, "11:00 a.m.")
    chat = world.chat("5215500000510")
    await chat.send("hola")
    await chat.press("Citas")
    await chat.send("ya no puedo ir a mi cita, cancelala")
    await log_in(world, chat, "with_credit")
    assert "¿Cancelamos tu cita de Convenio de pago" in chat.text
    assert folio in chat.text


async def test_the_procedure_list_is_open_and_the_rest_needs_a_session(world: World) -> None:
    """Logged out, Citas shows the procedures (so that «Recuperar mi cuenta» can be found);
    any other procedure asks for the login, and after it the worker goes on with it."""
    chat = world.chat("5215500000505")
    await chat.send("hola")
    await chat.press("Citas")
    assert chat.text == ("¿Para qué trámite es la cita? «Recuperar mi cuenta sin mi correo» se "
                         "agenda sin iniciar sesión; para los demás te pediré iniciar sesión.")
    assert "Recuperar mi cuenta sin mi correo" in chat.options
    assert "Convenio de pago" in chat.options
    await chat.press("Convenio de pago")
    assert [r.text for r in chat.last] == [
        "Para ver esto necesitas iniciar sesión.",
        "Para iniciar sesión escribe tu NSS (11 dígitos) o tu correo electrónico."]
    await log_in(world, chat, "with_credit")
    assert chat.last[-1].text == ASK_STATE, "the procedure chosen before the login stands"
    await chat.press("Ciudad de México")
    await chat.press(chat.options[0])  # its first centre
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    assert chat.last[0].text.startswith("Tu cita: Convenio de pago")


async def test_a_procedure_chosen_before_the_login_is_still_checked(world: World) -> None:
    chat = world.chat("5215500000506")
    await chat.send("hola")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    await log_in(world, chat, "existing_account")  # no credit on her record
    assert chat.last[-2].text.startswith("«Convenio de pago» es para quien tiene un crédito")
    assert chat.last[-1].text.startswith("¿Para qué trámite es la cita?")


async def test_a_procedure_named_with_the_request_is_chosen(world: World) -> None:
    """«quiero una cita para reestructura de mi credito» at the menu opened the list of
    procedures and the worker had to say it again; now the procedure named is chosen, and
    after the login the booking goes on at the state. In English too, logged in."""
    chat = world.chat("5215500000507")
    await chat.send("hola")
    await chat.send("quiero una cita para reestructura de mi credito")
    await log_in(world, chat, "with_credit")
    assert chat.last[-1].text == ASK_STATE, chat.text
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000508")
    await chat.send("i need an appointment for a payment agreement")
    assert chat.last[-1].text.startswith("In which state?"), chat.text


async def test_a_desk_taken_between_the_look_and_the_insert_is_refused(world: World) -> None:
    """Booking A has inserted desk 1 and not committed; booking B looked and saw it free.
    B's insert waits for A, then fails on the unique constraint: ``DeskTaken``, nothing of
    B kept. (SQLite has one writer at a time: B could not even start; PostgreSQL only.)"""
    database = world.container.database
    if database.is_sqlite:
        pytest.skip("needs two writers at once: PostgreSQL")
    slot = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    first, second = (await _holder(world, "no_active_relationship"),
                     await _holder(world, "existing_account"))
    async with database.unit_of_work(world.container.keyring) as a, \
            database.unit_of_work(world.container.keyring) as b:
        await a.appointments.book(worker_id=first.worker_id, account_id=first.account_id,
                                  centre_id="gdl-palomar",
                                  procedure="payment_agreement", starts_at=slot, desks=2,
                                  folio="AAAAAAAA", now=world.clock(), most=3)
        racing = asyncio.create_task(b.appointments.book(
            worker_id=second.worker_id, account_id=second.account_id,
            centre_id="gdl-palomar", procedure="payment_agreement",
            starts_at=slot, desks=2, folio="BBBBBBBB", now=world.clock(), most=3))
        await asyncio.sleep(0.2)  # B is waiting on A's row
        await a.commit()
        with pytest.raises(DeskTaken):
            await racing
    assert await world.container.services.appointments.free_times(
        "gdl-palomar", date(2026, 12, 2), world.clock()), "desk 2 is still free"


async def test_a_reminder_goes_out_a_day_before_and_not_after_cancelling(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000506")
    folio = await _book(world, chat, "8:30 a.m.")  # Monday 30 November, 14:30 UTC
    (appointment_id,) = [a.id for a in await _upcoming(world, "with_credit")]
    timers = world.container.timers
    assert await timers.when("appointment_reminder", appointment_id) == datetime(
        2026, 11, 29, 14, 30, tzinfo=UTC).timestamp(), "24 hours before"
    world.clock.advance(hours=20)  # Sunday 14:00 UTC: not yet
    assert await timers.fire_due() == 0
    world.clock.advance(hours=1)
    assert await timers.fire_due() == 1
    mails = await world.emails_to(account("with_credit")["email"])
    reminder = next(m for m in mails
                    if m.subject == "Recordatorio: mañana es tu cita en el Infonavit")
    assert folio in reminder.text
    assert "30 de noviembre de 2026, 8:30 a.m." in plain(reminder.text)
    assert not await world.container.services.appointments.send_reminder(
        appointment_id, world.clock() + timedelta(days=2)), "not once the time has passed"


async def test_booked_less_than_a_day_ahead_the_confirmation_is_the_reminder(
        world: World) -> None:
    world.clock.advance(hours=24)  # Sunday noon in Mexico City
    chat = await logged_in(world, "with_credit", user_id="5215500000508")
    await _book(world, chat, "9:00 a.m.")  # Monday 09:00, 21 hours ahead
    (booked,) = await _upcoming(world, "with_credit")
    assert await world.container.timers.when("appointment_reminder", booked.id) is None
    await world.container.services.appointments.cancel(
        await _holder(world, "with_credit"), booked.folio, world.clock())
    assert not await world.container.services.appointments.send_reminder(
        booked.id, world.clock()), "a cancelled appointment is not reminded"


async def test_cancelling_removes_the_reminder(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000507")
    folio = await _book(world, chat, "1:00 p.m.", state="Jalisco")
    (appointment_id,) = [a.id for a in await _upcoming(world, "with_credit")]
    timers = world.container.timers
    assert await timers.when("appointment_reminder", appointment_id) is not None
    await chat.press("Citas")
    await chat.press("Cancelar una cita")
    assert folio in chat.text
    await chat.press("Sí, cancelarla")
    assert await timers.when("appointment_reminder", appointment_id) is None


async def test_one_account_booking_from_two_chats_at_once_gets_one(world: World) -> None:
    """Both bookings pass the look at the free times together; the account's row lock makes
    the second see the first (PostgreSQL; SQLite has a single writer)."""
    if world.container.database.is_sqlite:
        pytest.skip("needs two writers at once: PostgreSQL")
    service = world.container.services.appointments
    luis = await _holder(world, "with_credit")
    slots = [datetime(2026, 12, 3, hour, 0, tzinfo=UTC) for hour in (15, 16, 17)]
    results = await asyncio.gather(
        *(service.book(luis, Procedure.RESTRUCTURING, "cdmx-balderas", slot, world.clock())
          for slot in slots), return_exceptions=True)
    refused = [type(r).__name__ for r in results if isinstance(r, BaseException)]
    assert refused == ["AlreadyBooked", "AlreadyBooked"], results
    assert len(await _upcoming(world, "with_credit")) == 1


async def test_a_centre_without_free_days_sends_back_to_choose_another(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    service = world.container.services.appointments

    async def nothing_free(centre_id: str, now: datetime) -> list[date]:
        return []

    monkeypatch.setattr(service, "free_days", nothing_free)
    chat = await logged_in(world, "with_credit", user_id="5215500000509")
    await _to_times(chat, "Convenio de pago", "Jalisco")
    assert chat.last[0].text == ("Ese Centro no tiene horarios libres en los próximos 30 días. "
                                 "Elige otro.")
    assert chat.last[-1].text == ASK_CENTRE, "Jalisco has two centres: the other one"
    assert chat.options == ["CESI Guadalajara", "CESI Puerto Vallarta"]
    await chat.send("mejor en yucatan")
    assert chat.last[1].text == ("Ese Centro no tiene horarios libres en los próximos 30 días. "
                                 "Elige otro.")
    assert chat.last[-1].text == ASK_STATE, "Yucatán has one centre: another state"
    assert chat.options == STATES_ES


async def test_with_two_appointments_the_one_named_in_words_is_cancelled(world: World) -> None:
    """The list to cancel from says what each one is (the buttons said only «Folio …»);
    «la de jalisco», «la del convenio» or a day pick one; a procedure asked for from the
    menu while appointments are upcoming goes to that procedure, not to the list."""
    chat = await logged_in(world, "with_credit", user_id="5215500000520")
    first = await _book(world, chat, "11:00 a.m.")
    await chat.send("quiero una cita para reestructura")
    assert chat.text == ASK_STATE, "the procedure named, not «Tus citas»"
    await chat.press("Jalisco")
    await chat.press(chat.options[0])  # the first centre
    await chat.press(chat.options[0])  # the first free day
    await chat.press(at("9:00 a.m."))
    await chat.press("Confirmar la cita")
    second = chat.last[0].text.split("Folio: ", 1)[1][:8]
    await chat.send("quiero cancelar mi cita")
    listed = plain(chat.text)
    assert f"Folio {first}: Convenio de pago, en CESI Ciudad de México" in listed
    assert f"Folio {second}: Reestructura de crédito, en CESI Guadalajara" in listed
    assert chat.last[-1].text == "¿Qué cita quieres cancelar?"
    assert len(chat.options) == 2 and all("dic" in o or "nov" in o for o in chat.options)
    await chat.send("pues no se")
    assert chat.last[0].text == ("Elige la cita en la lista, o escribe su centro, su día o "
                                 "su folio.")
    await chat.send("la de guadalajara")
    assert chat.text.startswith("¿Cancelamos tu cita de Reestructura de crédito")
    await chat.press("No, conservarla")
    await chat.send("quiero cancelar una cita")
    await chat.send("la del convenio")
    assert chat.text.startswith("¿Cancelamos tu cita de Convenio de pago")
    await chat.press("Sí, cancelarla")
    assert chat.last[0].text.startswith(f"Cancelamos tu cita {first}")


async def test_asking_to_cancel_in_the_middle_of_booking_another_goes_to_the_one_booked(
        world: World) -> None:
    """«quiero cancelar mi cita» at the times of a second booking was read as a time («Esa
    hora no está libre»), over and over: the worker could not get to the one to cancel. And
    words that name no time («si») are asked for a time, not told one is taken."""
    chat = await logged_in(world, "with_credit", user_id="5215500000521")
    first = await _book(world, chat, "11:00 a.m.")
    await chat.send("quiero una cita para reestructura")
    await chat.press("Jalisco")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    await chat.send("si")
    assert chat.last[0].text == "Elige una hora de la lista (o escríbela, como «a las 10:30»)."
    await chat.send("a las 3 de la mañana")  # the centre is closed then: its hours
    assert chat.last[0].text.startswith("Ese día el Centro atiende de ")
    await chat.send("no mejor quiero cancelar la cita que ya tengo")
    assert chat.text.startswith("¿Cancelamos tu cita de Convenio de pago"), chat.text
    assert first in chat.text
    await chat.press("Sí, cancelarla")
    assert chat.last[0].text.startswith(f"Cancelamos tu cita {first}")


async def test_a_place_in_the_state_already_chosen_is_answered_not_ignored(
        world: World) -> None:
    """At the centres of Mexico City, «benito juarez» (a borough with no centre) named the
    state again: the question came back with no word said, as if the text were lost. A
    borough next to a centre («coyoacán») finds that centre."""
    chat = await logged_in(world, "with_credit", user_id="5215500000522")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    await chat.press("Ciudad de México")
    assert chat.text == ASK_CENTRE
    await chat.send("benito juarez")
    assert chat.last[0].text.startswith("Ahí no hay un Centro de Servicio. Estos son los de "
                                        "Ciudad de México: elige el que te quede más cerca"), \
        chat.text
    assert chat.last[-1].text == ASK_CENTRE
    await chat.send("el que este mas cerca de coyoacan")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Coapa"), chat.text


async def test_an_appointment_is_moved_to_another_day_in_one_step(world: World) -> None:
    """«quiero cambiar mi cita para el martes» showed the list with «Agendar» and
    «Cancelar» only, and booking first was refused (one per procedure): the appointment is
    moved: same procedure and centre, the day said taken, the old one cancelled in the same
    transaction as the new one is booked (it stands until then); «¿dónde queda?» there says
    the centre's address."""
    chat = await logged_in(world, "with_credit", user_id="5215500000522")
    first = await _book(world, chat, "11:00 a.m.")
    (_, old_start), = await _upcoming_starts(world, "with_credit")
    await chat.press("Citas")
    assert "Cambiar día u hora" in chat.options
    await chat.send("donde queda?")
    assert chat.last[0].text.startswith("CESI "), chat.text
    await chat.send("quiero cambiar mi cita para otro dia")
    assert chat.last[0].text.startswith(f"Vamos a cambiar tu cita {first} de Convenio de pago"), \
        chat.text
    assert chat.last[-1].text.startswith("¿Qué día?"), chat.text
    assert [folio for folio, _ in await _upcoming_starts(world, "with_credit")] == [first]
    await chat.press(chat.options[1])  # another day than the first shown
    await chat.press(chat.options[0])
    assert f"Esta cita reemplaza a la {first}" in chat.text
    await chat.press("Confirmar la cita")
    assert chat.last[0].text == f"Cancelamos tu cita anterior ({first}).", chat.text
    assert chat.last[1].text.startswith("Listo, tu cita quedó agendada. Folio: ")
    (folio, starts), = await _upcoming_starts(world, "with_credit")
    assert folio != first and starts != old_start
    subjects = [mail.subject for mail in await world.emails_to(account("with_credit")["email"])]
    assert len([s for s in subjects if "cita" in s.lower()]) >= 2, subjects


async def test_a_move_to_a_time_taken_meanwhile_keeps_the_old_appointment(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moving is one transaction: when both desks of the new time are taken between the
    look and the booking, nothing changes (the old appointment stands) and the time is
    refused (``SlotTaken``), as for a new booking."""
    chat = await logged_in(world, "with_credit", user_id="5215500000523")
    first = await _book(world, chat, "11:00 a.m.")
    service = world.container.services.appointments
    slot = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 10:00 in Guadalajara, 2 desks
    others = [await _holder(world, case) for case in ("no_active_relationship",
                                                       "existing_account")]
    for other in others:
        await service.book(other, Procedure.CREDIT_SIGNING, "gdl-palomar", slot, world.clock())
    before = await _upcoming_starts(world, "with_credit")

    async def looked_free(centre_id: str, day: date, now: datetime) -> list[datetime]:
        return [slot.astimezone(service.centres.by_id(centre_id).zone)]  # the stale look

    monkeypatch.setattr(service, "free_times", looked_free)
    with pytest.raises(SlotTaken):
        await service.reschedule(await _holder(world, "with_credit"), first, "gdl-palomar",
                                 slot, world.clock())
    assert await _upcoming_starts(world, "with_credit") == before


async def test_with_two_appointments_the_one_to_move_is_asked_or_named(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000524")
    first = await _book(world, chat, "11:00 a.m.")
    await chat.press("Citas")
    await chat.press("Agendar una cita")
    await chat.press("Reestructura de crédito")
    await chat.send("monterrey")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    await chat.press("Confirmar la cita")
    assert chat.last[0].text.startswith("Listo, tu cita quedó agendada."), chat.text
    await chat.press("Citas")
    await chat.send("quiero cambiar mi cita")
    assert chat.last[-1].text == "¿Cuál cita quieres cambiar?", chat.text
    await chat.send("la del convenio")
    assert chat.last[0].text.startswith(f"Vamos a cambiar tu cita {first} de Convenio de pago"), \
        chat.text


async def test_another_procedure_asked_at_the_procedures_opens_it(world: World) -> None:
    """«mejor mi estado de cuenta» at «¿Para qué trámite es la cita?» chose «Recuperar mi
    cuenta sin mi correo» (its «cuenta»): nothing is chosen yet there, so the statement
    opens, as from the menu."""
    chat = await logged_in(world, "existing_account", user_id="5215500000525")
    await chat.press("Citas")
    assert chat.text == "¿Para qué trámite es la cita?"
    await chat.send("mejor mi estado de cuenta")
    assert "Recuperar mi cuenta" not in chat.text, chat.text
    assert chat.last[-1].text.startswith("¿Quieres tu estado de cuenta en PDF?"), chat.text


async def test_to_apply_for_a_credit_is_the_signing_not_the_credit_s_summary(
        world: World) -> None:
    """«pa tramitar mi credito» at «¿Para qué trámite es la cita?» opened «Mi crédito y
    pagos» after the login: the appointment was gone, and «jalisco» then got «Elige una de
    las opciones». Applying for a credit in words is «Inscripción y firma de crédito»."""
    chat = world.chat("5215500000509")
    await chat.send("kiero una cita")
    await chat.send("pa tramitar mi credito")
    await log_in(world, chat, "existing_account")  # no credit yet: she may apply
    assert "Debes $" not in chat.text, chat.text
    assert chat.last[-1].text == ASK_STATE, chat.text
    chat = await logged_in(world, "existing_account", lang="en", user_id="5215500000510")
    await chat.send("i need an appointment to apply for a loan")
    assert chat.last[-1].text.startswith("In which state?"), chat.text


async def test_a_procedure_said_under_a_result_is_chosen_with_the_appointment(
        world: World) -> None:
    """«quiero mi dinero ya me pensione» under the points notice opened «¿Para qué trámite
    es la cita?» as if nothing had been said: words that open a procedure from a result go
    on to it as they do from the menu."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000511")
    await chat.press("Mis puntos")
    await chat.send("quiero mi dinero ya me pensione")
    assert not chat.last[-1].text.startswith("¿Para qué trámite es la cita?"), chat.text
    assert "Devolución de mi ahorro" in chat.text or "devolución de tu ahorro" in chat.text, \
        chat.text


async def test_whichever_is_taken_and_a_day_and_part_said_early_are_kept_together(
        world: World) -> None:
    """At the centres, «el viernes» then «en la tarde» were each «Anotado, lo tomo en
    cuenta», but the second replaced the first and the day list came with no day taken;
    «la que sea» was kept as a time. Both said early are kept; «la que sea», «cualquiera»
    take the first of the list, said so, one «atrás» away."""
    chat = await logged_in(world, "with_credit", user_id="5215500000523")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    await chat.press("Ciudad de México")
    await chat.send("el viernes")
    await chat.send("en la tarde")
    await chat.send("la que sea")
    assert chat.last[0].text.startswith("Te propongo CESI"), chat.text
    assert "Para el 4 de diciembre de 2026." in chat.text, chat.text  # the Friday said
    assert chat.last[-1].text.startswith("Estos son los horarios de la tarde"), chat.text
    await chat.send("cualquiera")
    assert "Confirmar la cita" in chat.options, chat.text
    other = await logged_in(world, "with_credit", "en", user_id="5215500000524")
    await other.press("Appointments")
    await other.press("Payment agreement")
    await other.press("Ciudad de México")
    await other.send("whichever")
    await other.send("any")
    assert other.last[0].text.startswith("How about "), other.text


async def test_a_day_with_its_time_is_taken_whole(world: World) -> None:
    """«agendame una cita para inscripcion en monterrey el martes a las 10» said «Ese día no
    hay lugar en este centro» (the 10 read as a day of the month, with Tuesday): the day
    and the time are both taken, to be confirmed; «el 10» alone at the day is the day."""
    chat = await logged_in(world, "existing_account", user_id="5215500000525")
    await chat.send("agendame una cita para inscripcion en monterrey el martes a las 10")
    assert "no hay lugar" not in chat.text, chat.text
    assert "a las 10:00" in chat.text, chat.text
    assert "Confirmar la cita" in chat.options
    other = await logged_in(world, "existing_account", user_id="5215500000526")
    await other.press("Citas")
    await other.press("Inscripción y firma de crédito")
    await other.send("monterrey")
    await other.send("el 10")
    assert other.last[-1].text.startswith(("¿A qué hora", "Estos son los horarios")), \
        other.text


async def test_the_appointment_just_booked_is_what_change_it_or_cancel_it_means(
        world: World) -> None:
    """Right after booking, «i need to change it» got «Did you mean… Documents» and «cancel
    it» a cancel of nothing; «quiero cambiar mi cita» at the menu showed the list of one's
    appointments instead of moving the only one. They move or cancel that appointment."""
    chat = await logged_in(world, "with_credit")
    await _book(world, chat, "10:00 a.m.")
    await chat.send("necesito cambiarla")
    assert chat.last[0].text.startswith("Vamos a cambiar tu cita "), chat.text
    await chat.send("menu")
    await chat.send("quiero cambiar mi cita")
    assert chat.last[0].text.startswith("Vamos a cambiar tu cita "), chat.text
    await chat.press(chat.options[1])
    await chat.press(at("11:00 a.m."))
    await chat.press("Confirmar la cita")
    assert "Listo, tu cita quedó agendada." in chat.text, chat.text
    await chat.send("cancelala porfa")
    assert chat.text.startswith("¿Cancelamos tu cita de Convenio de pago"), chat.text
    await chat.press("No, conservarla")


@pytest.mark.parametrize("text", ["ya no voy a ir, cancelala", "ok si cancelala",
                                  "surgio algo y no puedo, cancelala porfa"])
async def test_cancel_it_after_a_reason_is_the_appointment_just_booked(world: World,
                                                                        text: str) -> None:
    """«ya no voy a ir, cancélala» right after booking was «No hay nada que cancelar»: the
    reason before the verb hid it."""
    chat = await logged_in(world, "with_credit")
    await _book(world, chat, "10:00 a.m.")
    await chat.send(text)
    assert chat.text.startswith("¿Cancelamos tu cita de Convenio de pago"), chat.text


async def test_when_and_where_of_the_appointment_just_booked(world: World) -> None:
    """Right after booking, «wait what time was it again?» was out of scope and «where is it
    exactly?» «I could not find that option» (at the menu): the appointment is shown again,
    its centre's address for where."""
    chat = await logged_in(world, "with_credit")
    folio = await _book(world, chat, "10:00 a.m.")
    await chat.send("oye a que hora era?")
    assert chat.last[0].text == "Tus citas:", chat.text
    assert chat.last[1].text.startswith(f"Folio {folio}: Convenio de pago, en CESI"), chat.text
    assert "10:00" in chat.last[1].text, chat.text
    await chat.send("menu")
    await chat.send("y donde queda?")  # not just after the booking any more: the menu's reading
    assert "Folio" not in chat.text, chat.text
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000938")
    await chat.press("Appointments")
    await chat.press("Book an appointment")
    await chat.press("Credit restructuring")  # the payment agreement has one now
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    await chat.press("Confirm it")
    await chat.send("where is it exactly?")
    assert chat.last[0].text.startswith("CESI Ciudad de México Balderas: "), chat.text


async def test_change_it_in_english_right_after_booking(world: World) -> None:
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000939")
    await chat.press("Appointments")
    await chat.press("Payment agreement")
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    await chat.press("Confirm it")
    world.clock.advance(minutes=31)  # later, «cancel it» names nothing any more
    await chat.send("cancel it")
    assert "Cancel your appointment" not in chat.text and "log in" not in chat.text, chat.text
    await chat.send("menu")
    await chat.send(world.person("with_credit")["email"])
    await chat.send(world.person("with_credit")["password"])
    assert "What would you like to do?" in chat.text, chat.text
    await chat.press("Appointments")
    await chat.press("Book an appointment")
    await chat.press("Credit restructuring")
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    await chat.press("Confirm it")
    await chat.send("i need to change it")  # two upcoming now: which one
    assert chat.last[-1].text == "Which appointment do you want to change?", chat.text


async def test_a_procedure_named_at_the_states_is_not_the_state_sharing_its_word(
        world: World) -> None:
    """«estado de cuenta» where the state is asked picked «Estado de México» by its word
    «estado»: the statement is offered as the way there, and the state is asked still."""
    chat = await logged_in(world, "with_credit", user_id="5215500000941")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    assert chat.text == ASK_STATE
    await chat.send("estado de cuenta")
    assert "CESI Toluca" not in chat.text and "Centro de Servicio?" not in chat.text, chat.text
    assert "Estado de cuenta" in chat.options, chat.text
    await chat.send("cdmx")
    assert "Centro de Servicio?" in chat.text, chat.text


@pytest.mark.parametrize("text", ["no puedo ese dia", "ese dia no puedo",
                                  "that day doesn't work"])
async def test_a_day_refused_at_the_times_asks_the_day_again(world: World, text: str) -> None:
    """«no puedo ese día» at the times was «Elige una hora de la lista»: the day is asked
    again."""
    chat = await logged_in(world, "with_credit", user_id="5215500000942")
    await _to_times(chat, "Convenio de pago", "Ciudad de México")
    await chat.press(chat.options[0])
    assert chat.last[-1].text.startswith("¿A qué hora"), chat.text
    await chat.send(text)
    assert chat.last[-1].text.startswith("¿Qué día?"), chat.text


async def test_another_day_named_at_the_confirmation_is_taken(world: World) -> None:
    """«mejor el viernes» at the booking's summary was «Elige una de las opciones»: that day
    is taken, and its times shown."""
    chat = await logged_in(world, "with_credit", user_id="5215500000943")
    await _to_times(chat, "Convenio de pago", "Ciudad de México")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    assert "Confirmar la cita" in chat.options, chat.text
    await chat.send("mejor el viernes")  # the clock is on Saturday 28 November 2026
    assert "Elige una de las opciones" not in chat.text, chat.text
    assert "4 de diciembre de 2026" in chat.last[-1].text, chat.text
    assert "Confirmar la cita" not in chat.options, chat.text


async def test_an_appointment_one_cannot_go_to_said_at_the_start_is_its_cancel(
        world: World) -> None:
    """«tengo cita el lunes en guadalajara y no voy a poder ir» opened a new booking («Anoto
    dónde y cuándo la quieres… Primero elige el trámite»): it is the cancel of the worker's
    appointment, after the login."""
    chat = await logged_in(world, "with_credit", user_id="5215500000944")
    folio = await _book(world, chat, "11:00 a.m.")
    chat = world.chat("5215500000945")
    await chat.send("hola")
    await chat.send("tengo cita el lunes en la cdmx y no voy a poder ir")
    assert "Primero elige el trámite" not in chat.text, chat.text
    await log_in(world, chat, "with_credit")
    assert "¿Cancelamos tu cita de Convenio de pago" in chat.text, chat.text
    assert folio in chat.text


async def test_a_bare_number_that_is_also_a_time_asks_which(world: World) -> None:
    """«10» at the times booked the tenth time shown (1:00 p.m.) for a worker who meant ten
    o'clock: both are offered, and the one picked is taken."""
    chat = await logged_in(world, "with_credit", user_id="5215500000946")
    await _to_times(chat, "Convenio de pago", "Ciudad de México")
    await chat.press(chat.options[0])
    assert chat.options[9] != at("10:00 a.m.") and at("10:00 a.m.") in chat.options, \
        chat.options
    tenth = chat.options[9]
    await chat.send("10")
    assert chat.last[-1].text.startswith(f"¿La opción 10 ({tenth}) o {at('10:00 a.m.')}?"), \
        chat.text
    assert chat.options == [tenth, at("10:00 a.m.")]
    await chat.send("2")
    shown = chat.last[0].text.replace(NNBSP, " ")
    assert "a las 10:00 a.m." in shown, shown


async def test_a_question_naming_another_procedure_does_not_switch_to_it(world: World) -> None:
    """«what is a pension resolution?» at the day of a credit signing switched the booking to
    «Return of my savings» and asked for the resolution: the booking stays where it was."""
    chat = await logged_in(world, "existing_account", "en", user_id="5215500000947")
    await chat.press("Appointments")
    await chat.press("Credit registration and signing")
    await chat.press("Nuevo León")
    await chat.press(chat.options[0])
    assert chat.last[-1].text.startswith("Which day?"), chat.text
    await chat.send("what is a pension resolution?")
    assert "Do you have your pension resolution" not in chat.text, chat.text
    assert chat.last[-1].text.startswith("Which day?"), chat.text


@pytest.mark.parametrize(("lang", "said", "moving"), [
    (None, "quiero cambiarla al viernes", "Vamos a cambiar tu cita"),
    ("en", "i want to move it to friday", "Let's change your appointment"),
    ("en", "reschedule it to friday", "Let's change your appointment")])
async def test_at_one_s_appointments_it_is_moved_by_a_pronoun(
        world: World, lang: str | None, said: str, moving: str) -> None:
    """At the worker's appointments, «quiero cambiarla al viernes», «move it to friday» got
    «Elige una de las opciones»: the words name the appointment shown by «la», «it»."""
    chat = await logged_in(world, "with_credit", user_id="5215500000527")
    first = await _book(world, chat, "11:00 a.m.")
    chat = await logged_in(world, "with_credit", lang="en" if lang else "es_MX",
                           user_id="5215500000528")
    await chat.send("mis citas" if lang is None else "my appointments")
    assert first in chat.text, chat.text
    await chat.send(said)
    assert chat.last[0].text.startswith(f"{moving} {first}"), chat.text


async def test_at_one_s_appointments_cancel_it(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000529")
    first = await _book(world, chat, "11:00 a.m.")
    await chat.send("mis citas")
    await chat.send("mejor cancelala")
    assert "¿Cancelamos tu cita de Convenio de pago" in chat.text, chat.text
    assert first in chat.text


@pytest.mark.parametrize(("lang", "asked"), [(None, "cuando es mi cita?"),
                                            ("en", "when is my appointment")])
async def test_asking_for_one_s_appointment_logged_out_shows_it_after_the_login(
        world: World, lang: str | None, asked: str) -> None:
    """«when is my appointment» before logging in showed the procedures to book a new one,
    and after the login asked «What is the appointment for?»: the worker's appointments."""
    chat = await logged_in(world, "with_credit", user_id="5215500000530")
    first = await _book(world, chat, "11:00 a.m.")
    chat = world.chat("5215500000531", lang=lang)
    await chat.send(asked)
    assert "¿Para qué trámite es la cita?" not in chat.text, chat.text
    assert "What is the appointment for?" not in chat.text, chat.text
    await chat.press("Iniciar sesión" if lang is None else "Log in")
    await log_in(world, chat, "with_credit", "en" if lang else "es_MX")
    assert first in chat.text, chat.text


@pytest.mark.parametrize(("lang", "asked", "answer"), [
    ("en", "how long does the appointment take?", "I do not know how long each procedure"),
    (None, "cuanto dura la cita?", "No tengo cuánto dura cada trámite"),
    ("en", "can i bring my husband with me?", "The appointment belongs to the account holder"),
    (None, "puedo ir con mi esposo?", "La cita es de la persona titular")])
async def test_questions_about_the_visit_while_booking(world: World, lang: str | None,
                                                       asked: str, answer: str) -> None:
    """«how long does the appointment take?» got «Nothing: procedures are free» (read as
    the cost); «can i bring my husband with me?» the joint credit."""
    chat = await logged_in(world, "with_credit", lang="en" if lang else "es_MX",
                           user_id="5215500000532")
    await chat.send("citas" if lang is None else "appointments")
    await chat.press("Convenio de pago" if lang is None else "Payment agreement")
    await chat.send(asked)
    assert chat.last[0].text.startswith(answer), chat.text


@pytest.mark.parametrize(("lang", "asked", "said"), [
    (None, "cuando es mi cita?", "No tienes citas agendadas."),
    ("en", "when is my appointment", "You have no appointments booked.")])
async def test_asking_for_one_s_appointment_with_none_says_so(
        world: World, lang: str | None, asked: str, said: str) -> None:
    """«¿cuándo es mi cita?» with none booked began a booking («¿Para qué trámite?»)."""
    chat = await logged_in(world, "existing_account", lang="en" if lang else "es_MX",
                           user_id="5215500000533")
    await chat.send(asked)
    assert chat.last[0].text.startswith(said), chat.text


@pytest.mark.parametrize("said", ["es para corregir mi curp", "mi nombre esta mal escrito",
                                  "correccion de datos"])
async def test_correcting_ones_data_is_a_procedure_to_book(world: World, said: str) -> None:
    """The service says the record's data are corrected at a centre and offers a booking,
    but no procedure in Citas was it: «es para corregir mi curp» was the same advice again
    and the worker could only pick a procedure that was not theirs."""
    chat = await logged_in(world, "existing_account", user_id="5215500000731")
    await chat.press("Citas")
    await chat.send(said)
    if said != "correccion de datos":  # a description, said back; the label is no doubt
        assert chat.last[0].text == ("Tu cita es para «Corrección de datos». Si era otro "
                                     "trámite, escribe «atrás»."), chat.text
    assert chat.last[-1].text == ASK_STATE, chat.text
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")
    await chat.press(chat.options[0])
    await chat.press(at("9:00 a.m."))
    assert chat.last[1].text == ("Lleva:\n• Identificación oficial (INE o pasaporte)\n"
                                 "• Tu Número de Seguridad Social (NSS)\n• El documento con tu "
                                 "dato correcto: acta de nacimiento, CURP o Constancia de "
                                 "Situación Fiscal del SAT"), chat.text
    await chat.press("Confirmar la cita")
    booked = await _upcoming(world, "existing_account")
    assert [a.procedure for a in booked] == ["data_correction"]


WEEKDAYS_ES = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]


def _weekday_later(old: date) -> date:
    """Another weekday after ``old``, in the first days offered (the week after)."""
    centre = next(c for c in default_centres().centres if c.name == CENTRE["Ciudad de México"])
    day = old + timedelta(days=2)
    while day.weekday() > 4 or day.weekday() == old.weekday() \
            or closed_because(centre, day) is not None:
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("said", ["cambia mi cita del {old_weekday} al {new_weekday}",
                                  "cambiala del {old_day} al {new_day}"])
async def test_a_move_from_one_day_to_another_takes_the_new_one(world: World,
                                                                said: str) -> None:
    """«cambia mi cita del jueves al viernes» read two weekdays and took neither («Ese día
    no hay lugar»), «cámbiala del 10 al 12» was «Eso no lo puedo resolver aquí»: the day
    after «al», «para», «pal» is the new one."""
    chat = await logged_in(world, "with_credit", user_id="5215500000523")
    first = await _book(world, chat, "11:00 a.m.")
    (_, old_start), = await _upcoming_starts(world, "with_credit")
    old = old_start.date()
    new = _weekday_later(old)
    await chat.send(said.format(old_weekday=WEEKDAYS_ES[old.weekday()], old_day=old.day,
                                new_weekday=WEEKDAYS_ES[new.weekday()], new_day=new.day))
    assert chat.last[0].text.startswith(f"Vamos a cambiar tu cita {first}"), chat.text
    assert chat.last[-1].text.startswith(f"¿A qué hora, el {new.day} de "), chat.text


async def test_change_it_at_the_cancel_question_moves_it(world: World) -> None:
    """«cámbiala pal viernes» at «¿Cancelamos tu cita…?» was «Elige una de las opciones»:
    the appointment is moved (not cancelled)."""
    chat = await logged_in(world, "with_credit", user_id="5215500000524")
    first = await _book(world, chat, "11:00 a.m.")
    (_, old_start), = await _upcoming_starts(world, "with_credit")
    new = _weekday_later(old_start.date())
    await chat.send("cancela mi cita")
    assert chat.text.startswith("¿Cancelamos tu cita"), chat.text
    await chat.send(f"no mejor cambiala pal {WEEKDAYS_ES[new.weekday()]}")
    assert chat.last[0].text.startswith(f"Vamos a cambiar tu cita {first}"), chat.text
    assert chat.last[-1].text.startswith(f"¿A qué hora, el {new.day} de "), chat.text
    assert [folio for folio, _ in await _upcoming_starts(world, "with_credit")] == [first]


async def test_cancel_then_better_not_keeps_the_appointment(world: World) -> None:
    """«cancelar» right after booking was «No hay nada que cancelar», and at «Tus citas» it
    left the list; the «nel mejor no» that followed got «No hay nada que cancelar» again.
    «cancelar» there is the appointment's cancel, asked first; «mejor no» keeps it, and a
    «no la canceles» right after leaving a cancel question goes back to it."""
    chat = await logged_in(world, "with_credit", user_id="5215500000525")
    first = await _book(world, chat, "11:00 a.m.")
    await chat.send("cancelar")
    assert chat.text.startswith("¿Cancelamos tu cita"), chat.text
    await chat.send("nel mejor no")
    assert chat.last[0].text == "Tu cita sigue agendada.", chat.text
    await chat.press("Citas")
    await chat.send("cancelar")
    assert chat.text.startswith("¿Cancelamos tu cita"), chat.text
    await chat.send("mejor no")
    assert chat.last[0].text == "Tu cita sigue agendada.", chat.text
    await chat.send("cancela mi cita")
    await chat.send("cancelar")  # the way out: the question left
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo.", chat.text
    await chat.send("no la canceles")
    assert chat.text.startswith("Seguimos donde te quedaste"), chat.text
    assert chat.last[-1].text.startswith("¿Cancelamos tu cita"), chat.text
    await chat.press("No, conservarla")
    assert [folio for folio, _ in await _upcoming_starts(world, "with_credit")] == [first]


async def test_where_is_it_at_the_confirmation_and_after_booking(world: World) -> None:
    """«¿dónde queda?» at the confirmation got «No sé responder esa pregunta aquí» («donde
    es», where to find one's NSS); «donde esta?» right after booking «No encontré esa
    opción»: the address of the centre being booked, or just booked."""
    chat = await logged_in(world, "with_credit", user_id="5215500000526")
    await _to_times(chat, "Convenio de pago", "Ciudad de México")
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    for asked in ("¿dónde queda?", "donde es"):
        await chat.send(asked)
        assert chat.last[0].text == ("CESI Ciudad de México Balderas: Balderas 144, Centro, "
                                     "Ciudad de México."), chat.text
        assert "Confirmar la cita" in chat.options
    await chat.press("Confirmar la cita")
    await chat.send("donde esta?")
    assert chat.last[0].text.startswith("CESI Ciudad de México Balderas: Balderas 144"), \
        chat.text


async def test_another_procedure_chosen_mid_booking_keeps_the_booking(world: World) -> None:
    """«quiero ver mi estado de cuenta» at the day offered its button «(lo que llevas aquí
    no se guarda)»; pressed, it opened on top of the booking, and the «citas» or «menú»
    that followed started over or lost it. The booking is kept for the menu, said so, and
    «citas» goes on at the day."""
    chat = await logged_in(world, "with_credit", user_id="5215500000527")
    await _to_times(chat, "Convenio de pago", "Ciudad de México")
    assert chat.text.startswith("¿Qué día?"), chat.text
    await chat.send("quiero ver mi estado de cuenta")
    assert "guardo lo que llevas aquí por 30 minutos" in chat.text, chat.text
    await chat.press("Estado de cuenta")
    assert chat.last[0].text.startswith("Guardé lo que llevabas en «Citas»"), chat.text
    await chat.send("citas")
    assert chat.last[0].text == "Seguimos donde te quedaste, con lo que ya me diste.", chat.text
    assert chat.last[-1].text.startswith("¿Qué día?"), chat.text


@pytest.mark.parametrize(("said", "first", "then"), [
    ("quiero una cita y ver mis puntos", "¿Para qué trámite es la cita?", "Mis puntos"),
    ("quiero ver mis puntos y sacar una cita", "No mostramos puntos", "Citas")])
async def test_two_requests_in_one_message_the_first_then_the_second(
        world: World, said: str, first: str, then: str) -> None:
    """«quiero una cita y ver mis puntos» opened the points only, and the appointment was
    lost without a word: the first is done, and the second is said to come after."""
    chat = await logged_in(world, "with_credit", user_id="5215500000528")
    await chat.send(said)
    assert chat.last[0].text == ("Voy una cosa a la vez: empezamos con la primera. Al terminar, "
                                 f"elige «{then}» en el menú para la segunda."), chat.text
    assert chat.last[1].text.startswith(first), chat.text
