"""Options answered in people's own words: at a step that offers buttons, a sentence that
names one option («quiero pagar», «la mensualidad», «mandamelo al correo», «quiero ver mis
aportaciones») picks it instead of «Elige una de las opciones»; a year said relative to
today («el de este año») is a period. Each of these was a miss before."""

from __future__ import annotations

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
