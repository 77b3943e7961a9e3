"""Values written the way people write them, in every step that asks for one (issue 12,
trap 8): amounts and ages in the precalification, a period for the statement, the day and
the time of an appointment."""

from __future__ import annotations

import re

from tests.integration.savings.test_precalification_flow import (
    AGE_ES,
    SEX_ES,
    details,
    to_simulator,
)
from tests.support.savings import World, logged_in

NNBSP = "\u202f"


async def test_salary_and_age_in_sentences(world: World) -> None:
    chat = world.chat("5215500000901")
    await to_simulator(chat)
    await chat.send("gano como 10 mil al mes")
    assert chat.text == AGE_ES
    await chat.send("tengo treinta y cinco")
    assert chat.text.startswith(SEX_ES)
    await chat.press("Mujer")
    await chat.send("como ocho mil quinientos")
    shown = await details(chat)
    assert "Salario mensual: $10,000.00" in shown
    assert "Tu Subcuenta de Vivienda que se suma: $8,500.00" in shown


async def test_a_period_in_words_at_the_statement(world: World) -> None:
    chat = await logged_in(world, "with_credit")
    await chat.press("Estado de cuenta")
    await chat.send("del 2 al 4 de 2025")
    document = next(reply.document for reply in chat.last if reply.document is not None)
    assert document.filename == "estado-de-cuenta-2025-2-a-2025-4.pdf"
    await chat.press("Otro periodo")
    await chat.send("bimestre 3 del 2024")
    document = next(reply.document for reply in chat.last if reply.document is not None)
    assert document.filename == "estado-de-cuenta-2024-3-a-2024-3.pdf"


async def test_an_appointment_day_and_time_in_words(world: World) -> None:
    chat = await logged_in(world, "with_credit")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")  # one of its seven centres
    assert chat.last[-1].text == "¿Qué día? Estos tienen horarios libres:"
    await chat.send("mejor el martes")  # the clock is on Saturday 28 November 2026
    assert chat.text == "¿A qué hora, el 1 de diciembre de 2026? (hora local del Centro)"
    await chat.send("a las 9 porfa")
    shown = chat.last[0].text.replace(NNBSP, " ")
    assert "1 de diciembre de 2026 a las 9:00 a.m." in shown, shown
    assert chat.options == ["Confirmar la cita", "Otro horario", "No agendar"]


async def test_a_day_not_on_offer_says_how_to_write_one(world: World) -> None:
    chat = await logged_in(world, "with_credit")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")  # one of its seven centres
    await chat.send("el domingo")  # closed on Sundays: said so
    assert chat.last[0].text == "Los Centros de Servicio no abren en domingo. Elige otro día."
    assert chat.last[-1].text == "¿Qué día? Estos tienen horarios libres:"
    await chat.send("el jueves 3")
    assert re.sub(r"\s", " ", chat.text) == ("¿A qué hora, el 3 de diciembre de 2026? (hora local "
                                             "del Centro)")
