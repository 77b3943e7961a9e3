"""Guided conversations, one module each; ``default_flows`` lists what the service offers."""

from __future__ import annotations

from bot.flows.base import Flow
from bot.flows.language import LanguageFlow
from bot.flows.menu import MenuFlow


def default_flows() -> list[Flow]:
    return [MenuFlow(), LanguageFlow()]
