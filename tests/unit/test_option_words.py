"""An offered option named by its words inside a sentence (``bot/nlu/options.py``)."""

from __future__ import annotations

import pytest

from bot.nlu.options import option_by_words

POINTS = [["how", "¿Cómo se calcula?"], ["assumptions", "Supuestos"],
          ["contributions", "Ver mis aportaciones"], ["precalify", "Precalificarme"],
          ["menu", "Menú principal"]]
PAY = [["monthly", "Pago mensual"], ["payoff", "Liquidar mi crédito"],
       ["other", "Otra cantidad"]]
CREDIT = [["pay", "Hacer un pago"], ["check", "Revisar una referencia"],
          ["menu", "Menú principal"]]
SENT = [["email", "Enviar a mi correo"], ["another", "Otro periodo"], ["menu", "Menú principal"]]
CONSENT = [["yes", "Acepto"], ["no", "No acepto"]]
SEX = [["f", "Mujer"], ["m", "Hombre"]]
SCHEMES = [["in_force", "El que me aplica hoy"], ["T1000", "Esquema de 1,080 puntos"],
           ["T100", "Esquema de 100 puntos"], ["REQ", "Esquema por requisitos"]]
YEARS = [["y2026", "Estado de cuenta 2026"], ["y2025", "Estado de cuenta 2025"]]


@pytest.mark.parametrize(("text", "offered", "chosen"), [
    ("quiero ver mis aportaciones", POINTS, "contributions"),
    ("oye y mis aportasiones?", POINTS, "contributions"),
    ("quiero pagar", CREDIT, "pay"),
    ("la mensualidad porfa", PAY, "monthly"),
    ("quiero liquidar", PAY, "payoff"),
    ("otra cantida", PAY, "other"),
    ("mandamelo al correo", SENT, "email"),
    ("send it to my correo", SENT, "email"),
    ("regresame al menu", CREDIT, "menu"),
    ("soy hombre", SEX, "m"),
    ("no acepto nada", CONSENT, "no"),
    ("i need to restructure my credit", [["restructuring", "Credit restructuring"],
                                         ["agreement", "Payment agreement"]], "restructuring"),
])
def test_an_option_named_in_a_sentence(text: str, offered: list[list[str]],
                                       chosen: str) -> None:
    assert option_by_words(text, offered) == chosen


@pytest.mark.parametrize(("text", "offered", "chosen"), [
    ("el de 1080", SCHEMES, "T1000"),  # «1,080» in the label, «1080» typed
    ("el de 1,080", SCHEMES, "T1000"),
    ("el de los 100 puntos", SCHEMES, "T100"),
    ("el de 2025", YEARS, "y2025"),
])
def test_an_option_named_by_the_number_only_its_label_holds(
        text: str, offered: list[list[str]], chosen: str) -> None:
    """«el de 1080» was «Elige una de las opciones»; «el de los 100 puntos» opened the
    points again in the scheme in force."""
    assert option_by_words(text, offered) == chosen


@pytest.mark.parametrize(("text", "offered"), [
    ("si acepto", CONSENT),  # both labels say «acepto»: the step reads the yes
    ("no me lo mandes al correo", SENT),  # a negation the label does not carry
    ("y eso que significa", POINTS),  # names no option
    ("pago 1500", PAY),  # digits in no label are data, never an option's name
    ("123456", SCHEMES),  # a code typed where the labels hold other numbers
    ("el de 1", SCHEMES),  # a number part of one label's only by its digits
    ("y", CREDIT),
    ("", PAY),
])
def test_no_option_is_guessed(text: str, offered: list[list[str]]) -> None:
    assert option_by_words(text, offered) is None


def test_a_question_names_only_an_option_that_is_a_question() -> None:
    confirm = [["confirm", "Confirmar la cita"], ["other", "Otro horario"],
               ["cancel", "No agendar"]]
    assert option_by_words("cuanto cuesta la cita?", confirm) is None
    assert option_by_words("¿Dónde queda lo del horario?", confirm) is None
    assert option_by_words("como se calcula eso", POINTS) == "how"


def test_a_committing_option_needs_its_verb() -> None:
    confirm = [["confirm", "Confirmar la cita"], ["other", "Otro horario"],
               ["cancel", "No agendar"]]
    assert option_by_words("y la cita", confirm, committing=frozenset({"confirm"})) is None
    assert option_by_words("si confirmala", confirm, committing=frozenset({"confirm"})) \
        == "confirm"
    assert option_by_words("y la cita", confirm) == "confirm"  # not committing: its noun


def test_a_question_opened_by_y_si_names_no_plain_option() -> None:
    """«y si pago con tarjeta?» at «¿Qué quieres pagar?» made a «Pago mensual» slip."""
    offered = [["monthly", "Pago mensual"], ["payoff", "Liquidar mi crédito"]]
    assert option_by_words("y si pago con tarjeta?", offered) is None
    assert option_by_words("puedo pagar en oxxo?", offered) is None
    assert option_by_words("pago mensual", offered) == "monthly"


@pytest.mark.parametrize("text", ["mandalo a mi mail", "a mi gmail porfa", "send it to my email"])
def test_mail_and_email_name_the_correo(text: str) -> None:
    """«mándalo a mi mail» under a statement was «Elige una de las opciones»."""
    assert option_by_words(text, SENT) == "email"
