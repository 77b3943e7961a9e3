"""Mis puntos as transcripts: logged in and not, both languages, every outcome the rules give
(met, not met with a projection, a scheme that does not apply, and the three cases where
points cannot be shown), and the buttons that open the other savings flows."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal

from bot.conversation.messages import Reply
from domain.reference import default_reference
from domain.savings.points.evaluate import PointsResult, evaluate_points
from tests.support.savings import World, log_in, logged_in, record_of, today

SCHEMES_ES = ["El que me aplica hoy", "Esquema de 1,080 puntos", "Esquema de 100 puntos",
              "Esquema por requisitos"]
SCHEMES_EN = ["The one for me today", "1,080-point scheme", "100-point scheme",
              "Requirements scheme"]
AFTER_ES = ["¿Cómo se calcula?", "Supuestos", "Ver mis aportaciones", "Precalificarme",
            "Ver con otro esquema", "Menú principal"]


def words(replies: list[Reply]) -> str:
    """The text of the replies, pictures left out (their captions are checked apart)."""
    return "\n".join(reply.text for reply in replies if reply.image is None)


async def test_not_logged_in_it_asks_to_log_in_then_shows_carmens_points(world: World) -> None:
    chat = world.chat("5215500000401")
    await chat.send("hola")
    await chat.press("Mis puntos")
    assert chat.last[0].text == "Para ver esto necesitas iniciar sesión."
    await log_in(world, chat, "existing_account")  # the points come with the login's end

    on = today(world)
    expected = evaluate_points(await record_of(world, "existing_account"), on,
                               default_reference().for_date(on))
    assert isinstance(expected, PointsResult)
    total = format_decimal(expected.total, locale="es_MX")
    known = format_decimal(expected.total - 409, locale="es_MX")
    from_record = format_decimal(expected.total - 409 - 20, locale="es_MX")
    best = format_decimal(expected.total - 409 + 550, locale="es_MX")
    assert sum(c.points for c in expected.components) == expected.total
    image = chat.last[1].image
    assert image is not None and image.caption == f"Tus puntos: {total}; se piden 1,080."
    shown = words(chat.last[1:])
    # the verdict rests on the estimated part: said as one, not as a fact
    assert shown.startswith(f"Con lo que estimamos tienes {total} puntos: alcanzarías los "
                            "1,080 que se piden.")
    for line in ("De ellos, 409 son una estimación (no vemos los datos de tu patrón ni tu "
                 f"buró), 20 son el Bono Mujer Infonavit y {from_record} salen de tu registro.",
                 "Ojo: esto depende de los 409 puntos estimados. Con los datos reales de tu "
                 f"patrón y tu buró tendrías entre {known} y {best} puntos, así que podrías "
                 "cumplir o no.",
                 # bimester 5 is paid (in her savings) but not yet in the points: said so
                 "Tus puntos cuentan hasta el bimestre 4/2026; el 5/2026 ya está en tu ahorro "
                 "y cuenta desde el 1 de enero de 2027.",
                 "Te registraste hace menos de un día: tus puntos pueden tardar 24 horas en "
                 "verse en el portal."):
        assert line in shown, line
    assert "T1000" not in shown and "micuenta-savings" not in shown
    verdict = shown.index("alcanzarías los 1,080 que se piden")
    assert verdict < shown.index("Ojo: esto depende"), "the caveat follows the verdict"
    assert chat.last[-1].text == "¿Qué quieres hacer ahora?"
    assert chat.options == AFTER_ES
    await chat.press("¿Cómo se calcula?")
    parts = chat.last[0].text
    assert parts.startswith(f"Tus {total} puntos se forman así:")
    for line in ("• Edad — 58 años: 114", "• Bono Mujer Infonavit: 20",
                 "• Tipo de trabajador — permanente: 123",
                 # why this scheme, with its date from the year file
                 "Te aplica porque ganas $20,976.00 al mes, fuera del rango de 1 a 2 salarios "
                 "mínimos del esquema que rige para ese ingreso desde el 6 de octubre de 2025."):
        assert line in parts, line
    await chat.press("Supuestos")
    assumptions = chat.last[0].text
    assert assumptions.startswith("Lo que estimamos y por qué:")
    assert ("• El pago de tu patrón del bimestre 5 (septiembre-octubre) de 2026 se verá "
            "en tus puntos en la primera o segunda semana del mes: entre el 1 de enero de "
            "2027 y el 14 de enero de 2027.") in assumptions
    await chat.press("Ver con otro esquema")
    assert chat.last[-1].text.startswith("Mis puntos: los calculo con tu registro de hoy.")
    assert chat.options == SCHEMES_ES


async def test_logged_in_the_points_come_without_an_extra_tap(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Mis puntos")
    on = today(world)
    expected = evaluate_points(await record_of(world, "existing_account"), on,
                               default_reference().for_date(on))
    assert isinstance(expected, PointsResult)
    total = format_decimal(expected.total, locale="es_MX")
    assert len(chat.last) == 3, "the picture, the points and what next, in the same replies"
    assert chat.last[1].text.startswith(f"Con lo que estimamos tienes {total} puntos: "
                                        "alcanzarías los 1,080")
    assert chat.last[2].text == "¿Qué quieres hacer ahora?"
    assert "El que me aplica hoy" not in chat.options, "no scheme to choose first"


async def test_the_24_hour_note_goes_once_the_account_is_a_day_old(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    world.clock.advance(hours=25)  # the session expired meanwhile: log in again
    await chat.send("menú")
    await chat.press("Mis puntos")
    await log_in(world, chat, "existing_account", new_chat=False)
    shown = words(chat.last)
    assert "tienes 1,125 puntos" in shown
    assert "24 horas" not in shown
    assert "ya está en tu ahorro y cuenta desde el" in shown


async def test_another_scheme_that_does_not_apply_says_why(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Mis puntos")
    assert words(chat.last).startswith("Con lo que estimamos tienes "), \
        "the scheme in force at once"
    await chat.press("Ver con otro esquema")
    assert chat.options == SCHEMES_ES
    await chat.press("Esquema de 100 puntos")
    shown = words(chat.last)
    assert shown.startswith("Tienes 716 puntos, pero el esquema de 100 puntos no aplica a tu "
                            "nivel de ingreso.")
    assert ("❌ Ingreso de 1 a 2 salarios mínimos, de $9,577.22 a $19,154.43 al mes "
            "(el tuyo: $20,976.00)") in shown
    await chat.press("¿Cómo se calcula?")
    how = chat.last[0].text
    assert "Lo elegiste tú; con tu salario, hoy te aplica: el esquema de 1,080 puntos." in how
    # one salary, in pesos, on every line: the component, the requirement, the precalification
    assert "• Salario mensual — $20,976.00: 144" in how
    assert "Con tu salario y situación actuales no alcanzarías el requisito." in shown
    assert "Tu ingreso está fuera del rango de este esquema." in shown


async def test_a_new_worker_sees_the_projection_in_english(world: World) -> None:
    chat = await logged_in(world, "new_worker_few_contributions", lang="en")
    await chat.press("My points")
    shown = words(chat.last)
    assert shown.startswith("You have 349 points, but in the requirements scheme what counts "
                            "is these requirements:")
    # all four the announcement names: the one no record shows is for the worker to confirm
    assert "✅ A formal job" in shown
    assert "❔ Not owning a home (confirm it yourself)" in shown
    # one count and one salary, in the same units on every line
    assert "❌ 6 months of continuous contributions (you have 2 months)" in shown
    assert ("✅ Income of 1 to 2 minimum wages, MX$9,577.22 to MX$19,154.43 a month "
            "(yours: MX$10,032.00)") in shown
    assert "UMA" not in shown, "no second unit for the salary"
    assert ("At your current salary you would reach it in 2 bimesters, when bimester 6 of 2026 "
            "shows (March 1, 2027).") in shown
    assert chat.last[-1].text == "What would you like to do now?"
    await chat.press("How is it worked out?")
    parts = chat.last[0].text
    assert "• Housing subaccount balance — MX$2,029.50: 116" in parts
    assert "• Worker type — temporary: 0" in parts
    assert "• Continuous contributions — 2 months (1 bim.): 0" in parts
    assert "• Monthly salary — MX$10,032.00: 128" in parts
    assert ("It applies because you earn MX$10,032.00 a month, 1 to 2 minimum wages: this "
            "scheme has ruled that income since October 6, 2025.") in parts
    await chat.press("Assumptions")
    assert ("• Your employer's payment for bimester 5 (September-October) of 2026 will show in "
            "your points in the first or second week of the month: between January 1, 2027 and "
            "January 14, 2027.") in chat.last[0].text
    await chat.press("Check another scheme")
    assert chat.options == SCHEMES_EN
    await chat.press("The one for me today")
    assert words(chat.last) == shown, "the scheme in force, chosen again: the same points"


async def test_no_active_relationship_says_why_and_what_to_do(world: World) -> None:
    chat = await logged_in(world, "no_active_relationship")
    await chat.press("Mis puntos")
    assert chat.last[0].text == (
        "No mostramos puntos porque no tienes una relación laboral vigente.\n\n"
        "Qué hacer: tus puntos vuelven a calcularse cuando un patrón te dé de alta en el IMSS "
        "y pague tus aportaciones; pueden tardar un par de bimestres en verse. Tu ahorro sigue "
        "siendo tuyo: consúltalo en «Estado de cuenta».")
    assert chat.options == ["Ver mi ahorro", "Menú principal"]
    await chat.press("Ver mi ahorro")  # the savings, as the reason says: not a list to page
    assert words(chat.last).startswith("Tienes $")
    assert chat.last[-1].text.startswith("¿Quieres tu estado de cuenta en PDF?")
    await chat.send("menú")
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"


async def test_a_credit_in_english_and_a_pension_in_spanish(world: World) -> None:
    luis = await logged_in(world, "with_credit", lang="en", user_id="5215500000402")
    await luis.press("My points")
    assert luis.last[0].text.startswith(
        "Points are not shown because you have an active or in-process credit.\n\n"
        "What to do: while you have an active or in-process credit")
    assert "“My credit & payments”" in luis.last[0].text
    assert luis.options == ["See my savings", "Main menu"]
    roberto = await logged_in(world, "pension_in_process", user_id="5215500000403")
    await roberto.press("Mis puntos")
    assert roberto.last[0].text.startswith(
        "No mostramos puntos porque tienes una pensión en trámite.")
    assert "devolución de tu ahorro" in roberto.last[0].text
    assert roberto.options == ["Ver mi ahorro", "Menú principal"], "no other scheme"


async def test_precalify_opens_the_precalification_in_place_of_the_points(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Mis puntos")
    await chat.press("Precalificarme")  # logged in: the estimate from the record at once
    assert words(chat.last).startswith("Te podrían prestar $")
    assert chat.options == ["Ver detalles", "Cambiar el plazo", "Sumar coacreditado",
                            "Usar el simulador", "Menú principal"]
    await chat.send("cancelar")
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo."


async def test_only_the_offered_buttons_count(world: World) -> None:
    chat = await logged_in(world, "no_active_relationship")
    await chat.press("Mis puntos")
    assert chat.last[0].text.startswith("No mostramos puntos")
    await chat.send("puntos por favor")  # what this screen shows: shown anew
    assert chat.last[0].text.startswith("No mostramos puntos"), chat.text
    assert chat.last[-1].text == "¿Qué quieres hacer ahora?"
    assert chat.options == ["Ver mi ahorro", "Menú principal"]
    await chat.send(button="points:precalify")  # not offered when no points are shown
    assert chat.last[0].text.startswith("Esa opción ya no está disponible.")
    await chat.send(button="points:other_scheme")  # nor another scheme
    assert chat.last[0].text.startswith("Esa opción ya no está disponible.")
    await chat.send("1")  # by its number: see the contributions
    assert words(chat.last).startswith("Tienes $")


async def test_a_year_without_reference_data_is_said_not_crashed(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    world.clock.advance(days=800)  # 2029: no reference file for it yet
    await chat.send("menú")
    await chat.press("Mis puntos")
    await log_in(world, chat, "existing_account", new_chat=False)
    assert chat.last[1].text == "Aún no tenemos los valores de referencia de 2029."
    assert chat.options == ["El que me aplica hoy"]
    await chat.press("El que me aplica hoy")
    assert chat.last[0].text == "Aún no tenemos los valores de referencia de 2029."
    assert chat.last[-1].text.startswith("Mis puntos: los calculo con tu registro de hoy.")


async def test_how_much_can_i_borrow_at_the_points_is_the_precalification_not_their_workings(
        world: World) -> None:
    """«how much can i borrow» under the points showed «How is it worked out?» (the one
    option that is a question shared «how» with it): it opens the precalification."""
    chat = await logged_in(world, "existing_account", lang="en")
    await chat.press("My points")
    assert "How is it worked out?" in chat.options
    await chat.send("how much can i borrow")
    shown = "\n".join(reply.text for reply in chat.last)
    assert "are made up of" not in shown, shown
    assert "You could borrow MX$" in shown, shown


async def test_why_and_when_asked_under_the_answer_are_answered_by_it(world: World) -> None:
    """«y por que no tengo?» and «cuando me van a salir?» under «No mostramos puntos…» got
    «No sé responder esa pregunta aquí»: the reason and what to do come again. Under points
    shown, «y eso q significa» is how they are worked out; a safety question stays one."""
    chat = await logged_in(world, "no_active_relationship")
    await chat.press("Mis puntos")
    reason = chat.last[0].text
    for question in ("y por que no tengo?", "cuando me van a salir?"):
        await chat.send(question)
        assert chat.last[0].text == reason, chat.text
        assert chat.options == ["Ver mi ahorro", "Menú principal"]
    await chat.send("es seguro?")
    assert chat.last[0].text.startswith("Para cuidar tu cuenta:"), chat.text
    other = await logged_in(world, "existing_account", user_id="5215500000302")
    await other.press("Mis puntos")
    await other.send("y eso q significa")
    assert other.last[0].text.startswith("Tus "), other.text
    assert " puntos se forman así:" in other.last[0].text.splitlines()[0], other.text


async def test_what_is_missing_and_how_to_get_more_are_answered_under_the_points(
        world: World) -> None:
    """«cuantos me faltan?» under the points went to the credit («No tienes un crédito
    Infonavit»), and «y como le hago para tener mas» then got «No sé responder esa
    pregunta aquí»: only what is missing, and what raises the points, with the step kept."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    await chat.send("cuantos me faltan?")
    assert chat.last[0].text == "\n".join([
        "Lo que te falta:",
        "• 6 meses de aportaciones seguidas (llevas 2 meses)",
        "• No tener vivienda propia (confírmalo tú)",
        "• Con tu salario actual lo alcanzarías en 2 bimestres, cuando se refleje el bimestre "
        "6 de 2026 (1 de marzo de 2027)."]), chat.text
    assert chat.options == AFTER_ES
    await chat.send("y como le hago para tener mas")
    assert chat.last[0].text.startswith("Tus puntos suben con el tiempo:"), chat.text
    assert "aportaciones voluntarias" in chat.last[0].text
    assert chat.options == AFTER_ES
    await chat.press("Ver con otro esquema")
    await chat.press("Esquema de 1,080 puntos")
    await chat.send("q me falta")
    assert chat.last[0].text.startswith("Lo que te falta:\n• "), chat.text
    assert "puntos" in chat.last[0].text.splitlines()[1]


async def test_the_points_from_the_record_are_the_same_number_in_every_scheme(
        world: World) -> None:
    """Sofía saw «Tienes 349 puntos» in the scheme that applies to her, then «369 salen de tu
    registro» in the 1,080-point scheme: the 20 were that scheme's Bono Mujer, counted as
    her record's. The record's points are one number; the bonus is said apart."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    shown = words(chat.last)
    record = shown.split("Tienes ", 1)[1].split(" puntos", 1)[0]
    await chat.press("Ver con otro esquema")
    await chat.press("Esquema de 1,080 puntos")
    other = words(chat.last)
    assert (f"409 son una estimación (no vemos los datos de tu patrón ni tu buró), 20 son el "
            f"Bono Mujer Infonavit y {record} salen de tu registro.") in other, other
    await chat.press("¿Cómo se calcula?")
    assert "• Bono Mujer Infonavit: 20" in chat.last[0].text


async def test_nothing_missing_is_not_said_as_a_fact_when_it_rests_on_the_estimate(
        world: World) -> None:
    """Carmen's points said «alcanzarías … podrías cumplir o no», and «que me falta?» under
    them then said «No te falta nada: … cumples»: the same caveat, not a contradiction."""
    chat = await logged_in(world, "existing_account")
    await chat.press("Mis puntos")
    await chat.send("que me falta?")
    answer = chat.last[0].text
    assert answer.startswith("Con lo que estimamos no te falta nada, pero depende de los 409 "
                             "puntos estimados"), chat.text
    assert "podrías cumplir o no" in answer and "No te falta nada" not in answer
    assert chat.options == AFTER_ES


async def test_a_salary_wondered_about_under_the_points_gives_its_points_and_scheme(
        world: World) -> None:
    """«y si ganara 25 mil?» under Sofía's points was «No sé responder esa pregunta aquí»:
    her points with that salary, in the scheme that income falls in, and hers a tap away."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    await chat.send("y si ganara 25 mil?")
    assert chat.last[0].text.startswith("Calculo tus puntos con $25,000.00 de sueldo al mes"), \
        chat.text
    shown = words(chat.last)
    assert "para los 1,080 que se piden" in shown, shown
    assert "Con ese salario y tu situación actual no alcanzarías el requisito." in shown, shown
    assert "Con tu salario" not in shown
    assert "Con mi sueldo registrado" in chat.options
    await chat.press("¿Cómo se calcula?")
    assert "• Salario mensual — $25,000.00: 144" in chat.last[0].text
    await chat.press("Con mi sueldo registrado")
    assert "en el esquema por requisitos" in words(chat.last), chat.text
    assert chat.options == AFTER_ES
    english = await logged_in(world, "new_worker_few_contributions", lang="en",
                              user_id="5215500000305")
    await english.press("My points")
    await english.send("what if i made 30k a month?")
    assert english.last[0].text.startswith("I work out your points with a salary of "
                                           "MX$30,000.00 a month"), english.text


async def test_a_scheme_named_by_its_number_and_enough_points_with_a_requirement_short(
        world: World) -> None:
    """«el de los 100 puntos» at the scheme's choice opened the scheme in force again and
    «el de 1080» was «Elige una de las opciones»; the 100-point scheme then said «te faltan
    0 para los 100» where the points were enough and the months were not."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    await chat.press("Ver con otro esquema")
    await chat.send("el de los 100 puntos")
    shown = words(chat.last)
    assert ": alcanzas los 100 que se piden, pero aún no cumples todos los requisitos de este " \
           "esquema." in shown, shown
    assert "te faltan 0" not in shown
    assert "De ellos, 20 son el Bono Mujer Infonavit y " in shown
    await chat.send("que me falta")
    assert chat.last[0].text.startswith("Lo que te falta:\n• 6 meses de aportaciones seguidas"), \
        chat.text
    await chat.press("Ver con otro esquema")
    await chat.send("el de 1080")
    assert "para los 1,080 que se piden" in words(chat.last), chat.text


async def test_which_scheme_applies_is_answered_under_the_points(world: World) -> None:
    """«que esquema me toca?» under the points was «No sé responder esa pregunta aquí»."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    await chat.send("que esquema me toca?")
    assert "Te aplica porque ganas" in chat.last[0].text, chat.text
    assert chat.options == AFTER_ES


async def test_what_is_missing_in_english(world: World) -> None:
    chat = await logged_in(world, "new_worker_few_contributions", lang="en")
    await chat.press("My points")
    await chat.send("what am i missing?")
    assert chat.last[0].text.startswith(
        "What you are missing:\n• 6 months of continuous contributions (you have 2 months)")
    await chat.send("how do i get more points?")
    assert chat.last[0].text.startswith("Your points grow with time:")


async def test_is_that_good_is_answered_with_the_verdict(world: World) -> None:
    """«y eso es bueno o malo?» under the points got «No sé responder esa pregunta aquí»:
    whether the points do is what is missing (or that nothing is)."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    for question in ("y eso es bueno o malo?", "ya alcanzo?", "¿me alcanza?"):
        await chat.send(question)
        assert chat.last[0].text.startswith("Lo que te falta:\n• 6 meses de aportaciones"), \
            chat.text
        assert chat.options == AFTER_ES
    english = await logged_in(world, "existing_account", lang="en", user_id="5215500000303")
    await english.press("My points")
    await english.send("is that good?")
    assert english.last[0].text.startswith(("With what we estimate nothing is missing",
                                            "What you are missing")), \
        english.text


async def test_when_enough_and_what_to_do_are_answered_under_the_points(world: World) -> None:
    """«when will i have enough?» got the breakdown of the points, «what can i do?» «I can't
    answer that question here»: when it could be met, and what raises the points."""
    chat = await logged_in(world, "new_worker_few_contributions", lang="en",
                           user_id="5215500000304")
    await chat.press("My points")
    await chat.send("when will i have enough?")
    assert chat.last[0].text.startswith("What you are missing:"), chat.text
    await chat.send("what can i do?")
    assert chat.last[0].text.startswith("Your points grow with time:"), chat.text
    spanish = await logged_in(world, "new_worker_few_contributions", user_id="5215500000305")
    await spanish.press("Mis puntos")
    await spanish.send("y cuando voy a tener los puntos?")
    assert spanish.last[0].text.startswith("Lo que te falta:"), spanish.text
    await chat.send("how long will that take")  # after what is missing: still that
    assert chat.last[0].text.startswith("What you are missing:"), chat.text
    await spanish.send("y en cuanto tiempo los junto?")
    assert spanish.last[0].text.startswith("Lo que te falta:"), spanish.text


async def test_what_is_missing_without_a_question_mark_stays_with_the_points(
        world: World) -> None:
    """«cuantos me faltan» (no question mark) under the points opened «Mi crédito» («No
    tienes un crédito Infonavit»): read as a credit's balance. Under points it is what the
    points lack; under «No mostramos puntos…», the reason and what to do."""
    chat = await logged_in(world, "no_active_relationship")
    await chat.press("Mis puntos")
    reason = chat.last[0].text
    await chat.send("cuantos me faltan")
    assert chat.last[0].text == reason, chat.text
    assert chat.options == ["Ver mi ahorro", "Menú principal"]
    other = await logged_in(world, "new_worker_few_contributions", user_id="5215500000303")
    await other.press("Mis puntos")
    await other.send("cuantos me faltan")
    assert other.last[0].text.startswith("Lo que te falta:\n• "), other.text
    assert other.options == AFTER_ES


async def test_how_far_from_the_points_in_other_words(world: World) -> None:
    """«me faltan muchos?» under the points was «No sé responder esa pregunta aquí»; «am i
    close?» the same: what the points lack, or that they reach it."""
    chat = await logged_in(world, "new_worker_few_contributions")
    await chat.press("Mis puntos")
    await chat.send("me faltan muchos?")
    assert chat.last[0].text.startswith("Lo que te falta:\n• "), chat.text
    await chat.send("y todavia me falta mucho?")
    assert chat.last[0].text.startswith("Lo que te falta:\n• "), chat.text
    english = await logged_in(world, "new_worker_few_contributions", "en",
                              user_id="5215500000304")
    await english.press("My points")
    await english.send("am i close?")
    assert english.last[0].text.startswith("What you are missing:"), english.text


async def test_what_to_do_without_points_is_the_reasons_own(world: World) -> None:
    """No points shown for want of a job: «what can i do» got how points grow with an
    employer's contributions. It gets the reason's own «what to do» again."""
    chat = await logged_in(world, "no_active_relationship", "en", user_id="5215500000305")
    await chat.press("My points")
    reason = chat.last[0].text
    assert reason.startswith("Points are not shown because"), chat.text
    await chat.send("what can i do")
    assert chat.last[0].text == reason, chat.text
    spanish = await logged_in(world, "no_active_relationship", user_id="5215500000306")
    await spanish.press("Mis puntos")
    await spanish.send("y como le hago para tener mas?")
    assert spanish.last[0].text.startswith("No mostramos puntos"), spanish.text


@pytest.mark.parametrize("text", ["cuantos necesito", "y cuantos piden?"])
async def test_how_many_are_needed_without_naming_points_is_about_them(world: World,
                                                                       text: str) -> None:
    """«cuantos necesito» under the points got the documents to create an account: it is
    what the points lack (or that they reach it)."""
    chat = await logged_in(world, "new_worker_few_contributions", user_id="5215500000304")
    await chat.press("Mis puntos")
    await chat.send(text)
    assert chat.last[0].text.startswith("Lo que te falta:\n• "), chat.text
    assert "Para crear tu cuenta" not in chat.text


async def test_no_home_of_ones_own_said_under_the_requirements_is_answered(
        world: World) -> None:
    """«no tengo casa propia» beside «No tener vivienda propia (confírmalo tú)» was «Elige
    una de las opciones»."""
    chat = await logged_in(world, "new_worker_few_contributions", user_id="5215500000307")
    await chat.press("Mis puntos")
    assert "No tener vivienda propia" in chat.text, chat.text
    await chat.send("no tengo casa propia")
    assert chat.last[0].text.startswith("Entonces cumples también el requisito de no tener "
                                        "vivienda propia"), chat.text


@pytest.mark.parametrize(("lang", "asked"), [(None, "que son los puntos"),
                                            (None, "y para que sirven los puntos?"),
                                            ("en", "what are points")])
async def test_what_points_are_is_explained_not_shown_again(
        world: World, lang: str | None, asked: str) -> None:
    """«¿qué son los puntos?» showed the worker's points again (or «No mostramos puntos…»),
    never what they are."""
    chat = await logged_in(world, "existing_account", lang="en" if lang else "es_MX",
                           user_id="5215500000640")
    await chat.send("mis puntos" if lang is None else "my points")
    await chat.send(asked)
    assert chat.last[0].text.startswith("Los puntos Infonavit dicen si ya puedes pedir"
                                        if lang is None else
                                        "Infonavit points tell whether you can"), chat.text
