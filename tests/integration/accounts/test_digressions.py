"""A question in the middle of a procedure (a digression): in every flow that asks for
input, the question is answered and the same step is asked again, with what was already
given kept. Passwords are never read as a question; text at a code step without digits is
not spent as a wrong code. The logged-in menu; the agent queue's position and help."""

from __future__ import annotations

from bot.flows.base import Accepts
from tests.integration.accounts.test_register import EMAIL, MOBILE, to_codes
from tests.support.chat import ChatUser
from tests.support.savings import account, log_in, logged_in
from tests.support.world import World

IDENTIFIERS = "Dónde encontrar cada dato:"
NO_CODE = "Si no te llega el código:"
DOCUMENTS = "Para crear tu cuenta necesitas:"
SECURITY = "Para cuidar tu cuenta:"
NO_POINTS = "Si no aparecen tus puntos:"


async def _digress(chat: ChatUser, question: str, opening: str) -> None:
    """Ask ``question`` at the current step: its answer, then the same prompt again."""
    prompt, options = chat.last[-1].text, chat.options
    await chat.send(question)
    assert chat.last[0].text.startswith(opening), chat.text
    assert chat.last[-1].text == prompt, chat.text
    assert chat.last[-1].buttons == () or [b.title for b in chat.last[-1].buttons] == options


async def test_registration_keeps_what_was_given_across_questions(world: World) -> None:
    chat = world.chat("5215500000701")
    await chat.send("hola")
    await chat.press("Registro")
    await _digress(chat, "que documentos necesito", DOCUMENTS)  # at the privacy notice
    await chat.press("Acepto")
    person = world.person("active_woman")
    # asked at its step: about that datum, not the whole list with «Crear mi cuenta»
    await _digress(chat, "¿qué es el NSS?", "El NSS es tu Número de Seguridad Social del IMSS")
    assert "Crear mi cuenta" not in [option for reply in chat.last for option in
                                     (button.title for button in reply.buttons)]
    await chat.send(person["nss"])
    await _digress(chat, "q es la curp", "La CURP es tu Clave Única de Registro de Población")
    # another datum named at this step: about that one («como saco el rfc?» got the CURP's)
    await _digress(chat, "espera, como saco el rfc?", "El RFC con homoclave son 13 letras")
    await chat.send(person["curp"])
    await _digress(chat, "no tengo rfc", "El RFC con homoclave son 13 letras y números")
    assert "lo sacas gratis en sat.gob.mx con tu CURP" in chat.last[0].text
    await chat.send(person["rfc"])
    await chat.send(EMAIL)
    await chat.send("55 1234 5678")
    await _digress(chat, "que documentos necesito", DOCUMENTS)  # a code step: not a wrong code
    await chat.send("no me llega el codigo")  # the step itself acts on this one: a resend
    assert chat.last[0].text.startswith("Espera 60 segundos"), chat.text
    await chat.send(await world.sms_code(MOBILE))  # the mobile typed before the questions
    await chat.send(await world.email_code(EMAIL))
    assert "contraseña" in chat.text


async def test_text_at_a_code_step_is_not_spent_as_a_wrong_code(world: World) -> None:
    chat = world.chat("5215500000702")
    await to_codes(world, chat)
    for _ in range(6):
        await chat.send("ya no me llega el codigo")
    for data in ("mi cel es 5512345678", "LOHF920417MJCPRR04", "mi nss 03119283525",
                 "nacido el 17/04/1992", "5512345678", "03119283525"):
        await chat.send(data)  # data given already, not a code: no try spent (another
        # mobile is a correction: test_corrections_at_codes)
        assert chat.last[0].text.startswith("Eso no es un código (no lo conté"), chat.text
    await chat.send(await world.sms_code(MOBILE))
    assert chat.text.startswith("Listo, tu celular quedó verificado."), chat.text


async def test_login_answers_a_question_then_logs_in(world: World) -> None:
    chat = world.chat("5215500000703")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await _digress(chat, "q es el nss", IDENTIFIERS)
    await log_in(world, chat, "existing_account")


async def test_a_password_is_never_read_as_a_question(world: World) -> None:
    chat = world.chat("5215500000704")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(account("existing_account")["email"])
    flow = world.container.engine.conversation.flows.get("login")
    assert flow.accepting("password", True, False) is Accepts.SECRET
    await chat.send("gracias")  # too short to be a password: words, answered, never tried
    assert chat.text.startswith("¡De nada!"), chat.text
    await chat.send("Ayuda123!")  # could be one: tried, never read
    assert "Problemas comunes" not in chat.text and "¡De nada!" not in chat.text
    assert "no son correctos" in chat.text, chat.text


async def test_password_reset_answers_at_the_identifier_and_the_code(world: World) -> None:
    chat = world.chat("5215500000705")
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await _digress(chat, "no me llega el codigo", NO_CODE)
    demo = account("existing_account")
    await chat.send(demo["email"])
    await _digress(chat, "q es el nss", IDENTIFIERS)
    await chat.send(await world.email_code(demo["email"]))
    assert chat.text == "Ahora escribe el código que te llegó por SMS.", chat.text


async def test_points_answers_a_question_and_shows_its_options_again(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000706")
    await chat.press("Mis puntos")
    await _digress(chat, "por que no me salen todos mis puntos", NO_POINTS)


async def test_precalification_keeps_the_salary_across_a_question(world: World) -> None:
    chat = world.chat("5215500000707")
    await chat.send("hola")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("9,582.47")
    await _digress(chat, "que documentos me piden", DOCUMENTS)  # at the age
    await chat.send("30")
    await chat.press("Hombre")
    await chat.press("No lo sé (usar $0)")
    assert "Te podrían prestar $602,691.86" in chat.text, chat.text  # the salary typed first


async def test_asking_for_the_procedure_under_way_or_another_one(world: World) -> None:
    """«¿y eso cuánto me cuesta al mes?» in the middle of the precalification was «Elige una
    de las opciones»: it is what the flow answers at its end; another procedure named gets
    the button that goes there, and the step stays with what was given."""
    chat = world.chat("5215500000713")
    await chat.send("hola")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("9,582.47")
    await chat.send("y eso cuanto me cuesta al mes?")  # at the age: what to type, kept
    assert chat.text.startswith("No entendí tu edad."), chat.text
    await chat.send("30")
    await _digress(chat, "y eso cuanto me cuesta al mes?",  # at the sex, a choice
                   "Eso es justo lo que estamos viendo")
    await chat.send("quiero ver mis puntos")
    assert chat.last[0].text.startswith("Para eso, deja lo que estamos haciendo"), chat.text
    assert chat.options[0] == "Mis puntos"
    assert chat.last[-1].text.startswith("¿Eres mujer u hombre?"), chat.text
    await chat.press("Hombre")
    await chat.press("No lo sé (usar $0)")
    assert "Te podrían prestar $602,691.86" in chat.text, chat.text
    chat = world.chat("5215500000714")
    await chat.send("hola")
    await chat.press("Precalificación")
    await chat.press("Usar el simulador")
    await chat.send("quiero mis puntos")  # at the salary: what to type, and the way there
    assert chat.text.startswith("No entendí la cantidad."), chat.text
    assert chat.last[1].text.startswith("Si buscabas otro trámite"), chat.text
    assert [b.title for b in chat.last[1].buttons] == ["Mis puntos"]
    assert chat.last[-1].text.startswith("¿Cuánto ganas al mes"), chat.text
    await chat.send("12000")
    await chat.send("30")
    await chat.send("quiero mis puntos")
    await chat.press("Mis puntos")  # the simulation so far kept for the menu, then points
    assert chat.last[0].text.startswith("Guardé lo que llevabas en «Precalificación»"), chat.text
    assert chat.last[1].text == "Para ver esto necesitas iniciar sesión.", chat.text

async def test_a_data_step_shows_the_way_to_another_procedure_asked_for(
        world: World) -> None:
    """«como le hago para sacar cita» at the login's NSS prompt was only «Eso no parece un
    NSS ni un correo»: the worker, who wanted an appointment, was left at a prompt for data
    they never meant to give. Now the same message says what the step takes, a button goes
    to Citas, and the prompt stays for whoever meant to log in."""
    chat = world.chat("5215500000715")
    await chat.send("hola")
    await chat.send("quiero saber cuantos puntos tengo")
    await chat.send("como le hago para sacar cita")
    assert chat.last[0].text.startswith("Eso no parece un NSS"), chat.text
    assert [b.title for b in chat.last[1].buttons] == ["Citas"], chat.text
    assert chat.last[-1].text.startswith("Para iniciar sesión escribe tu NSS"), chat.text
    await chat.press("Citas")
    assert chat.text.startswith("¿Para qué trámite es la cita?"), chat.text
    chat = world.chat("5215500000716")
    await chat.send("hola")
    await chat.send("quiero saber cuantos puntos tengo")
    await chat.send("mi nss es 1234")  # data, mistyped: only what to fix
    assert len(chat.last) == 2 and chat.last[0].text.startswith("Tu NSS lleva 11 dígitos"), \
        chat.text


async def test_a_result_shown_leaves_for_another_procedure_at_once(world: World) -> None:
    """After a result (the credit's summary, the savings) nothing typed would be lost:
    another procedure named in words opens at once, as from the menu, without the «deja lo
    que estamos haciendo» button; the same one named again is shown anew."""
    chat = await logged_in(world, "with_credit", user_id="5215500000717")
    await chat.press("Mi crédito y pagos")
    assert chat.text.startswith("Tu crédito 1423456789"), chat.text
    await chat.send("y cuanto debo de mi credito?")
    assert chat.text.startswith("Tu crédito 1423456789"), chat.text
    assert "Debes $" in chat.text
    await chat.send("quiero mi estado de cuenta")
    assert "Para eso, deja lo que estamos haciendo" not in chat.text, chat.text
    assert "¿Quieres tu estado de cuenta en PDF?" in chat.text, chat.text
    await chat.send("ahora quiero sacar una cita")
    assert chat.last[-1].text.startswith("¿Para qué trámite es la cita?"), chat.text


async def test_statement_answers_a_question_at_the_period(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000708")
    await chat.press("Estado de cuenta")
    await _digress(chat, "no aparecen mis aportaciones en los puntos", NO_POINTS)


async def test_credit_answers_a_question_at_the_amount(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000709")
    await chat.press("Mi crédito y pagos")
    await _digress(chat, "es seguro pagar por aqui?", SECURITY)
    await chat.press("Hacer un pago")
    await chat.press("Otra cantidad")
    await _digress(chat, "me quieren cobrar por el tramite, es fraude?", SECURITY)


async def test_appointments_answer_a_question_and_keep_the_procedure(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000710")
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    await _digress(chat, "que documentos llevo", "Para tu cita de «Convenio de pago» lleva:")
    await chat.press("Ciudad de México")
    await chat.press("CESI Ciudad de México Balderas")  # one of its seven centres
    assert chat.last[-1].text == "¿Qué día? Estos tienen horarios libres:"


async def test_my_data_answers_a_question(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000711")
    await chat.send("mis datos")
    await _digress(chat, "donde encuentro mi curp", IDENTIFIERS)


async def test_the_logged_in_menu(world: World) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000712")
    await chat.send("menu")
    assert chat.options == ["Mis puntos", "Precalificación", "Estado de cuenta",
                            "Mi crédito y pagos", "Citas", "Ayuda", "Hablar con un asesor",
                            "Salir"]
    await chat.press("Salir")
    assert "Registro" in chat.options


async def test_the_agent_queue_says_the_place_and_helps_meanwhile(world: World) -> None:
    first, second = world.chat("5215500000713"), world.chat("5215500000714")
    for chat in (first, second):
        await chat.send("hola")
        await chat.send("quiero hablar con una persona")
        world.clock.advance(seconds=30)
    assert "vas en el lugar 2" in second.text and "Aún no tengo un tiempo estimado" in second.text
    assert second.options == ["Problemas comunes", "Cancelar la espera"]
    desk = world.container.services.handoff
    for minutes in (0, 4, 8):  # agents have been taking one every 4 minutes
        world.clock.advance(minutes=4)
        other = world.chat(f"52155000008{minutes:02d}")
        await other.send("hola")
        await other.send("asesor")
        waiting = await desk.waiting()
        assert await desk.take(waiting[-1].id, "agent-1", world.clock())
    await second.send("no me llega el codigo")
    assert second.last[0].text.startswith(NO_CODE)
    assert second.last[0].buttons == ()
    assert "vas en el lugar 2. Tiempo aproximado: 8 min." in second.text
    await second.press("Problemas comunes")
    assert second.last[0].text.startswith("Problemas comunes. Elige uno:")
    [entry] = [e for e in await desk.waiting() if e.shown_user.endswith("0714")]
    assert entry.owner is None
    await second.send("cancelar")
    assert second.last[0].text == "Dejaste la espera: ningún asesor te va a escribir."


async def test_getting_the_datum_is_waited_for_not_corrected(world: World) -> None:
    """«déjame buscarlo», «ok ya lo tengo», «espérame tantito» at a datum's step got «No
    encontré tu NSS en tu mensaje» each time, and after three «algo no está saliendo
    bien»: the step waits, and nothing counts as a wrong answer."""
    chat = world.chat("5215500000720")
    await chat.send("hola")
    await chat.press("Registro")
    await chat.press("Acepto")
    prompt = chat.last[-1].text
    for said in ("dejame buscarlo", "ok ya lo tengo", "esperame tantito", "espera"):
        await chat.send(said)
        assert chat.last[0].text == "Va, aquí te espero.", chat.text
        assert chat.last[-1].text == prompt and len(chat.last) == 2, chat.text
    await chat.send(world.person("active_woman")["nss"])
    assert chat.last[-1].text.startswith("Ahora escribe tu CURP"), chat.text


async def test_questions_about_the_privacy_notice_are_answered_at_it(world: World) -> None:
    """«q son los derechos arco?» at the privacy notice got the account-safety tips and the
    whole notice again; «bueno si acepto» then got «No entendí si aceptas»."""
    chat = world.chat("5215500000721")
    await chat.send("hola")
    await chat.press("Registro")
    await chat.send("q son los derechos arco?")
    assert chat.last[0].text.startswith("Tus datos sirven para comprobar tu identidad"), \
        chat.text
    assert "derechos ARCO (acceso, rectificación, cancelación y oposición)" in chat.last[0].text
    assert chat.last[-1].text == "¿Aceptas el aviso de privacidad? Responde «sí» o «no».", \
        "the notice is not shown again"
    await chat.send("bueno si acepto")
    assert chat.last[-1].text.startswith("Escribe tu Número de Seguridad Social"), chat.text


async def test_why_a_datum_is_asked_is_answered_at_its_step(world: World) -> None:
    """«oye y eso para que lo ocupan», «y eso pa que», «por que me piden eso» at the CURP got
    «No encontré tu CURP…» three times and then «algo no está saliendo bien»; «es seguro
    darles mi curp?» got the account's safety tips with «Mis datos» to someone with no
    account. Each is told what that datum is for and how it is kept, and the step stays."""
    chat = world.chat("5215500000722")
    await chat.send("hola")
    await chat.press("Registro")
    await chat.send("y eso para que?")  # at the notice: what the data is for
    assert chat.last[0].text.startswith("Tus datos sirven para comprobar tu identidad"), \
        chat.text
    await chat.press("Acepto")
    person = world.person("active_woman")
    await chat.send(person["nss"])
    for question in ("oye y eso para que lo ocupan", "y eso pa que", "por que me piden eso",
                     "es seguro darles mi curp?"):
        await _digress(chat, question, "Tu CURP la usamos para comprobar")
        assert "cifrad" in chat.last[0].text
        assert "Mis datos" not in [b.title for reply in chat.last for b in reply.buttons]
    assert "algo no está saliendo bien" not in chat.text
    # another datum named at this step: what that one is for
    await _digress(chat, "para que quieren mi celular?", "Tu celular es para enviarte")
    await chat.send(person["curp"])
    assert chat.last[-1].text.startswith("Escribe tu RFC"), chat.text


async def test_why_a_datum_is_asked_in_english(world: World) -> None:
    chat = world.chat("5215500000723")
    await chat.send("hello")
    await chat.press("Sign up")
    await chat.press("I accept")
    for question in ("why do you need that", "what do you need my nss for?",
                     "why are you asking for this"):
        await _digress(chat, question, "We use your NSS to find")
    await chat.send(world.person("active_woman")["nss"])
    assert chat.last[-1].text.startswith("Now type your CURP"), chat.text
