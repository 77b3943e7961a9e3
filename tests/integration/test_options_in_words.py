"""Options answered in people's own words: at a step that offers buttons, a sentence that
names one option («quiero pagar», «la mensualidad», «mandamelo al correo», «quiero ver mis
aportaciones») picks it instead of «Elige una de las opciones»; a year said relative to
today («el de este año») is a period. Each of these was a miss before."""

from __future__ import annotations

import pytest

from tests.support.chat import ChatUser
from tests.support.savings import logged_in
from tests.support.world import World

CHOOSE = "Elige una de las opciones"
CARMEN = "carmen.sanchez@example.com"


async def test_the_payment_asked_for_in_words(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000901")
    await chat.press("Mi crédito y pagos")
    await chat.send("quiero pagar")
    assert chat.text == "¿Qué quieres pagar?", chat.text
    await chat.send("la mensualidad")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual\nReferencia: "), chat.text


async def test_the_contributions_asked_for_at_the_points(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000902")
    await chat.press("Mis puntos")
    await chat.send("quiero ver mis aportaciones")
    assert CHOOSE not in chat.text
    assert chat.last[0].text.startswith("Tus aportaciones, de la más reciente"), chat.text


async def test_a_statement_of_this_year_sent_by_mail_in_words(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000903")
    await chat.press("Estado de cuenta")
    await chat.send("el de este año")
    assert chat.last[0].text.startswith(
        "Aquí está tu estado de cuenta del 1 de enero de 2026 al "), chat.text
    mails = len(await world.emails_to(CARMEN))
    await chat.send("no me lo mandes al correo")  # a negation names no option
    assert len(await world.emails_to(CARMEN)) == mails
    await chat.send("mandamelo al correo")
    assert chat.last[0].text.startswith("Listo, te lo envié a c******@example.com"), chat.text
    assert len(await world.emails_to(CARMEN)) == mails + 1


async def test_the_data_to_precalify_with_named_in_words(world: World) -> None:
    chat = world.chat("5215500000904")
    await chat.send("hola")
    await chat.press("Precalificación")
    await chat.send("con el simulador porfa")
    assert chat.text.startswith("¿Cuánto ganas al mes"), chat.text


async def _at_confirmation(world: World, user_id: str, procedure: str,
                           lang: str = "es_MX") -> ChatUser:
    """A chat of the worker with a credit at the confirmation of a booking for
    ``procedure`` (one booking a procedure: each test books a different one)."""
    chat = await logged_in(world, "with_credit", lang=lang, user_id=user_id)
    await chat.press("Citas" if lang == "es_MX" else "Appointments")
    for book in ("Agendar una cita", "Book an appointment"):  # asked once one is booked
        if book in chat.options:
            await chat.press(book)
    await chat.press(procedure)
    await chat.send("jalisco")
    for _ in range(3):  # the first centre, day and time
        if chat.options[0] in ("Confirmar la cita", "Confirm it"):
            break
        await chat.press(chat.options[0])
    assert chat.options[0] in ("Confirmar la cita", "Confirm it"), chat.text
    return chat


async def test_a_plain_yes_or_no_answers_the_booking_confirmation(world: World) -> None:
    """The confirmation takes only its buttons: «si porfa» was «Elige una de las opciones»
    and the worker could not see why; a yes books, a no leaves without booking, and a no
    with more in it («no, mejor otro horario») still goes where its words say."""
    chat = await _at_confirmation(world, "5215500000911", "Convenio de pago")
    await chat.send("si porfa")
    assert chat.last[0].text.startswith("Listo, tu cita quedó agendada. Folio: "), chat.text
    chat = await _at_confirmation(world, "5215500000912", "Reestructura de crédito")
    await chat.send("no, mejor otro horario")
    assert chat.last[-1].text.startswith("¿A qué hora, el "), chat.text
    await chat.press(chat.options[1])
    await chat.send("nel")
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo.", chat.text
    assert "Confirmar la cita" not in chat.options


async def test_yes_in_english_books_and_a_yes_with_more_is_not_taken(world: World) -> None:
    chat = await _at_confirmation(world, "5215500000913", "Payment agreement", lang="en")
    await chat.send("sí pero el jueves")  # not a plain yes: nothing booked
    assert not any(r.text.startswith("Listo, tu cita") for r in chat.last)
    chat = await _at_confirmation(world, "5215500000914", "Credit restructuring", lang="en")
    await chat.send("yes please")
    assert chat.last[0].text.startswith("Done, your appointment is booked. Folio: "), chat.text


async def test_a_plain_no_keeps_the_account_a_yes_deletes_it(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000915")
    await chat.send("borrar mi cuenta")
    await chat.press("Borrar mi cuenta")
    await chat.send("no")
    assert chat.last[0].text == "Tu cuenta sigue igual.", chat.text
    await chat.send("mis datos")
    await chat.press("Borrar mi cuenta")
    await chat.send("si")
    assert chat.last[0].text.startswith("Borramos tu cuenta."), chat.text


async def test_a_question_at_the_confirmation_books_nothing(world: World) -> None:
    """«¿cuánto cuesta la cita?» shares «la cita» with «Confirmar la cita» and booked it: a
    question names no option, and the booking's yes needs its verb («confirmala»)."""
    chat = await _at_confirmation(world, "5215500000916", "Convenio de pago")
    for question in ("cuanto cuesta la cita?", "¿donde queda la cita?", "y la cita",
                     "que pasa con la cita?"):
        await chat.send(question)
        assert not any(r.text.startswith("Listo, tu cita") for r in chat.last), question
        assert "Confirmar la cita" in chat.options, (question, chat.text)
    await chat.send("si confirmala porfa")
    assert chat.last[0].text.startswith("Listo, tu cita quedó agendada. Folio: "), chat.text


async def test_salir_inside_a_flow_says_the_session_is_still_open(world: World) -> None:
    """«salir» in a flow leaves the flow, not the account: the worker on a shared phone is
    told the session is open and how to close it; at the menu «salir» closes it."""
    chat = await logged_in(world, "with_credit", user_id="5215500000917")
    await chat.press("Mi crédito y pagos")
    await chat.send("salir")
    assert [r.text for r in chat.last[:2]] == [
        "Listo, cancelé lo que estábamos haciendo.",
        "Tu sesión sigue abierta: para cerrarla elige «Salir»."], chat.text
    await chat.send("salir")
    assert chat.last[0].text.startswith("Cerraste tu sesión."), chat.text


async def test_a_question_nothing_here_answers_is_told_so_with_the_way_to_a_person(
        world: World) -> None:
    """«¿para qué sirve?» at «¿Te lo envío también por correo?» was «Elige una de las
    opciones»: as if the worker had mistyped a number."""
    chat = await logged_in(world, "existing_account", user_id="5215500000911")
    await chat.press("Estado de cuenta")
    await chat.send("2025")
    await chat.send("para que sirve?")
    assert chat.last[0].text == ("No sé responder esa pregunta aquí. Elige una de las "
                                 "opciones, o escribe «asesor» para hablar con una persona.")
    assert chat.last[-1].text == "¿Te lo envío también por correo?"
    await chat.send("cualquier cosa")  # not a question: choose, as before
    assert chat.last[0].text.startswith(CHOOSE)


async def test_an_option_counted_to_in_words_is_chosen(world: World) -> None:
    """«the first one» at «What is the appointment for?» was «I'll keep where and when you
    want it for later»; «la segunda» the same: an option named by its place in the list is
    that option."""
    chat = await logged_in(world, "existing_account", "en", user_id="5215500000941")
    await chat.press("Appointments")
    await chat.send("the first one")
    assert chat.text.startswith("To get your savings back you need your pension resolution"), \
        chat.text
    other = await logged_in(world, "existing_account", user_id="5215500000942")
    await other.press("Precalificación")
    await other.press("Usar el simulador")
    await other.send("15000")
    await other.send("35")
    await other.send("la segunda")
    assert other.last[-1].text.startswith("¿Cuánto tienes en tu Subcuenta"), other.text


@pytest.mark.parametrize("words", ["la 1", "la #1", "opcion 1", "quiero la uno porfa",
                                   "el numero 1"])
async def test_an_option_numbered_with_words_is_chosen(world: World, words: str) -> None:
    """«la 1» at «¿Para qué trámite es la cita?» was «Elige una de las opciones: escribe su
    número o toca el botón», the number it asks for being right there."""
    chat = await logged_in(world, "existing_account", user_id="5215500000943")
    await chat.press("Citas")
    await chat.send(words)
    assert chat.text.startswith("Para la devolución de tu ahorro necesitas"), chat.text


async def test_the_only_option_numbered_with_words_is_chosen_among_amounts(
        world: World) -> None:
    """«la 1» at «¿Cuánto tienes en tu Subcuenta?» (one option: «No sé (usar $0)») is that
    option, as a bare «1» is, not a Subcuenta of $1."""
    chat = await logged_in(world, "existing_account", user_id="5215500000944")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("15000")
    await chat.send("35")
    await chat.press("Mujer")
    await chat.send("la 1")
    await chat.press("Ver detalles")
    assert "Tu Subcuenta de Vivienda que se suma: $0.00" in chat.text, chat.text


@pytest.mark.parametrize("ok", ["ok", "va", "dejame ver"])
async def test_an_ok_where_options_are_asked_is_no_wrong_answer(world: World, ok: str) -> None:
    """«ok» under «¿Qué quieres hacer?» of Mi crédito was «Elige una de las opciones»,
    as if mistyped; where a step takes text it was already «Va, aquí te espero»."""
    chat = await logged_in(world, "existing_account", user_id="5215500000945")
    await chat.press("Mi crédito y pagos")
    options = chat.options
    await chat.send(ok)
    assert chat.last[0].text == "Va, aquí te espero.", chat.text
    assert chat.options == options
