"""Free text read as an intent: the menu's items in words people use, typos forgiven, no
guess when a message is about nothing or about two things at once; ``micuenta intents``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.intents import IntentClassifier
from tests.support.chat import ChatUser

ROOT = Path(__file__).resolve().parent.parent
CLASSIFIER = IntentClassifier.load()


@pytest.mark.parametrize(("text", "intent"), [
    ("quiero ver mis puntos", "points"),
    ("¿Cuántos puntos tengo?", "points"),
    ("puntso", "points"),
    ("Olvidé mi contraseña", "password_reset"),
    ("¿cuánto me prestan?", "precalification"),
    ("quiero precalificar", "precalification"),
    ("mi estado de cuenta", "statement"),
    ("cuanto tengo ahorrado", "statement"),
    ("quiero pagar mi crédito", "credit"),
    ("necesito una ficha de pago", "credit"),
    ("quiero agendar una cita", "appointments"),
    ("crear mi cuenta", "register"),
    ("iniciar sesión", "login"),
    ("how much can I borrow?", "precalification"),
    ("I forgot my password", "password_reset"),
    ("book an appointment", "appointments"),
    ("my points please", "points"),
])
def test_what_people_type_finds_the_item(text: str, intent: str) -> None:
    guess = CLASSIFIER.classify(text)
    assert (guess.intent, guess.score >= 0.5) == (intent, True), guess


@pytest.mark.parametrize("text", ["hola", "buenas tardes", "el clima de hoy",
                                  "puntos y crédito", "gracias",
                                  "mi cuenta"])  # not "subcuenta" by a fuzzy match
def test_no_guess_for_nothing_or_two_things(text: str) -> None:
    assert CLASSIFIER.classify(text).intent is None


def test_the_command_prints_one_json_line_per_utterance() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "intents"], input="¿Cuánto me prestan?\n\nhola\n",
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [
        {"text": "¿Cuánto me prestan?", "intent": "precalification", "score": 1.0},
        {"text": "hola", "intent": None, "score": 0.0},
    ]


async def test_the_menu_understands_a_sentence(chat: ChatUser) -> None:
    await chat.send("hola")
    await chat.send("¿cuánto me prestan?")
    assert chat.last[0].text.startswith("Precalificación:"), chat.text


async def test_a_first_message_asking_for_points_goes_to_the_login(chat: ChatUser) -> None:
    await chat.send("hola, quiero saber cuántos puntos tengo")
    assert "Para ver esto necesitas iniciar sesión." in chat.text
