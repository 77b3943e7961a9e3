"""The fake Telegram Bot API server, driven by the real python-telegram-bot 22."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import pytest
from aiohttp import ClientSession
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ApplicationBuilder

from tests.fakes.telegram_server import SECRET_HEADER, TelegramServer
from tests.fakes.webhook_receiver import WebhookReceiver

CHAT = 5550001


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns (an error under our filterwarnings) when RetryAfter exposes an int.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def tg() -> AsyncIterator[TelegramServer]:
    async with TelegramServer() as server:
        yield server


@pytest.fixture
async def bot(tg: TelegramServer) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url) as client:
        yield client


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    async with WebhookReceiver("/webhooks/telegram") as server:
        yield server


async def expect_bad_request(
    tg: TelegramServer, call: Coroutine[Any, Any, object], description: str
) -> None:
    """PTB strips and re-capitalizes descriptions: check the exact wire body instead."""
    with pytest.raises(BadRequest):
        await call
    assert tg.calls[-1].response == {"ok": False, "error_code": 400, "description": description}


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


async def test_application_initialize_calls_get_me(tg: TelegramServer) -> None:
    app = (ApplicationBuilder().token(tg.token).base_url(tg.base_url)
           .base_file_url(f"{tg.url}/file/bot").updater(None).build())
    await app.initialize()
    try:
        assert app.bot.username == "micuenta_test_bot"
        assert app.bot.id == 123456789
    finally:
        await app.shutdown()
    assert [c.method for c in tg.calls] == ["getMe"]


async def test_send_message_with_inline_keyboard(tg: TelegramServer, bot: Bot) -> None:
    first = await bot.send_message(CHAT, "<b>Menú</b> principal", parse_mode="HTML",
                                   reply_markup=keyboard(("Saldo", "menu:balance"),
                                                         ("Citas", "menu:appt")))
    second = await bot.send_message(CHAT, "Otra")
    other = await bot.send_message(CHAT + 1, "Hola")
    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.text == "Menú principal"
    assert first.from_user is not None and first.from_user.is_bot
    assert first.reply_markup == keyboard(("Saldo", "menu:balance"), ("Citas", "menu:appt"))
    seen = tg.messages_to(CHAT)
    assert [m.text for m in seen] == ["Menú principal", "Otra"]
    assert seen[0].labels == ["Saldo", "Citas"]
    assert seen[0].callback_data == ["menu:balance", "menu:appt"]
    call = tg.calls_to("sendmessage")[0]
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.params["chat_id"] == CHAT
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "menu:balance"


async def test_reply_keyboard_is_recorded_but_not_echoed(tg: TelegramServer, bot: Bot) -> None:
    markup = ReplyKeyboardMarkup([[KeyboardButton("Compartir mi número", request_contact=True)]])
    sent = await bot.send_message(CHAT, "Comparte tu número", reply_markup=markup)
    assert sent.reply_markup is None
    (seen,) = tg.messages_to(CHAT)
    assert seen.keyboard_labels == ["Compartir mi número"]
    assert seen.keyboard[0][0]["request_contact"] is True


async def test_document_upload(tg: TelegramServer, bot: Bot) -> None:
    await bot.send_chat_action(CHAT, "upload_document")
    sent = await bot.send_document(CHAT, document=b"%PDF-1.7 estado", filename="estado.pdf",
                                   caption="Tu estado de cuenta")
    assert sent.document is not None and sent.document.file_name == "estado.pdf"
    assert sent.caption == "Tu estado de cuenta"
    (upload,) = tg.uploads
    assert (upload.field, upload.filename, upload.data) == ("document", "estado.pdf",
                                                            b"%PDF-1.7 estado")
    assert tg.calls_to("sendDocument")[0].content_type == "multipart/form-data"
    (seen,) = tg.messages_to(CHAT)
    assert (seen.kind, seen.filename, seen.text) == ("document", "estado.pdf",
                                                     "Tu estado de cuenta")
    assert [(a.chat_id, a.action) for a in tg.chat_actions] == [(CHAT, "upload_document")]
    await expect_bad_request(
        tg, bot.send_document(CHAT, document=b"x", filename="a.pdf", caption="c" * 1025),
        "Bad Request: message caption is too long")


async def test_delete_message(tg: TelegramServer, bot: Bot) -> None:
    password = tg.updates.text(CHAT, "MiClave#2024")["message"]
    tg.enqueue(tg.updates.text(CHAT, "old one", date=int(time.time()) - 49 * 3600))
    assert await bot.delete_message(CHAT, password["message_id"])
    assert tg.deleted(CHAT) == [password["message_id"]]
    gone = "Bad Request: message to delete not found"
    await expect_bad_request(tg, bot.delete_message(CHAT, password["message_id"]), gone)
    await expect_bad_request(tg, bot.delete_message(CHAT, 2), gone)  # older than 48 h
    await expect_bad_request(tg, bot.delete_message(CHAT, 999), gone)


async def test_rate_limit_injection(tg: TelegramServer, bot: Bot) -> None:
    tg.inject_rate_limit(retry_after=7, count=2, chat_id=CHAT)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(CHAT, "hola")
        assert caught.value.retry_after == dtm.timedelta(seconds=7)
    await bot.send_message(CHAT + 1, "another chat is not limited")
    await bot.send_message(CHAT, "third call passes")
    limited = tg.calls_to("sendMessage")[0]
    assert limited.status == 429
    assert limited.response == {"ok": False, "error_code": 429,
                                "description": "Too Many Requests: retry after 7",
                                "parameters": {"retry_after": 7}}
    tg.inject_rate_limit(retry_after=3, method="sendChatAction")
    await bot.send_message(CHAT, "other methods pass")
    with pytest.raises(RetryAfter):
        await bot.send_chat_action(CHAT, "typing")


async def test_automatic_flood_control(tg: TelegramServer, bot: Bot) -> None:
    tg.set_flood_control(per_chat_rate=1.0, per_chat_burst=2)
    await bot.send_message(CHAT, "1")
    await bot.send_message(CHAT, "2")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CHAT, "3")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_message(CHAT + 1, "other chat fine")
    tg.set_flood_control(False)
    await bot.send_message(CHAT, "switched off")


async def test_blocked_user_is_forbidden(tg: TelegramServer, bot: Bot) -> None:
    tg.block(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hola")
    assert tg.calls[-1].response == {"ok": False, "error_code": 403,
                                     "description": "Forbidden: bot was blocked by the user"}
    tg.unblock(CHAT)
    await bot.send_message(CHAT, "hola")


async def test_text_limits(tg: TelegramServer, bot: Bot) -> None:
    await bot.send_message(CHAT, "a" * 4096)
    await bot.send_message(CHAT, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(CHAT, "\\." * 4096, parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match="^Message is too long$"):
        await bot.send_message(CHAT, "a" * 4097)
    assert tg.calls[-1].response == {"ok": False, "error_code": 400,
                                     "description": "Bad Request: message is too long"}
    await expect_bad_request(tg, bot.send_message(CHAT, "<b> </b>", parse_mode="HTML"),
                             "Bad Request: message text is empty")
    await expect_bad_request(tg, bot.send_message(CHAT, "a<br>b", parse_mode="HTML"),
                             "Bad Request: can't parse entities: Unsupported start tag \"br\" "
                             "at byte offset 1")
    await expect_bad_request(tg, bot.send_message(CHAT, "Listo.", parse_mode="MarkdownV2"),
                             "Bad Request: can't parse entities: Character '.' is reserved and "
                             "must be escaped with the preceding '\\'")
    await expect_bad_request(tg, bot.send_message(CHAT, "*hola", parse_mode="MarkdownV2"),
                             "Bad Request: can't parse entities: Can't find end of Bold entity "
                             "at byte offset 0")


async def test_callback_data_is_limited_in_bytes(tg: TelegramServer, bot: Bot) -> None:
    await bot.send_message(CHAT, "ok", reply_markup=keyboard(("x", "d" * 64)))
    await expect_bad_request(  # 33 characters, 66 bytes
        tg, bot.send_message(CHAT, "too long", reply_markup=keyboard(("x", "ñ" * 33))),
        "Bad Request: BUTTON_DATA_INVALID")


async def test_edit_and_callback_answer(tg: TelegramServer, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "¿Confirmas?", reply_markup=keyboard(("Sí", "yes")))
    press = tg.updates.callback(CHAT, "yes")
    query = press["callback_query"]
    assert query["message"]["message_id"] == sent.message_id
    assert Update.de_json(press, bot).callback_query.data == "yes"  # type: ignore[union-attr]
    await expect_bad_request(tg, bot.answer_callback_query(query["id"], text="x" * 201),
                             "Bad Request: MESSAGE_TOO_LONG")
    assert await bot.answer_callback_query(query["id"], text="Listo")
    await expect_bad_request(tg, bot.answer_callback_query(query["id"]),
                             "Bad Request: query is too old and response timeout expired or "
                             "query ID is invalid")
    assert [(a.callback_query_id, a.text) for a in tg.callback_answers] == [(query["id"],
                                                                             "Listo")]
    with pytest.raises(BadRequest, match="^Message is not modified"):
        await bot.edit_message_text("¿Confirmas?", CHAT, sent.message_id,
                                    reply_markup=keyboard(("Sí", "yes")))
    edited = await bot.edit_message_text("Confirmado", CHAT, sent.message_id)
    assert isinstance(edited, type(sent)) and edited.reply_markup is None
    (seen,) = tg.messages_to(CHAT)
    assert (seen.text, seen.buttons, seen.edited) == ("Confirmado", [], True)
    await expect_bad_request(tg, bot.edit_message_text("x", CHAT, 99),
                             "Bad Request: message to edit not found")


async def test_wrong_token_and_unknown_method(tg: TelegramServer) -> None:
    async with ClientSession() as http:
        async with http.post(tg.method_url("noSuchMethod")) as response:
            assert response.status == 404
            assert await response.json() == {"ok": False, "error_code": 404,
                                              "description": "Not Found"}
        async with http.post(f"{tg.url}/bot1:wrong/getMe") as response:
            assert response.status == 401
            assert await response.json() == {"ok": False, "error_code": 401,
                                              "description": "Unauthorized"}
        async with http.post(tg.method_url("SENDMESSAGE"),
                             json={"chat_id": CHAT, "text": "json body",
                                   "reply_markup": {"inline_keyboard": [[{
                                       "text": "a", "callback_data": "b"}]]}}) as response:
            body = await response.json()
    assert body["ok"] is True and body["result"]["reply_markup"]["inline_keyboard"][0][0] == {
        "text": "a", "callback_data": "b"}
    assert tg.calls[-1].method == "sendMessage"


async def test_invalid_token_raises_in_ptb(tg: TelegramServer) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=tg.base_url):
            pass


async def test_server_errors_and_delays(tg: TelegramServer, bot: Bot) -> None:
    tg.inject_server_error(count=2, status=502)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(CHAT, "hola")
    await bot.send_message(CHAT, "hola")
    assert [c.status for c in tg.calls_to("sendMessage")] == [502, 502, 200]
    tg.inject_delay(0.2, method="sendMessage")
    started = time.monotonic()
    await bot.send_message(CHAT, "slow")
    assert time.monotonic() - started >= 0.2


async def test_webhook_delivery_with_secret(
    tg: TelegramServer, bot: Bot, receiver: WebhookReceiver
) -> None:
    assert await bot.set_webhook(receiver.webhook_url, secret_token="s3cr3t_Token-1")
    assert tg.calls[-1].response == {"ok": True, "result": True, "description": "Webhook was set"}
    update = tg.updates.text(CHAT, "hola")
    delivery = await tg.deliver(update)
    assert delivery.statuses == [200]
    (got,) = receiver.received
    assert got.headers[SECRET_HEADER] == "s3cr3t_Token-1"
    assert got.headers["Content-Type"] == "application/json"
    parsed = Update.de_json(receiver.bodies()[0], bot)
    assert parsed.update_id == update["update_id"]
    assert parsed.message is not None and parsed.message.text == "hola"
    await tg.deliver(update, secret_token="forged")
    await tg.deliver(update, use_secret=False)
    assert SECRET_HEADER not in receiver.received[-1].headers
    assert receiver.received[-2].headers[SECRET_HEADER] == "forged"
    await expect_bad_request(tg, bot.set_webhook(receiver.webhook_url, secret_token="a b"),
                             "Bad Request: secret token contains unallowed characters")
    await expect_bad_request(tg, bot.set_webhook(receiver.webhook_url, secret_token="a" * 257),
                             "Bad Request: secret token is too long")


async def test_webhook_retries_and_duplicates(
    tg: TelegramServer, bot: Bot, receiver: WebhookReceiver
) -> None:
    await bot.set_webhook(receiver.webhook_url, secret_token="s")
    receiver.answer(500, 502)
    first = tg.updates.text(CHAT, "uno")
    assert (await tg.deliver(first)).statuses == [500, 502, 200]
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 0 and info.last_error_message is None
    receiver.default_status = 500
    second = tg.updates.text(CHAT, "dos")
    failed = await tg.deliver(second)
    assert failed.statuses == [500] * 5 and not failed.ok
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Wrong response from the webhook: 500"
    receiver.default_status = 200
    assert (await tg.redeliver(first["update_id"])).ok
    copies = await tg.deliver_concurrently(second, copies=3)
    assert all(d.ok for d in copies)
    ids = [b["update_id"] for b in receiver.bodies()]
    assert ids.count(first["update_id"]) == 4 and ids.count(second["update_id"]) == 8
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_polling_offsets_and_long_poll(tg: TelegramServer, bot: Bot) -> None:
    one = tg.updates.text(CHAT, "uno")
    two = tg.updates.text(CHAT, "dos")
    assert (await tg.deliver(one)).queued
    tg.enqueue(two)
    got = await bot.get_updates(timeout=0)
    assert [u.update_id for u in got] == [one["update_id"], two["update_id"]]
    got = await bot.get_updates(offset=one["update_id"] + 1, timeout=0)
    assert [u.update_id for u in got] == [two["update_id"]]
    three = tg.updates.text(CHAT, "tres")

    async def later() -> None:
        await asyncio.sleep(0.1)
        await tg.deliver(three)

    started = time.monotonic()
    waiting = asyncio.gather(bot.get_updates(offset=two["update_id"] + 1, timeout=5), later())
    got, _ = await waiting
    assert [u.update_id for u in got] == [three["update_id"]]
    assert time.monotonic() - started < 2
    started = time.monotonic()
    assert await bot.get_updates(offset=three["update_id"] + 1, timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_polling_and_webhook_conflicts(
    tg: TelegramServer, bot: Bot, receiver: WebhookReceiver
) -> None:
    poll = asyncio.ensure_future(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert await bot.set_webhook(receiver.webhook_url)
    with pytest.raises(Conflict, match="terminated by setWebhook request"):
        await poll
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert tg.calls[-1].response is not None
    assert tg.calls[-1].response["description"] == "Webhook was deleted"
    first = asyncio.ensure_future(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    async with ClientSession() as other_instance:  # PTB itself serializes getUpdates calls
        async with other_instance.post(tg.method_url("getUpdates"), data={"timeout": "0"}) as r:
            assert await r.json() == {"ok": True, "result": []}
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_allowed_updates_filter_webhook_delivery(
    tg: TelegramServer, bot: Bot, receiver: WebhookReceiver
) -> None:
    await bot.set_webhook(receiver.webhook_url, allowed_updates=["message", "callback_query"])
    message = tg.updates.text(CHAT, "hola")
    edited = tg.updates.edited(CHAT, message["message"]["message_id"], "hola!")
    assert (await tg.deliver(message)).ok
    assert (await tg.deliver(edited)).filtered
    assert len(receiver.received) == 1


async def test_update_builders_parse_in_ptb(tg: TelegramServer, bot: Bot) -> None:
    tg.updates.user(CHAT, "Ana", last_name="López", username="ana_l")
    await bot.send_message(CHAT, "menu", reply_markup=keyboard(("a", "a")))
    builders = [
        tg.updates.text(CHAT, "/start"),
        tg.updates.contact(CHAT, "+5215512345678"),
        tg.updates.contact(CHAT, "+5215599999999", user_id=CHAT + 9, forwarded_from=CHAT + 9),
        tg.updates.contact(CHAT, "+5215500000000", user_id=None),
        tg.updates.photo(CHAT, caption="foto"),
        tg.updates.sticker(CHAT),
        tg.updates.voice(CHAT),
        tg.updates.location(CHAT),
        tg.updates.callback(CHAT, "a"),
    ]
    builders.append(tg.updates.edited(CHAT, builders[0]["message"]["message_id"], "/help"))
    ids = [u["update_id"] for u in builders]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    parsed = [Update.de_json(u, bot) for u in builders]
    start, own, other, bare = (p.message for p in parsed[:4])
    assert start is not None and start.text == "/start" and start.chat.id == CHAT
    assert start.from_user is not None and start.from_user.last_name == "López"
    assert own is not None and own.contact is not None and own.contact.user_id == CHAT
    assert own.forward_origin is None
    assert other is not None and other.contact is not None and other.contact.user_id == CHAT + 9
    assert other.forward_origin is not None
    assert bare is not None and bare.contact is not None and bare.contact.user_id is None
    assert parsed[4].message is not None and parsed[4].message.photo
    assert parsed[5].message is not None and parsed[5].message.sticker is not None
    assert parsed[6].message is not None and parsed[6].message.voice is not None
    assert parsed[7].message is not None and parsed[7].message.location is not None
    assert parsed[8].callback_query is not None and parsed[8].callback_query.message is not None
    assert parsed[9].edited_message is not None and parsed[9].edited_message.text == "/help"
    user_ids = [u["message"]["message_id"] for u in builders[:8]]
    assert user_ids == sorted(user_ids) and user_ids[0] == 2  # the bot's message was 1


async def test_close_ends_a_pending_long_poll() -> None:
    server = await TelegramServer().start()
    async with ClientSession() as http:
        poll = asyncio.ensure_future(http.post(server.method_url("getUpdates"),
                                               data={"timeout": "30"}))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await server.close()
        async with await poll as response:
            assert await response.json() == {"ok": True, "result": []}
        assert time.monotonic() - started < 2


async def test_use_webhook_without_ptb(tg: TelegramServer, receiver: WebhookReceiver) -> None:
    tg.use_webhook(receiver.webhook_url, "s")
    delivery = await tg.deliver(tg.updates.text(CHAT, "hola"))
    assert delivery.ok and receiver.received[0].headers[SECRET_HEADER] == "s"
