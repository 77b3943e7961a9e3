"""Telegram as it really is: groups, placeholder senders, commands with the bot's name, the
command menu, and updates that are not messages to answer (edits, reactions)."""

from __future__ import annotations

import asyncio

from bot.channels.telegram.commands import SLASH_NAMES
from bot.conversation.commands import CommandParser
from tests.integration.pipeline.conftest import Service, until

CHAT = 434343
GROUP = -1001234567890
MARIA = {"nss": "03119283525", "curp": "LOHF920417MJCPRR04", "rfc": "LOHF920417K25"}


def texts(service: Service, chat: int = CHAT) -> list[str]:
    assert service.tg is not None
    return [m.text or "" for m in service.tg.messages_to(chat)]


async def nothing_keyed_by(service: Service, user_id: int) -> bool:
    store = service.container.engine.store
    conversation = f"telegram:{user_id}"
    redis = service.container.redis
    return not await redis.exists(store.state_key(conversation), store.outbox_key(conversation))


async def test_a_group_keeps_nothing_and_is_pointed_to_the_private_chat_once_a_day(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    tg.updates.user(CHAT, "Ana")
    await tg.deliver(tg.groups.text(GROUP, CHAT, "1"))
    password = tg.groups.text(GROUP, CHAT, "Girasol#Nube42")
    await tg.deliver(password)
    await tg.deliver(tg.groups.text(GROUP, CHAT, "/menu@" + tg.bot_user["username"]))
    await until(lambda: tg.messages_to(GROUP), what="the pointer in the group")
    await asyncio.sleep(0.7)
    [pointer] = texts(telegram, GROUP)
    assert f"https://t.me/{tg.bot_user['username']}?start=" in pointer
    assert "chat privado" in pointer
    assert tg.messages_to(CHAT) == [], "nothing in the sender's private chat"
    assert tg.deleted(GROUP) == [], "nothing deleted in a group"
    assert await nothing_keyed_by(telegram, CHAT)
    assert await nothing_keyed_by(telegram, GROUP)


async def test_placeholder_senders_and_channel_posts_are_not_answered(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    await tg.deliver(tg.groups.anonymous_admin(GROUP, "registro"))
    await tg.deliver(tg.groups.from_service_account(GROUP, "hola"))
    await tg.deliver(tg.groups.channel_post(-1001000000077, "hola"))
    await asyncio.sleep(0.7)
    assert tg.messages_to(GROUP) == [] and tg.messages_to(1087968824) == []
    assert tg.messages_to(777000) == [] and tg.messages_to(-1001000000077) == []
    for placeholder in (1087968824, 777000):
        assert await nothing_keyed_by(telegram, placeholder)


async def test_commands_with_the_bots_name_and_a_start_payload_are_understood(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    tg.updates.user(CHAT, "Ana")
    await tg.deliver(tg.updates.text(CHAT, "/start grupo"))
    await until(lambda: texts(telegram), what="the welcome")
    await tg.deliver(tg.updates.text(CHAT, "/ayuda@" + tg.bot_user["username"]))
    await until(lambda: any("Esto es lo que puedo hacer" in t for t in texts(telegram)),
                what="the help")
    await tg.deliver(tg.updates.text(CHAT, "/menu@" + tg.bot_user["username"]))
    await until(lambda: len(texts(telegram)) == 3, what="the menu")
    assert texts(telegram)[-1].endswith("¿Qué quieres hacer? Elige una opción:")


async def test_the_command_menu_is_registered_in_spanish_and_english(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    registered = tg.api.commands_by

    def names(language: str) -> list[str]:
        return [c["command"] for c in registered[("default", language)]]

    assert names("") == names("es") == ["menu", "ayuda", "cancelar", "idioma", "asesor",
                                        "misdatos"]
    assert names("en") == ["menu", "help", "cancel", "language", "agent", "mydata"]
    assert registered[("default", "en")][0]["description"] == "Main menu"
    assert registered[("default", "es")][3]["description"] == "Cambiar el idioma"


async def test_a_group_message_a_reaction_and_an_edit_change_nothing_of_a_registration(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    tg.updates.user(CHAT, "María")
    await tg.deliver(tg.updates.text(CHAT, "registro"))
    await until(lambda: texts(telegram) and "¿Aceptas el aviso" in texts(telegram)[-1])
    await tg.deliver(tg.updates.callback(CHAT, "register:accept"))
    await until(lambda: texts(telegram)[-1].startswith("Escribe tu Número de Seguridad"))
    nss = tg.updates.text(CHAT, MARIA["nss"])
    await tg.deliver(nss)
    await until(lambda: texts(telegram)[-1].startswith("Ahora escribe tu CURP"))
    seen = len(texts(telegram))

    await tg.deliver(tg.groups.text(GROUP, CHAT, "cancelar"))
    await tg.deliver(tg.groups.reaction(CHAT, nss["message"]["message_id"], "\N{OK HAND SIGN}"))
    await tg.deliver(tg.groups.reaction(CHAT, nss["message"]["message_id"], None))
    await tg.deliver(tg.updates.edited(CHAT, nss["message"]["message_id"], "03119283526"))
    await until(lambda: tg.messages_to(GROUP), what="the group's pointer")
    await asyncio.sleep(0.7)
    assert len(texts(telegram)) == seen, "no re-prompt, no 'solo puedo leer texto'"

    await tg.deliver(tg.updates.text(CHAT, MARIA["curp"]))
    await until(lambda: texts(telegram)[-1].startswith("Escribe tu RFC"), what="the RFC step")
    assert len(texts(telegram)) == seen + 1


def test_every_registered_command_is_one_the_parser_understands() -> None:
    parser = CommandParser()
    for locale, names in SLASH_NAMES.items():
        for command, name in names:
            for typed in (f"/{name}", f"/{name}@MiCuentaBot", f"/{name}@MiCuentaBot algo"):
                call = parser.parse(typed, None)
                assert call is not None and call.command is command, (locale, typed)
