"""Pay said per day, week, fortnight or year in the precalification («gano 350 al día»,
«4,500 a la quincena», «3 mil a la semana»): turned into the monthly income the estimate
takes, the worker told which figure is used, never read as a monthly salary; an earlier
answer changed in passing («gano 500 diarios» at the age) goes back to it with the value."""

from __future__ import annotations

from tests.integration.savings.test_precalification_flow import (
    AGE_ES,
    SALARY_ES,
    details,
    to_simulator,
)
from tests.support.savings import World


async def test_each_period_is_turned_into_the_monthly_income(world: World) -> None:
    cases = (("gano 350 al día", "Con $350.00 al día, el ingreso al mes es de $10,640.00 (30.4 "
                                 "días).", "$10,640.00"),
             ("350 diarios", "Con $350.00 al día", "$10,640.00"),
             ("me pagan 5,000 a la quincena", "Con $5,000.00 a la quincena, el ingreso al mes "
                                              "es de $10,000.00.", "$10,000.00"),
             ("4800 cada quince dias", "Con $4,800.00 a la quincena", "$9,600.00"),
             ("como 3 mil a la semana", "Con $3,000.00 a la semana, el ingreso al mes es de "
                                        "$13,028.57.", "$13,028.57"),
             ("180 mil al año", "Con $180,000.00 al año, el ingreso al mes es de $15,000.00.",
              "$15,000.00"))
    for number, (typed, said, monthly) in enumerate(cases):
        chat = world.chat(f"52155000071{number:02d}")
        await to_simulator(chat)
        await chat.send(typed)
        assert chat.last[0].text.startswith(said), typed
        assert chat.text.endswith(AGE_ES), typed
        await chat.send("30")
        await chat.press("Hombre")
        await chat.press("No lo sé (usar $0)")
        assert f"Salario mensual: {monthly}" in await details(chat), typed


async def test_a_monthly_salary_is_taken_as_it_is(world: World) -> None:
    chat = world.chat("5215500007201")
    await to_simulator(chat)
    await chat.send("12 mil al mes")
    assert [reply.text for reply in chat.last] == [AGE_ES]


async def test_daily_pay_under_the_minimum_says_both_figures(world: World) -> None:
    chat = world.chat("5215500007202")
    await to_simulator(chat)
    await chat.send("gano 250 al dia")
    assert [reply.text for reply in chat.last] == [
        "Escribe un ingreso mensual de al menos $9,451.20 (30 días de salario mínimo, lo menos "
        "que toma el simulador). Solo la cantidad, como 12500. Si ganas menos, un asesor te dice "
        "qué opciones tienes: escribe «asesor» o llama gratis a Infonatel al 800 008 3900.",
        "Con $250.00 al día, el ingreso al mes es de $7,600.00 (30.4 días).", SALARY_ES]


async def test_from_the_menu_in_one_sentence_and_in_english(world: World) -> None:
    chat = world.chat("5215500007203")
    await chat.send("hola")
    await chat.send("cuanto me prestan si gano 400 diarios")
    assert chat.last[0].text.startswith("Con $400.00 al día, el ingreso al mes es de "
                                        "$12,160.00")
    assert chat.text.endswith(AGE_ES)
    english = world.chat("5215500007204", lang="en")
    await english.send("hi")
    await english.press("Prequalification")
    await english.press("Use the simulator")
    await english.send("I make 2,500 a week")
    assert english.last[0].text == ("With MX$2,500.00 a week, the monthly income is "
                                    "MX$10,857.14.")


async def test_the_salary_changed_in_passing_at_a_later_step(world: World) -> None:
    chat = world.chat("5215500007205")
    await to_simulator(chat)
    await chat.send("10000")
    assert chat.text.endswith(AGE_ES)
    await chat.send("no, gano 500 diarios")
    assert chat.last[0].text.startswith("Con $500.00 al día, el ingreso al mes es de "
                                        "$15,200.00")
    assert chat.text.endswith(AGE_ES), "back where it was, nothing else asked again"
    await chat.send("30")
    await chat.press("Hombre")
    await chat.press("No lo sé (usar $0)")
    assert "Salario mensual: $15,200.00" in await details(chat)


async def test_a_co_borrower_paid_weekly_is_their_income_not_the_workers(world: World) -> None:
    chat = world.chat("5215500007206")
    await to_simulator(chat)
    await chat.send("18000")
    await chat.send("30")
    await chat.press("Hombre")
    await chat.press("No lo sé (usar $0)")
    await chat.press("Sumar coacreditado")
    await chat.send("gana 3 mil a la semana")
    assert chat.last[0].text.startswith("Con $3,000.00 a la semana")
    shown = await details(chat)
    assert "Salario mensual: $18,000.00" in shown
    assert "$13,028.57" in shown
