"""Questions asked where the credit asks what to pay: answered, never a slip the worker did
not pick («y cuántos pagos me faltan» gave the monthly slip, «¿qué es liquidar?» a slip for
the whole debt), and a change of mind at the amount («no, mejor el pago mensual») taken."""

from __future__ import annotations

import pytest

from domain.credits.payments import STORE_MINIMUM, payoff
from tests.support.chat import ChatUser
from tests.support.savings import logged_in, money, record_of
from tests.support.world import World

LUIS = "with_credit"


async def _at_what_to_pay(world: World, user_id: str, lang: str = "es_MX") -> ChatUser:
    chat = await logged_in(world, LUIS, lang, user_id=user_id)
    await chat.press("Mi crédito y pagos" if lang == "es_MX" else "My credit & payments")
    await chat.press("Hacer un pago" if lang == "es_MX" else "Make a payment")
    return chat


def _no_slip(chat: ChatUser) -> None:
    assert "Referencia:" not in chat.text and "Reference:" not in chat.text, chat.text


@pytest.mark.parametrize("text", ["y cuantos pagos me faltan", "cuantas mensualidades me faltan?",
                                  "en cuanto tiempo termino de pagar"])
async def test_how_many_payments_are_left_is_answered(world: World, text: str) -> None:
    chat = await _at_what_to_pay(world, "5215500000601")
    await chat.send(text)
    _no_slip(chat)
    assert "si pagas cada mes, terminas el" in chat.last[0].text, chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"


async def test_what_paying_off_means_is_answered_not_issued(world: World) -> None:
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await _at_what_to_pay(world, "5215500000602")
    await chat.send("que es liquidar?")
    _no_slip(chat)
    assert chat.last[0].text.startswith("Liquidar es pagar de una vez todo lo que debes"), \
        chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"


@pytest.mark.parametrize("text", ["ficha de pago", "hacer un pago", "quiero pagar"])
async def test_a_slip_asked_for_without_saying_which_asks_which(world: World, text: str) -> None:
    chat = await _at_what_to_pay(world, "5215500000603")
    await chat.send(text)
    _no_slip(chat)
    assert chat.last[-1].text == "¿Qué quieres pagar?"


async def test_a_number_of_monthly_payments_is_their_sum(world: World) -> None:
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await _at_what_to_pay(world, "5215500000604")
    await chat.send("quiero pagar 2 mensualidades")
    assert chat.last[0].text.startswith("Ficha de pago: Otra cantidad"), chat.text
    assert f"Importe: {money(credit.monthly_payment * 2)}\n" in chat.last[0].text


async def test_a_change_of_mind_at_the_amount_is_taken(world: World) -> None:
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await _at_what_to_pay(world, "5215500000605")
    await chat.press("Otra cantidad")
    await chat.send("no espera, mejor el pago mensual")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual"), chat.text
    await chat.press("Hacer un pago")
    await chat.press("Otra cantidad")
    await chat.send("mejor liquidar")
    assert chat.last[0].text.startswith("Ficha de pago: Liquidar mi crédito"), chat.text


@pytest.mark.parametrize("text", ["y si no me alcanza?", "puedo pagar menos este mes?",
                                  "no me alcanza para la mensualidad"])
async def test_paying_less_or_not_having_enough_is_answered(world: World, text: str) -> None:
    chat = await _at_what_to_pay(world, "5215500000606")
    await chat.send(text)
    _no_slip(chat)
    assert "rórroga" in chat.text, chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"


async def test_how_to_pay_at_the_summary_says_where(world: World) -> None:
    chat = await logged_in(world, LUIS, user_id="5215500000607")
    await chat.press("Mi crédito y pagos")
    await chat.send("como pago")
    _no_slip(chat)
    assert "tiendas" in chat.last[0].text, chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"


@pytest.mark.parametrize("text", ["ya pague y no se refleja", "ya pagué y no aparece mi pago"])
async def test_a_payment_not_showing_is_told_what_to_do(world: World, text: str) -> None:
    chat = await logged_in(world, LUIS, user_id="5215500000608")
    await chat.press("Mi crédito y pagos")
    await chat.send(text)
    _no_slip(chat)
    assert "comprobante" in chat.last[0].text, chat.text
    assert "asesor" in chat.last[0].text, chat.text


async def test_what_being_current_means_is_answered(world: World) -> None:
    chat = await logged_in(world, LUIS, user_id="5215500000609")
    await chat.press("Mi crédito y pagos")
    await chat.send("que es al corriente")
    assert chat.last[0].text.startswith("«Al corriente» quiere decir"), chat.text


async def test_the_credit_questions_in_english(world: World) -> None:
    chat = await _at_what_to_pay(world, "5215500000610", "en")
    await chat.send("how many payments are left?")
    _no_slip(chat)
    assert "if you pay every month, you finish on" in chat.last[0].text, chat.text
    await chat.send("what does pay off mean?")
    _no_slip(chat)
    assert chat.last[0].text.startswith("Paying off means paying everything you owe"), chat.text
    await chat.send("can i pay less this month?")
    _no_slip(chat)
    assert "is still owed and counts as late" in chat.last[0].text, chat.text
    await chat.send("make a payment")
    _no_slip(chat)
    await chat.send("pay 2 monthly payments")
    assert chat.last[0].text.startswith("Payment slip: Another amount"), chat.text


@pytest.mark.parametrize(("lang", "asked", "answer"), [
    ("es_MX", "que es una referencia de pago?", "La referencia de pago es un número"),
    ("es_MX", "y para que sirve la ficha", "La referencia de pago es un número"),
    ("en", "whats a payment reference?", "The payment reference is a number")])
async def test_what_a_payment_reference_is_is_answered(world: World, lang: str, asked: str,
                                                       answer: str) -> None:
    """«whats a payment reference?» where what to pay is asked: «I cannot answer that
    question here»."""
    chat = await _at_what_to_pay(world, "5215500000611", lang)
    await chat.send(asked)
    _no_slip(chat)
    assert chat.last[0].text.startswith(answer), chat.text


@pytest.mark.parametrize("asked", ["cuanto es lo minimo?", "y lo maximo?",
                                   "cuanto es lo menos que puedo pagar"])
async def test_the_amounts_a_slip_may_hold_are_answered_at_the_amount(world: World,
                                                                      asked: str) -> None:
    """«¿cuánto es lo mínimo?» where another amount is asked: «No entendí la cantidad»."""
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await _at_what_to_pay(world, "5215500000612")
    await chat.press("Otra cantidad")
    await chat.send(asked)
    _no_slip(chat)
    assert chat.last[0].text == (f"Puedes pagar desde {money(STORE_MINIMUM)} (lo menos que "
                                 f"reciben las tiendas) hasta {money(payoff(credit)[0])}, lo "
                                 "que hoy liquida tu crédito."), chat.text
    assert chat.last[-1].text.startswith("¿Cuánto quieres pagar?"), chat.text
    await chat.send("1500")
    assert "Importe: $1,500.00" in chat.text, chat.text


@pytest.mark.parametrize("said", ["hice un pago en el oxxo y no se ve",
                                  "ya pague mi credito y no aparece",
                                  "i already paid and it doesnt show",
                                  "my payment is not showing up", "mi saldo no baja"])
async def test_a_payment_not_showing_is_answered_wherever_it_is_said(world: World,
                                                                    said: str) -> None:
    """Only «ya pagué y no se refleja» at the credit was answered: «hice un pago en el oxxo y
    no se ve» at the menu opened a new slip, «i already paid and it doesnt show» was how to
    create an account, «my payment is not showing up» the points' troubles."""
    menu = world.chat("5215500000613")
    await menu.send("hola")
    await menu.send(said)
    assert menu.last[0].text.startswith("Si ya pagaste y tu pago no se ve"), menu.text
    chat = await _at_what_to_pay(world, "5215500000614")
    await chat.send(said)
    _no_slip(chat)
    assert chat.last[0].text.startswith("Si ya pagaste y tu pago no se ve"), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text
    await chat.send("ya pague")
    _no_slip(chat)
    assert chat.last[0].text.startswith("Si ya pagaste y tu pago no se ve"), chat.text


async def test_where_an_office_is_asked_at_the_amount_is_the_office_not_where_to_pay(
        world: World) -> None:
    """«where is the monterrey office?» at the amount got where a slip is paid: the
    service centre's address, the amount asked again; «where do I pay?» stays the payment's."""
    chat = await _at_what_to_pay(world, "5215500000651", lang="en")
    await chat.press("Another amount")
    await chat.send("where is the monterrey office?")
    assert chat.last[0].text.startswith("CESI Monterrey Centro: "), chat.text
    assert chat.last[-1].text.startswith("How much would you like to pay?")
    await chat.send("donde esta la oficina de guadalajara?")
    assert chat.last[0].text.startswith("CESI Guadalajara: "), chat.text
    await chat.send("where do i pay?")
    assert chat.last[0].text.startswith("You pay at authorised stores"), chat.text
    _no_slip(chat)


async def test_a_payment_told_with_its_details_is_not_a_new_slip(world: World) -> None:
    """After «ya pagué pero no se refleja», «pagué 5648 el 1 de diciembre en oxxo» was
    «¿Qué quieres pagar?»: what to do with those details, and the step kept."""
    chat = await logged_in(world, LUIS, user_id="5215500000652")
    await chat.press("Mi crédito y pagos")
    await chat.send("ya pague pero no se refleja")
    await chat.send("pague 5648 el 1 de diciembre en oxxo")
    assert chat.last[0].text.startswith("Gracias por los datos de tu pago."), chat.text
    assert "escribe «asesor»" in chat.last[0].text
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]
    await chat.press("Hacer un pago")
    await chat.send("deposite ayer 4500 en bbva")
    assert chat.last[0].text.startswith("Gracias por los datos de tu pago."), chat.text
    _no_slip(chat)
    await chat.send("quiero pagar 500")  # a payment asked for is still a slip
    assert "Referencia:" in chat.text


@pytest.mark.parametrize("text", ["cuanto bajaria mi mensualidad?",
                                  "y si abono eso me baja el plazo?"])
async def test_what_an_extra_payment_does_is_answered_at_the_credit(
        world: World, text: str) -> None:
    """«cuanto bajaria mi mensualidad?» after a slip for 20 mil opened the precalification
    («No podemos calcular un monto…»): what paying more does, the credit kept."""
    chat = await logged_in(world, LUIS, user_id="5215500000653")
    await chat.press("Mi crédito y pagos")
    await chat.send(text)
    assert chat.last[0].text.startswith("Un pago de más se abona a tu crédito"), chat.text
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]


async def test_the_slip_just_given_is_checked_without_typing_it(world: World) -> None:
    """«quiero revisar esa referencia» right after a slip asked for the 19 digits it had
    just shown: that one is checked; at the check, it is a tap away."""
    chat = await _at_what_to_pay(world, "5215500000654")
    await chat.press("Pago mensual")
    await chat.send("quiero revisar esa referencia")
    assert chat.last[0].text.startswith("La referencia es válida: es de tu crédito 1423456789, "
                                        "para «Pago mensual»"), chat.text
    await chat.press("Revisar una referencia")
    assert chat.options == ["La ficha que me acabas de dar"], chat.text
    await chat.press("La ficha que me acabas de dar")
    assert chat.last[0].text.startswith("La referencia es válida"), chat.text


async def test_a_payment_told_at_the_login_is_no_nss(world: World) -> None:
    """Logged out, «pagué 5648 el 1 de diciembre en oxxo» where the login asks the NSS was
    «Tu NSS lleva 11 dígitos y escribiste 4»."""
    chat = world.chat("5215500000655")
    await chat.send("mi credito")
    await chat.send("pague 5648 el 1 de diciembre en oxxo")
    assert chat.last[0].text.startswith("Gracias por los datos de tu pago."), chat.text
    assert "NSS lleva 11" not in chat.text
    assert chat.last[-1].text.startswith("Para iniciar sesión escribe tu NSS"), chat.text
