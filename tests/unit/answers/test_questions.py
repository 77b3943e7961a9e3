"""Which typed words ask something: a question is answered or told it was not understood;
a statement at an option step is not a question («gano como 15 mil» is an amount)."""

from __future__ import annotations

import pytest

from bot.nlu.text import questioning


@pytest.mark.parametrize("text", [
    "y eso q significa", "que significa eso", "what does that mean", "como le hago",
    "y como le hago para pagar", "no se como entrar", "cuando abren", "y hasta cuando vale",
    "gracias, ¿hasta cuándo puedo ir?", "cuanto me prestan", "explicame eso porfa",
])
def test_questions(text: str) -> None:
    assert questioning(text)


@pytest.mark.parametrize("text", [
    "gano como 15 mil al mes", "tengo como 40", "ok gracias", "voy cuando pueda",
    "algo como eso", "hombre", "tengo 45",
])
def test_statements(text: str) -> None:
    assert not questioning(text)
