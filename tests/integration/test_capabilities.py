"""One declaration per capability: the menu, the flows and the intents are built from one
table, and a table where they disagree is refused (at build, before anything opens)."""

from __future__ import annotations

import dataclasses

import pytest

from bot.app.bootstrap import build
from bot.app.settings import Settings
from bot.conversation.capabilities import (
    DEFAULT_CAPABILITIES,
    Capabilities,
    Capability,
    RegistryMismatch,
)
from bot.flows.base import FlowRegistry
from bot.nlu.free_text import ANSWERED
from bot.nlu.model import IntentClassifier


def _without(name: str) -> list[Capability]:
    return [c for c in DEFAULT_CAPABILITIES if c.name != name]


def test_the_default_table_agrees_with_the_model_and_the_flows(
        intents: IntentClassifier) -> None:
    table = Capabilities()
    table.check(intents.intents, ANSWERED, table.flows())
    assert table.for_intent("appointment").name == "appointments"  # type: ignore[union-attr]
    assert table.for_intent("savings").name == "statement"  # type: ignore[union-attr]


def test_an_intent_with_no_capability_is_refused(intents: IntentClassifier) -> None:
    table = Capabilities(_without("appointments"))
    with pytest.raises(RegistryMismatch, match="intent 'appointment' leads nowhere"):
        table.check(intents.intents, ANSWERED, table.flows())


def test_a_capability_naming_an_unknown_intent_is_refused(intents: IntentClassifier) -> None:
    points = next(c for c in DEFAULT_CAPABILITIES if c.name == "points")
    table = Capabilities(_without("points") + [dataclasses.replace(
        points, intents=("points", "puntitos"))])
    with pytest.raises(RegistryMismatch, match="intent 'puntitos' is not in the model"):
        table.check(intents.intents, ANSWERED, table.flows())


def test_a_flow_that_is_not_registered_is_refused(intents: IntentClassifier) -> None:
    table = Capabilities()
    registered = FlowRegistry([f for f in table.flows().flows() if f.name != "credit"])
    with pytest.raises(RegistryMismatch, match="flow CreditFlow is not registered"):
        table.check(intents.intents, ANSWERED, registered)


def test_a_menu_item_that_does_nothing_is_refused(intents: IntentClassifier) -> None:
    table = Capabilities([*DEFAULT_CAPABILITIES, Capability("news", label="menu.help")])
    with pytest.raises(RegistryMismatch, match="'news' has no flow nor command"):
        table.check(intents.intents, ANSWERED, table.flows())


async def test_build_refuses_a_table_that_disagrees(settings: Settings,
                                                    intents: IntentClassifier) -> None:
    with pytest.raises(RegistryMismatch):
        await build(settings, intents=intents, capabilities=_without("credit"))
