"""Questions asked in the middle of a booking: what to bring is about this appointment (it
was the sign-up's document list), what it costs is answered (it was «Elige una de las
opciones», and «¿cuánto cuesta la cita?» booked it), and the step is asked again."""

from __future__ import annotations

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
