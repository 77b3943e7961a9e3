"""The partner named by a pronoun, and the verdict asked for, told apart from the rest."""

from __future__ import annotations

import pytest

from bot.nlu.answers import (
    age_said_apart,
    asks_missing,
    drops_partner,
    names_partner,
    remembers_password,
)


@pytest.mark.parametrize("text", ["el gana 11 mil", "y ella gana 9 mil", "she makes 12000",
                                  "he earns 15k", "mi esposa gana 10 mil"])
def test_the_partner_named(text: str) -> None:
    assert names_partner(text)


@pytest.mark.parametrize("text", ["yo gano 11 mil", "gana 11 mil", "el salario es 11 mil",
                                  "i make 12000"])
def test_the_worker_is_not_the_partner(text: str) -> None:
    assert not names_partner(text)


@pytest.mark.parametrize("text", ["no mejor sin el", "sin ella", "without him",
                                  "quitale el coacreditado"])
def test_the_partner_left_out(text: str) -> None:
    assert drops_partner(text)


@pytest.mark.parametrize("text", ["y eso es bueno o malo?", "ya alcanzo?", "me alcanza?",
                                  "is that good?", "am i eligible?", "cuantos me faltan",
                                  "whats a good score?", "cuantos puntos necesito?"])
def test_the_verdict_asked(text: str) -> None:
    assert asks_missing(text)


@pytest.mark.parametrize("text", ["how long will that take", "how much longer?",
                                  "cuanto tiempo me falta", "en cuanto tiempo los junto?",
                                  "y para cuando los tengo?", "how long until i get there"])
def test_how_long_it_takes_asked(text: str) -> None:
    """«how long will that take» after what is missing was «I can't answer that question
    here»: when it could be met is part of what is missing."""
    assert asks_missing(text)


@pytest.mark.parametrize("text", ["bueno", "esta bien", "ok esta bien gracias", "malo",
                                  "cuanto tarda en reflejarse mi aportacion",
                                  "how long is the credit"])
def test_an_acknowledgement_is_not_a_question(text: str) -> None:
    assert not asks_missing(text)


@pytest.mark.parametrize("text", ["mejor intento otra vez", "ya me acordé", "ya me acorde",
                                  "i remember it now", "let me try again", "ya la recordé"])
def test_the_password_remembered(text: str) -> None:
    assert remembers_password(text)


@pytest.mark.parametrize("text", ["no me acuerdo", "no la recuerdo", "123456", "reenviar"])
def test_not_remembered(text: str) -> None:
    assert not remembers_password(text)


@pytest.mark.parametrize(("text", "age"), [
    ("cuanto me prestan gano 12 mil y tengo 30 años", 30), ("i make 15k and im 40", 40),
    ("gano 15000 al mes, 40 años de edad", 40), ("y a 20 años?", None), ("15000", None)])
def test_an_age_said_apart(text: str, age: int | None) -> None:
    assert age_said_apart(text)[0] == age
