"""Mis puntos as transcripts: logged in and not, both languages, every outcome the rules give
(met, not met with a projection, a scheme that does not apply, and the three cases where
points cannot be shown), and the buttons that open the other savings flows."""

from __future__ import annotations

from babel.numbers import format_decimal

from domain.points import PointsResult, evaluate_points
from domain.reference import default_reference
from tests.savings.support import World, log_in, logged_in, record_of, today

SCHEMES_ES = ["El que me aplica hoy", "1,080 puntos (T1000)", "100 puntos (T100)",
              "Requisitos, sin puntos"]
SCHEMES_EN = ["The one for me today", "1,080 points (T1000)", "100 points (T100)",
              "Requirements, no points"]


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
    best = format_decimal(expected.total - 409 + 550, locale="es_MX")
    assert len(chat.last) == 3
    shown = chat.last[1].text
    assert shown.startswith(f"Tienes {total} puntos (estimación). Así se forman:")
    assert sum(c.points for c in expected.components) == expected.total
    for line in ("• Edad — 58 años: 114 puntos", "• Bono Mujer Infonavit: 20 puntos",
                 "• Tipo de trabajador — permanente: 123 puntos",
                 "Cuentan tus aportaciones hasta el bimestre 4 (julio-agosto) de 2026.",
                 "Esquema: 1,080 puntos (T1000). Ya cumples el requisito.",
                 f"✅ 1,080 puntos (tienes {total})",
                 "De ellos, 409 son una estimación (los datos de tu patrón y de buró de crédito "
                 f"no los vemos); {known} salen de tu registro.",
                 "Ojo: esto depende de los 409 puntos estimados. Con los datos reales de tu "
                 f"patrón y tu buró tendrías entre {known} y {best} puntos, así que podrías "
                 "cumplir o no.",
                 "• El pago de tu patrón del bimestre 5 (septiembre-octubre) de 2026 se verá "
                 "en tus puntos en la primera o segunda semana del mes: entre el 1 de enero de "
                 "2027 y el 14 de enero de 2027.",
                 # why this scheme, with its date from the year file
                 "Te aplica porque ganas $20,976.00 al mes, fuera del rango de 1 a 2 salarios "
                 "mínimos del esquema que rige para ese ingreso desde el 6 de octubre de 2025.",
                 "• Te registraste hace menos de 24 horas: en el portal tus puntos pueden "
                 "tardar hasta 24 horas en aparecer.",
                 "Es una estimación. Supuestos que usamos:",
                 "Reglas aplicadas: micuenta-savings, versión de datos 2026.1, valores de 2026 "
                 "(UMA de 2026)."):
        assert line in shown, line
    verdict = shown.index(f"✅ 1,080 puntos (tienes {total})")
    assert verdict < shown.index("Ojo: esto depende"), "the caveat follows the verdict"
    assert chat.last[-1].text == "¿Qué quieres hacer ahora?"
    assert chat.options == ["Precalificarme", "Ver mis aportaciones", "Ver con otro esquema",
                            "Menú principal"]
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
    assert len(chat.last) == 2, "the points and what next, in the same replies"
    assert chat.last[0].text.startswith(f"Tienes {total} puntos (estimación). Así se forman:")
    assert "Esquema: 1,080 puntos (T1000). Ya cumples el requisito." in chat.last[0].text
    assert chat.last[1].text == "¿Qué quieres hacer ahora?"
    assert "El que me aplica hoy" not in chat.options, "no scheme to choose first"


async def test_the_24_hour_note_goes_once_the_account_is_a_day_old(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    world.clock.advance(hours=25)  # the session expired meanwhile: log in again
    await chat.send("menú")
    await chat.press("Mis puntos")
    await log_in(world, chat, "existing_account", new_chat=False)
    shown = chat.last[1].text  # after "Iniciaste sesión."
    assert "Tienes 1,125 puntos" in shown
    assert "24 horas" not in shown
    assert "se verá en tus puntos en la primera o segunda semana del mes" in shown


async def test_another_scheme_that_does_not_apply_says_why(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Mis puntos")
    assert chat.last[0].text.startswith("Tienes "), "the scheme in force at once"
    assert "Esquema: 1,080 puntos (T1000). Ya cumples el requisito." in chat.last[0].text
    await chat.press("Ver con otro esquema")
    assert chat.options == SCHEMES_ES
    await chat.press("100 puntos (T100)")
    shown = chat.last[0].text
    assert "Esquema: 100 puntos (T100). Este esquema no aplica a tu nivel de ingreso." in shown
    assert "Lo elegiste tú; con tu salario, hoy te aplica: 1,080 puntos (T1000)." in shown
    # one salary, in pesos, on every line: the component, the requirement, the precalification
    assert "• Salario mensual — $20,976.00: 144 puntos" in shown
    assert ("❌ Ingreso de 1 a 2 salarios mínimos, de $9,577.22 a $19,154.43 al mes "
            "(el tuyo: $20,976.00)") in shown
    assert "Con tu salario y situación actuales no alcanzarías el requisito." in shown
    assert "Tu ingreso está fuera del rango de este esquema." in shown


async def test_a_new_worker_sees_the_projection_in_english(world: World) -> None:
    chat = await logged_in(world, "new_worker_few_contributions", lang="en")
    await chat.press("My points")
    shown = chat.last[0].text
    assert shown.startswith("You have 349 points (estimate). This is how they add up:")
    assert "• Housing subaccount balance — MX$2,029.50: 116 points" in shown
    assert "• Worker type — temporary: 0 points" in shown
    assert "Scheme: Requirements, no points. You do not meet the requirement yet." in shown
    assert "In this scheme points do not decide; these requirements do:" in shown
    # one count and one salary, in the same units on every line
    assert "• Continuous contributions — 2 months (1 bim.): 0 points" in shown
    assert "❌ 6 months of continuous contributions (you have 2 months)" in shown
    assert "• Monthly salary — MX$10,032.00: 128 points" in shown
    assert ("✅ Income of 1 to 2 minimum wages, MX$9,577.22 to MX$19,154.43 a month "
            "(yours: MX$10,032.00)") in shown
    assert "UMA" not in shown.split("This is an estimate.")[0], "no second unit for the salary"
    assert ("At your current salary you would reach it in 2 bimesters, when bimester 6 of 2026 "
            "shows (March 1, 2027).") in shown
    assert ("• Your employer's payment for bimester 5 (September-October) of 2026 will show in "
            "your points in the first or second week of the month: between January 1, 2027 and "
            "January 14, 2027.") in shown
    assert ("It applies because you earn MX$10,032.00 a month, 1 to 2 minimum wages: this "
            "scheme has ruled that income since October 6, 2025.") in shown
    assert "This is an estimate. Assumptions we used:" in shown
    assert chat.last[-1].text == "What would you like to do now?"
    await chat.press("Check another scheme")
    assert chat.options == SCHEMES_EN
    await chat.press("The one for me today")
    assert chat.last[0].text == shown, "the scheme in force, chosen again: the same points"


async def test_no_active_relationship_says_why_and_what_to_do(world: World) -> None:
    chat = await logged_in(world, "no_active_relationship")
    await chat.press("Mis puntos")
    assert chat.last[0].text == (
        "No mostramos puntos porque no tienes una relación laboral vigente.\n\n"
        "Qué hacer: tus puntos vuelven a calcularse cuando un patrón te dé de alta en el IMSS "
        "y pague tus aportaciones; pueden tardar un par de bimestres en verse. Tu ahorro sigue "
        "siendo tuyo: consúltalo en «Estado de cuenta».")
    assert chat.options == ["Ver mis aportaciones", "Menú principal"]
    await chat.press("Ver mis aportaciones")
    assert chat.last[0].text.startswith("Tu ahorro para la vivienda al 28 de noviembre de 2026:")
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
    assert luis.options == ["See my contributions", "Main menu"]
    roberto = await logged_in(world, "pension_in_process", user_id="5215500000403")
    await roberto.press("Mis puntos")
    assert roberto.last[0].text.startswith(
        "No mostramos puntos porque tienes una pensión en trámite.")
    assert "devolución de tu ahorro" in roberto.last[0].text
    assert roberto.options == ["Ver mis aportaciones", "Menú principal"], "no other scheme"


async def test_precalify_opens_the_precalification_in_place_of_the_points(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Mis puntos")
    await chat.press("Precalificarme")  # logged in: the estimate from the record at once
    assert chat.last[0].text.startswith("Estimación de tu crédito Infonavit, con tus datos:")
    assert chat.options == ["Cambiar el plazo", "Sumar coacreditado", "Usar el simulador",
                            "Menú principal"]
    await chat.send("cancelar")
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo."


async def test_only_the_offered_buttons_count(world: World) -> None:
    chat = await logged_in(world, "no_active_relationship")
    await chat.press("Mis puntos")
    assert chat.last[0].text.startswith("No mostramos puntos")
    await chat.send("puntos por favor")
    assert chat.last[0].text == "Elige una de las opciones: escribe su número o toca el botón."
    assert chat.last[-1].text == "¿Qué quieres hacer ahora?"
    assert chat.options == ["Ver mis aportaciones", "Menú principal"]
    await chat.send(button="points:precalify")  # not offered when no points are shown
    assert chat.last[0].text.startswith("Esa opción ya no está disponible.")
    await chat.send(button="points:other_scheme")  # nor another scheme
    assert chat.last[0].text.startswith("Esa opción ya no está disponible.")
    await chat.send("1")  # by its number: see the contributions
    assert chat.last[0].text.startswith("Tu ahorro para la vivienda al 28 de noviembre de 2026:")


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
