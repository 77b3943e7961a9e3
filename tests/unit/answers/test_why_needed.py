"""«¿Para qué lo ocupan?»: why a datum is asked, told apart from other questions."""

from __future__ import annotations

import pytest

from bot.nlu.answers import any_will_do, asks_my_data, asks_why_needed
from bot.nlu.free_text import without_data


@pytest.mark.parametrize("text", [
    "oye y eso para que lo ocupan", "y eso pa que", "por que me piden eso", "xq me piden eso",
    "para que quieren mi nss?", "Para qué necesitan mi RFC", "¿paque quieres mi curp?",
    "para que es eso", "por qué les tengo que dar mi celular", "y eso para qué?",
    "why do you need that", "what do you need my curp for?", "why are you asking for this",
    "what is it for", "why is this needed",
])
def test_why_a_datum_is_asked(text: str) -> None:
    assert asks_why_needed(text)


@pytest.mark.parametrize("text", [
    "para que sirve la precalificacion", "por que me piden cita", "porque no tengo rfc",
    "quiero saber para que me alcanza", "why is my balance so low", "que es la curp",
    "what do I need for the appointment", "03119283525",
])
def test_other_questions_are_not(text: str) -> None:
    assert not asks_why_needed(text)


@pytest.mark.parametrize("text", ["quiero borrar mi cuenta", "eliminen mi cuenta",
                                  "dar de baja mi cuenta", "una copia de mis datos",
                                  "delete my account", "what data do you have"])
def test_my_data_asked(text: str) -> None:
    assert asks_my_data(text)


@pytest.mark.parametrize("text", ["me dieron de baja del imss", "mi estado de cuenta",
                                  "no me deja entrar a mi cuenta", "crear mi cuenta"])
def test_not_my_data(text: str) -> None:
    assert not asks_my_data(text)


@pytest.mark.parametrize("text", ["la que sea", "cualquiera", "me da igual", "pues la que sea",
                                  "whichever", "any", "i don't mind", "el que sea porfa"])
def test_any_will_do(text: str) -> None:
    assert any_will_do(text)


@pytest.mark.parametrize("text", ["la primera", "cualquier cosa que me ayude", "el lunes",
                                  "any news?"])
def test_not_any_will_do(text: str) -> None:
    assert not any_will_do(text)


def test_coded_words_are_left_out_for_the_intent_model() -> None:
    assert without_data("hola quiero registrarme mi nss es 03119283525 y mi curp "
                        "LOHF920417MJCPRR04") == "hola quiero registrarme mi nss es y mi curp"
    assert without_data("rfc LOHF920417K25 porfa") == "rfc porfa"
