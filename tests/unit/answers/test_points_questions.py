"""Questions about the points shown: what is missing, and how to get more."""

from __future__ import annotations

import pytest

from bot.nlu.answers import asks_missing, asks_more_points


@pytest.mark.parametrize("text", ["cuantos me faltan?", "q me falta", "cuántos puntos me faltan",
                                  "que requisitos me faltan", "what am i missing?",
                                  "how many more points do i need"])
def test_asks_what_is_missing(text: str) -> None:
    assert asks_missing(text)


@pytest.mark.parametrize("text", ["y como le hago para tener mas", "como subo mis puntos",
                                  "como puedo juntar mas puntos", "how do i get more points?"])
def test_asks_how_to_get_more(text: str) -> None:
    assert asks_more_points(text)


@pytest.mark.parametrize("text", ["cuantos puntos tengo", "ya no me falta nada", "quiero mas info"])
def test_neither(text: str) -> None:
    assert not asks_missing(text) and not asks_more_points(text)
