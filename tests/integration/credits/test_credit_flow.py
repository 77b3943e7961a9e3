"""Mi crédito y pagos as transcripts: the credit in each status, payment slips whose
reference reads back, another amount with its limits, and checking a typed reference."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.credits.reference import PaymentConcept, issue_reference, read_reference
from domain.savings.records import CreditStatus, CreditSummary, Regime
from tests.support.chat import ChatUser
from tests.support.savings import log_in, logged_in, money, record_of, today
from tests.support.world import World

LUIS = "with_credit"


async def _set_credit(world: World, case: str, **changes: object) -> CreditSummary:
    """Change the demo worker's credit as the record source would (status, figures)."""
    record = await record_of(world, case)
    assert record.credit is not None
    credit = dataclasses.replace(record.credit, **changes)  # type: ignore[arg-type]
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        await uow.workers.put(dataclasses.replace(record, credit=credit))
        await uow.commit()
    return credit


def _reference_in(chat: ChatUser) -> str:
    line = next(line for reply in chat.last for line in reply.text.splitlines()
                if line.startswith(("Referencia: ", "Reference: ")))
    return line.split(": ", 1)[1]


async def test_a_current_credit_its_figures_and_a_monthly_payment_slip(world: World) -> None:
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None and credit.status is CreditStatus.CURRENT
    chat = await logged_in(world, LUIS)
    await chat.press("Mi crédito y pagos")
    assert chat.last[0].text == "Tu crédito 1423456789 (con descuento de nómina): al corriente."
    assert chat.last[1].text.startswith(
        f"Debes {money(credit.balance)}. Tu pago mensual es de {money(credit.monthly_payment)},"
        " a una tasa de 10.45% anual, a 30 años desde el 20 de mayo de ")
    assert chat.last[2].text.startswith("Tu patrón descuenta el pago de tu salario.")
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]
    await chat.press("Hacer un pago")
    assert chat.text == "¿Qué quieres pagar?"
    assert chat.options == ["Pago mensual", "Liquidar mi crédito", "Otra cantidad"]
    descriptions = [button.description for button in chat.last[-1].buttons]
    assert descriptions == [money(credit.monthly_payment), money(credit.balance), None]
    await chat.press("Pago mensual")
    slip = chat.last[0].text
    assert slip.startswith("Ficha de pago: Pago mensual\nReferencia: ")
    assert f"Importe: {money(credit.monthly_payment)}\n" in slip
    expires = today(world) + timedelta(days=7)
    reference = read_reference(_reference_in(chat), today(world))
    assert (reference.credit_number, reference.concept, reference.expires_on) == (
        "1423456789", PaymentConcept.MONTHLY, expires)
    assert reference.accepts(credit.monthly_payment)
    assert not reference.accepts(credit.monthly_payment + Decimal("0.01"))
    # his employer deducts the payment: a slip paid on top of it is a second payment
    assert chat.last[1].text.startswith("Ojo: tu patrón ya descuenta tu pago mensual de tu "
                                        "salario. Paga esta ficha solo si ese descuento no se "
                                        "hizo"), chat.text
    assert chat.last[2].text.startswith(
        "También puedes pagar por transferencia o en ventanilla de HSBC a la CLABE "
        "021180550300050811, con la referencia numérica 5503 y tu número de crédito "
        "1423456789 como concepto")
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]
    kept = await _transcript(world, chat)
    assert "Ficha de pago: Pago mensual" in kept
    assert "1423456789" not in kept and reference.grouped() not in kept
    assert "******6789" in kept, "the credit number keeps its last four digits"


async def _transcript(world: World, chat: ChatUser) -> str:
    container = world.container
    await container.transcripts.flush()
    conversation = container.keyring.lookup.digest(f"{chat.channel}:{chat.user_id}",
                                                   "conversation")
    async with container.database.unit_of_work(container.keyring) as uow:
        rows = await uow.transcripts.of(conversation)
    return "\n".join(row.text for row in rows)


async def test_in_arrears_in_english_pays_what_is_due(world: World) -> None:
    credit = await _set_credit(world, LUIS, status=CreditStatus.IN_ARREARS, regime=Regime.REA,
                               missed_payments=3)
    due = credit.monthly_payment * 3
    chat = await logged_in(world, LUIS, lang="en", user_id="5215500000411")
    await chat.press("My credit & payments")
    assert chat.last[0].text == "Your credit 1423456789 (paid directly): behind on payments."
    assert chat.last[2].text == (f"You have 3 payments due. To be up to date, pay "
                                 f"{money(due, 'en')}.")
    await chat.press("Make a payment")
    assert chat.options == ["Monthly payment", "Get up to date", "Pay off my credit",
                            "Another amount"]
    await chat.press("Get up to date")
    assert chat.last[0].text.startswith("Payment slip: Get up to date\nReference: ")
    assert f"Amount: {money(due, 'en')}\n" in chat.last[0].text
    reference = read_reference(_reference_in(chat), today(world))
    assert reference.concept is PaymentConcept.TO_BE_CURRENT and reference.accepts(due)


async def test_another_amount_says_its_limits_and_keeps_the_step(world: World) -> None:
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await logged_in(world, LUIS, user_id="5215500000412")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.press("Otra cantidad")
    assert chat.text == (f"¿Cuánto quieres pagar? Escribe una cantidad de $50.00 a "
                         f"{money(credit.balance)}.")
    await chat.send("lo que se pueda")
    assert chat.last[0].text.startswith("No entendí la cantidad")
    await chat.send("$49.99")
    assert chat.last[0].text == ("$49.99 es menos de $50.00, lo mínimo que se puede pagar con "
                                 "una ficha.")
    assert chat.last[-1].text.startswith("¿Cuánto quieres pagar?"), "the same step, asked again"
    await chat.send(str(credit.balance + 1))
    assert chat.last[0].text == (f"{money(credit.balance + 1)} es más de lo que liquida tu "
                                 f"crédito hoy ({money(credit.balance)}).")
    await chat.send("1,500.50")
    assert chat.last[0].text.startswith("Ficha de pago: Otra cantidad\n")
    assert "Importe: $1,500.50\n" in chat.last[0].text
    assert read_reference(_reference_in(chat), today(world)).accepts(Decimal("1500.50"))


async def test_a_small_balance_is_paid_off_at_half(world: World) -> None:
    await _set_credit(world, LUIS, balance=Decimal("100000.00"))  # 16% of 620,000
    chat = await logged_in(world, LUIS, user_id="5215500000413")
    await chat.press("Mi crédito y pagos")
    assert chat.last[-1].text.startswith("¿Qué quieres hacer?")
    assert ("si liquidas hoy tienes 50% de descuento ($50,000.00) y pagas $50,000.00."
            in chat.text)
    await chat.press("Hacer un pago")
    await chat.press("Liquidar mi crédito")
    assert "Importe: $50,000.00\n" in chat.last[0].text
    # Saturday 28 Nov 2026: a week would be 5 Dec, but the payoff amount holds only until
    # the month's last business day, Monday 30 Nov.
    assert today(world) == date(2026, 11, 28)
    assert "Vence: 30 de noviembre de 2026\n" in chat.last[0].text
    assert chat.last[1].text.startswith("El importe para liquidar solo vale hasta el último "
                                        "día hábil del mes, el 30 de noviembre de 2026")
    reference = read_reference(_reference_in(chat), today(world))
    assert reference.expires_on == date(2026, 11, 30)


async def test_early_in_the_month_a_payoff_slip_has_its_week_and_no_month_end_note(
        world: World) -> None:
    world.clock.advance(days=6)  # Friday 4 Dec 2026: a week (11 Dec) ends before 31 Dec
    chat = await logged_in(world, LUIS, user_id="5215500000415")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.press("Liquidar mi crédito")
    assert "Vence: 11 de diciembre de 2026\n" in chat.last[0].text
    assert not any("último día hábil" in reply.text for reply in chat.last)


async def test_questions_about_the_slip_just_given_are_answered(world: World) -> None:
    """«y hasta cuando vale?» after a slip was «Elige una de las opciones»: the validity and
    where to pay are the slip's, said again in answer, and the options stay. A payoff slip
    cut at the month's end says why; «donde pago?» before any slip leads to one."""
    await _set_credit(world, LUIS, balance=Decimal("100000.00"))
    chat = await logged_in(world, LUIS, user_id="5215500000416")
    await chat.press("Mi crédito y pagos")
    await chat.send("y donde pago?")  # no slip yet: one is needed first
    assert chat.last[0].text.startswith("Se paga en tiendas autorizadas (desde $50.00), en el "
                                        "banco o por transferencia"), chat.text
    assert "Para pagar primero necesitas tu ficha" in chat.last[0].text
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text
    assert chat.options == ["Pago mensual", "Liquidar mi crédito", "Otra cantidad"]
    # at «¿Qué quieres pagar?» a question was «Elige una de las opciones», again and again
    await chat.send("en oxxo se puede?")
    assert chat.last[0].text.startswith("Se paga en tiendas autorizadas"), chat.text
    await chat.send("y hasta cuando vale")
    assert chat.last[0].text.startswith("Cada ficha vale 7 días, y la de liquidar solo hasta "
                                        "el último día hábil del mes."), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.press("Liquidar mi crédito")
    reference = _reference_in(chat)
    await chat.send("y hasta cuando vale?")
    assert chat.last[0].text == (
        f"Tu ficha «Liquidar mi crédito» (referencia {reference}) vale hasta el 30 de "
        "noviembre de 2026: la cantidad para liquidar solo vale hasta el último día hábil "
        "del mes. Después pide una nueva aquí."), chat.text
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]
    await chat.send("y si pago en el oxxo?")
    assert chat.last[0].text.startswith(f"Paga con la referencia {reference} hasta el 30 de "
                                        "noviembre de 2026 en las tiendas autorizadas")
    assert chat.last[1].text.startswith("También puedes pagar por transferencia")
    await chat.send("vale gracias")  # «vale» is an ok here, not a question
    assert chat.last[0].text == "¡De nada!", chat.text
    await chat.send("quiero pagar otra cantidad")  # a payment asked for, not where
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text


async def test_back_from_the_amount_to_what_to_pay(world: World) -> None:
    """«regresa» at «¿Cuánto quieres pagar?» went to the main menu (the credit flow
    lost), and the «1» typed next opened Mis puntos. It goes back to what to pay, and a
    change of mind there is one step away."""
    chat = await logged_in(world, LUIS, user_id="5215500000417")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.press("Otra cantidad")
    await chat.send("regresa")
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text
    await chat.press("Otra cantidad")
    await chat.send("me equivoque, mejor la mensualidad")
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text
    await chat.send("1")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual"), chat.text


async def test_statuses_with_nothing_to_pay_say_what_happens_next(world: World) -> None:
    await _set_credit(world, LUIS, status=CreditStatus.PAID_OFF, balance=Decimal("0"),
                      closed_on=date(2026, 3, 15))
    chat = await logged_in(world, LUIS, user_id="5215500000414")
    await chat.press("Mi crédito y pagos")
    assert chat.last[0].text == "Tu crédito 1423456789 (con descuento de nómina): liquidado."
    assert chat.last[1].text.startswith("Lo liquidaste el 15 de marzo de 2026.")
    assert "carta de cancelación de hipoteca" in chat.last[1].text
    assert chat.options == ["Revisar una referencia", "Menú principal"], "nothing to pay"
    await chat.send(button="credit:pay")  # a "pay" button from an older message
    assert chat.last[0].text.startswith("Esa opción ya no está disponible.")
    assert chat.last[-1].text == "¿Qué quieres hacer?"


async def test_relief_statuses_name_their_end(world: World) -> None:
    credit = await _set_credit(world, LUIS, status=CreditStatus.UNEMPLOYMENT_COVER,
                               relief_until=date(2027, 2, 28))
    chat = await logged_in(world, LUIS, user_id="5215500000415")
    await chat.press("Mi crédito y pagos")
    tenth = (credit.monthly_payment / 10).quantize(Decimal("0.01"))
    assert chat.last[2].text == ("El seguro de desempleo cubre tu crédito hasta el 28 de "
                                 f"febrero de 2027: mientras tanto pagas solo {money(tenth)} "
                                 "al mes.")
    await chat.press("Hacer un pago")
    assert chat.last[-1].buttons[0].description == money(tenth)
    await _set_credit(world, LUIS, status=CreditStatus.EXTENSION,
                      relief_until=date(2027, 5, 31), extension_months_used=7)
    await chat.send("menú")
    await chat.press("Mi crédito y pagos")
    assert chat.last[2].text.startswith("Tienes prórroga hasta el 31 de mayo de 2027")
    assert "Llevas 7 de 24 meses de prórroga." in chat.last[2].text


async def test_checking_a_reference_reads_it_and_says_what_to_fix(world: World) -> None:
    chat = await logged_in(world, LUIS, user_id="5215500000416")
    await chat.press("Mi crédito y pagos")
    await chat.press("Revisar una referencia")
    assert chat.text == "Escribe la referencia de tu ficha de pago (19 dígitos)."
    day = today(world)
    good = issue_reference("1423456789", PaymentConcept.PAYOFF, Decimal("1000"),
                           day + timedelta(days=3))
    await chat.send(good.digits[:-1])
    assert chat.last[0].text == ("La referencia tiene 19 dígitos y escribiste 18. Revísala en "
                                 "tu ficha de pago.")
    assert chat.last[-1].text == "Escribe la referencia de tu ficha de pago (19 dígitos)."
    mistyped = good.digits[:5] + str((int(good.digits[5]) + 1) % 10) + good.digits[6:]
    await chat.send(mistyped)
    assert chat.last[0].text == ("Un dígito de la referencia no coincide. Revísala número por "
                                 "número.")
    other = issue_reference("1999999999", PaymentConcept.MONTHLY, Decimal("100"), day)
    await chat.send(other.grouped())
    assert chat.last[0].text.startswith("Esa referencia es de otro crédito.")
    expired = issue_reference("1423456789", PaymentConcept.MONTHLY, Decimal("100"),
                              day - timedelta(days=1))
    await chat.send(expired.digits)
    assert chat.last[0].text.startswith("Esa referencia venció el ")
    await chat.send(good.grouped())
    assert chat.last[0].text.startswith(
        "La referencia es válida: es de tu crédito 1423456789, para «Liquidar mi crédito»")
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]


async def test_no_credit_offers_the_precalification(world: World) -> None:
    chat = await logged_in(world, "existing_account", lang="en", user_id="5215500000417")
    await chat.press("My credit & payments")
    assert chat.last[0].text == ("You do not have an Infonavit credit. To know how much you "
                                 "could borrow, prequalify.")
    assert chat.options == ["How much can I get?", "Main menu"]
    await chat.press("How much can I get?")
    assert chat.last[1].text.startswith("You could borrow MX$")


@pytest.mark.parametrize("asked", ["how much do i owe", "how many payments do i have left"])
async def test_how_much_do_i_owe_without_a_credit_is_no_borrowing_estimate(
        world: World, asked: str) -> None:
    """«how much do i owe» before logging in, then the login: the words answered the
    «How much can I get?» option by its «how much» and showed what she could borrow, an
    amount easy to read as a debt. She hears she has no credit."""
    chat = world.chat("5215500000419", lang="en")
    await chat.send(asked)
    await log_in(world, chat, "existing_account", "en")
    assert "You could borrow" not in chat.text, chat.text
    assert "You do not have an Infonavit credit." in chat.text, chat.text


async def test_the_credit_needs_a_session(world: World) -> None:
    chat = world.chat("5215500000418")
    await chat.send("hola")
    await chat.press("Mi crédito y pagos")
    assert chat.last[0].text == "Para ver esto necesitas iniciar sesión."


async def test_words_at_what_to_pay_issue_a_slip_only_for_what_they_name(world: World) -> None:
    """At «¿Qué quieres pagar?»: «para ver lo de mi credito» named the «crédito» of
    «Liquidar mi crédito» and issued a slip for the whole debt; «no mejor el pago del mes»
    (a no that takes back, not one that negates) got «Elige una de las opciones»; «para
    que?» got the documents to create an account."""
    chat = await logged_in(world, LUIS)
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.send("para ver lo de mi credito")
    assert not any(reply.text.startswith("Ficha de pago") for reply in chat.last), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.send("para que?")
    assert "Para crear tu cuenta necesitas" not in chat.text, chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.send("no mejor el pago del mes")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual\nReferencia: "), chat.text
    await chat.press("Hacer un pago")
    await chat.send("quiero liquidarlo")
    assert chat.last[0].text.startswith("Ficha de pago: Liquidar mi crédito\n"), chat.text


async def test_asking_to_pay_it_all_at_the_summary_says_what_it_takes(world: World) -> None:
    """«y si pago todo de una vez?» under the credit's figures showed the same figures again:
    it says what paying it off takes today and asks what to pay; «mejor la mensualidad»
    there gives the monthly slip."""
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await logged_in(world, LUIS)
    await chat.press("Mi crédito y pagos")
    await chat.send("y si pago todo de una vez?")
    assert chat.last[0].text.startswith("Para liquidar tu crédito hoy pagarías $"), chat.text
    assert "Elige «Liquidar mi crédito» para tu ficha de pago." in chat.last[0].text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.send("mejor la mensualidad")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual\n"), chat.text
    assert f"Importe: {money(credit.monthly_payment)}\n" in chat.last[0].text


async def test_what_is_owed_and_an_amount_in_words_where_a_payment_is_asked(
        world: World) -> None:
    """At «¿Qué quieres pagar?» «¿cuánto debo?» and «y si lo quiero liquidar todo?» got «No sé
    responder esa pregunta aquí»; after a slip «no espera, mejor 500 pesos» cancelled the
    procedure («no espera» read as «cancelar»)."""
    credit = (await record_of(world, LUIS)).credit
    assert credit is not None
    chat = await logged_in(world, LUIS)
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.send("cuanto debo?")
    assert chat.last[0].text == "\n".join([
        "Esto pagarías hoy, según tu registro:",
        f"• Pago mensual: {money(credit.monthly_payment)}",
        f"• Liquidar mi crédito: {money(credit.balance)}"]), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.send("y si lo quiero liquidar todo?")
    assert chat.last[0].text.startswith("Para liquidar tu crédito hoy pagarías $"), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.send("mejor solo la mensualidad")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual\n"), chat.text
    await chat.send("no espera, mejor 500 pesos")
    assert chat.last[0].text.startswith("Ficha de pago: Otra cantidad\n"), chat.text
    assert "Importe: $500.00\n" in chat.last[0].text
    reference = _reference_in(chat).replace(" ", "")
    assert read_reference(reference, today(world)).concept is PaymentConcept.OTHER
    await chat.send("mejor de 20 pesos")  # under the stores' minimum: the limits, then asked
    assert chat.last[0].text == ("$20.00 es menos de $50.00, lo mínimo que se puede pagar con "
                                 "una ficha."), chat.text
    assert chat.last[-1].text.startswith("¿Cuánto quieres pagar?")
    await chat.send("quiero abonar 2 mil")
    assert "Importe: $2,000.00\n" in chat.last[0].text, chat.text


async def test_what_is_owed_in_english(world: World) -> None:
    chat = await logged_in(world, LUIS, "en")
    await chat.press("My credit & payments")
    await chat.press("Make a payment")
    await chat.send("how much do i owe?")
    assert chat.last[0].text.startswith(
        "This is what you would pay today, according to your record:\n• Monthly payment: MX$")
    await chat.send("just pay 800")
    assert "Amount: MX$800.00" in chat.text, chat.text


async def test_the_monthly_one_is_not_one_peso_and_where_is_answered_at_the_amount(
        world: World) -> None:
    """«ok pay the monthly one» under the credit got «MX$1.00 is less than MX$50.00» («one»
    read as an amount), and «where can i pay this» at the amount «I did not understand the
    amount»."""
    chat = await logged_in(world, LUIS, "en")
    await chat.press("My credit & payments")
    await chat.send("ok pay the monthly one")
    assert "MX$1.00" not in chat.text, chat.text
    assert chat.last[0].text.startswith("Payment slip: Monthly payment"), chat.text
    chat = await logged_in(world, LUIS, "en", user_id="5215500000417")
    await chat.press("My credit & payments")
    await chat.press("Make a payment")
    await chat.press("Another amount")
    await chat.send("where can i pay this")
    assert chat.last[0].text.startswith("You pay at authorised stores"), chat.text
    assert chat.last[-1].text.startswith("How much would you like to pay?")
    await chat.send("500")
    assert "Amount: MX$500.00" in chat.text, chat.text


async def test_what_to_pay_named_and_a_reference_typed_where_a_payment_is_asked(
        world: World) -> None:
    """«kiero pagar la mensualidad» under the credit got «¿Qué quieres pagar?» with the
    monthly payment among the options; a reference typed there was read as an amount
    ($1,234,567,890,123,456,789.00 «es más de lo que liquida tu crédito»), and «checar una
    referencia» was «Elige una de las opciones»."""
    chat = await logged_in(world, LUIS, user_id="5215500000418")
    await chat.press("Mi crédito y pagos")
    await chat.send("kiero pagar la mensualidad")
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual"), chat.text
    chat = await logged_in(world, LUIS, user_id="5215500000419")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    day = today(world)
    good = issue_reference("1423456789", PaymentConcept.PAYOFF, Decimal("1000"),
                           day + timedelta(days=3))
    await chat.send(good.digits)
    assert "$1,423" not in chat.text and "es más de lo que" not in chat.text, chat.text
    assert "referencia" in chat.last[0].text.lower(), chat.text
    await chat.press("Hacer un pago")
    await chat.send("checar una referencia")
    assert chat.text == "Escribe la referencia de tu ficha de pago (19 dígitos).", chat.text
    await chat.send(good.digits[:-1])
    assert chat.last[0].text.startswith("La referencia tiene 19 dígitos y escribiste 18")


async def test_a_worker_who_cannot_pay_is_told_what_help_there_is(world: World) -> None:
    """«y si no puedo pagar?» under the credit opened «¿Qué quieres pagar?», and «necesito
    una prorroga» there got «Elige una de las opciones»: the extension, the unemployment
    cover and the restructuring are said, with where to ask, and the step stays."""
    chat = await logged_in(world, LUIS, user_id="5215500000420")
    await chat.press("Mi crédito y pagos")
    await chat.send("y si no puedo pagar?")
    assert chat.last[0].text.startswith("Si perdiste tu empleo o no puedes pagar"), chat.text
    assert "Prórroga" in chat.last[0].text and "800 008 3900" in chat.last[0].text
    await chat.press("Hacer un pago")
    await chat.send("necesito una prorroga")
    assert chat.last[0].text.startswith("Si perdiste tu empleo"), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text
    english = await logged_in(world, LUIS, "en", user_id="5215500000421")
    await english.press("My credit & payments")
    await english.send("i lost my job what happens with my loan")
    assert english.last[0].text.startswith("If you lost your job or cannot pay"), english.text


@pytest.mark.parametrize("words", ["la del mes", "el de este mes", "la normal",
                                   "la mensual porfa"])
async def test_the_monthly_payment_named_in_words_gets_its_slip(world: World, words: str) -> None:
    """«la del mes» at «¿Qué quieres pagar?» was «Elige una de las opciones»."""
    chat = await logged_in(world, LUIS, user_id="5215500000417")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.send(words)
    assert chat.last[0].text.startswith("Ficha de pago: Pago mensual\nReferencia: "), chat.text


@pytest.mark.parametrize("place", ["oxxo", "en el banco", "por transferencia"])
async def test_where_the_worker_means_to_pay_is_answered_before_the_slip(
        world: World, place: str) -> None:
    """«oxxo» at «¿Qué quieres pagar?» was «Elige una de las opciones»: where a slip is
    paid is said, and what to pay asked again."""
    chat = await logged_in(world, LUIS, user_id="5215500000418")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.send(place)
    assert chat.last[0].text.startswith("Se paga en tiendas autorizadas"), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"


async def test_amounts_and_the_reference_asked_in_words(world: World) -> None:
    """At «¿Qué quieres pagar?», «¿cuánto tengo que pagar este mes?» was «No sé responder esa
    pregunta aquí»; after a slip «¿cuánto sería para liquidar?» too, «dame la referencia»
    opened «Revisar una referencia», and there «en el banco» was «La referencia tiene 19
    dígitos y escribiste 9» (its letters counted). Each is answered; the step stays."""
    chat = await logged_in(world, LUIS, user_id="5215500000417")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.send("cuanto tengo que pagar este mes?")
    assert chat.last[0].text.startswith("Esto pagarías hoy, según tu registro:"), chat.text
    assert "• Pago mensual: $" in chat.last[0].text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.press("Pago mensual")
    reference = _reference_in(chat)
    await chat.send("cuanto seria para liquidar")
    assert chat.last[0].text.startswith("Para liquidar tu crédito hoy pagarías $"), chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.press("Pago mensual")
    reference = _reference_in(chat)
    await chat.send("dame la referencia")
    assert chat.last[0].text.startswith(
        f"Tu referencia para «Pago mensual» es {reference}; vale hasta el "), chat.text
    assert chat.options == ["Hacer un pago", "Revisar una referencia", "Menú principal"]
    await chat.press("Revisar una referencia")
    await chat.send("en el banco")
    assert chat.last[0].text.startswith("No encontré una referencia en tu mensaje."), chat.text
    assert "escribiste" not in chat.text
    await chat.send(reference)
    assert "escribiste" not in chat.text and "No encontré" not in chat.text, chat.text


async def test_paying_said_in_english_goes_to_what_to_pay(world: World) -> None:
    """«i want to pay my loan» from the menu ended at the summary's question; there «how
    much is it this month?» was not understood and «the monthly one» was «Choose one of
    the options». Each goes where it says."""
    chat = await logged_in(world, LUIS, lang="en", user_id="5215500000418")
    await chat.send("i want to pay my loan")
    assert chat.last[-1].text == "What would you like to pay?", chat.text
    await chat.send("menu")
    await chat.press("My credit & payments")
    await chat.send("how much is it this month?")
    assert chat.last[0].text.startswith("This is what you would pay today"), chat.text
    await chat.send("menu")
    await chat.press("My credit & payments")
    await chat.send("the monthly one")
    assert chat.last[0].text.startswith("Payment slip: Monthly payment"), chat.text


async def test_asking_about_paying_an_amount_is_no_slip(world: World) -> None:
    """«y si pago 5 mil de más qué pasa» gave a slip for $5,000; «quiero la referencia para
    oxxo» after a slip opened the reference check; «¿se puede pagar con tarjeta?» there
    was «No encontré una referencia». The question is answered and the slip is one
    message away; the reference is given again; where (and how) a slip is paid is said."""
    chat = await logged_in(world, LUIS, user_id="5215500000431")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.send("y si pago 5 mil de mas que pasa")
    assert chat.last[0].text.startswith("Sí se puede: con una ficha de «Otra cantidad»"), \
        chat.text
    assert "escribe «pagar 5000»" in chat.last[0].text
    assert "Referencia:" not in chat.text
    assert chat.last[-1].text == "¿Qué quieres pagar?"
    await chat.send("pagar 5000")
    assert chat.last[0].text.startswith("Ficha de pago: Otra cantidad"), chat.text
    reference = _reference_in(chat)
    await chat.send("quiero la referencia para oxxo")
    assert chat.last[0].text.startswith(f"Tu referencia para «Otra cantidad» es {reference}"), \
        chat.text
    await chat.press("Revisar una referencia")
    await chat.send("se puede pagar con tarjeta?")
    assert chat.last[0].text.startswith(f"Paga con la referencia {reference}"), chat.text
    assert chat.last[-1].text.startswith("Escribe la referencia de tu ficha"), chat.text
    chat = await logged_in(world, LUIS, "en", user_id="5215500000432")
    await chat.press("My credit & payments")
    await chat.send("what if i pay 2000 extra?")
    assert chat.last[0].text.startswith("Yes, you can: with “Another amount” you pay"), chat.text
    assert "type “pay 2000”" in chat.last[0].text


@pytest.mark.parametrize("said", ["pague en oxxo hace 3 dias y no aparece",
                                  "cuanto tarda en reflejarse el pago?"])
async def test_a_sentence_at_the_reference_is_read_not_counted(world: World, said: str) -> None:
    """«pagué en oxxo hace 3 días y no aparece» where the reference is asked got «La
    referencia tiene 19 dígitos y escribiste 30» (its letters counted as digits); «¿cuánto
    tarda en reflejarse el pago?» «No sé responder esa pregunta aquí»."""
    chat = await logged_in(world, "with_credit", user_id="5215500000420")
    await chat.press("Mi crédito y pagos")
    await chat.press("Revisar una referencia")
    await chat.send(said)
    assert "escribiste" not in chat.text, chat.text
    assert chat.last[0].text.startswith("Si ya pagaste y tu pago no se ve"), chat.text
    assert chat.last[-1].text == "Escribe la referencia de tu ficha de pago (19 dígitos)."


@pytest.mark.parametrize(("lang", "asked", "answer"), [
    ("en", "did my payment go through?", "If you already paid and your payment"),
    (None, "ya hice mi pago, ya quedo?", "Si ya pagaste y tu pago no se ve")])
async def test_did_my_payment_go_through_is_answered_not_a_new_payment(
        world: World, lang: str | None, asked: str, answer: str) -> None:
    """«did my payment go through?» at the credit began a new payment («What would you like
    to pay?»)."""
    chat = await logged_in(world, "with_credit", lang="en" if lang else "es_MX",
                           user_id="5215500000421")
    await chat.press("My credit & payments" if lang else "Mi crédito y pagos")
    await chat.send(asked)
    assert chat.last[0].text.startswith(answer), chat.text


@pytest.mark.parametrize("said", ["es la {ref}", "mi referencia es {ref} y pague en oxxo"])
async def test_a_reference_inside_a_sentence_is_read(world: World, said: str) -> None:
    """«es la 1423 4567 …» at «Revisar una referencia» was «La referencia tiene 19 dígitos y
    escribiste 23»: the sentence's characters counted as the reference's digits."""
    chat = await logged_in(world, LUIS, user_id="5215500000615")
    await chat.press("Mi crédito y pagos")
    await chat.press("Hacer un pago")
    await chat.press("Pago mensual")
    reference = _reference_in(chat)
    await chat.press("Revisar una referencia")
    await chat.send(said.format(ref=reference))
    assert "escribiste" not in chat.text, chat.text
    assert chat.last[0].text.startswith("La referencia es válida"), chat.text


async def test_asking_to_pay_where_a_reference_is_checked_goes_to_paying(world: World) -> None:
    chat = await logged_in(world, LUIS, user_id="5215500000616")
    await chat.press("Mi crédito y pagos")
    await chat.press("Revisar una referencia")
    await chat.send("mejor quiero pagar")
    assert chat.last[-1].text == "¿Qué quieres pagar?", chat.text


async def test_a_monthly_slip_paid_directly_has_no_payroll_note(world: World) -> None:
    """The note about the employer's deduction is for payroll-deducted credits only."""
    await _set_credit(world, LUIS, status=CreditStatus.CURRENT, regime=Regime.REA)
    chat = await logged_in(world, LUIS, lang="en", user_id="5215500000412")
    await chat.press("My credit & payments")
    await chat.press("Make a payment")
    await chat.press("Monthly payment")
    assert chat.last[0].text.startswith("Payment slip: Monthly payment"), chat.text
    assert "deducts" not in chat.text and chat.last[1].text.startswith("You can also pay")
