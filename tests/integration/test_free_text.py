"""Free text anywhere, as transcripts through the real engine: the common problems asked in
words (both languages) and from «Ayuda», «¿Quisiste decir…?» when unsure, out-of-scope
questions, greetings that switch the language, and the menu a logged-out worker sees."""

from __future__ import annotations

import pytest

from tests.support.chat import ChatUser
from tests.support.savings import logged_in
from tests.support.world import World

MENU_ES = "¿Qué quieres hacer? Elige una opción:"
MENU_EN = "What would you like to do? Choose an option:"

PROBLEMS_ES = [
    ("no puedo crear mi cuenta", "Si no puedes crear tu cuenta:",
     ["Crear mi cuenta", "Agendar una cita", "Hablar con un asesor", "Menú principal"]),
    ("olvide mi contraseña como la recupero", None, None),
    ("xq no me aparecen mis puntos?", "Si no aparecen tus puntos:",
     ["Ver mis puntos", "Agendar una cita", "Hablar con un asesor", "Menú principal"]),
    ("q documentos necesito pa registrarme", "Para crear tu cuenta necesitas:",
     ["¿Dónde encuentro mis datos?", "Crear mi cuenta", "Menú principal"]),
    ("no me llega el codigo", "Si no te llega el código:",
     ["Hablar con un asesor", "Agendar una cita", "Menú principal"]),
    ("q es el nss", "Dónde encontrar cada dato:",
     ["Crear mi cuenta", "Hablar con un asesor", "Menú principal"]),
    ("es seguro dar mis datos aqui?", "Para cuidar tu cuenta:",
     ["Mis datos", "Recuperar contraseña", "Menú principal"]),
]
PROBLEMS_EN = [
    ("i cant create my account", "If you can't create your account:"),
    ("my points dont show up", "If your points don't show:"),
    ("what documents do i need", "To create your account you need:"),
    ("i didnt get the code", "If the code doesn't arrive:"),
    ("what is the nss", "Where to find each one:"),
    ("is this a scam?", "To keep your account safe:"),
]


@pytest.mark.parametrize(("text", "opening", "buttons"),
                         [p for p in PROBLEMS_ES if p[1] is not None])
async def test_a_common_problem_in_spanish_words_is_answered(
        chat: ChatUser, text: str, opening: str, buttons: list[str]) -> None:
    await chat.send("hola")
    await chat.send(text)
    assert chat.last[0].text.startswith(opening), chat.text
    assert chat.options == buttons


@pytest.mark.parametrize(("text", "opening"), PROBLEMS_EN)
async def test_a_common_problem_in_english_words_is_answered(
        chat: ChatUser, text: str, opening: str) -> None:
    chat.language_hint = "en"
    await chat.send("hi")
    await chat.send(text)
    assert chat.last[0].text.startswith(opening), chat.text
    assert chat.options[-1] == "Main menu"


async def test_forgot_password_in_words_starts_the_reset(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("olvide mi contraseña como la recupero")
    assert chat.text.startswith("Para recuperar tu contraseña escribe tu NSS"), chat.text


async def test_help_leads_to_the_common_problems_and_each_one_acts(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("ayuda")
    assert chat.options == ["Problemas comunes", "Hablar con un asesor", "Menú principal"]
    await chat.press("Problemas comunes")
    assert chat.text.startswith("Problemas comunes. Elige uno:")
    assert chat.options == ["No puedo crear mi cuenta", "Olvidé mi contraseña",
                            "No aparecen mis puntos", "Documentos necesarios",
                            "No me llega el código", "Recomendaciones de seguridad"]
    await chat.press("Olvidé mi contraseña")
    body = chat.last[0].text
    assert body.startswith("Si olvidaste tu contraseña:")
    assert [line[:2] for line in body.splitlines()[1:]] == ["1.", "2.", "3.", "4."]
    await chat.press("Recuperar contraseña")
    assert chat.text.startswith("Para recuperar tu contraseña escribe tu NSS"), chat.text


async def test_security_recommendations_say_what_to_keep_in_mind(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("problemas comunes")
    await chat.press("Recomendaciones de seguridad")
    for words in ("Nunca compartas tu contraseña", "contraseña única", "«salir»",
                  "dispositivos de confianza", "gratuitos", "coyotes"):
        assert words in chat.last[0].text, words


@pytest.mark.parametrize(("text", "hint", "report"), [
    ("un coyote me pide 5 mil pa sacar mi credito", None, "repórtalo gratis a Infonatel"),
    ("un gestor me quiere cobrar x tramitar mi casa", None, "repórtalo gratis a Infonatel"),
    ("someone wants money to process my loan", "en", "report it free of charge to Infonatel"),
])
async def test_someone_asking_for_money_is_told_not_to_pay_and_where_to_report(
        chat: ChatUser, text: str, hint: str | None, report: str) -> None:
    """«un coyote me pide 5 mil pa sacar mi credito» opened the precalification (the
    amount and «sacar mi crédito» outweighed the rest); «someone wants money to process my
    loan» got the tips without where to report it."""
    chat.language_hint = hint
    await chat.send("hola" if hint is None else "hi")
    await chat.send(text)
    assert "coyotes" in chat.last[0].text and report in chat.last[0].text, chat.text
    assert "800 008 3900" in chat.last[0].text


async def test_where_to_find_each_document(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("documentos necesarios")
    await chat.press("¿Dónde encuentro mis datos?")
    for name in ("NSS:", "CURP:", "RFC con homoclave:", "Correo y celular:"):
        assert name in chat.last[0].text


async def test_unsure_it_offers_its_best_guesses_as_buttons(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("lo de mi patron")
    assert chat.last[0].text == "No estoy seguro de haberte entendido. ¿Quisiste decir…?"
    assert 3 <= len(chat.options) <= 4
    assert chat.options[-1] == "Menú principal"
    assert "No encontré esa opción" not in chat.text
    await chat.press(chat.options[0])
    assert "No encontré esa opción" not in chat.text


@pytest.mark.parametrize("question", [
    "cuando me pagan la incapacidad del imss",
    "cuanto me va a tocar de pension",  # it opened the precalification
    "cuantas semanas cotizadas llevo en el imss",
])
async def test_out_of_scope_gets_one_polite_line_and_the_menu(chat: ChatUser,
                                                              question: str) -> None:
    await chat.send("hola")
    await chat.send(question)
    assert chat.last[0].text.startswith("Eso no lo puedo resolver aquí"), chat.text
    assert chat.last[-1].text == MENU_ES


async def test_an_english_greeting_switches_to_english_and_back(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("hello there")
    assert chat.last[0].text == "Done, we will continue in English."
    assert chat.last[-1].text == MENU_EN
    await chat.send("español por favor")
    assert chat.last[0].text == "Listo, seguimos en español."
    assert chat.last[-1].text == MENU_ES


async def test_a_greeting_in_a_procedure_keeps_the_language(chat: ChatUser) -> None:
    """«hi» in the middle of a Spanish procedure switched the chat to English (and then
    «gracias» got «You're welcome!»). Only at the menu does a greeting choose the
    language; in a procedure it is answered in the chat's language."""
    await chat.send("hola")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("hi")
    assert "English" not in chat.text and "continue" not in chat.text, chat.text
    assert chat.last[-1].text.startswith("¿Cuánto ganas al mes"), chat.text


async def test_english_please_switches_the_language(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("english please")
    assert chat.last[0].text == "Done, we will continue in English."


@pytest.mark.parametrize(("text", "lang", "heard"), [
    ("i dont speak spanish", None, "Done, we will continue in English."),
    ("i don't understand spanish", None, "Done, we will continue in English."),
    ("no hablo ingles", "en", "Listo, seguimos en español."),
    ("no entiendo ingles", "en", "Listo, seguimos en español."),
])
async def test_a_language_not_spoken_switches_to_the_other(world: World, text: str,
                                                           lang: str | None, heard: str) -> None:
    """«i dont speak spanish» switched the chat to Spanish, «no hablo inglés» to English:
    the language named was taken as the one wanted."""
    chat = world.chat(lang=lang)
    await chat.send("hola" if lang is None else "hi")
    await chat.send(text)
    assert chat.last[0].text == heard, chat.text


async def test_closing_the_session_inside_a_goodbye(world: World) -> None:
    """«gracias, cierra mi sesion porfa», «ok thanks bye, log me out» were a goodbye (or a
    thanks) and the session stayed open: the data still showed after them."""
    for text in ("gracias, cierra mi sesion porfa", "ok thanks bye, log me out"):
        chat = await logged_in(world, "existing_account", user_id=f"52155000009{len(text)}")
        await chat.send(text)
        assert chat.last[0].text == ("Cerraste tu sesión. Tus datos ya no se muestran en este "
                                     "chat."), chat.text


async def test_thanks_and_goodbye_are_answered(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("muchas gracias")
    assert chat.last[0].text == "¡De nada!"
    assert chat.last[-1].text == MENU_ES
    await chat.send("adios")
    assert chat.text == "¡Hasta luego! Escríbeme cuando quieras."


@pytest.mark.parametrize("question", ["y hasta cuando vale?", "gracias, hasta cuando puedo ir?",
                                      "gracias por que me cobraron?", "bye? how do i log in"])
async def test_a_question_is_not_a_thanks_or_a_goodbye(chat: ChatUser, question: str) -> None:
    """«y hasta cuándo vale?» after a payment slip was «¡Hasta luego!»."""
    await chat.send("hola")
    await chat.send(question)
    assert "Hasta luego" not in chat.text and "Goodbye" not in chat.text, chat.text
    assert "De nada" not in chat.text and "welcome" not in chat.text, chat.text

@pytest.mark.parametrize("unsure", ["no lo se", "No sé", "ni idea", "no me acuerdo",
                                    "pues no se", "not sure", "i don't know"])
async def test_not_knowing_is_never_leaving(chat: ChatUser, unsure: str) -> None:
    """«no lo sé» at the precalification's result cancelled it (the intent model read it as
    «ya no quiero», 0.93 sure) and the worker lost the result; at the age it would have
    cancelled the simulation. Now it stays where it was, with what to do there."""
    await chat.send("hola")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("12000")
    await chat.send(unsure)  # at the age
    assert "cancelé" not in chat.text and "cancelled" not in chat.text, chat.text
    assert chat.last[-1].text.startswith("¿Cuántos años tienes?"), chat.text
    await chat.send("30")
    await chat.press("Hombre")
    await chat.press("No lo sé (usar $0)")
    assert "Te podrían prestar" in chat.text
    await chat.send(unsure)  # at the result
    assert "cancelé" not in chat.text and "cancelled" not in chat.text, chat.text
    assert chat.last[-1].text.startswith("¿Quieres ver qué pasa si cambias algo?"), chat.text


async def test_a_request_with_its_figure_opens_with_the_figure_taken(chat: ChatUser) -> None:
    """«cuanto me prestan si gano 12000 al mes» at the menu was «No encontré esa opción»
    (four digits made it data, never a request); in words («doce mil») it opened the
    precalification and asked the salary again. The figure now goes to the step it opens
    at, and a login asked for with the NSS in it asks only the password."""
    await chat.send("hola")
    await chat.send("cuanto me prestan si gano 12000 al mes")
    assert chat.last[0].text.startswith("Tomo $12,000.00 como tu sueldo mensual"), chat.text
    assert chat.last[-1].text.startswith("¿Cuántos años tienes?"), chat.text
    await chat.send("menu")
    await chat.send("y si gano doce mil cuanto me prestan")
    assert chat.last[0].text.startswith("Tomo $12,000.00 como tu sueldo mensual"), chat.text
    await chat.send("menu")
    await chat.send("quiero entrar, mi nss es 21038469942")
    assert chat.text.startswith("Ahora tu contraseña."), chat.text
    await chat.send("menu")
    await chat.send("quiero ver mis puntos 1234")  # not an NSS: the prompt, no error
    assert chat.text.startswith("Para ver esto necesitas iniciar sesión."), chat.text
    assert "NSS lleva 11 dígitos" not in chat.text


async def test_asking_for_a_person_in_words_queues_the_handoff(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("ya me harte del bot pasame con un asesor")
    assert chat.last[0].text.startswith("Te comunico con un asesor.")
    assert "vas en el lugar 1" in chat.text


async def test_the_logged_out_menu(chat: ChatUser) -> None:
    await chat.send("hola")
    assert chat.options == ["Registro", "Iniciar sesión", "Olvidé mi contraseña", "Mis puntos",
                            "Precalificación", "Estado de cuenta", "Mi crédito y pagos",
                            "Citas", "Ayuda", "Hablar con un asesor"]


async def test_a_sentence_at_the_menu_opens_its_procedure(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("¿cuánto me prestan?")
    assert chat.last[0].text.startswith("Precalificación:"), chat.text



@pytest.mark.parametrize("text", ["liberacion por seguro", "reestructura de mi credito",
                                  "necesito la carta de cancelacion de mi hipoteca"])
async def test_a_procedure_done_at_a_centre_opens_the_appointments(chat: ChatUser,
                                                                   text: str) -> None:
    """«liberación por seguro» was the security tips («seguro»): the procedures booked at a
    service centre, named at the menu, lead to the appointments, with that procedure
    chosen (a logged-out worker logs in first; the choice waits)."""
    await chat.send("hola")
    await chat.send(text)
    assert "Para cuidar tu cuenta" not in chat.text, chat.text
    assert chat.text.startswith("Para ver esto necesitas iniciar sesión."), chat.text



async def test_who_is_answering_is_said_with_the_way_to_a_person(chat: ChatUser) -> None:
    """«¿quién eres?» and «¿eres un robot?» got «Eso no lo puedo resolver aquí»: an
    automated assistant says so, who runs it, and how to reach a person; in a procedure
    the step is asked again."""
    await chat.send("hola")
    for question in ("quien eres?", "eres un robot?"):
        await chat.send(question)
        assert chat.last[0].text.startswith("Soy un asistente automático para tus trámites"), \
            chat.text
        assert "escribe «asesor»" in chat.last[0].text
    await chat.send("registro")
    prompt = chat.last[-1].text
    await chat.send("are you a bot?")
    assert chat.last[0].text.startswith("Soy un asistente automático"), chat.text
    assert chat.last[-1].text == prompt


async def test_what_to_bring_asked_by_a_worker_with_an_account_is_the_appointments(
        world: World) -> None:
    """«what do i need to bring?» right after booking got «To create your account you
    need:»: a worker who has an account asks about the appointment."""
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000992")
    await chat.send("what do i need to bring?")
    assert chat.last[0].text.startswith("Always bring your official ID"), chat.text
    assert chat.options[0] == "Book an appointment"


@pytest.mark.parametrize("text", ["quiero mi dinero del infonavit",
                                  "como saco mi dinero de la subcuenta",
                                  "quiero retirar mi ahorro"])
async def test_taking_out_the_savings_is_answered_with_when_and_how(
        chat: ChatUser, text: str) -> None:
    # «quiero mi dinero del infonavit» got the bare menu (unsure between the balance and an
    # appointment), «quiero retirar mi ahorro» the balance: neither said it is paid out only
    # on retiring, nor how
    await chat.send("hola")
    await chat.send(text)
    answer = chat.last[0].text
    assert answer.startswith("Tu ahorro de la Subcuenta de Vivienda es para tu vivienda"), answer
    assert "solo se devuelve al pensionarte" in answer
    assert "El retiro por desempleo es de tu Afore" in answer
    assert chat.options == ["Ver mi ahorro", "Agendar una cita", "Menú principal"]
    await chat.press("Agendar una cita")
    assert "Devolución de mi ahorro" in chat.options


async def test_taking_out_the_savings_asked_in_a_step_keeps_the_step(world: World) -> None:
    chat = await logged_in(world, "with_credit", "en")
    await chat.send("points")
    await chat.send("can i take out my savings?")
    assert chat.last[0].text.startswith("Your Housing Subaccount savings are for your home")
    await chat.press("See my savings")
    assert "You have MX$86,637.30 saved for your home" in chat.text


async def test_taking_it_out_asked_under_the_balance_is_the_withdrawal(world: World) -> None:
    """«y eso lo puedo sacar?» under the balance got «Elige una opción, o escribe un año»."""
    chat = await logged_in(world, "existing_account")
    await chat.send("cuanto tengo ahorrado?")
    assert "ahorrados para tu vivienda" in chat.text, chat.text
    await chat.send("y eso lo puedo sacar?")
    assert chat.last[0].text.startswith("Tu ahorro de la Subcuenta de Vivienda es para tu "
                                        "vivienda"), chat.text
    english = await logged_in(world, "existing_account", "en", user_id="5215500000930")
    await english.send("how much money do i have saved?")
    await english.send("can i take it out?")
    assert english.last[0].text.startswith("Your Housing Subaccount savings are for your home"), \
        english.text


@pytest.mark.parametrize(("text", "opening"), [
    ("buenas tardes una pregunta cuanto tarda en reflejarse mi aportacion",
     "Tus aportaciones"),
    ("hola buenas, oiga y el infonavit me puede prestar para remodelar",
     "Te podrían prestar"),
    ("mi patron no me esta pagando el infonavit que hago", "Si no aparecen tus puntos:"),
])
async def test_a_message_with_a_greeting_and_a_question_is_the_question(
        world: World, text: str, opening: str) -> None:
    """A message that opens with a greeting («buenas tardes, una pregunta…») got the bare
    menu: the greeting won. What follows the greeting is what is asked."""
    chat = await logged_in(world, "existing_account", user_id=f"52155000009{len(text):02d}")
    await chat.send("menu")
    await chat.send(text)
    assert opening in chat.text, chat.text


@pytest.mark.parametrize(("text", "lang", "heard"), [
    ("que horario tienen?", "es", "Este chat te atiende a cualquier hora, todos los días."),
    ("a q hora abren los sabados", "es",
     "Este chat te atiende a cualquier hora, todos los días."),
    ("what time do you open?", "en", "This chat is open at any time, every day."),
])
async def test_the_hours_are_answered(world: World, text: str, lang: str, heard: str) -> None:
    # «¿qué horario tienen?» was «Eso no lo puedo resolver aquí»: out of scope
    chat = world.chat(lang=lang)
    await chat.send("hola" if lang == "es" else "hi")
    await chat.send(text)
    assert chat.last[0].text.startswith(heard), chat.text
    assert "Infonatel" in chat.last[0].text
    assert chat.options[0] in ("Agendar una cita", "Book an appointment"), chat.options


@pytest.mark.parametrize(("text", "lang", "heard"), [
    ("no entiendo nada", "es", "Esto es lo que puedo hacer por ti:"),
    ("estoy perdida", "es", "Esto es lo que puedo hacer por ti:"),
    ("i'm lost", "en", None),
    # «what can you do?» was «I could not find that option»; «y ahora q hago» a guess at
    # the hours
    ("what can you do?", "en", None),
    ("y ahora q hago", "es", "Esto es lo que puedo hacer por ti:"),
    ("que puedes hacer?", "es", "Esto es lo que puedo hacer por ti:"),
])
async def test_a_lost_worker_at_the_menu_gets_the_help(world: World, text: str, lang: str,
                                                      heard: str | None) -> None:
    # «no entiendo nada» at the menu was «No encontré esa opción»
    chat = world.chat(lang=lang)
    await chat.send("hola" if lang == "es" else "hi")
    await chat.send(text)
    assert "No encontré esa opción" not in chat.text and "couldn't find" not in chat.text
    if heard is not None:
        assert chat.last[0].text.startswith(heard), chat.text
    assert "«asesor»" in chat.text or "“agent”" in chat.text, chat.text


@pytest.mark.parametrize(("text", "heard"), [
    ("ya no trabajo", "Si dejaste de trabajar: tu ahorro de vivienda sigue siendo tuyo"),
    ("me despidieron", "Si dejaste de trabajar: tu ahorro de vivienda sigue siendo tuyo"),
    ("ya no trabajo, que pasa con mi credito?",
     "Si perdiste tu empleo o no puedes pagar, hay apoyos"),
])
async def test_a_worker_who_lost_the_job_is_told_what_happens(world: World, text: str,
                                                              heard: str) -> None:
    # «ya no trabajo» at the menu was «No hay nada que cancelar»; with the credit named it
    # asked for a login before saying anything
    chat = world.chat()
    await chat.send("hola")
    await chat.send(text)
    assert chat.last[0].text.startswith(heard), chat.text
    assert "No hay nada que cancelar" not in chat.text
    assert chat.options[0] == "Mi crédito y pagos", chat.options


@pytest.mark.parametrize(("text", "not_heard", "heard"), [
    ("mejoravit", "No hay nada que cancelar", "Precalificación"),
    ("credito para terreno", "Tu crédito", "Precalificación"),
    ("me bloquearon la cuenta", "Quisiste decir", None),
])
async def test_products_and_a_locked_account_named_at_the_menu(
        world: World, text: str, not_heard: str, heard: str | None) -> None:
    # «mejoravit» was read as «cancelar» («No hay nada que cancelar»), «crédito para
    # terreno» as the credit's status, «me bloquearon la cuenta» was not understood
    chat = world.chat()
    await chat.send("hola")
    await chat.send(text)
    assert not_heard not in chat.text, chat.text
    if heard is not None:
        assert heard in chat.text, chat.text


@pytest.mark.parametrize("text", ["y como corrijo mi nombre?", "mi curp esta mal",
                                  "my name is misspelled"])
async def test_a_record_datum_to_correct_is_the_service_centre(world: World, text: str) -> None:
    # «¿y cómo corrijo mi nombre?» got the account's security tips (read as privacy)
    chat = world.chat()
    await chat.send("hola")
    await chat.send(text)
    assert chat.last[0].text.startswith(("Tu nombre, NSS, CURP y RFC son los de tu registro",
                                         "Your name, NSS, CURP and RFC")), chat.text
    assert "Para cuidar tu cuenta" not in chat.text


@pytest.mark.parametrize("text", ["necesito ayuda con mi cuenta", "tengo un problema",
                                  "i need help with my account"])
async def test_a_problem_not_named_yet_gets_the_common_problems_and_a_person(
        world: World, text: str) -> None:
    # «necesito ayuda con mi cuenta» got «¿Quisiste decir…? Registro, Documentos necesarios»
    chat = world.chat()
    await chat.send("hola")
    await chat.send(text)
    assert chat.options[0] in ("No puedo crear mi cuenta", "I can't create my account"), \
        chat.options
    assert chat.options[-1] in ("Hablar con un asesor", "Talk to an advisor"), chat.options
    assert "Quisiste decir" not in chat.text


@pytest.mark.parametrize(("text", "heard"), [
    ("english please, i want to see my points", "You need to log in to see this."),
    ("in english, i forgot my password", "To recover your password, type your NSS"),
])
async def test_a_language_asked_with_a_request_does_both(world: World, text: str,
                                                         heard: str) -> None:
    """«english please, i want to see my points» switched the language and showed the menu:
    the request was lost. The request follows, in the new language."""
    chat = world.chat()
    await chat.send("hola")
    await chat.send(text)
    assert chat.last[0].text == "Done, we will continue in English.", chat.text
    assert heard in chat.text, chat.text


async def test_a_first_message_in_english_is_answered_in_english(world: World) -> None:
    """«how much do I have saved?» as the first message on WhatsApp (no language hint) got
    the greeting and the login in Spanish."""
    chat = world.chat("5215500000793")
    await chat.send("how much do I have saved?")
    assert chat.last[0].text.startswith("Hello! I am an assistant"), chat.text
    assert chat.last[-1].text.startswith("To log in, type your NSS"), chat.text
    spanish = world.chat("5215500000794")
    await spanish.send("hola, how much tengo ahorrado?")  # one Spanish word: the default
    assert spanish.last[0].text.startswith("¡Hola! Soy un asistente"), spanish.text


async def test_the_savings_asked_in_the_middle_of_a_step_are_said_and_the_step_kept(
        world: World) -> None:
    """«oye y cuanto tengo ahorrado?» at the simulator's age was «No entendí tu edad» with a
    button that dropped the simulation: the balance, then the same step."""
    chat = await logged_in(world, "new_worker_few_contributions", user_id="5215500000795")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("12 mil")
    await chat.send("oye y cuanto tengo ahorrado?")
    assert chat.last[0].text.startswith("Tienes $2,029.50 ahorrados para tu vivienda"), \
        chat.text
    assert "No entendí" not in chat.text
    assert chat.last[-1].text.startswith("¿Cuántos años tienes?"), chat.text
    await chat.send("23")
    assert chat.last[-1].text.startswith("¿Eres mujer u hombre?"), chat.text
