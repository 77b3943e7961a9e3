"""Changing one's mind inside a procedure: «atrás», «regrésame», «me equivoqué en la curp»,
«me equivoqué de estado», «me equivoqué en el sueldo» go back to that step with everything
else kept, and a correction that carries the value («me equivoqué, mi curp es …») is taken
at once. Before, these were read as a mistyped identifier («escribiste 19»), as a miss at the
centre list, or took the worker to the main menu with everything lost. Values typed before
they were asked (the NSS and the CURP in one message) are all taken."""

from __future__ import annotations

from tests.support.chat import ChatUser
from tests.support.world import World

BACK = "Va, regresamos para corregirlo."
ASK_CURP = "Ahora escribe tu CURP (18 caracteres)."
ASK_RFC = "Escribe tu RFC con homoclave (13 caracteres)."
ASK_EMAIL = "Escribe tu correo electrónico personal."
ASK_MOBILE = "Escribe tu número de celular a 10 dígitos."
ASK_STATE = "¿En qué estado?"


async def _registering(world: World, user: str) -> ChatUser:
    chat = world.chat(user)
    await chat.send("hola")
    await chat.send("quiero registrarme")
    await chat.send("si acepto")
    return chat


async def test_a_registration_goes_back_to_the_identifier_named(world: World) -> None:
    maria = world.person("active_woman")
    chat = await _registering(world, "5215500000931")
    await chat.send(maria["nss"])
    await chat.send(maria["curp"])
    assert chat.text.startswith(ASK_RFC)
    await chat.send("me equivoque en la curp")
    assert chat.last[0].text == BACK, chat.text
    assert chat.last[-1].text.startswith(ASK_CURP)
    await chat.send(maria["curp"])
    await chat.send(maria["rfc"])
    await chat.send("maria.lopez@example.com")
    await chat.send("55 1234 5679")
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS al +52******5679")
    await chat.send("me equivoque de numero")  # at the code step: back to the mobile
    assert chat.last[-1].text.startswith(ASK_MOBILE), chat.text
    await chat.send("55 1234 5678")
    await chat.send(await world.sms_code("+525512345678"))
    await chat.send(await world.email_code("maria.lopez@example.com"))
    assert "contraseña" in chat.text, chat.text


async def test_back_step_by_step_and_a_correction_with_its_value(world: World) -> None:
    maria = world.person("active_woman")
    chat = await _registering(world, "5215500000932")
    await chat.send(maria["nss"])
    await chat.send(maria["curp"])
    await chat.send("atras")
    assert chat.last[-1].text.startswith(ASK_CURP), chat.text
    await chat.send("regresame")
    assert chat.last[-1].text.startswith("Escribe tu Número de Seguridad Social"), chat.text
    await chat.send(maria["nss"])  # the CURP given before is kept (it was asked again)
    assert chat.text.startswith(ASK_RFC), chat.text
    await chat.send(maria["rfc"])
    await chat.send(f"me equivoque, mi curp es {maria['curp']}")  # taken at once
    assert chat.text.startswith(ASK_EMAIL), "the RFC given before is kept"
    await chat.send("maria.lopez@exampel.com")
    await chat.send("me equivoque de correo, es maria.lopez@example.com")
    assert chat.text.startswith(ASK_MOBILE), chat.text
    await chat.send("55 1234 5678")
    await chat.send(await world.sms_code("+525512345678"))
    await chat.send(await world.email_code("maria.lopez@example.com"))  # the corrected one
    assert "contraseña" in chat.text, chat.text


async def test_a_corrected_nss_keeps_what_came_after_it(world: World) -> None:
    """«me equivoqué en el NSS» with the CURP and RFC given: once the NSS was typed again
    both were asked again. They are kept, checked against the record of the NSS now given
    (one of another worker is told, at its step), and the e-mail is next."""
    maria = world.person("active_woman")
    chat = await _registering(world, "5215500000936")
    for typed in (maria["nss"], maria["curp"], maria["rfc"]):
        await chat.send(typed)
    assert chat.text.startswith(ASK_EMAIL), chat.text
    await chat.send("me equivoque en el nss")
    assert chat.last[0].text == BACK, chat.text
    await chat.send(maria["nss"])
    assert chat.text.startswith(ASK_EMAIL), chat.text
    await chat.send("me equivoque en el nss")
    await chat.send(world.person("curp_rfc_mismatch_to_try")["nss"])  # another worker's
    assert chat.last[0].text.startswith("Esa CURP no coincide con la de tu registro."), chat.text
    assert chat.last[-1].text.startswith(ASK_CURP)


async def test_values_typed_before_they_were_asked_are_all_taken(world: World) -> None:
    maria = world.person("active_woman")
    chat = await _registering(world, "5215500000933")
    await chat.send(f"mi nss es {maria['nss']} y mi curp {maria['curp']}")
    assert chat.text.startswith(ASK_RFC), chat.text
    await chat.send("atras")  # the CURP typed ahead can be corrected too
    assert chat.last[-1].text.startswith(ASK_CURP), chat.text
    chat = await _registering(world, "5215500000934")
    await chat.send(f"{maria['nss']} {maria['curp']} {maria['rfc']} maria.lopez@example.com")
    assert chat.text.startswith(ASK_MOBILE), chat.text
    chat = await _registering(world, "5215500000935")
    await chat.send(f"{maria['nss']} {world.person('curp_rfc_mismatch_to_try')['curp']}")
    assert chat.last[0].text.startswith("Esa CURP no coincide con la de tu registro."), chat.text
    assert chat.last[-1].text.startswith(ASK_CURP)


async def test_an_appointment_goes_back_to_the_state(world: World) -> None:
    person = world.person("existing_account")
    chat = world.chat("5215500000936")
    await chat.send("hola")
    await chat.send("perdi mi correo y no puedo entrar")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("cdmx")
    assert chat.text.startswith("¿En qué Centro de Servicio?"), chat.text
    await chat.send("me equivoque de estado")
    assert chat.last[0].text == BACK, chat.text
    assert chat.last[-1].text.startswith(ASK_STATE)
    await chat.send("jalisco")
    await chat.send("regresame")
    assert chat.last[-1].text.startswith(ASK_STATE), chat.text
    await chat.send("nuevo leon")
    assert "CESI Monterrey Centro" in chat.options, chat.options


async def test_a_simulation_corrects_one_answer_and_keeps_the_others(world: World) -> None:
    chat = world.chat("5215500000937")
    await chat.send("hola")
    await chat.send("precalificacion")
    await chat.send("gano 12000")
    await chat.send("35")
    await chat.send("mujer")
    await chat.send("no se")
    assert "Te podrían prestar $584,860.74" in chat.text, chat.text
    await chat.send("me equivoque en el sueldo")
    assert chat.last[-1].text.startswith("¿Cuánto ganas al mes"), chat.text
    await chat.send("15 mil")  # age, sex and savings still stand: the estimate at once
    assert "Te podrían prestar $634,787.87" in chat.text, chat.text
    await chat.send("me equivoque en la edad")
    await chat.send("35")
    assert "Te podrían prestar $634,787.87" in chat.text, chat.text


async def test_a_new_value_alone_changes_the_answer_it_fits(world: World) -> None:
    """«mejor con 15000» at the sex step, «y si gano 20 mil?» after the estimate: only a
    value, no word naming the salary. It was «Elige una de las opciones». The value goes
    to the one answer of its kind (an amount: the salary; years with «tengo»: the age),
    and what was given after it still stands."""
    chat = world.chat("5215500000939")
    await chat.send("hola")
    await chat.send("precalificacion")
    await chat.send("usar el simulador")
    await chat.send("12000")
    await chat.send("35")
    await chat.send("mejor con 15000")  # at the sex: the salary changes, the age stands
    assert chat.last[-1].text.startswith("¿Eres mujer u hombre?"), chat.text
    await chat.send("mujer")
    await chat.send("no se")
    assert "Te podrían prestar $634,787.87" in chat.text, chat.text  # 15,000 at 35
    await chat.send("y si gano 12 mil?")
    assert "Te podrían prestar $584,860.74" in chat.text, chat.text  # as for 12,000 above
    await chat.send("y si tuviera 68 años?")
    assert "Te podrían prestar $584,860.74" not in chat.text, chat.text  # a shorter term
    assert chat.last[-1].text.startswith("¿Quieres ver qué pasa si cambias algo?"), chat.text


async def test_back_in_english(world: World) -> None:
    maria = world.person("active_woman")
    chat = world.chat("5215500000938", lang="en")
    await chat.send("hi")
    await chat.send("i want to sign up")
    await chat.send("yes")
    await chat.send(maria["nss"])
    await chat.send("go back")
    assert chat.last[0].text == "OK, let us go back to fix it.", chat.text
    assert chat.last[-1].text.startswith("Type your Social Security Number"), chat.text


async def test_back_at_the_first_step_leaves_and_a_reset_goes_back_to_the_address(
        world: World) -> None:
    chat = world.chat("5215500000939")
    await chat.send("hola")
    await chat.send("olvide mi contraseña")
    await chat.send("regresame")  # nothing answered yet: out, to the menu
    assert chat.text.startswith("¿Qué quieres hacer?"), chat.text
    await chat.send("olvide mi contraseña")
    await chat.send("carmen.sanches@example.com")
    await chat.send("regresame")
    assert chat.last[-1].text.startswith("Para recuperar tu contraseña escribe tu NSS"), \
        chat.text


async def test_a_no_or_a_word_for_the_answer_keeps_the_estimate(world: World) -> None:
    """«no» at «¿Cuánto tienes en tu Subcuenta?» and «mejor no» at the co-borrower's income
    cancelled the whole simulation (salary, age and sex lost); «masculino» was not a sex.
    «no» is nothing saved, «mejor no» keeps the estimate as it was, and the sex is read
    from its usual words."""
    chat = world.chat("5215500000940")
    await chat.send("hola")
    await chat.send("precalificacion")
    await chat.send("usar el simulador")
    await chat.send("12000")
    await chat.send("35")
    await chat.send("masculino")
    assert chat.last[-1].text.startswith("¿Cuánto tienes en tu Subcuenta"), chat.text
    await chat.send("no")
    assert "Te podrían prestar $584,860.74" in chat.text, chat.text
    await chat.press("Sumar coacreditado")
    await chat.send("mejor no")
    assert "cancelé" not in chat.text, chat.text
    assert "Te podrían prestar $584,860.74" in chat.text, chat.text
    await chat.press("Cambiar el plazo")
    await chat.send("dejalo asi")
    assert "Te podrían prestar $584,860.74" in chat.text, chat.text


async def test_what_was_left_for_the_menu_is_taken_up_in_the_workers_words(
        world: World) -> None:
    """After «menú» kept the simulation, «continuemos» and «¿dónde me quedé?» got «No
    encontré esa opción», «seguir» a security topic, «regrésame a donde estaba» «No estoy
    seguro», and «simulador» typed again started over with the salary lost. Each takes it up
    where it was; with nothing kept, that is said."""
    chat = world.chat("5215500000791")
    await chat.send("simulador")
    await chat.send("15 mil")
    assert chat.text.startswith("¿Cuántos años tienes?"), chat.text
    for words in ("continuemos", "donde me quede?", "seguir", "regresame a donde estaba",
                  "volvamos a lo de antes", "simulador"):
        await chat.send("menu")
        assert chat.last[0].text.startswith("Guardé lo que llevabas en «Precalificación»")
        await chat.send(words)
        assert chat.last[0].text == "Seguimos donde te quedaste, con lo que ya me diste.", \
            (words, chat.text)
        assert chat.last[-1].text.startswith("¿Cuántos años tienes?"), (words, chat.text)
    nothing = world.chat("5215500000792")
    await nothing.send("hola")
    await nothing.send("continuemos")
    assert nothing.last[0].text == "No tengo nada pendiente contigo, así que empecemos.", \
        nothing.text


async def test_where_was_i_in_english_and_in_the_middle_of_a_step(world: World) -> None:
    """«where was I?» after «menu» was «I could not find that option»; «donde me quede?» at
    the simulator's age was «No entendí tu edad»."""
    chat = world.chat("5215500000796", lang="en")
    await chat.send("simulator")
    await chat.send("15000")
    await chat.send("menu")
    await chat.send("where was I?")
    assert chat.last[0].text == "Let's go on where you left off, with what you already gave me.", \
        chat.text
    spanish = world.chat("5215500000797")
    await spanish.send("simulador")
    await spanish.send("15000")
    await spanish.send("donde me quede?")
    assert spanish.last[0].text == "Va, seguimos donde ibas.", spanish.text
    assert spanish.last[-1].text.startswith("¿Cuántos años tienes?")
