"""Transcripts of the menu, the global commands, unknown input and the language switch."""

from __future__ import annotations

import pytest

from tests.support.chat import ChatUser

MENU_ES = ["Registro", "Iniciar sesión", "Olvidé mi contraseña", "Mis puntos",
           "Precalificación", "Estado de cuenta", "Mi crédito y pagos", "Citas", "Ayuda",
           "Hablar con un asesor"]
MENU_EN = ["Sign up", "Log in", "Forgot my password", "My points", "Prequalification",
           "Account statement", "My credit & payments", "Appointments", "Help",
           "Talk to an advisor"]


async def test_first_message_greets_names_operator_warns_free_and_shows_menu(
    chat: ChatUser,
) -> None:
    await chat.send("hola")
    assert "operado por Mi Cuenta (demostración)" in chat.text
    assert "Todos los trámites son gratuitos" in chat.text
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"
    assert chat.options == MENU_ES


async def test_english_hint_greets_in_english(chat: ChatUser) -> None:
    chat.language_hint = "en-US"
    await chat.send("hi")
    assert "Every procedure is free" in chat.text
    assert chat.options == MENU_EN


async def test_first_message_naming_an_item_goes_straight_to_it(chat: ChatUser) -> None:
    await chat.send("citas")
    assert "operado por" in chat.text
    assert "¿Para qué trámite es la cita?" in chat.text, "Citas (its list needs no login)"


@pytest.mark.parametrize("answer", ["8", "Citas", "citas", "CITAS"])
async def test_menu_accepts_number_or_words(chat: ChatUser, answer: str) -> None:
    await chat.send("hola")
    await chat.send(answer)
    assert chat.last[0].text.startswith("¿Para qué trámite es la cita?"), "Citas"


async def test_menu_accepts_a_word_of_an_item(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("puntos")
    assert chat.last[0].text == "Para ver esto necesitas iniciar sesión.", "Mis puntos"


async def test_a_menu_item_without_a_flow_says_so_politely(chat: ChatUser) -> None:
    """Every item has its flow today; one taken out (a deployment without it) is refused
    politely and the menu stays."""
    del chat.engine.conversation.flows._flows["appointments"]
    await chat.send("hola")
    await chat.press("Citas")
    assert "todavía no está disponible por chat" in chat.text
    assert chat.options == MENU_ES


async def test_help_item_and_command_show_help_and_stay(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.press("Ayuda")
    assert "Esto es lo que puedo hacer por ti:" in chat.text
    assert "«cancelar»: dejar lo que estás haciendo" in chat.text
    assert "800 008 3900" in chat.text
    for word in ("ayuda", "/ayuda", "help", "/help", "Ayuda!"):
        await chat.send(word)
        assert "Esto es lo que puedo hacer por ti:" in chat.text, word
        assert chat.options == ["Problemas comunes", "Hablar con un asesor", "Menú principal"]
    await chat.send("idioma")  # inside a flow, help is followed by the same step
    await chat.send("ayuda")
    assert "Esto es lo que puedo hacer por ti:" in chat.last[0].text
    assert [button.title for button in chat.last[-1].buttons] == ["Español", "English"]


@pytest.mark.parametrize("word", ["asesor", "/asesor", "agent", "/agent", "Hablar con un asesor"])
async def test_agent_puts_the_chat_in_the_queue_and_gives_the_phone_line(
        chat: ChatUser, word: str) -> None:
    await chat.send("hola")
    await chat.send(word)
    assert chat.last[0].text.startswith("Te comunico con un asesor.")
    assert "llama gratis a Infonatel al 800 008 3900." in chat.last[0].text
    assert chat.options == ["Problemas comunes", "Cancelar la espera"], \
        "no menu while waiting, only help and a way out (tests/integration/console: the rest)"


@pytest.mark.parametrize("word", ["menu", "menú", "/menu", "inicio", "/inicio", "/start"])
async def test_menu_words_show_the_menu(chat: ChatUser, word: str) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    await chat.send(word)
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"
    assert chat.options == MENU_ES


@pytest.mark.parametrize("word", ["cancelar", "/cancelar", "cancel", "/cancel"])
async def test_cancel_inside_a_flow_returns_to_menu(chat: ChatUser, word: str) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    assert chat.options == ["Español", "English"]
    await chat.send(word)
    assert chat.last[0].text == "Listo, cancelé lo que estábamos haciendo."
    assert chat.options == MENU_ES


async def test_cancel_at_the_menu_says_there_is_nothing(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("cancelar")
    assert chat.last[0].text == "No hay nada que cancelar."


@pytest.mark.parametrize("word", ["idioma", "/idioma", "language", "/language"])
async def test_language_switch_to_english_and_back(chat: ChatUser, word: str) -> None:
    await chat.send("hola")
    await chat.send(word)
    assert chat.last[-1].text == "¿En qué idioma quieres seguir? / Which language do you prefer?"
    await chat.press("English")
    assert chat.last[0].text == "Done, we will continue in English."
    assert chat.options == MENU_EN
    await chat.send("language")
    await chat.send("1")
    assert chat.last[0].text == "Listo, seguimos en español."
    assert chat.options == MENU_ES


async def test_language_with_argument_switches_at_once(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("/language en")
    assert chat.last[0].text == "Done, we will continue in English."
    await chat.send("idioma español")
    assert chat.last[0].text == "Listo, seguimos en español."


async def test_language_choice_requires_an_option(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    await chat.send("francés")
    assert chat.last[0].text == "Elige una de las opciones: escribe su número o toca el botón."
    assert chat.options == ["Español", "English"]


async def test_language_survives_the_end_of_the_conversation(chat: ChatUser, redis) -> None:
    await chat.send("hola")
    await chat.send("/language en")
    await redis.delete(chat.state_key)
    await chat.send("hi")
    assert chat.last[0].text == "Hello again!"
    assert chat.options == MENU_EN


async def test_unknown_input_reasks_with_a_hint(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("zx")
    assert chat.last[0].text.startswith("No encontré esa opción.")
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"


async def test_three_misses_in_a_row_offer_menu_and_advisor(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    await chat.send("x")
    await chat.send("y")
    assert "Parece que algo no está saliendo bien" not in chat.text
    await chat.send("z")
    assert "Parece que algo no está saliendo bien" in chat.text
    assert chat.options == ["Español", "English", "Menú principal", "Hablar con un asesor"]
    await chat.press("Menú principal")
    assert chat.options == MENU_ES


async def test_three_misses_at_the_menu_offer_the_advisor_once(chat: ChatUser) -> None:
    """At the menu, three misses added a second «Hablar con un asesor» below the menu's
    own (two buttons, 10 and 11, doing the same)."""
    await chat.send("hola")
    for typed in ("x", "15", "0"):  # («?» alone is the help now)
        await chat.send(typed)
    assert "Parece que algo no está saliendo bien" in chat.text
    assert chat.options == MENU_ES, chat.options
    assert chat.options.count("Hablar con un asesor") == 1


async def test_a_valid_answer_resets_the_miss_count(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("x")
    await chat.send("y")
    await chat.send("ayuda")
    await chat.send("z")
    assert "Parece que algo no está saliendo bien" not in chat.text


async def test_forged_or_stale_button_is_refused(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send(button="lang:fr")
    assert chat.last[0].text == (
        "Esa opción ya no está disponible. Elige una de las opciones de abajo.")
    assert chat.options == MENU_ES


async def test_photos_and_stickers_get_a_polite_text_only_reply(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send(unsupported="photo")
    assert chat.last[0].text == (
        "Por ahora solo puedo leer mensajes de texto. Escríbeme tu respuesta, por favor.")
    assert chat.options == MENU_ES


@pytest.mark.parametrize("junk", ["", " ", "\u202e\u202d", "🙂" * 50, "x" * 10_000,
                                  "'; DROP TABLE workers; --", "{{7*7}}", "\x00\x07"])
async def test_junk_input_never_crashes(chat: ChatUser, junk: str) -> None:
    await chat.send("hola")
    await chat.send(junk)
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"
    assert "algo falló" not in chat.text
