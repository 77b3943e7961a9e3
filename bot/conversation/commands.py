"""Global commands: understood at any step, in Spanish and English, as words or /slash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.nlu.text import fold


class Command(StrEnum):
    MENU = "menu"
    CANCEL = "cancel"
    HELP = "help"
    LANGUAGE = "language"
    AGENT = "agent"
    LOGOUT = "logout"
    PRIVACY = "privacy"
    START = "start"
    """Open a capability's flow (argument: the capability's name); buttons only."""
    FAQ = "faq"
    """A common problem's answer (argument: the topic), or the list of them."""


_WORDS: dict[Command, tuple[str, ...]] = {
    Command.MENU: ("menu", "inicio", "start", "home", "menu principal", "main menu"),
    Command.CANCEL: ("cancelar", "cancel", "cancela", "stop"),
    Command.HELP: ("ayuda", "help"),
    Command.LANGUAGE: ("idioma", "language", "lenguaje", "lang"),
    Command.AGENT: ("asesor", "agent", "hablar con un asesor", "talk to an agent", "humano",
                    "human", "agente"),
    Command.LOGOUT: ("cerrar sesion", "logout", "log out", "salir de mi cuenta", "cerrar mi sesion",
                     "cierra mi sesion", "cierra sesion", "cierra la sesion", "cerrar la sesion",
                     "cierrame la sesion", "cierrame sesion", "salir de la cuenta",
                     "salir de mi sesion", "sign out", "sign me out", "log me out", "log off",
                     "close my session", "end my session"),
    Command.PRIVACY: ("mis datos", "mis datos personales", "privacidad", "arco", "my data",
                      "privacy", "borrar mi cuenta", "delete my account"),
    Command.FAQ: ("problemas comunes", "preguntas frecuentes", "faq", "common problems"),
}

def words_of(command: Command) -> tuple[str, ...]:
    """The words that say ``command`` (folded), for finding it inside a longer message."""
    return tuple(fold(word) for word in _WORDS.get(command, ()))


YIELDING = frozenset({Command.PRIVACY, Command.FAQ})
"""The commands whose words give way to an offered option that says them («Con mis
datos» for «mis datos»): they show something; the others are ways out, never taken over."""

_LANGUAGE_ARGUMENTS = {
    "es": "es_MX", "espanol": "es_MX", "spanish": "es_MX", "es_mx": "es_MX",
    "en": "en", "english": "en", "ingles": "en",
}

_COURTESY = re.compile(r"^((ya|ok|oye|porfa|por favor|please|pls) )+|( (porfa|por favor|please|"
                       r"pls|plis|ya|gracias|thanks|now))+$")
"""Courtesy around a command's words, taken off before it is looked up again."""

BUTTON_PREFIX = "cmd:"


@dataclass(frozen=True)
class CommandCall:
    command: Command
    argument: str | None = None


def _lookup() -> dict[str, Command]:
    table: dict[str, Command] = {}
    for command, words in _WORDS.items():
        for word in words:
            table[fold(word)] = command
            table["/" + fold(word).replace(" ", "")] = command
    return table


class CommandParser:
    """Recognises a whole message (or a ``cmd:`` button id) as a global command."""

    def __init__(self) -> None:
        self._table = _lookup()

    def parse(self, text: str | None, button: str | None) -> CommandCall | None:
        if button and button.startswith(BUTTON_PREFIX):
            name, _, argument = button[len(BUTTON_PREFIX):].partition(":")
            try:
                return CommandCall(Command(name), argument or None)
            except ValueError:
                return None
        if not text:
            return None
        slash = text.lstrip().startswith("/")
        if slash:  # "/menu@MiCuentaBot", "/start grupo": the bot's name goes, before folding
            head, _, rest = text.strip().partition(" ")
            text = f"{head.split('@', 1)[0]} {rest}"
        folded = fold(text)
        if folded in self._table:
            return CommandCall(self._table[folded])
        polite = _COURTESY.sub("", folded).strip()  # «cierra sesion porfa», «ya cancela»
        if not slash and polite != folded and polite in self._table:
            return CommandCall(self._table[polite])
        head, _, rest = folded.partition(" ")
        command = self._table.get(head)
        if command is Command.LANGUAGE and rest in _LANGUAGE_ARGUMENTS:
            return CommandCall(Command.LANGUAGE, _LANGUAGE_ARGUMENTS[rest])
        if slash and command is not None:  # a slash command's argument (a deep link's
            return CommandCall(command)  # payload) changes nothing
        return None


def button(command: Command, argument: str | None = None) -> str:
    return BUTTON_PREFIX + command.value + (f":{argument}" if argument else "")
