"""«Recuperar mi cuenta» without a login: reached from «Olvidé mi contraseña» when the code
goes to an e-mail the worker lost, from Citas' procedure list and from words («perdí mi
correo»); NSS and CURP checked against the record (one answer for
either being wrong; misses count towards the chat's lookup lock and are audited); the
booking is stored against the record, not an account; the confirmation goes by SMS to the
account's mobile. A worker with a record and no account is sent to sign up instead."""

from __future__ import annotations

import pytest

from domain.appointments.model import Appointment
from tests.integration.appointments.test_appointments_flow import ASK_STATE
from tests.support.chat import ChatUser
from tests.support.savings import account, logged_in
from tests.support.world import World

INTRO = ("Si perdiste el acceso a tu correo o a tu celular, recuperas tu cuenta en un Centro de "
         "Servicio. "
         "Agendamos tu cita sin iniciar sesión: solo confirma tu NSS y tu CURP.")
ASK_NSS = "Escribe tu Número de Seguridad Social (NSS), los 11 dígitos."
ASK_CURP = "Ahora escribe tu CURP (18 caracteres)."
MISMATCH = ("Ese NSS y esa CURP no coinciden con ningún registro. Revisa los dos: escribe de "
            "nuevo tu NSS.")


async def _lost_email(world: World, user_id: str, case: str) -> ChatUser:
    """Not logged in: «Olvidé mi contraseña», the NSS, then «Ya no tengo ese correo»."""
    chat = world.chat(user_id)
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send(world.person(case)["nss"])
    assert chat.text.endswith("Escribe el código que te llegó por correo.")
    assert "Ya no tengo ese correo" in chat.options
    await chat.press("Ya no tengo ese correo")
    assert [r.text for r in chat.last] == [INTRO, ASK_NSS]
    return chat


async def test_the_lost_email_said_where_the_reset_asks_whose_account(world: World) -> None:
    """«¿y si ya no tengo ese correo?» where the reset asks for the NSS or e-mail was «Eso no
    parece un NSS ni un correo» (the reset needs the e-mail's code): the recovery at a
    centre, as from the code step's «Ya no tengo ese correo»."""
    for user, said, lang in (("5215500000611", "y si ya no tengo ese correo?", None),
                             ("5215500000612", "i dont have that email anymore", "en")):
        chat = world.chat(user, lang=lang)
        await chat.send("olvide mi contraseña" if lang is None else "i forgot my password")
        await chat.send(said)
        if lang is None:
            assert [r.text for r in chat.last] == [INTRO, ASK_NSS], chat.text
        else:
            assert chat.last[0].text.startswith("If you lost access to your e-mail"), chat.text


async def _recovering_at(world: World, user: str, place: str) -> ChatUser:
    """Carmen, who lost her e-mail, identified (no login) and at the centre or day of
    ``place``."""
    carmen = world.person("existing_account")
    chat = world.chat(user)
    await chat.send("perdi mi correo")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    await chat.send(place)
    return chat


async def _held_by_record(world: World, case: str) -> list[Appointment]:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        stored = await uow.workers.by_nss(world.person(case)["nss"])
        assert stored is not None
        return await uow.appointments.upcoming_of_worker(stored.id, world.clock())


async def _book_first_slot(chat: ChatUser) -> str:
    await chat.send("guadalajara")  # a city: its centre
    await chat.press(chat.options[0])  # the first free day
    await chat.press(chat.options[0])  # its first time
    assert chat.last[0].text.startswith("Tu cita: Recuperar mi cuenta sin mi correo")
    await chat.press("Confirmar la cita")
    return chat.last[0].text


async def test_a_worker_who_lost_the_email_books_without_a_login_and_gets_an_sms(
        world: World) -> None:
    carmen = world.person("existing_account")
    chat = await _lost_email(world, "5215500000601", "existing_account")
    await chat.send(carmen["nss"])
    assert chat.text == ASK_CURP
    await chat.send(world.person("active_woman")["curp"])  # another worker's CURP
    assert [r.text for r in chat.last] == [MISMATCH, ASK_NSS], "which one is wrong: not said"
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"].lower())
    assert chat.last[0].text == "Listo, tus datos coinciden con tu registro."
    assert chat.last[-1].text == ASK_STATE, "the procedure is known: straight to the state"
    done = await _book_first_slot(chat)
    assert done.startswith("Listo, tu cita quedó agendada. Folio: ")
    assert done.endswith("Te enviamos los datos por SMS a tu celular +52******2222.")
    folio = done.split("Folio: ", 1)[1][:8]
    (held,) = await _held_by_record(world, "existing_account")
    assert (held.folio, held.account_id, held.procedure) == (folio, None, "account_recovery")
    await world.settle()
    (sms,) = world.sms.messages_to(account("existing_account")["mobile"])[-1:]
    assert f"tu cita {folio} es en CESI Guadalajara" in sms.text
    emails = await world.emails_to(account("existing_account")["email"])
    assert not [m for m in emails if folio in m.text], "not to the lost e-mail"


async def test_a_worker_without_an_account_is_sent_to_sign_up_not_to_a_centre(
        world: World) -> None:
    """A worker with a record and no account (the reset answers alike for every NSS)
    booked «Recuperar mi cuenta» and would have gone to a centre for an account that does
    not exist: once the NSS and CURP match, they are told to sign up here, and nothing
    is booked."""
    maria = world.person("active_woman")  # a record, no account
    chat = world.chat("5215500000602")
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send(maria["nss"])
    await chat.press("Ya no tengo ese correo")
    await chat.send(maria["nss"])
    await chat.send(maria["curp"])
    assert chat.last[0].text.startswith("Tus datos coinciden con tu registro, pero aún no "
                                        "tienes una cuenta de Mi Cuenta Infonavit"), chat.text
    assert "Registro" in chat.options, "the menu, with «Registro» in it"
    assert await _held_by_record(world, "active_woman") == []
    await chat.press("Registro")
    assert "aviso de privacidad" in chat.text


async def test_one_recovery_appointment_at_a_time(world: World) -> None:
    carmen = world.person("existing_account")
    chat = await _lost_email(world, "5215500000603", "existing_account")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    done = await _book_first_slot(chat)
    folio = done.split("Folio: ", 1)[1][:8]
    chat = await _lost_email(world, "5215500000604", "existing_account")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    assert chat.last[0].text.startswith(f"Ya tienes una cita para recuperar tu cuenta: folio "
                                        f"{folio}, en CESI Guadalajara (")
    # it could not be cancelled here (no login): the worker was sent to Infonatel
    assert chat.last[-1].text.startswith("¿Quieres cancelarla?")
    assert chat.options == ["Sí, cancelarla", "Cambiar día u hora", "No, conservarla"]
    assert len(await _held_by_record(world, "existing_account")) == 1
    await chat.send("no")
    assert chat.last[0].text == "Tu cita sigue agendada."
    assert len(await _held_by_record(world, "existing_account")) == 1
    chat = await _lost_email(world, "5215500000606", "existing_account")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    await chat.send("si cancelala")
    assert chat.last[0].text.startswith(f"Cancelamos tu cita {folio}"), chat.text
    assert await _held_by_record(world, "existing_account") == []


async def test_guessing_nss_and_curp_locks_the_chat_and_is_audited(world: World) -> None:
    carmen = world.person("existing_account")
    wrong_curp = world.person("active_woman")["curp"]
    chat = await _lost_email(world, "5215500000605", "existing_account")
    for _ in range(4):
        await chat.send(carmen["nss"])
        await chat.send(wrong_curp)
        assert chat.last[0].text == MISMATCH
    await chat.send(carmen["nss"])
    await chat.send(wrong_curp)
    assert chat.last[0].text.startswith("Probaste muchos datos de identidad desde este chat. "
                                        "Por seguridad espera 30 minutos")
    await chat.send(carmen["curp"])
    assert chat.last[0].text.startswith("Probaste muchos datos"), "even the right one"
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        kinds = [entry.kind for entry in await uow.audit.recent(limit=100)]
    assert kinds.count("enumeration") == 1
    assert await _held_by_record(world, "existing_account") == []


async def test_in_english_the_sms_is_in_the_chat_s_language(world: World) -> None:
    luis = world.person("with_credit")  # his account is in Spanish
    chat = world.chat("5215500000606", lang="en")
    await chat.send("hi")
    await chat.press("Forgot my password")
    await chat.send(luis["nss"])
    await chat.press("I lost that e-mail")
    await chat.send(luis["nss"])
    await chat.send(luis["curp"].lower())
    await chat.send("mexico city")
    await chat.press(chat.options[0])  # its first centre
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    await chat.press("Confirm it")
    assert chat.last[0].text.endswith("We sent the details by SMS to your mobile "
                                      "+52******4444.")
    await world.settle()
    sms = world.sms.messages_to(account("with_credit")["mobile"])[-1]
    assert sms.text.startswith("Mi Cuenta Infonavit: your appointment ")


async def test_from_citas_without_a_login(world: World) -> None:
    carmen = world.person("existing_account")
    chat = world.chat("5215500000607")
    await chat.send("hola")
    await chat.press("Citas")
    await chat.press("Recuperar mi cuenta sin mi correo")
    assert [r.text for r in chat.last] == [INTRO, ASK_NSS]
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    assert chat.last[-1].text == ASK_STATE
    done = await _book_first_slot(chat)
    assert done.startswith("Listo, tu cita quedó agendada. Folio: ")


@pytest.mark.parametrize("words", [
    "perdi mi correo", "ya no tengo ese correo", "cambie de numero y no puedo entrar",
    "perdí mi correo y no puedo entrar", "ya no tengo acceso al correo que registre",
    "cambié de número y no puedo entrar"])
async def test_lost_access_in_words_leads_to_the_recovery(world: World, words: str) -> None:
    chat = world.chat("5215500000608")
    await chat.send("hola")
    await chat.send(words)
    assert [r.text for r in chat.last] == [INTRO, ASK_NSS]


@pytest.mark.parametrize("words", ["perdi mi correo", "ya no tengo ese celular"])
async def test_lost_access_said_where_the_login_asks_whose_account(
        world: World, words: str) -> None:
    """«perdí mi correo» where the login asks for the NSS or e-mail was «Eso no parece un
    NSS ni un correo»: the recovery, which needs no login."""
    chat = world.chat("5215500000629")
    await chat.send("iniciar sesion")
    await chat.send(words)
    assert [r.text for r in chat.last] == [INTRO, ASK_NSS], chat.text


async def test_lost_access_in_english_words(world: World) -> None:
    chat = world.chat("5215500000609", lang="en")
    await chat.send("hi")
    await chat.send("i lost access to my email")
    assert chat.last[0].text.startswith("If you lost access to your e-mail or your mobile")


async def test_logged_in_the_recovery_points_to_changing_the_address(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000610")
    await chat.send("perdi mi correo")
    assert chat.last[0].text == (
        "Ya iniciaste sesión, así que no necesitas una cita para recuperar tu cuenta: escribe "
        "«cambiar mi correo» o «cambiar mi celular» para poner uno nuevo.")


async def test_the_recovery_typed_at_the_procedure_list(world: World) -> None:
    """Typed like on a phone: the first words of an option pick it."""
    chat = world.chat("5215500000611")
    await chat.send("hola")
    await chat.send("citas")
    await chat.send("recuperar mi cuenta")
    assert [r.text for r in chat.last] == [INTRO, ASK_NSS]


async def test_not_knowing_the_curp_is_answered_about_the_curp(world: World) -> None:
    """«no se mi curp» at the recovery's CURP got the whole list of data (RFC, e-mail…):
    where the CURP is and how to look it up; the NSS given is kept."""
    chat = await _lost_email(world, "5215500000760", "existing_account")
    person = world.person("existing_account")
    await chat.send(person["nss"])
    assert chat.text == ASK_CURP
    await chat.send("no se mi curp")
    assert chat.last[0].text.startswith("La CURP es tu Clave Única de Registro de Población"), \
        chat.text
    assert "gob.mx/curp" in chat.last[0].text
    assert chat.last[-1].text == ASK_CURP
    await chat.send(person["curp"])
    assert chat.last[0].text == "Listo, tus datos coinciden con tu registro.", chat.text


LOOKUP = ("Busco tu cita para recuperar tu cuenta con tu NSS y tu CURP, sin iniciar "
          "sesión.")
FIND = ("Para ver tus citas necesito saber quién eres: inicia sesión. Si no puedes entrar y tu "
        "cita es para recuperar tu cuenta, la busco con tu NSS y tu CURP.")


async def _booked_without_login(world: World, user: str) -> str:
    carmen = world.person("existing_account")
    chat = world.chat(user)
    await chat.send("perdi mi correo y no puedo entrar")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    done = await _book_first_slot(chat)
    return done.split("Folio: ", 1)[1][:8]


@pytest.mark.parametrize("asked", ["cancela mi cita", "ya no voy a poder ir a mi cita"])
async def test_a_recovery_appointment_is_cancelled_by_asking_without_a_login(
        world: World, asked: str) -> None:
    """Booked by someone who cannot log in, then «cancela mi cita»: it was «Para ver esto
    necesitas iniciar sesión», the one thing they cannot do. Now the way without a login
    is offered beside the login, and the same NSS and CURP find it."""
    folio = await _booked_without_login(world, "5215500000621")
    carmen = world.person("existing_account")
    chat = world.chat("5215500000622")
    await chat.send("hola")
    await chat.send(asked)
    assert chat.last[-1].text == FIND, chat.text
    assert chat.options == ["Iniciar sesión", "No puedo entrar"]
    await chat.send("no puedo entrar, perdi mi correo")
    assert [r.text for r in chat.last] == [LOOKUP, ASK_NSS], chat.text
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    assert chat.last[0].text.startswith(f"Ya tienes una cita para recuperar tu cuenta: folio "
                                        f"{folio}"), chat.text
    await chat.send("si cancelala")
    assert chat.last[0].text.startswith(f"Cancelamos tu cita {folio}"), chat.text
    assert await _held_by_record(world, "existing_account") == []


async def test_a_recovery_appointment_is_moved_by_saying_the_day(world: World) -> None:
    """«no, mejor cámbiala para el jueves» at «Ya tienes una cita… ¿Quieres cancelarla?» was
    «Elige una de las opciones»: the same centre, that day, and the old one replaced."""
    folio = await _booked_without_login(world, "5215500000623")
    before = await _held_by_record(world, "existing_account")
    carmen = world.person("existing_account")
    chat = world.chat("5215500000624")
    await chat.send("quiero cambiar mi cita")
    assert chat.last[-1].text == FIND, chat.text
    await chat.press("No puedo entrar")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    await chat.send("no, mejor cambiala para otro dia")
    assert chat.text.startswith("¿Qué día?") or "¿Qué día" in chat.text, chat.text
    await chat.press(chat.options[-1])  # the last day offered
    await chat.press(chat.options[0])  # its first time
    assert f"Esta cita reemplaza a la {folio}" in chat.text, chat.text
    await chat.press("Confirmar la cita")
    assert chat.last[0].text == f"Cancelamos tu cita anterior ({folio}).", chat.text
    after = await _held_by_record(world, "existing_account")
    assert len(after) == 1 and after[0].folio != folio
    assert after[0].centre_id == before[0].centre_id  # the same centre
    assert after[0].starts_at != before[0].starts_at


async def test_cancel_while_booking_the_recovery_stops_it_without_a_login(world: World) -> None:
    """«cancela mi cita» while the recovery is being booked (nothing booked yet) asked for
    the login the worker does not have: now the booking stops and says nothing was kept."""
    carmen = world.person("existing_account")
    chat = world.chat("5215500000625")
    await chat.send("perdi mi celular")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    await chat.send("jalisco")
    await chat.send("cancela mi cita")
    assert chat.last[0].text.startswith("Dejé la cita sin agendar: no quedó nada reservado."), \
        chat.text
    assert "Iniciar sesión" in chat.options  # the menu, not the login
    assert "NSS (11 dígitos) o tu correo" not in chat.text
    assert await _held_by_record(world, "existing_account") == []


async def test_logging_in_stays_the_way_for_other_appointments(world: World) -> None:
    """The login offered beside the recovery still leads to the worker's appointments."""
    chat = world.chat("5215500000626")
    await chat.send("quiero cancelar mi cita")
    assert chat.last[-1].text == FIND, chat.text
    await chat.press("Iniciar sesión")
    assert chat.text == ("Para iniciar sesión escribe tu NSS (11 dígitos) o tu correo "
                         "electrónico."), chat.text  # not «Para ver esto necesitas…» first


@pytest.mark.parametrize("said", ["no mejor el de ermita", "mejor en balderas"])
async def test_another_centre_named_at_the_day_moves_the_booking_there(
        world: World, said: str) -> None:
    """«no, mejor el de Ermita» at the day dropped the whole booking («Listo, cancelé…»),
    everything typed lost; without the «no» it was «Elige un día de la lista». The centre
    is taken by its own name, and the day is asked there."""
    chat = await _recovering_at(world, "5215500000627", "cdmx")
    await chat.press("CESI Coapa")
    assert "¿Qué día?" in chat.text, chat.text
    await chat.send(said)
    assert "cancelé" not in chat.text, chat.text
    centre = "CESI Ermita" if "ermita" in said else "CESI Ciudad de México Balderas"
    assert chat.last[0].text.startswith(f"Centro de Servicio: {centre}"), chat.text
    assert "¿Qué día?" in chat.last[-1].text, chat.text


async def test_looking_for_a_recovery_appointment_there_is_none_of_books_nothing(
        world: World) -> None:
    """«cancela mi cita», «No puedo entrar», NSS and CURP, with no recovery appointment
    booked: it went on to book a new one («¿En qué estado?»). It says there is none."""
    carmen = world.person("existing_account")
    chat = world.chat("5215500000628")
    await chat.send("quiero cancelar mi cita de merida")
    await chat.press("No puedo entrar")
    await chat.send(carmen["nss"])
    await chat.send(carmen["curp"])
    assert chat.last[0].text.startswith("Con esos datos no hay ninguna cita para recuperar tu "
                                        "cuenta"), chat.text
    assert "¿En qué estado?" not in chat.text
    assert await _held_by_record(world, "existing_account") == []


@pytest.mark.parametrize(("said", "shown"), [
    ("el 15 de enero", "Por ahora hay citas hasta el"),
    ("el 11", "Cambiamos al 11 de diciembre de 2026."),
    ("el 15 a las 10", "15 de diciembre de 2026 a las 10:00\u202fa.m.")])
async def test_a_day_of_the_month_at_the_times_is_a_day(
        world: World, said: str, shown: str) -> None:
    """At «¿A qué hora?», «el 15 de enero» booked 3 p.m. of the day shown and «el 11» was
    11:00: a day of the month is a day (with its time when one is said)."""
    chat = await _recovering_at(world, "5215500000630", "monterrey")
    await chat.press(chat.options[0])  # the first free day
    assert "¿A qué hora" in chat.text, chat.text
    await chat.send(said)
    assert shown in chat.text, chat.text


async def test_another_time_said_at_the_confirmation_is_taken(world: World) -> None:
    """«mejor a las 10» at «Tu cita: … Confirmar / Otro horario» got «Elige una de las
    opciones»."""
    chat = await _recovering_at(world, "5215500000631", "monterrey")
    await chat.press(chat.options[0])
    await chat.send("a las 9")
    assert chat.last[0].text.startswith("Tu cita:"), chat.text
    await chat.send("mejor a las 10")
    assert chat.last[0].text.startswith("Tu cita:"), chat.text
    assert "a las 10:00\u202fa.m." in chat.last[0].text, chat.text


async def test_another_place_at_the_confirmation_is_taken_not_booked_over(world: World) -> None:
    """«no espera, mejor en monterrey que me cambié» at «Tu cita: … Confirmar» was «Elige una
    de las opciones», and the «va» that followed booked Guadalajara."""
    chat = await _recovering_at(world, "5215500000632", "guadalajara")
    await chat.press(chat.options[0])
    await chat.send("a las 10")
    assert chat.last[0].text.startswith("Tu cita:"), chat.text
    await chat.send("no espera mejor en monterrey que me cambie")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Monterrey"), chat.text
    assert await _held_by_record(world, "existing_account") == []


@pytest.mark.parametrize("first", ["kiero una sita pa recuperar mi cuenta",
                                   "nesesito una sita pa recuperar mi cuenta"])
async def test_the_recovery_asked_as_people_spell_it(world: World, first: str) -> None:
    """«kiero una sita pa recuperar mi cuenta» as a first message showed the menu: «sita» and
    «pa» were not «cita» and «para» to any reader."""
    chat = world.chat("5215500000612")
    await chat.send(first)
    assert [r.text for r in chat.last][-2:] == [INTRO, ASK_NSS], chat.text


async def test_the_nss_and_the_curp_in_one_message_are_both_taken(world: World) -> None:
    """«mi nss es … y mi curp …» at the recovery's NSS took the NSS and asked for the CURP
    again."""
    chat = await _lost_email(world, "5215500000613", "existing_account")
    person = world.person("existing_account")
    await chat.send(f"mi nss es {person['nss']} y mi curp {person['curp']}")
    assert ASK_CURP not in chat.text, chat.text
    assert chat.last[-1].text == ASK_STATE, chat.text


async def test_where_is_it_after_booking_without_a_login(world: World) -> None:
    """«¿dónde queda?» right after the recovery appointment was booked (no login) got «No
    encontré esa opción»: the address of its centre."""
    await _booked_without_login(world, "5215500000626")
    chat = world.chat("5215500000626")
    for asked in ("¿dónde queda?", "y donde esta"):
        await chat.send(asked)
        assert chat.last[0].text.startswith("CESI Guadalajara: Av. Juan Palomar y Arias 37"), \
            chat.text


@pytest.mark.parametrize("words", ["no entiendo", "?"])
async def test_not_understanding_at_the_curp_explains_the_curp(world: World, words: str) -> None:
    """«no entiendo» at the recovery's CURP got «Solo necesito la respuesta a la pregunta
    de abajo»: what a CURP is and where it is found, and the CURP asked again."""
    chat = await _lost_email(world, f"52155000006{len(words):02d}8", "existing_account")
    await chat.send(world.person("existing_account")["nss"])
    assert chat.text == ASK_CURP, chat.text
    await chat.send(words)
    assert chat.last[0].text.startswith("La CURP es tu Clave Única de Registro de Población"), \
        chat.text
    assert chat.last[-1].text == ASK_CURP
