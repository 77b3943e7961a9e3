"""Questions asked in the middle of a booking: what to bring is about this appointment (it
was the sign-up's document list), what it costs is answered (it was «Elige una de las
opciones», and «¿cuánto cuesta la cita?» booked it), and the step is asked again."""

from __future__ import annotations

from tests.integration.appointments.test_appointments_flow import at
from tests.integration.test_options_in_words import _at_confirmation
from tests.support.savings import logged_in
from tests.support.world import World

FREE_ES = "Nada: los trámites del Infonavit son gratuitos"
FREE_EN = "Nothing: Infonavit's procedures are free"


async def test_what_to_bring_is_this_appointments_list(world: World) -> None:
    chat = await _at_confirmation(world, "5215500000931", "Convenio de pago")
    await chat.send("oye y que documentos llevo?")
    assert chat.last[0].text == ("Para tu cita de «Convenio de pago» lleva:\n"
                                 "• Identificación oficial (INE o pasaporte)\n"
                                 "• Tu Número de Seguridad Social (NSS)\n"
                                 "• Tu número de crédito\n"
                                 "Todos los trámites son gratuitos."), chat.text
    assert "Para crear tu cuenta" not in chat.text
    assert chat.options[0] == "Confirmar la cita"  # still at the confirmation


async def test_before_a_procedure_is_chosen_the_general_list(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000932")
    await chat.press("Citas")
    await chat.send("q papeles ocupo pa la cita")
    assert chat.last[0].text.startswith("A tu cita lleva siempre tu identificación oficial"), \
        chat.text
    assert chat.text.endswith("¿Para qué trámite es la cita?"), chat.text


async def test_a_blocked_procedure_is_not_the_one_asked_about(world: World) -> None:
    """The return of savings is refused to a worker still working: back at the list, the
    documents asked for are not that procedure's."""
    chat = await logged_in(world, "with_credit", user_id="5215500000933")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.press("Sí, ya la tengo")
    await chat.send("que documentos llevo")
    assert chat.last[0].text.startswith("A tu cita lleva siempre"), chat.text


async def test_the_cost_is_answered_and_nothing_is_booked(world: World) -> None:
    chat = await _at_confirmation(world, "5215500000934", "Reestructura de crédito")
    await chat.send("cuanto cuesta la cita?")
    assert chat.last[0].text.startswith(FREE_ES), chat.text
    assert "Listo, tu cita" not in chat.text
    assert chat.options[-3:] == ["Confirmar la cita", "Otro horario", "No agendar"]
    await chat.send("ok si")
    assert chat.last[0].text.startswith("Listo, tu cita quedó agendada."), chat.text


async def test_the_cost_in_english_and_at_the_menu(world: World) -> None:
    chat = await _at_confirmation(world, "5215500000935", "Payment agreement", lang="en")
    await chat.send("how much does it cost?")
    assert chat.last[0].text.startswith(FREE_EN), chat.text
    chat = world.chat("5215500000936", "terminal")
    await chat.send("hola")
    await chat.send("cuanto cobran por sacar una cita?")
    assert chat.last[0].text.startswith(FREE_ES), chat.text


async def test_the_hours_asked_on_the_way_are_the_chosen_centres(world: World) -> None:
    """«¿a qué hora abren?» in a booking was «Eso no lo puedo resolver aquí» (out of scope)
    and the booking was left for the menu. With a centre chosen, its own hours are said
    (and that they are the usual ones when its source gives none); the step stays."""
    chat = await _at_confirmation(world, "5215500000936", "Cancelación de crédito")
    await chat.send("y a que hora abren?")
    assert chat.last[0].text == at("El CESI Guadalajara atiende de lunes a viernes de 8:30"
                                   " a.m. a 2:30 p.m.; los sábados y domingos no abre, ni los"
                                   " días festivos."), chat.text
    assert chat.last[1].text.startswith("Es el horario habitual de los Centros"), chat.text
    assert chat.options[-3:] == ["Confirmar la cita", "Otro horario", "No agendar"]


async def test_a_centre_open_on_saturdays_says_so(world: World) -> None:
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000937")
    await chat.press("Appointments")
    await chat.press("Payment agreement")
    await chat.send("monterrey")
    await chat.send("what time do you close on saturday?")
    assert chat.last[0].text == at("CESI Monterrey Centro is open Monday to Friday from 8:30"
                                   " AM to 6:00 PM and on Saturdays from 8:30 AM to"
                                   " 2:30 PM; it is closed on Sundays and official"
                                   " holidays."), chat.text
    assert "Which day?" in chat.text, chat.text


async def test_the_hours_of_a_centre_named_at_the_menu(world: World) -> None:
    """«¿a qué hora abre el de Monterrey?» at the menu got every centre's usual hours: the
    centre named has its own (Monterrey to 6:00 p.m. and on Saturdays)."""
    chat = world.chat("5215500000940")
    await chat.send("hola")
    await chat.send("a que hora abre el de monterrey?")
    assert chat.last[0].text == at("El CESI Monterrey Centro atiende de lunes a viernes de 8:30"
                                   " a.m. a 6:00 p.m. y los sábados de 8:30 a.m. a 2:30 p.m.;"
                                   " los domingos y días festivos no abre."), chat.text
    assert chat.options == ["Agendar una cita", "Hablar con un asesor", "Menú principal"]


async def test_the_return_of_savings_asked_in_plain_words(world: World) -> None:
    """«quiero hacer una cita para que me devuelvan mi dinero» asked the procedure again
    after the login: it is «Devolución de mi ahorro», whose condition comes next."""
    chat = await logged_in(world, "existing_account", user_id="5215500000941")
    await chat.send("quiero hacer una cita para que me devuelvan mi dinero")
    assert "¿Ya tienes tu resolución de pensión?" in chat.text, chat.text


async def test_going_back_to_a_booking_left_for_the_menu_takes_it_up(world: World) -> None:
    """«ok ya, volvamos a la cita» in the points, a booking left for the menu: «Va, seguimos
    donde ibas» and the points again; only «citas» took the booking up."""
    chat = await logged_in(world, "with_credit", user_id="5215500000741")
    await chat.press("Citas")
    await chat.press("Devolución de pagos en exceso")
    await chat.press("Jalisco")
    await chat.send("menu")
    await chat.send("mis puntos")
    await chat.send("ok ya, volvamos a la cita")
    assert chat.last[0].text == "Seguimos donde te quedaste, con lo que ya me diste.", chat.text
    assert chat.last[-1].text.startswith("¿En qué Centro de Servicio?"), chat.text


async def test_where_a_named_centre_is_is_answered_anywhere(world: World) -> None:
    """«donde queda el de monterrey» at the menu was «No encontré esa opción», and «¿cómo
    llego?» the code's troubles («llego» read as «llega»)."""
    chat = world.chat("5215500000742")
    await chat.send("hola")
    await chat.send("donde queda el de monterrey")
    assert chat.last[0].text == "CESI Monterrey Centro: Mariano Escobedo 733, Centro, Monterrey, " \
                                "N.L.", chat.text
    await chat.send("como llego a balderas?")
    assert chat.last[0].text == ("CESI Ciudad de México Balderas: Balderas 144, Centro, Ciudad "
                                 "de México."), chat.text


async def test_another_centre_or_day_after_both_were_said_at_once(world: World) -> None:
    """«monterrey el jueves en la mañana» at the state went straight to the times; then
    «mejor otro centro» and «mejor otro día» were «Elige una hora de la lista»."""
    chat = await logged_in(world, "with_credit", user_id="5215500000743")
    await chat.press("Citas")
    await chat.press("Devolución de pagos en exceso")
    await chat.send("monterrey el jueves en la mañana")
    assert "horarios de la mañana" in chat.last[-1].text, chat.text
    await chat.send("mejor otro dia")
    assert chat.last[0].text == "Va, regresamos para corregirlo.", chat.text
    assert chat.last[-1].text.startswith("¿Qué día?"), chat.text
    await chat.press(chat.options[0])
    await chat.send("mejor otro centro")
    assert chat.last[0].text == "Va, regresamos para corregirlo.", chat.text
    assert chat.last[-1].text.startswith("¿En qué Centro de Servicio?"), chat.text
