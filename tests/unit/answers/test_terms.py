"""Years said as the credit's term, told apart from the worker's age: «y a 15 años?» at the
simulator's salary step was read as a salary of 15, and at the age step as an age."""

from __future__ import annotations

import pytest

from bot.nlu.answers import says_term


@pytest.mark.parametrize("text", [
    "y a 15 años?", "a quince años", "con plazo de 20", "mejor en 20 años", "pagarlo en 10",
    "y si lo pago en 25 años", "20 años de plazo", "what about over 20 years?",
    "a 15 year loan", "for 10 years", "the term 20",
])
def test_a_term(text: str) -> None:
    assert says_term(text)


@pytest.mark.parametrize("text", [
    "tengo 35", "35 años", "y si tuviera 40?", "i'm 40 years", "gano 15 mil", "20",
    "tengo 35 años y quiero a 20 años",  # an age in the words: the age step's to read
])
def test_not_a_term(text: str) -> None:
    assert not says_term(text)
