"""The commands Telegram shows in its "/" menu, registered with ``setMyCommands`` at start:
Spanish for Spanish clients and as the default, English for English clients. Each name is a
slash form the command parser already understands (a test checks it)."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot.conversation.commands import Command
from bot.i18n.catalogs import Catalogs

log = logging.getLogger(__name__)

SLASH_NAMES: dict[str, tuple[tuple[Command, str], ...]] = {
    "es_MX": ((Command.MENU, "menu"), (Command.HELP, "ayuda"), (Command.CANCEL, "cancelar"),
              (Command.LANGUAGE, "idioma"), (Command.AGENT, "asesor"),
              (Command.PRIVACY, "misdatos")),
    "en": ((Command.MENU, "menu"), (Command.HELP, "help"), (Command.CANCEL, "cancel"),
           (Command.LANGUAGE, "language"), (Command.AGENT, "agent"),
           (Command.PRIVACY, "mydata")),
}
LANGUAGE_CODES: tuple[tuple[str | None, str], ...] = ((None, "es_MX"), ("es", "es_MX"),
                                                      ("en", "en"))
"""(Telegram's ``language_code``, our locale); ``None``: every other client."""


def bot_commands(catalogs: Catalogs, locale: str) -> list[BotCommand]:
    translate = catalogs.translator(locale, ZoneInfo("UTC"))
    return [BotCommand(name, translate(f"telegram.command.{command.value}"))
            for command, name in SLASH_NAMES[locale]]


async def register_commands(bot: Bot, catalogs: Catalogs) -> None:
    """Best effort: a client without the menu still takes typed commands."""
    for language_code, locale in LANGUAGE_CODES:
        try:
            await bot.set_my_commands(bot_commands(catalogs, locale),
                                      language_code=language_code)
        except TelegramError as error:
            log.warning("setMyCommands (%s) failed: %s", language_code or "default",
                        type(error).__name__)
