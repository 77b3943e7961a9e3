"""Every call the Telegram renderer makes is accepted by the local Bot API server (which
enforces the real limits), executed with python-telegram-bot 22 as the sender would."""

from __future__ import annotations

import json
import warnings
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from aiohttp import ClientSession
from telegram import Bot, InputFile
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.render import TelegramCall, render_telegram, typing_action
from bot.conversation.messages import Button, OutDocument, Reply
from tests.fakes.telegram_server import TelegramServer

CHAT = 5550001


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB warns on a 429 without it


@pytest.fixture
async def tg() -> AsyncIterator[TelegramServer]:
    async with TelegramServer() as server:
        yield server


@pytest.fixture
async def bot(tg: TelegramServer) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url) as client:
        yield client


async def execute(bot: Bot, calls: Sequence[TelegramCall]) -> list[Any]:
    """A minimal sender: each call through ``Bot.do_api_request`` with its params as they
    are; a document travels as the multipart field ``document``. PTB warns when a method it
    has a shortcut for goes through ``do_api_request``: that warning only is silenced."""
    results = []
    for call in calls:
        kwargs = dict(call.params)
        if call.document is not None:
            kwargs["document"] = InputFile(call.document.content,
                                           filename=call.document.filename)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Please use 'Bot.",
                                    category=PTBUserWarning)
            results.append(await bot.do_api_request(call.method, api_kwargs=kwargs))
    return results


def long_text() -> str:
    paragraph = ("Tu ahorro para el retiro crece cada bimestre con las aportaciones de tu "
                 "patrón. ") * 12
    return "\n\n".join(f"{i}. {paragraph}" for i in range(12))  # about 12,000 characters


async def test_long_text_and_12_options_with_long_multibyte_ids_are_accepted(
    tg: TelegramServer, bot: Bot
) -> None:
    buttons = tuple(Button(f"menú:opción-{i}:" + "ñ" * (20 + i), f"Opción {i}")
                    for i in range(12))
    reply = Reply(long_text(), buttons)
    rendering = render_telegram(reply, CHAT)
    await execute(bot, rendering.calls)
    assert all(call.ok for call in tg.calls)
    seen = tg.messages_to(CHAT)
    assert len(seen) == len(rendering.calls) >= 3
    assert " ".join(m.text or "" for m in seen).split() == reply.text.split()
    assert [m.labels for m in seen[:-1]] == [[]] * (len(seen) - 1)
    assert seen[-1].labels == [f"Opción {i}" for i in range(12)]
    resolved = [rendering.callback_aliases.get(d, d) for d in seen[-1].callback_data]
    assert resolved == [b.id for b in buttons]
    assert all(len(d.encode()) <= 64 for d in seen[-1].callback_data)


async def test_the_password_message_vanishes_before_the_reply(tg: TelegramServer,
                                                             bot: Bot) -> None:
    update = tg.updates.text(CHAT, "MiClave#2024")
    message_id = update["message"]["message_id"]
    reply = Reply("Listo, entraste.", delete_user_message=True)
    await execute(bot, render_telegram(reply, CHAT, reply_to_message_id=message_id).calls)
    assert tg.deleted(CHAT) == [message_id]
    assert [c.method for c in tg.calls if c.method != "getMe"] == [
        "deleteMessage", "sendMessage"]
    assert tg.texts_to(CHAT) == ["Listo, entraste."]


async def test_contact_keyboard_with_options_then_its_removal(tg: TelegramServer,
                                                             bot: Bot) -> None:
    ask = Reply("Comparte tu número o escríbelo.", (Button("flow:cancel", "Cancelar"),),
                request_contact="Compartir mi número", list_label="Ver opciones")
    asked = render_telegram(ask, CHAT)
    await execute(bot, asked.calls)
    text, contact = tg.messages_to(CHAT)
    assert text.labels == ["Cancelar"] and text.keyboard_labels == []
    assert contact.keyboard_labels == ["Compartir mi número"] and contact.buttons == []
    assert asked.reply_keyboard_shown is True

    follow = Reply("Te enviamos un código por SMS.", (Button("code:resend", "Reenviar"),),
                   list_label="Ver opciones")
    await execute(bot, render_telegram(follow, CHAT, remove_reply_keyboard=True).calls)
    removal, options = tg.messages_to(CHAT)[2:]
    assert removal.text == "Te enviamos un código por SMS." and removal.remove_keyboard
    assert options.text == "Ver opciones" and options.labels == ["Reenviar"]


async def test_a_document_with_a_long_caption_is_accepted(tg: TelegramServer, bot: Bot) -> None:
    caption = "Estado de cuenta del crédito. " * 40  # 1,200 characters
    pdf = OutDocument("estado.pdf", "application/pdf", b"%PDF-1.7 estado", caption)
    reply = Reply("Aquí está tu estado de cuenta.", (Button("menu:home", "Menú"),),
                  document=pdf)
    await execute(bot, render_telegram(reply, CHAT).calls)
    text, document, rest = tg.messages_to(CHAT)
    assert text.text == "Aquí está tu estado de cuenta."
    assert document.kind == "document" and document.filename == "estado.pdf"
    assert document.document is not None and document.document.data == b"%PDF-1.7 estado"
    assert document.text is not None and len(document.text) <= 1024
    assert (document.text + " " + (rest.text or "")).split() == caption.split()
    assert rest.labels == ["Menú"]


async def test_typing_is_accepted(tg: TelegramServer, bot: Bot) -> None:
    await execute(bot, [typing_action(CHAT)])
    assert [(a.chat_id, a.action) for a in tg.chat_actions] == [(CHAT, "typing")]


async def test_params_are_plain_json_for_the_bot_api(tg: TelegramServer) -> None:
    """Posted as JSON bodies straight to the Bot API: no PTB types inside the params."""
    buttons = tuple(Button("x" * 80 + str(i), t) for i, t in enumerate(("Sí", "No")))
    reply = Reply("¿Seguimos? " * 500, buttons, request_contact="Compartir mi número")
    rendering = render_telegram(reply, CHAT)
    async with ClientSession() as http:
        for call in rendering.calls:
            body = json.dumps(call.params, ensure_ascii=False)
            async with http.post(tg.method_url(call.method), data=body.encode(),
                                 headers={"Content-Type": "application/json"}) as response:
                assert response.status == 200, await response.text()
    first, last = tg.messages_to(CHAT)  # the contact keyboard rides on the free first part
    assert first.keyboard_labels == ["Compartir mi número"] and first.buttons == []
    assert last.labels == ["Sí", "No"]
    aliases = rendering.callback_aliases
    assert [aliases[d] for d in last.callback_data] == [b.id for b in buttons]
