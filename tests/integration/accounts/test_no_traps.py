"""No dead ends in the account flows (issue 12, traps 1-5), as transcripts: a registration
left at its password resumes; consent in natural words; words at a code step are never a
wrong code; ways out of the login and password prompts; a mistyped reset address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.persistence.models import AccountRow
from tests.integration.accounts.test_login import log_in
from tests.integration.accounts.test_register import EMAIL, MOBILE, PASSWORD, to_codes, to_password
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World


async def statuses(world: World) -> list[str]:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        return sorted(row.status for row in await uow.session.scalars(select(AccountRow)))


# --- trap 1: a registration left at the password -------------------------------------


async def leave_at_password(world: World, chat: ChatUser) -> None:
    await to_password(world, chat)
    assert "Ahora crea tu contraseña" in chat.text
    await chat.send("menu")
    assert "pending_password" in await statuses(world)


async def test_a_registration_left_at_the_password_resumes_there(world: World) -> None:
    chat = world.chat()
    await leave_at_password(world, chat)
    world.clock.advance(minutes=31)  # no longer kept for the menu: from the record
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(world.person("active_woman")["nss"])
    assert chat.last[0].text.startswith("Ya habías empezado tu registro")
    assert chat.last[-1].text.startswith(
        "Te enviamos un código de 6 dígitos por SMS al +52******5678")
    world.clock.advance(seconds=61)
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "Ahora crea tu contraseña" in chat.text
    await chat.send(PASSWORD)
    await chat.send("si acepto")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")
    assert "pending_password" not in await statuses(world)


async def test_back_at_the_nss_of_a_resume_the_codes_sent_still_work(world: World) -> None:
    """Resuming a registration, going back to the NSS («regresa») and typing it again sent
    the codes again until the send limit refused it: «Ya enviamos varios códigos…», the
    NSS asked again, and the codes the worker held could not be typed anywhere. Now the
    same resume goes to the code step and takes them."""
    chat = world.chat()
    await leave_at_password(world, chat)
    world.clock.advance(minutes=31)  # no longer kept for the menu: from the record
    nss = world.person("active_woman")["nss"]
    await chat.send("registro")
    await chat.press("Acepto")
    await chat.send(nss)
    for _ in range(2):  # back and again, as a worker unsure of the step would
        world.clock.advance(seconds=61)
        await chat.send("regresa")
        await chat.send(nss)
        assert chat.last[-1].text.startswith("Te enviamos un código de 6 dígitos por SMS"), \
            chat.text
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(await world.email_code(EMAIL))
    assert "Ahora crea tu contraseña" in chat.text, chat.text


async def test_a_registration_left_at_the_password_can_be_finished_by_a_reset(
        world: World) -> None:
    chat = world.chat()
    await leave_at_password(world, chat)
    await chat.press("Olvidé mi contraseña")
    await chat.send(EMAIL)
    await chat.send(await world.email_code(EMAIL))
    await chat.send(await world.sms_code(MOBILE))
    await chat.send(PASSWORD)
    assert chat.last[0].text == "Tu contraseña quedó guardada."
    assert "Último paso: términos y condiciones" in chat.text
    await chat.send("sí")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")
    other = world.chat("5215500000777")
    await other.send("hola")
    await other.press("Iniciar sesión")
    await other.send(EMAIL)
    await other.send(PASSWORD)
    assert other.text.startswith("Es la primera vez que entras desde este chat.")


# --- trap 2: consent in words -----------------------------------------------------------


@pytest.mark.parametrize("yes", ["si acepto", "si", "sí", "ok", "1.", "va", "sale",
                                 "de acuerdo", "claro", "Sí, acepto", "yes", "sure"])
async def test_the_privacy_notice_takes_a_natural_yes(world: World, yes: str) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.send(yes)
    assert chat.text.startswith("Escribe tu Número de Seguridad Social (NSS)")


@pytest.mark.parametrize("no", ["no", "no acepto", "nel", "No gracias", "2."])
async def test_the_privacy_notice_takes_a_natural_no(world: World, no: str) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.send(no)
    assert chat.last[0].text.startswith("Entendido, no guardé ningún dato.")


@pytest.mark.parametrize(("lang", "no", "yes", "asked"), [
    (None, "nel", "bueno va, si acepto", "Escribe tu Número de Seguridad Social (NSS)"),
    (None, "no", "ah no espera, si acepto", "Escribe tu Número de Seguridad Social (NSS)"),
    ("en", "no", "oh wait, yes i accept", "Type your Social Security Number (NSS)")])
async def test_a_no_to_the_notice_taken_back_right_after(world: World, lang: str | None,
                                                         no: str, yes: str, asked: str) -> None:
    """«nel» at the privacy notice ended the registration; «bueno va, sí acepto» right after
    it at the menu was «Va, aquí te espero»: the worker changed their mind, and the
    registration goes on with the yes. A yes with nothing declined before stays what it was."""
    chat = world.chat(lang=lang)
    await chat.send("registro" if lang is None else "sign up")
    await chat.send(no)
    await chat.send(yes)
    assert chat.text.startswith(asked), chat.text
    await chat.send(world.person("active_woman")["nss"])
    assert "CURP" in chat.text, chat.text
    other = world.chat("5215500000997", lang=lang)
    await other.send("hola")
    await other.send(yes)
    assert asked not in other.text, other.text


async def test_a_consent_miss_is_a_short_question_not_the_whole_notice(world: World) -> None:
    chat = world.chat()
    await chat.send("registro")
    await chat.send("mmm y eso que")
    assert chat.last[0].text == "No entendí si aceptas."
    assert chat.last[-1].text == "¿Aceptas el aviso de privacidad? Responde «sí» o «no»."
    assert "aviso de privacidad" not in chat.last[0].text
    assert chat.options == ["Acepto", "No acepto"]
    await chat.send("ok")
    assert chat.text.startswith("Escribe tu Número de Seguridad Social (NSS)")


@pytest.mark.parametrize("doubt", ["no entiendo", "no se que es eso", "aun no lo leo",
                                   "no le entiendo", "no se"])
async def test_a_doubt_at_the_notice_is_not_a_refusal(world: World, doubt: str) -> None:
    """«no entiendo» at the privacy notice was «Entendido, no guardé ningún dato» and the
    registration ended; «aún no lo leo» cancelled it. A doubt keeps the notice, says what
    accepting or not means and who can answer, and a yes then goes on."""
    chat = world.chat()
    await chat.send("registro")
    await chat.send(doubt)
    assert chat.last[0].text.startswith("Tómate tu tiempo para leerlo"), chat.text
    assert chat.options == ["Acepto", "No acepto"]
    await chat.send("sii")
    assert chat.text.startswith("Escribe tu Número de Seguridad Social (NSS)")


async def test_consent_in_english(world: World) -> None:
    chat = world.chat(lang="en")
    await chat.send("sign up")
    await chat.send("sure")
    assert chat.text.startswith("Type your Social Security Number")


# --- trap 3: words at a code step -------------------------------------------------------


@pytest.mark.parametrize("words", ["no me llega el codigo", "cual codigo?", "y eso q es",
                                   "ya casi", "espera"])
async def test_words_at_a_code_step_are_never_a_wrong_code(world: World, words: str) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    for _ in range(6):
        await chat.send(words)
        assert "Ese código no es correcto" not in chat.last[0].text
    code = await world.sms_code(MOBILE)
    await chat.send(code)
    assert chat.last[0].text == "Listo, tu celular quedó verificado."


async def test_a_code_inside_a_sentence_is_read(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    code = await world.sms_code(MOBILE)
    await chat.send(f"el codigo es {code[:3]} {code[3:]}")
    assert chat.last[0].text == "Listo, tu celular quedó verificado."


async def test_no_me_llega_sends_another_code(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    await world.sms_code(MOBILE)
    world.clock.advance(seconds=61)
    await chat.send("no me llega el codigo")
    assert chat.last[0].text.startswith("Te enviamos un código nuevo.")
    await world.settle()
    assert len(world.sms.messages_to(MOBILE)) == 2
    second = await world.sms_code(MOBILE)
    await chat.send(second)
    assert chat.last[0].text == "Listo, tu celular quedó verificado."


async def test_ya_no_quiero_at_a_code_step_leaves(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    await chat.send("ya no quiero")
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo."
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"


async def test_words_at_the_login_code_step_are_not_wrong_codes(world: World) -> None:
    chat = world.chat()
    await log_in(world, chat)
    assert chat.text.startswith("Es la primera vez que entras desde este chat.")
    for _ in range(6):
        await chat.send("no me ha llegado nada, cual codigo?")
        assert "Ese código no es correcto" not in chat.last[0].text
    world.clock.advance(seconds=61)
    await chat.send("reenviar")
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión.")


@pytest.mark.parametrize("words", ["no me acuerdo", "olvide mi contraseña",
                                   "se me olvidó la contraseña", "I forgot it"])
async def test_forgetting_at_the_password_prompt_moves_to_the_reset(world: World,
                                                                    words: str) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(CARMEN["email"])
    for attempt in range(6):  # more than the five failures that lock the login
        await chat.send(words)
        assert chat.last[0].text.startswith("No te preocupes: vamos a crear una contraseña")
        if attempt == 0:  # the e-mail just given is the reset's: its codes, not asked again
            assert chat.last[-1].text == "Escribe el código que te llegó por correo.", \
                chat.text
        await chat.send("cancelar")
        await chat.press("Iniciar sesión")
        await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Es la primera vez que entras desde este chat."), "never locked"


# --- trap 4: no account at the login prompt -----------------------------------------------


@pytest.mark.parametrize("words", ["no tengo cuenta", "registrarme", "quiero crear mi cuenta",
                                   "I don't have an account"])
async def test_no_account_at_the_login_prompt_starts_registration(world: World,
                                                                  words: str) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(words)
    assert "Eso no parece un NSS ni un correo" not in chat.text
    assert "aviso de privacidad" in chat.text.lower() or "privacy notice" in chat.text.lower()


async def test_an_nss_inside_a_sentence_at_the_login_prompt(world: World) -> None:
    chat = world.chat()
    nss = world.person("existing_account")["nss"]
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(f"mi nss es {nss[:4]} {nss[4:8]} {nss[8:]}")
    assert chat.text.startswith("Ahora tu contraseña.")


# --- trap 5: a mistyped reset address -----------------------------------------------------


@pytest.mark.parametrize("words", ["me equivoque", "cambiar correo", "Cambiar correo o NSS"])
async def test_a_mistyped_reset_address_can_be_corrected(world: World, words: str) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send("carmen.sanches@example.com")
    await chat.send(words)
    assert chat.last[-1].text.startswith("Para recuperar tu contraseña escribe tu NSS")
    await chat.send(CARMEN["email"])
    await chat.send(await world.email_code(CARMEN["email"]))
    assert chat.text == "Ahora escribe el código que te llegó por SMS."


async def test_a_different_address_typed_at_the_reset_code_step_replaces_it(
        world: World) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send("carmen.sanches@example.com")
    await chat.send(CARMEN["email"])
    assert chat.last[0].text.startswith("Si hay una cuenta con ese dato, te enviamos")
    await chat.send(await world.email_code(CARMEN["email"]))
    assert chat.text == "Ahora escribe el código que te llegó por SMS."


async def test_chat_at_the_login_password_is_not_a_failed_try(world: World) -> None:
    """«ok», «gracias», «???», a thumbs up or a question at the login's password prompt each
    counted as a wrong password, and five locked a real account for 15 minutes. A message
    that cannot be the password (shorter than any the service accepts, or a question in
    words) is not tried: it is answered as words (a wait, a thanks, the question) or said
    not to be a password, and the prompt stays; the right password then logs in."""
    carmen = world.person("existing_account")
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(carmen["nss"])
    not_it = "Eso no parece tu contraseña (no lo conté"
    for text, heard in (("ok", "Va, aquí te espero."), ("gracias", "¡De nada!"),
                        ("???", "Solo necesito la respuesta a la pregunta de abajo."),
                        ("x", not_it), ("👍", "Va, aquí te espero."),
                        ("es seguro poner mi contraseña aqui?", "Para cuidar tu cuenta:")):
        await chat.send(text)
        assert chat.last[0].text.startswith(heard), chat.text
        assert "Ahora tu contraseña." in chat.text, chat.text
    await chat.send(CARMEN["password"])
    assert chat.text.startswith("Es la primera vez que entras desde este chat."), chat.text


@pytest.mark.parametrize("said", ["mi contrasena va a ser Perro#Azul2024",
                                  "la contraseña es Perro#Azul2024"])
async def test_a_new_password_with_words_around_it_is_not_saved(world: World,
                                                                said: str) -> None:
    """«mi contraseña va a ser Perro#Azul2024» was saved whole as the password, and the
    worker could never log in with Perro#Azul2024. The words are refused (what to type),
    and the password alone is then saved and logs in."""
    chat = world.chat()
    await to_password(world, chat)
    await chat.send(said)
    assert chat.last[0].text.startswith("Escribe solo la contraseña"), chat.text
    await chat.send("Perro#Azul2024")
    assert chat.last[0].text.startswith("Tu contraseña quedó guardada"), chat.text


@pytest.mark.parametrize("said", ["ya no uso ese numero", "ese numero ya no lo tengo",
                                  "ya no es mi numero", "that number is not mine"])
async def test_a_lost_phone_at_a_code_step_leads_to_the_recovery(world: World,
                                                                 said: str) -> None:
    """«ya no tengo ese celular» at the SMS code of a login from a new chat, or of a
    password reset, cancelled everything («Listo, cancelé…») with no way on. Like «Ya no
    tengo ese correo», it now leads to the account's recovery at a service centre, in
    words or with the button the step offers (the words in any order: «ese numero ya no lo
    tengo» was still «cancelar»)."""
    carmen = world.person("existing_account")
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(carmen["nss"])
    await chat.send(CARMEN["password"])
    assert "Ya no tengo ese celular" in chat.options, chat.text
    await chat.send(said)
    assert chat.text.startswith("Si perdiste el acceso a tu correo o a tu celular"), chat.text
    # the NSS typed to log in is kept: the CURP is asked next (the NSS was asked again)
    assert "Escribe tu Número de Seguridad Social" not in chat.text, chat.text
    assert "CURP" in chat.last[-1].text, chat.text
    chat = world.chat("5215500000991")
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send(carmen["nss"])
    await chat.send(await world.email_code(CARMEN["email"]))
    await chat.press("Ya no tengo ese celular")
    assert chat.text.startswith("Si perdiste el acceso a tu correo o a tu celular"), chat.text


async def test_no_code_can_go_now_after_the_right_password(world: World) -> None:
    """A login from one more new chat, once the SMS codes' limit was reached, said «Ya
    enviamos varios códigos» and asked for the password again: every word that followed
    counted as a wrong password, up to a 15-minute lock with the right password. Now the
    worker leaves the login, told to wait and that the password was right."""
    for n in range(8):
        chat = world.chat(f"52155000009{n:02d}")
        await log_in(world, chat)
        if "Ya enviamos varios códigos" in chat.text:
            break
    else:
        raise AssertionError("the SMS limit was never reached")
    assert "Tu contraseña es correcta" in chat.text, chat.text
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:", chat.text
    await chat.send("ok espero")
    assert "no son correctos" not in chat.text, chat.text


@pytest.mark.parametrize("words", ["no, sigo con el registro", "sigamos", "ok sigo",
                                   "continuar con el tramite", "volvamos al registro",
                                   "ok lets go back to sign up"])
async def test_going_on_with_the_step_is_not_another_procedure(world: World, words: str) -> None:
    """«no, sigo con el registro» at the CURP (after asking about another procedure) got
    the «Si no puedes crear tu cuenta» help; «sigamos» the joint credit. The worker goes on:
    the step is asked again, what was given kept."""
    chat = world.chat("5215500000180")
    await chat.send("hola")
    await chat.send("quiero registrarme")
    await chat.send("acepto")
    person = world.person("active_woman")
    await chat.send(person["nss"])
    prompt = chat.last[-1].text
    await chat.send(words)
    assert chat.last[0].text == "Va, seguimos donde ibas.", chat.text
    assert chat.last[-1].text == prompt
    await chat.send(person["curp"])
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text


async def test_the_menu_in_the_middle_keeps_what_was_given_for_a_while(world: World) -> None:
    """«menú» after the NSS and CURP, then «registro» again: it started over at the privacy
    notice, and the NSS and CURP had to be found and typed again. The procedure left for
    the menu goes on where it was when opened again within 30 minutes; after that, or after
    «cancelar», it starts over."""
    person = world.person("active_woman")
    chat = world.chat("5215500000724")
    await chat.send("registro")
    await chat.send("acepto")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("menu")
    assert chat.last[0].text.startswith("Guardé lo que llevabas en «Registro»"), chat.text
    world.clock.advance(minutes=20)
    await chat.send("quiero seguir con mi registro")
    assert chat.last[0].text == "Seguimos donde te quedaste, con lo que ya me diste."
    assert chat.last[-1].text.startswith("Escribe tu RFC"), chat.text
    await chat.send(person["rfc"])
    assert chat.last[-1].text.startswith("Escribe tu correo"), chat.text
    await chat.send("menu")
    world.clock.advance(minutes=31)
    await chat.send("registro")
    assert chat.text.startswith("Antes de empezar: aviso de privacidad"), chat.text
    await chat.send("acepto")
    await chat.send(person["nss"])
    await chat.send("cancelar")
    await chat.send("registro")
    assert chat.text.startswith("Antes de empezar: aviso de privacidad"), "cancel keeps nothing"


@pytest.mark.parametrize("goodbye", ["adios", "ok gracias bye", "nos vemos"])
async def test_a_goodbye_in_the_middle_leaves_and_keeps_what_was_given(
        world: World, goodbye: str) -> None:
    """«adiós» after the NSS said «¡Hasta luego!» and asked for the CURP in the same breath.
    Now the worker leaves: the registration is kept as for «menú», and nothing is asked."""
    person = world.person("active_woman")
    chat = world.chat("5215500000727")
    await chat.send("registro")
    await chat.send("acepto")
    await chat.send(person["nss"])
    await chat.send(goodbye)
    assert chat.last[0].text.startswith("¡Hasta luego!"), chat.text
    assert chat.last[-1].text.startswith("Guardé lo que llevabas en «Registro»"), chat.text
    assert "CURP" not in chat.text, "nothing asked after a goodbye"
    await chat.send("registro")
    assert chat.last[0].text == "Seguimos donde te quedaste, con lo que ya me diste."
    assert "escribe tu CURP" in chat.last[-1].text, chat.text


async def test_a_result_left_for_the_menu_is_worked_out_anew(world: World) -> None:
    chat = world.chat("5215500000725")
    await chat.send("precalificacion")
    await chat.press("Usar el simulador")
    await chat.send("15000")
    await chat.send("35")
    await chat.press("Hombre")
    await chat.send("0")
    await chat.send("menu")
    assert "Guardé" not in chat.text, "nothing to lose at a result"
    await chat.send("precalificacion")
    assert "Seguimos donde te quedaste" not in chat.text


async def test_a_recovery_left_for_the_menu_goes_on_from_the_appointments(world: World) -> None:
    """The account recovery (no menu item of its own) is kept too, and said so; choosing it
    again in «Citas» goes on at the state, the NSS and CURP already checked."""
    person = world.person("existing_account")
    chat = world.chat("5215500000726")
    await chat.send("hola")
    await chat.press("Citas")
    await chat.press("Recuperar mi cuenta sin mi correo")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("menu")
    assert chat.last[0].text.startswith("Guardé lo que llevabas: pídelo de nuevo"), chat.text
    await chat.press("Citas")
    await chat.press("Recuperar mi cuenta sin mi correo")
    assert chat.last[0].text == "Seguimos donde te quedaste, con lo que ya me diste."
    assert chat.last[-1].text.startswith("¿En qué estado?"), chat.text


async def test_data_given_with_the_request_to_register_is_kept_and_the_notice_shown(
        world: World) -> None:
    """«hola quiero registrarme mi nss es … y mi curp …» as the first message got «Dónde
    encontrar cada dato» (the CURP's letters read as the NSS help's), «si acepto» then got
    «Si no puedes crear tu cuenta», and the RFC «No encontré esa opción». It opens the
    registration with the privacy notice shown whole (never seen yet); data typed before
    accepting adds to what was given; accepting goes on past all of it."""
    person = world.person("active_woman")
    chat = world.chat("5215500000727")
    await chat.send(f"hola quiero registrarme mi nss es {person['nss']} y mi curp "
                    f"{person['curp']}")
    assert "Antes de empezar: aviso de privacidad" in chat.text, chat.text
    assert "/privacidad" in chat.text
    await chat.send(person["rfc"])  # before accepting: kept with the rest
    await chat.send("si acepto")
    assert chat.last[-1].text.startswith("Escribe tu correo electrónico"), chat.text
    english = world.chat("5215500000728", lang="en")
    await english.send(f"i want to sign up, nss {person['nss']} curp {person['curp']}")
    assert "Before we start: privacy notice" in english.text, english.text


@pytest.mark.parametrize(("said", "heard"), [
    ("quiero hablar con alguien", "Te comunico con un asesor"),
    ("i want to talk to a person", "Te comunico con un asesor"),
    ("que horario tienen?", "Este chat te atiende a cualquier hora"),
])
async def test_a_request_at_the_login_password_is_answered(world: World, said: str,
                                                           heard: str) -> None:
    """«quiero hablar con alguien» at the login's password prompt got «Eso no parece tu
    contraseña» over and over: the worker who cannot log in was kept from an agent. Words
    that cannot be the password are read as at any step that takes text (an agent, a
    question answered in passing), never tried; the password then logs in."""
    carmen = world.chat()
    await carmen.send("hola")
    await carmen.press("Iniciar sesión")
    await carmen.send(world.person("existing_account")["nss"])
    await carmen.send(said)
    assert "no parece tu contraseña" not in carmen.text, carmen.text
    assert carmen.last[0].text.startswith(heard), carmen.text
    if heard.startswith("Te comunico"):
        await carmen.send("cancelar")
        assert "Ahora tu contraseña." in carmen.text, carmen.text
    else:
        assert "Ahora tu contraseña." in carmen.text, carmen.text
    await carmen.send(CARMEN["password"])
    assert carmen.text.startswith("Es la primera vez que entras desde este chat."), carmen.text


async def test_asking_for_an_agent_while_choosing_a_password(world: World) -> None:
    """At the new password, «quiero hablar con alguien» was refused as a weak password
    («Tu contraseña necesita…») with no way to the agent. Words no password could be are
    read as words: the agent is called; a weak password is still refused as one."""
    chat = world.chat()
    await to_password(world, chat)
    await chat.send("perrito")
    assert "Te comunico con un asesor" not in chat.text, chat.text
    await chat.send("quiero hablar con alguien")
    assert chat.last[0].text.startswith("Te comunico con un asesor"), chat.text


async def test_a_procedure_named_while_logging_in_opens_after_it(world: World) -> None:
    """«mi crédito» or «cuánto debo?» while logging in from the menu got «deja lo que estamos
    haciendo con este botón (lo que llevas aquí no se guarda)»: leaving lost the login. The
    procedure waits under the login and opens once the worker is in."""
    luis = world.person("with_credit")
    chat = world.chat("5215500000627")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(luis["email"])
    await chat.send("quiero ver mi credito")
    assert chat.last[0].text == ("Anotado: en cuanto entres te llevo a «Mi crédito y pagos»."
                                 " Sigamos con tu inicio de sesión."), chat.text
    assert "Ahora tu contraseña." in chat.text
    await chat.send(luis["password"])
    await chat.send("cuanto debo?")
    assert chat.last[0].text.startswith("Anotado: en cuanto entres"), chat.text
    await chat.send(await world.sms_code(luis["mobile"]))
    assert "Tu crédito 1423456789" in chat.text, chat.text


@pytest.mark.parametrize("said", ["ya me llego", "ok ya llego el codigo", "wait, i got it",
                                  "ya me llego el del correo"])
async def test_the_code_arriving_at_a_code_step_is_waited_for(world: World, said: str) -> None:
    """«wait, i got it» at a code step was «Eso no es un código»: the worker who was about
    to type it was told off. It is waited for, like «déjame ver», and the code then
    works."""
    chat = world.chat()
    await to_codes(world, chat)
    await chat.send(said)
    assert chat.last[0].text == "Va, aquí te espero.", chat.text
    await chat.send(await world.sms_code(MOBILE))
    assert "quedó verificado" in chat.text, chat.text


async def test_back_to_the_menu_is_not_going_on(world: World) -> None:
    chat = world.chat("5215500000181")
    await chat.send("hola")
    await chat.send("quiero registrarme")
    await chat.send("acepto")
    await chat.send("regresar al menu principal")
    assert "seguimos donde ibas" not in chat.text, chat.text
    assert "¿Qué quieres hacer?" in chat.text, chat.text


async def test_what_a_datum_is_for_asked_in_english(world: World) -> None:
    """«whats that for?» at the RFC was «I could not find your RFC in your message»."""
    chat = world.chat("5215500000182", lang="en")
    await chat.send("hi")
    await chat.send("sign me up")
    await chat.send("yes")
    person = world.person("active_woman")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("whats that for?")
    assert "could not find" not in chat.last[0].text, chat.text
    assert "RFC" in chat.last[0].text, chat.text
    assert chat.last[-1].text.startswith("Type your RFC with homoclave"), chat.text



async def test_the_code_limit_at_the_mobile_offers_the_way_out_at_once(world: World) -> None:
    """After changing the mobile three times the send limit refused the fourth: «Ya enviamos
    varios códigos… 15 minutos» and the mobile asked again, each number typed refused the
    same way, with no menu or advisor offered until three refusals. A refusal that lasts
    minutes now offers them with the first, and the registration is kept for later."""
    chat = world.chat("5215500000995")
    await to_codes(world, chat)
    for n in range(6):
        world.clock.advance(seconds=61)
        await chat.press("Cambiar celular")
        await chat.send(f"55 1234 56{n:02d}")
        if "Ya enviamos varios códigos" in chat.text:
            break
    else:
        raise AssertionError("the SMS limit was never reached")
    assert chat.last[1].text == "Mientras tanto puedes volver al menú o hablar con un asesor.", \
        chat.text
    assert chat.options[-2:] == ["Menú principal", "Hablar con un asesor"], chat.options
    await chat.press("Menú principal")
    assert chat.last[0].text.startswith("Guardé lo que llevabas en «Registro»"), chat.text


@pytest.mark.parametrize("asked", ["que dicen los terminos? resumido porfa", "ok pero que dicen",
                                   "si pero que dicen?"])
async def test_a_question_at_the_terms_accepts_nothing(world: World, asked: str) -> None:
    """«¿qué dicen los términos?» named «Acepto los términos» and «ok pero qué dicen» read as
    a yes: the account was opened, logged in, on terms the worker asked about. Now what the
    terms say, in short, and the question again; the account waits for the yes."""
    chat = world.chat()
    await to_password(world, chat)
    await chat.send(PASSWORD)
    await chat.send(asked)
    assert chat.last[0].text.startswith("En corto, los términos dicen:\n• Tu cuenta es personal"), \
        chat.text
    assert chat.last[-1].text == "¿Aceptas los términos y condiciones? Responde «sí» o «no»."
    assert "pending_terms" in await statuses(world)
    await chat.send("ok acepto")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")


async def test_a_question_with_a_yes_at_the_notice_is_answered_first(world: World) -> None:
    """«ok pero ¿qué hacen con mis datos?» at the privacy notice accepted it and went on to
    the NSS, the question unanswered."""
    chat = world.chat()
    await chat.send("quiero registrarme")
    await chat.send("ok pero que hacen con mis datos?")
    assert "Número de Seguridad Social" not in chat.text, chat.text
    assert chat.last[-1].text == "¿Aceptas el aviso de privacidad? Responde «sí» o «no».", \
        chat.text


@pytest.mark.parametrize("later", ["mejor luego", "ahorita no tengo el rfc, luego sigo"])
async def test_later_keeps_what_was_given(world: World, later: str) -> None:
    """«mejor luego» in the middle of a registration cancelled it: NSS and CURP were asked
    again from the notice on. It is kept as the menu keeps it."""
    person = world.person("active_woman")
    chat = world.chat("5215500000996")
    await chat.send("quiero registrarme")
    await chat.send("1")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send(later)
    assert chat.last[0].text.startswith("Guardé lo que llevabas en «Registro»"), chat.text
    await chat.send("registro")
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text


@pytest.mark.parametrize("back", ["no espera, si quiero seguir", "perdon si quiero, me equivoque"])
async def test_a_cancel_taken_back_goes_on_where_it_was(world: World, back: str) -> None:
    """«ya no quiero», then «no espera, sí quiero seguir»: «No hay nada que cancelar», and
    the registration was to start over."""
    person = world.person("active_woman")
    chat = world.chat("5215500000998")
    await chat.send("quiero registrarme")
    await chat.send("1")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("ya no quiero")
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo.", chat.text
    await chat.send(back)
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text


GMAIL = "maria.lopez@gmail.com"


async def _registered_with_gmail(world: World) -> None:
    chat = world.chat("5215500000980")
    await to_password(world, chat, email=GMAIL)
    await chat.send(PASSWORD)
    await chat.send("si acepto")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta"), chat.text


async def test_a_slip_in_the_reset_address_is_asked_about(world: World) -> None:
    """«maria.lopez@gmial.com» to reset the password: «si hay una cuenta con ese dato, te
    enviamos un código», and no code ever came; the NSS typed then at the code was «Eso no
    es un código». The slip is asked about first, as at the registration, and an NSS at the
    code is the account corrected."""
    await _registered_with_gmail(world)
    chat = world.chat("5215500000981")
    await chat.send("olvide mi contraseña")
    await chat.send("maria.lopez@gmial.com")
    assert chat.last[0].text.startswith(f"¿Quisiste decir {GMAIL}?"), chat.text
    await chat.send("si")
    assert await world.email_code(GMAIL), "the code went to the address meant"
    other = world.chat("5215500000982")
    await other.send("olvide mi contraseña")
    await other.send("maria.lopez@hotmail.com")  # a wrong address, no slip: codes nowhere
    await other.send(world.person("active_woman")["nss"])
    assert "no es un código" not in other.text, other.text
    assert "código" in other.last[-1].text, other.text  # the codes asked again, for the NSS


async def test_a_slip_in_the_login_address_is_asked_about(world: World) -> None:
    await _registered_with_gmail(world)
    chat = world.chat("5215500000983")
    await chat.send("iniciar sesion")
    await chat.send("maria.lopez@gmial.com")
    assert chat.last[0].text.startswith(f"¿Quisiste decir {GMAIL}?"), chat.text
    await chat.send("si")
    await chat.send(PASSWORD)
    assert "no son correctos" not in chat.text, chat.text


@pytest.mark.parametrize(("lang", "asked", "answer"), [
    (None, "y cuanto dura el codigo?", "El código vence 10 minutos después"),
    ("en", "when does it expire?", "The code expires 10 minutes after")])
async def test_how_long_a_code_lasts_at_the_code(world: World, lang: str | None, asked: str,
                                                 answer: str) -> None:
    """«¿y cuánto dura el código?» at the reset's code got «Si no te llega el código…»."""
    chat = world.chat("5215500000984", lang=lang)
    await chat.send("olvide mi contraseña" if lang is None else "i forgot my password")
    await chat.send(CARMEN["email"])
    await chat.send(asked)
    assert chat.last[0].text.startswith(answer), chat.text


@pytest.mark.parametrize(("lang", "asked", "answer"), [
    (None, "no entiendo", "El código son 6 números"),
    (None, "y cual codigo? donde viene", "El código son 6 números"),
    ("en", "what code?", "The code is 6 digits")])
async def test_a_worker_lost_at_the_login_code_hears_what_the_code_is(
        world: World, lang: str | None, asked: str, answer: str) -> None:
    """«no entiendo» at the new chat's code got «Eso no es un código» again and again: the
    worker did not know a code had been sent, nor where."""
    chat = world.chat("5215500000985", lang=lang)
    await chat.send("hola")
    await chat.press("Iniciar sesión" if lang is None else "Log in")
    await chat.send(CARMEN["email"])
    await chat.send(CARMEN["password"])
    await chat.send(asked)
    assert chat.last[0].text.startswith(answer), chat.text
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith(("Iniciaste sesión.", "You are logged in")), chat.text


@pytest.mark.parametrize("asked", ["que es un caracter especial?", "como cual?",
                                   "no entiendo", "dame un ejemplo", "puede ser un punto?"])
async def test_the_password_rule_is_explained_when_asked(world: World, asked: str) -> None:
    """«¿qué es un carácter especial?» at the new password got «inventa una nueva y
    escríbela sola», and «no entiendo» «Solo necesito la respuesta»: nothing said what a
    special character is, nor how a password that passes is made."""
    chat = world.chat("5215500000986")
    await to_password(world, chat)
    await chat.send(asked)
    assert chat.last[0].text.startswith("Un carácter especial es cualquier signo"), chat.text
    assert "crea tu contraseña" in chat.text.split("Un carácter especial")[-1], chat.text
    await chat.send(PASSWORD)
    assert "Tu contraseña quedó guardada." in chat.text, chat.text


@pytest.mark.parametrize("same_chat", [True, False])
async def test_a_registration_left_at_the_terms_is_finished_by_logging_in(
        world: World, same_chat: bool) -> None:
    """Left at the terms («luego sigo»), the worker logged in with the password she had just
    set and got «no son correctos», each try counted towards the lock."""
    chat = world.chat("5215500000987")
    await to_password(world, chat)
    await chat.send(PASSWORD)
    assert "términos" in chat.text, chat.text
    await chat.send("luego sigo")
    login = chat if same_chat else world.chat("5215500000988")
    await login.send("iniciar sesion")
    await login.send(EMAIL)
    await login.send(PASSWORD)
    assert "no son correctos" not in login.text, login.text
    if login.text.startswith("Es la primera vez"):  # a chat not yet linked to the account
        await login.send(await world.sms_code(MOBILE))  # confirms with the SMS code first
    assert login.last[0].text.startswith("Tu registro quedó a medias"), login.text
    await login.send("si acepto")
    assert login.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa"), \
        login.text
    assert "active" in await statuses(world)


@pytest.mark.parametrize(("lang", "asked", "answer"), [
    (None, "y si no acepto que pasa", "Si no aceptas, no puedo crear tu cuenta"),
    (None, "que pasa si no acepto?", "Si no aceptas, no puedo crear tu cuenta"),
    ("en", "what if i dont accept?", "If you do not accept, I cannot create your account")])
async def test_what_if_i_do_not_accept_is_a_question_not_a_no(
        world: World, lang: str | None, asked: str, answer: str) -> None:
    """«y si no acepto que pasa» at the privacy notice was «Entendido, no guardé ningún
    dato» and the menu (the words «no acepto» in it picked the option): the registration
    ended on a question."""
    chat = world.chat("5215500000989", lang=lang)
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send(asked)
    assert chat.last[0].text.startswith(answer), chat.text
    await chat.send("ok si acepto" if lang is None else "ok i accept")
    assert "NSS" in chat.last[-1].text, chat.text


async def test_a_code_a_digit_short_or_over_spends_no_try(world: World) -> None:
    """«12345» and «1234567» at a code were «Ese código no es correcto. Te quedan N
    intentos»: five typos locked a code that was never tried."""
    chat = world.chat("5215500000990")
    await to_codes(world, chat)
    for typo in ("12345", "1234567", "es el 12345", "12345", "1234567"):
        await chat.send(typo)
        digits = len([c for c in typo if c.isdigit()])
        assert chat.last[0].text.startswith(
            f"El código tiene 6 dígitos y escribiste {digits}."), chat.text
    await chat.send(await world.sms_code(MOBILE))
    assert chat.last[0].text.startswith("Listo, tu celular quedó verificado."), chat.text


@pytest.mark.parametrize("back", ["atras", "regresame"])
async def test_going_back_at_the_new_password_is_no_weak_password(world: World,
                                                                  back: str) -> None:
    """«atrás» where the new password is asked was «Tu contraseña no es segura» with its
    rules, as if it had been tried as one."""
    chat = world.chat("5215500000991")
    await to_password(world, chat)
    await chat.send(back)
    assert "no es segura" not in chat.text, chat.text
    assert chat.last[0].text.startswith("Lo anterior ya quedó verificado"), chat.text
    await chat.send(PASSWORD)
    assert "Tu contraseña quedó guardada." in chat.text, chat.text


async def test_the_login_password_inside_words_is_asked_alone_not_tried(world: World) -> None:
    """«no espera es Tamarindo#Lluvia7» at the login's password was «no son correctos» and a
    try towards the lock, though the password in it was right; five of them locked it."""
    chat = world.chat("5215500000992")
    await chat.send("iniciar sesion")
    await chat.send(CARMEN["email"])
    for said in ("no espera es ", "mi contraseña es ", "perdon es ", "no espera es ",
                 "mi contraseña es "):
        await chat.send(said + CARMEN["password"])
        assert chat.last[0].text.startswith("Escribe solo tu contraseña"), chat.text
    await chat.send(CARMEN["password"])
    assert "no son correctos" not in chat.text and "bloque" not in chat.text, chat.text
    assert chat.last[0].text.startswith("Es la primera vez que entras"), chat.text


async def test_wondering_at_the_reset_code_whether_one_has_an_account(world: World) -> None:
    """«¿será que no tengo cuenta?» at the reset's code opened the booking of a recovery
    appointment: how to make an account (nothing said of this one), the code asked again."""
    chat = world.chat("5215500000993")
    await chat.send("olvide mi contraseña")
    await chat.send(world.person("active_woman")["nss"])  # María has no account
    await chat.send("sera que no tengo cuenta?")
    assert chat.last[0].text.startswith("Si aún no creaste tu cuenta"), chat.text
    assert "Recuperar" not in chat.text and "NSS" not in chat.last[-1].text, chat.text
    await chat.press("Registro")
    assert "aviso de privacidad" in chat.text, chat.text


async def test_a_password_typed_at_a_data_step_is_not_read_as_the_data(world: World) -> None:
    """«Ya hay una cuenta para ese NSS», then the worker types her password to get in: «Tu
    NSS lleva 11 dígitos y escribiste 1» (the password read as an NSS)."""
    chat = world.chat("5215500000994")
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send("1")
    await chat.send(world.person("existing_account")["nss"])
    assert "Ya hay una cuenta para ese NSS" in chat.text, chat.text
    await chat.send(CARMEN["password"])
    assert "escribiste" not in chat.text, chat.text
    assert chat.last[0].text.startswith("Eso parece una contraseña: no la guardé."), chat.text
    assert chat.last[0].delete_user_message, "deleted where the channel allows"
