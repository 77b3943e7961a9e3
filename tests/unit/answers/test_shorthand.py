"""Chat shorthand is read as the words it stands for, by every reader (they all fold)."""

from __future__ import annotations

import pytest

from bot.nlu.answers import asks_password_rules, asks_why, identifier_named, read_yes_no, waits
from bot.nlu.text import asks, fold, questioning


def test_shorthand_is_written_out() -> None:
    assert fold("Q debe tener la contraseña? xq no me deja, kiero entrar") == (
        "que debe tener la contrasena porque no me deja quiero entrar")


@pytest.mark.parametrize("text", ["15k", "qr", "kilo", "nss", "pque"])
def test_inside_a_word_nothing_changes(text: str) -> None:
    assert fold(text) == text


def test_k_alone_is_an_ok() -> None:
    assert fold("k") == fold("kk") == "ok"
    assert fold("k onda") == "que onda"


def test_readers_know_the_shorthand() -> None:
    assert asks_password_rules("q debe tener la contraseña?")
    assert asks_why("y eso k significa")
    assert asks("q es el nss?")


@pytest.mark.parametrize(("text", "named"), [
    ("espera, como saco el rfc?", "rfc"), ("q es la curp", "curp"), ("donde veo mi nss?", "nss"),
    ("no tengo correo", "email"), ("y el cel?", "mobile"), ("que es eso?", None),
    ("la curp o el rfc?", None),
])
def test_the_identifier_named(text: str, named: str | None) -> None:
    assert identifier_named(text) == named


@pytest.mark.parametrize("text", ["ok ya lo tengo", "déjame buscarlo", "espérame tantito",
                                  "hold on", "un momento", "ahorita lo busco", "va"])
def test_waiting_words(text: str) -> None:
    assert waits(text)


@pytest.mark.parametrize("text", ["ya no quiero", "ok cancela", "espera, como saco el rfc?",
                                  "03119283525", "no tengo"])
def test_not_waiting_words(text: str) -> None:
    assert not waits(text)


@pytest.mark.parametrize(("text", "asked"), [
    ("que son los gastos de titulacion", True), ("q es eso", True),
    ("que pasa si no pago", True), ("que bueno", False), ("que me den mi dinero", False),
])
def test_a_question_without_its_mark(text: str, asked: bool) -> None:
    assert questioning(text) is asked


@pytest.mark.parametrize(("text", "said"), [("bueno si acepto", True), ("pues no", False),
                                            ("bueno pues si", True), ("bueno", None)])
def test_a_yes_or_no_after_a_filler(text: str, said: bool | None) -> None:
    assert read_yes_no(text) is said


@pytest.mark.parametrize("text", ["what are the rules for the password?",
                                  "reglas para la nueva contraseña", "new password requirements?",
                                  "requirements for my new password"])
def test_the_password_rules_asked_in_other_words(text: str) -> None:
    """«what are the rules for the password?» at the reset's code step was «That is not a
    code»: the rules are what it asks."""
    assert asks_password_rules(text)
