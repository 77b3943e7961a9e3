"""Citas: what a procedure needs is settled right after it is chosen, before the state.
«Devolución de mi ahorro» asks for the pension resolution (a worker still working with no
pension in process is told why not and what to do first); credit matters need a credit on
the record; an upcoming appointment for the same procedure is said at once. Nothing is
booked when the worker cannot book."""

from __future__ import annotations

import pytest

from tests.integration.appointments.test_appointments_flow import ASK_STATE, _upcoming
from tests.support.savings import logged_in
from tests.support.world import World

ASK_PROCEDURE = "¿Para qué trámite es la cita?"
ASK_PENSION = ("Para la devolución de tu ahorro necesitas tu resolución de pensión. ¿Ya tienes "
               "tu resolución de pensión?")


async def test_a_working_worker_without_a_pension_is_told_why_not_and_nothing_is_booked(
        world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000701")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    assert chat.text == ASK_PENSION, "asked before the state"
    assert chat.options == ["Sí, ya la tengo", "No la tengo"]
    await chat.press("Sí, ya la tengo")
    assert chat.last[0].text.startswith(
        "Tu registro muestra que sigues trabajando y no tienes una pensión en trámite: la "
        "devolución de tu ahorro solo se hace al pensionarte")
    assert chat.last[-1].text == ASK_PROCEDURE, "back at the procedures, no state asked"
    assert await _upcoming(world, "existing_account") == []


async def test_without_the_resolution_the_worker_hears_what_to_do_first(world: World) -> None:
    chat = await logged_in(world, "pension_in_process", user_id="5215500000702")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.press("No la tengo")
    assert chat.last[0].text.startswith("Sin la resolución de pensión no se puede hacer la "
                                        "devolución. Primero pídela en el IMSS")
    assert chat.last[-1].text == ASK_PROCEDURE


async def test_a_worker_with_a_pension_in_process_and_the_resolution_goes_on(
        world: World) -> None:
    chat = await logged_in(world, "pension_in_process", user_id="5215500000703")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.press("Sí, ya la tengo")
    assert chat.text == ASK_STATE


async def test_a_credit_matter_without_a_credit_on_the_record_is_refused_before_the_state(
        world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000704")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    assert chat.last[0].text.startswith("«Convenio de pago» es para quien tiene un crédito "
                                        "Infonavit, y tu registro no muestra ninguno.")
    assert chat.last[-1].text == ASK_PROCEDURE
    await chat.press("Recuperar mi cuenta sin mi correo")
    assert chat.last[-1].text == ASK_STATE, "a procedure that needs nothing goes on"


async def test_the_conditions_in_english(world: World) -> None:
    chat = await logged_in(world, "existing_account", lang="en", user_id="5215500000705")
    await chat.press("Appointments")
    await chat.press("Return of my savings")
    assert chat.text.endswith("Do you have your pension resolution yet?")
    await chat.press("Yes, I have it")
    assert chat.last[0].text.startswith("Your record shows you are still working")
    await chat.press("Payment agreement")
    assert chat.last[0].text.startswith("“Payment agreement” is for people with an Infonavit "
                                        "credit, and your record shows none.")


async def test_a_typed_si_answers_the_pension_question(world: World) -> None:
    """Typed like a worker: «si» at «¿Ya tienes tu resolución de pensión?» was a miss."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000920")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.send("si")
    assert chat.last[-1].text == ASK_STATE


@pytest.mark.parametrize("said", ["ya la tengo", "sip", "simon ya la tengo"])
async def test_the_pension_question_takes_its_own_words(world: World, said: str) -> None:
    """«ya la tengo» (the option's own words) got «Va, aquí te espero»; «sip» and «simón, ya
    la tengo» «Elige una de las opciones»."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000921")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.send(said)
    assert chat.last[-1].text == ASK_STATE, chat.text


async def test_no_better_somewhere_else_at_the_pension_question_keeps_the_place(
        world: World) -> None:
    """«no, mejor en monterrey» at «¿Ya tienes tu resolución?» was read as «no, I do not
    have it» and sent the worker back to the procedures: the place is kept, the question
    asked again."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000922")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.send("no mejor en monterrey")
    assert "Sin la resolución de pensión" not in chat.text, chat.text
    assert chat.last[-1].text.endswith(ASK_PENSION), chat.text
    await chat.send("si")
    assert "Monterrey" in chat.text, chat.text


async def test_registering_and_signing_a_credit_is_for_who_has_none_yet(world: World) -> None:
    """«Inscripción y firma de crédito» told a worker with no credit «es para quien tiene un
    crédito Infonavit»: it is how a credit begins. A worker with none goes on to the state
    (and hears to bring the application); one with an active credit is told why not."""
    chat = await logged_in(world, "existing_account", user_id="5215500000704")
    await chat.press("Citas")
    await chat.press("Inscripción y firma de crédito")
    assert chat.text == ASK_STATE, chat.text
    await chat.send("que llevo?")
    assert "Tu solicitud de inscripción de crédito, si ya la tienes" in chat.last[0].text
    assert "Tu número de crédito" not in chat.last[0].text
    other = await logged_in(world, "with_credit", user_id="5215500000705")
    await other.press("Citas")
    await other.press("Inscripción y firma de crédito")
    assert other.last[0].text.startswith("«Inscripción y firma de crédito» es para empezar un "
                                         "crédito, y tu registro muestra uno activo")
    assert other.last[-1].text == ASK_PROCEDURE
    assert await _upcoming(world, "with_credit") == []


async def test_a_place_and_day_said_at_the_pension_question_are_kept_for_later(
        world: World) -> None:
    """«el viernes en guadalajara» at «¿Ya tienes tu resolución de pensión?» got «Elige una
    de las opciones» (three times, then «algo no está saliendo bien»): kept, like at the
    procedures, and the question asked again."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000706")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.send("el viernes en guadalajara")
    assert chat.last[0].text == ("Anoto dónde y cuándo la quieres para más adelante. Primero "
                                 "dime si ya tienes tu resolución de pensión.")
    assert chat.last[-1].text.endswith(ASK_PENSION)
    await chat.send("si ya la tengo")
    assert "Centro de Servicio: CESI Guadalajara" in chat.text, chat.text
    assert "Para el 4 de diciembre de 2026." in chat.text  # the Friday said
    assert chat.last[-1].text.startswith("¿A qué hora")


async def test_another_procedure_named_during_the_booking_starts_it_over(world: World) -> None:
    """«no mejor para devolucion de mi ahorro» at the state got «No encontré ese estado ni
    esa ciudad»: the booking starts over for the procedure named, its checks first."""
    chat = await logged_in(world, "with_credit", user_id="5215500000707")
    await chat.press("Citas")
    await chat.press("Recuperar mi cuenta sin mi correo")
    assert chat.last[-1].text == ASK_STATE
    await chat.send("no mejor para devolucion de mi ahorro")
    assert chat.last[-1].text.endswith(ASK_PENSION), chat.text
    await chat.press("No la tengo")
    assert chat.last[-1].text == ASK_PROCEDURE
    await chat.press("Recuperar mi cuenta sin mi correo")
    await chat.send("jalisco")
    await chat.send("1")
    assert chat.last[-1].text.startswith("¿Qué día?"), chat.text
    await chat.send("no espera, era para convenio de pago el lunes")
    assert "Convenio de pago" in chat.text, chat.text
    assert chat.last[-1].text == ASK_STATE, "a credit matter: its checks passed, the state"
    await chat.send("jalisco")
    await chat.send("1")
    assert chat.last[0].text == "Para el 30 de noviembre de 2026.", chat.text  # the Monday said


async def test_how_much_is_returned_is_the_savings(world: World) -> None:
    """«¿cuánto me van a dar?» at the pension question of the savings' return was the
    credit's refusal («No podemos calcular un monto porque… pensión en trámite»): it is the
    savings returned, and the question again."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000703")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.send("cuanto me van a dar?")
    assert chat.last[0].text.startswith("Lo que se devuelve es tu ahorro de vivienda: hoy "
                                        "tienes $"), chat.text
    assert "No podemos calcular un monto" not in chat.text
    assert chat.last[-1].text == ASK_PENSION, chat.text


@pytest.mark.parametrize("asked", ["que es eso de la resolucion?", "donde la consigo?"])
async def test_what_the_pension_resolution_is(world: World, asked: str) -> None:
    """«¿qué es eso de la resolución?» got «No sé responder esa pregunta aquí», «¿dónde la
    consigo?» where to find the NSS, CURP and RFC, with «Crear mi cuenta» to a logged-in
    pensioner."""
    chat = await logged_in(world, "pension_in_process", user_id="5215500000923")
    await chat.press("Citas")
    await chat.press("Devolución de mi ahorro")
    await chat.send(asked)
    assert chat.last[0].text.startswith("La resolución de pensión es el documento"), chat.text
    assert chat.last[-1].text.endswith(ASK_PENSION), chat.text


async def test_logged_in_the_account_recovery_says_the_contacts_change_here(
        world: World) -> None:
    """Logged in, «Recuperar mi cuenta sin mi correo» at Citas booked a visit without a
    word, though a worker who is in changes the e-mail or mobile here: said first, and the
    booking goes on if still wanted."""
    chat = await logged_in(world, "existing_account", user_id="5215500000709")
    await chat.press("Citas")
    await chat.press("Recuperar mi cuenta sin mi correo")
    assert chat.last[0].text.startswith("Ya entraste a tu cuenta: si perdiste tu correo o tu "
                                        "celular, cámbialos aquí mismo"), chat.text
    assert chat.last[-1].text == ASK_STATE, chat.text
