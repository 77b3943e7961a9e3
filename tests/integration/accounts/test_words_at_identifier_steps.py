"""Words typed where an identifier is asked (a question the model does not take, a remark,
«no tengo correo») are not read as a mistyped identifier: the worker is told that none was
found and what one looks like, never «tu CURP lleva 18 caracteres y escribiste 19» (the
letters of their sentence). A mistyped identifier inside a sentence is counted alone."""

from __future__ import annotations

from tests.support.chat import ChatUser
from tests.support.world import World

MARIA = "active_woman"


async def _at_nss(world: World, user: str, lang: str | None = None) -> ChatUser:
    chat = world.chat(user, lang=lang)
    await chat.send("hola" if lang is None else "hi")
    await chat.send(button="cmd:start:registration")
    await chat.send("1")
    return chat


async def test_sentences_at_the_identifier_steps_say_none_was_found(world: World) -> None:
    chat = await _at_nss(world, "5215500000921")
    person = world.person(MARIA)
    await chat.send("mi nss es 0311 9283 52")
    assert chat.last[0].text.startswith("Tu NSS lleva 11 dígitos y escribiste 10."), chat.text
    await chat.send(person["nss"])
    await chat.send("dejame buscarla tantito")
    assert chat.last[0].text.startswith("No encontré tu CURP en tu mensaje."), chat.text
    assert "escribiste" not in chat.text
    await chat.send(person["curp"])
    await chat.send("cuanto tiempo tarda")
    assert chat.last[0].text.startswith("No encontré tu RFC en tu mensaje."), chat.text
    await chat.send(person["rfc"])
    await chat.send("no tengo correo")
    assert chat.last[0].text == (  # not having one: where to get one
        "Usa un correo que solo tú revises, como nombre@gmail.com: ahí te llega un código. "
        "Si no tienes, puedes crear uno gratis en gmail.com u outlook.com."), chat.text
    await chat.send("maria.lopez@example.com")
    await chat.send("cinco cinco uno dos tres")
    assert chat.last[0].text.startswith(
        "No encontré un número de celular en tu mensaje."), chat.text
    assert chat.last[-1].text.startswith("Escribe tu número de celular a 10 dígitos")
    await chat.send("55 1234 5678")
    assert chat.text.startswith("Te enviamos un código de 6 dígitos por SMS"), chat.text


async def test_words_at_the_nss_in_english(world: World) -> None:
    chat = await _at_nss(world, "5215500000922", lang="en")
    await chat.send("what is that")
    assert chat.last[0].text.startswith("I could not find your NSS in your message."), chat.text
    assert "you typed" not in chat.text


async def test_the_recovery_reads_identifiers_inside_sentences(world: World) -> None:
    person = world.person("existing_account")
    chat = world.chat("5215500000923")
    await chat.send("hola")
    await chat.send("perdi mi correo y no puedo entrar")
    await chat.send(f"mi nss es {person['nss']}")
    assert chat.text == "Ahora escribe tu CURP (18 caracteres).", chat.text
    await chat.send(f"es {person['curp']} gracias")
    assert chat.last[0].text == "Listo, tus datos coinciden con tu registro.", chat.text


async def test_a_curp_or_rfc_written_in_pieces_inside_a_sentence(world: World) -> None:
    chat = await _at_nss(world, "5215500000931")
    person = world.person(MARIA)
    curp, rfc = person["curp"], person["rfc"]
    await chat.send(person["nss"])
    await chat.send(f"mi curp es {curp[:4]} {curp[4:10]} {curp[10:].lower()}")
    assert chat.text.startswith("Escribe tu RFC con homoclave"), chat.text
    await chat.send(f"es el {rfc[:4]}-{rfc[4:10]}-{rfc[10:]}")
    assert chat.text.startswith("Escribe tu correo electrónico"), chat.text


async def test_the_rfc_at_the_curp_step_is_kept_and_the_curp_at_the_rfc_is_told(
        world: World) -> None:
    chat = await _at_nss(world, "5215500000932")
    person = world.person(MARIA)
    curp, rfc = person["curp"], person["rfc"]
    await chat.send(person["nss"])
    await chat.send(f"mi rfc es {rfc[:4]} {rfc[4:10]} {rfc[10:]}")
    assert chat.last[0].text.startswith("Eso parece tu RFC: lo guardo para el siguiente paso.")
    assert "escribiste" not in chat.text
    await chat.send(curp)
    assert chat.text.startswith("Escribe tu correo electrónico"), "the RFC is not asked again"
    await chat.send("atras")
    assert chat.text.endswith("Viene en tu Constancia de Situación Fiscal del SAT.")
    await chat.send(curp)
    assert chat.last[0].text.startswith("Eso parece tu CURP (18 caracteres), que ya tengo.")
    await chat.send(rfc)
    assert chat.text.startswith("Escribe tu correo electrónico")


async def test_data_typed_before_its_step_is_kept_until_its_step(world: World) -> None:
    """An NSS typed at the privacy notice was answered «No entendí si aceptas» and lost:
    once the worker accepted they were asked for it again. A CURP at the NSS step was
    counted as an NSS («escribiste 18»). Now each waits for its step; declining the notice
    drops it."""
    person = world.person(MARIA)
    chat = world.chat("5215500000941")
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send(person["nss"])
    assert chat.last[0].text.startswith("Antes de usar tus datos necesito que aceptes el aviso")
    assert chat.last[-1].text == "¿Aceptas el aviso de privacidad? Responde «sí» o «no»."
    await chat.send("si acepto")
    assert chat.text.startswith("Ahora escribe tu CURP"), "the NSS is not asked again"
    await chat.send("menu")

    chat = world.chat("5215500000942")
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send(f"si, mi nss es {person['nss']} y mi curp {person['curp']}")
    assert chat.text.startswith("Escribe tu RFC con homoclave"), chat.text

    chat = await _at_nss(world, "5215500000943")
    curp = person["curp"]
    await chat.send(f"mi curp es {curp[:4]} {curp[4:10]} {curp[10:]}")
    assert chat.last[0].text == "Lo guardé para cuando te lo pida. Primero necesito tu NSS."
    assert "escribiste" not in chat.text
    await chat.send(person["nss"])
    assert chat.text.startswith("Escribe tu RFC con homoclave"), "the CURP is not asked again"


async def test_an_nss_typed_before_declining_the_notice_is_not_kept(world: World) -> None:
    person = world.person(MARIA)
    chat = world.chat("5215500000944")
    await chat.send("hola")
    await chat.send(button="cmd:start:registration")
    await chat.send(person["nss"])
    await chat.send("no acepto")
    await chat.send(button="cmd:start:registration")
    assert chat.last[0].text.startswith("Antes de empezar: aviso de privacidad")
    await chat.send("si acepto")
    assert chat.text.startswith("Escribe tu Número de Seguridad Social"), chat.text


async def test_how_to_get_it_at_an_identifier_step_is_about_that_datum(world: World) -> None:
    """«¿cómo lo saco?» at «Escribe tu RFC…» was answered about taking out the savings
    («Tu ahorro de la Subcuenta de Vivienda…»): where to get the datum asked (or the one
    named); the savings asked by name stay the savings' answer."""
    chat = await _at_nss(world, "5215500000922")
    person = world.person(MARIA)
    await chat.send("donde lo consigo?")
    assert chat.last[0].text.startswith("El NSS"), chat.text
    await chat.send(person["nss"])
    await chat.send("y como la saco?")
    assert chat.last[0].text.startswith("La CURP"), chat.text
    await chat.send(person["curp"])
    await chat.send("como lo saco?")
    assert chat.last[0].text.startswith("El RFC con homoclave son 13 letras"), chat.text
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text
    await chat.send("como saco mi ahorro del infonavit?")
    assert chat.last[0].text.startswith("Tu ahorro de la Subcuenta de Vivienda"), chat.text


async def test_not_having_the_datum_is_where_to_get_it_never_a_goodbye(world: World) -> None:
    """«i dont have one» at the RFC was read as a goodbye (0.40 sure): the registration was
    parked and the worker sent to the menu, where the RFC typed next was «option not
    found». Not having the datum asked is where to get it; the step stays; a clear «bye»
    still leaves."""
    chat = await _at_nss(world, "5215500000923", lang="en")
    person = world.person(MARIA)
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("i dont have one")
    assert chat.last[0].text.startswith("The RFC with homoclave is 13 letters"), chat.text
    assert chat.last[-1].text.startswith("Type your RFC with homoclave"), chat.text
    await chat.send(person["rfc"])
    await chat.send("no la tengo")
    assert chat.last[0].text.startswith("Use an e-mail only you read"), chat.text
    await chat.send("bye")
    assert chat.last[0].text == "Goodbye! Write to me any time.", chat.text


async def test_a_curp_typed_at_the_menu_starts_the_sign_up_with_it(world: World) -> None:
    """A CURP alone at the menu was «No encontré esa opción»: it opens the registration,
    kept until the notice is accepted, and is not asked again."""
    chat = world.chat("5215500000924")
    person = world.person(MARIA)
    await chat.send("hola")
    await chat.send(person["curp"])
    assert chat.last[0].text.startswith("Antes de usar tus datos necesito que aceptes"), \
        chat.text
    await chat.press("Acepto")
    await chat.send(person["nss"])
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text


async def test_the_rfc_typed_at_the_menu_goes_on_with_the_sign_up_left_there(
        world: World) -> None:
    """A registration left for the menu at the RFC (NSS and CURP given), then the RFC
    typed at the menu: it started a new registration at the privacy notice, which lost the
    NSS and the CURP. It goes on where it was, with the RFC."""
    chat = world.chat("5215500000925")
    person = world.person(MARIA)
    await chat.send("quiero registrarme")
    await chat.press("Acepto")
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("menu")
    await chat.send(person["rfc"].lower())
    texts = [message.text for message in chat.last]
    assert texts[0] == "Seguimos donde te quedaste, con lo que ya me diste.", chat.text
    assert texts[-1].startswith("Escribe tu correo electrónico personal"), chat.text


async def test_agreeing_again_after_the_notice_is_no_question(world: World) -> None:
    """«sí acepto» at the NSS, after the notice was accepted, got the registration's
    troubles («Si no puedes crear tu cuenta: …»), «yes i accept» the same in English, and
    «de acuerdo» «No encontré tu NSS en tu mensaje»: they wait for the NSS, and it goes on."""
    for number, (lang, said, waiting) in enumerate((
            (None, "si acepto", "Va, aquí te espero."),
            (None, "de acuerdo", "Va, aquí te espero."),
            ("en", "yes i accept", "Sure, I'll wait here."),
            ("en", "i agree", "Sure, I'll wait here."))):
        chat = world.chat(f"52155000009{30 + number}", lang=lang)
        await chat.send("quiero registrarme" if lang is None else "i want to sign up")
        await chat.send("ok")
        await chat.send(said)
        assert chat.last[0].text == waiting, (said, chat.text)
        await chat.send(world.person(MARIA)["nss"])
        assert "CURP" in chat.last[-1].text, (said, chat.text)


async def test_whether_a_datum_is_required_and_having_no_mobile(world: World) -> None:
    """«¿es obligatorio el rfc?» got the generic registration help, «¿es obligatorio el
    correo?» «No encontré un correo en tu mensaje»; «no tengo celular» «No encontré un
    número de celular», again and again, with no way forward named."""
    chat = await _at_nss(world, "5215500000924")
    person = world.person(MARIA)
    await chat.send(person["nss"])
    await chat.send(person["curp"])
    await chat.send("es obligatorio el rfc?")
    assert chat.last[0].text.startswith("Sí, es obligatorio: el Infonavit pide tu RFC"), chat.text
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text
    await chat.send(person["rfc"])
    await chat.send("es obligatorio el correo?")
    assert chat.last[0].text.startswith("Sí, es obligatorio: a tu correo te llega"), chat.text
    await chat.send("maria.lopez@gmail.com")
    for said in ("no tengo celular", "y si no tengo cel?"):
        await chat.send(said)
        assert chat.last[0].text.startswith("Sin un celular tuyo que reciba SMS"), chat.text
        assert "Infonatel" in chat.last[0].text
        assert chat.last[-1].text.startswith("Escribe tu número de celular"), chat.text
