"""Telegram end to end: webhook (secret checked), inbox, engine, outbox, Bot API."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
from redis.asyncio import Redis

from domain.persistence.database import Database
from tests.fakes.telegram_server import TelegramServer
from tests.integration.pipeline.conftest import (
    WEBHOOK_SECRET,
    Service,
    _service,
    _settings,
    reserved_socket,
    until,
)

CHAT = 424242
MENU = ["Registro", "Iniciar sesión", "Olvidé mi contraseña", "Mis puntos",
        "Precalificación", "Estado de cuenta", "Mi crédito y pagos", "Citas", "Ayuda",
        "Hablar con un asesor"]


def texts(service: Service, chat: int = CHAT) -> list[str]:
    assert service.tg is not None
    return [m.text or "" for m in service.tg.messages_to(chat)]


async def test_a_conversation_over_telegram(telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    assert tg.webhook is not None and tg.webhook.secret_token == WEBHOOK_SECRET
    tg.updates.user(CHAT, "Ana", language_code="es")
    await tg.deliver(tg.updates.text(CHAT, "hola"))
    await until(lambda: tg.messages_to(CHAT), what="the welcome and the menu")
    menu = tg.messages_to(CHAT)[-1]
    assert len(tg.messages_to(CHAT)) == 1, "the welcome travels with the menu: one message"
    welcome, _, prompt = menu.text.rpartition("\n\n")
    assert prompt == "¿Qué quieres hacer? Elige una opción:"
    assert "Todos los trámites son gratuitos" in welcome
    assert menu.labels == MENU
    await tg.deliver(tg.updates.callback(CHAT, "cmd:language"))
    await until(lambda: "¿En qué idioma" in (texts(telegram)[-1]), what="language prompt")
    assert tg.callback_answers, "the button press was answered"
    await tg.deliver(tg.updates.callback(CHAT, "lang:en"))
    await until(lambda: any(t.startswith("Done, we will continue in English.\n\n")
                            for t in texts(telegram)))
    await until(lambda: tg.messages_to(CHAT)[-1].labels[:1] == ["Sign up"])
    await tg.deliver(tg.updates.photo(CHAT))
    await until(lambda: any("I can only read text" in t for t in texts(telegram)))


async def test_registration_on_telegram_shares_the_contact_and_deletes_the_password(
    telegram: Service,
) -> None:
    tg = telegram.tg
    assert tg is not None
    maria = {"nss": "03119283525", "curp": "LOHF920417MJCPRR04", "rfc": "LOHF920417K25"}
    tg.updates.user(CHAT, "María")
    await tg.deliver(tg.updates.text(CHAT, "registro"))
    await until(lambda: texts(telegram) and "¿Aceptas el aviso" in texts(telegram)[-1])
    await tg.deliver(tg.updates.callback(CHAT, "register:accept"))
    steps = ((maria["nss"], "Ahora escribe tu CURP"), (maria["curp"], "Escribe tu RFC"),
             (maria["rfc"], "Escribe tu correo"),
             ("maria.tg@example.com", "Escribe tu número de celular"))
    for answer, next_prompt in steps:
        await tg.deliver(tg.updates.text(CHAT, answer))
        await until(lambda p=next_prompt: texts(telegram)[-1].startswith(p), what=next_prompt)
    asking = tg.messages_to(CHAT)[-1]
    assert asking.keyboard_labels == ["Compartir mi número"]
    await tg.deliver(tg.updates.contact(CHAT, "+52 55 9876 5432", user_id="own"))
    await until(lambda: "Te enviamos un código de 6 dígitos por SMS" in texts(telegram)[-1])
    outbox = telegram.container.demo_outbox
    assert outbox is not None
    code = [e.text for e in outbox.messages() if e.channel == "sms"][-1]
    sms_code = next(word for word in code.split() if word.isdigit() and len(word) == 6)
    await tg.deliver(tg.updates.text(CHAT, sms_code))
    await until(lambda: "Te enviamos otro código" in texts(telegram)[-1])
    mail = [e.text for e in outbox.messages() if e.channel == "email"][-1]
    email_code = next(w for w in mail.split() if w.isdigit() and len(w) == 6)
    await tg.deliver(tg.updates.text(CHAT, email_code))
    await until(lambda: "borraré tu mensaje" in texts(telegram)[-1])
    password = tg.updates.text(CHAT, "Girasol#Nube42")
    password_id = password["message"]["message_id"]
    await tg.deliver(password)
    await until(lambda: any(t.startswith("Tu contraseña quedó guardada.")
                            for t in texts(telegram)))
    assert password_id in tg.deleted(CHAT), "the message with the password is gone"
    assert all("Girasol#Nube42" not in text for text in texts(telegram))


async def test_forged_missing_and_wrong_secrets_change_nothing(telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    update = tg.updates.text(CHAT, "hola")
    url = telegram.url + "/webhooks/telegram"
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                        {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET + "x"}):
            async with session.post(url, json=update, headers=headers) as response:
                assert response.status == 403
        async with session.post(url, data="hola", headers={
                "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
                "Content-Type": "text/plain"}) as response:
            assert response.status == 403
        async with session.post(url, data=b"{not json", headers={
                "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
                "Content-Type": "application/json"}) as response:
            assert response.status == 400
    await asyncio.sleep(0.5)
    assert tg.messages_to(CHAT) == []
    assert 'micuenta_webhook_requests_total{channel="telegram",outcome="forbidden"} 4.0' in \
        telegram.metrics


async def test_each_update_three_times_concurrently_gets_one_answer(telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    update = tg.updates.text(CHAT, "ayuda")
    await tg.deliver_concurrently(update, copies=3)
    await tg.redeliver(update["update_id"])
    await until(lambda: any("Esto es lo que puedo hacer" in t for t in texts(telegram)))
    await asyncio.sleep(0.7)
    help_messages = [t for t in texts(telegram) if "Esto es lo que puedo hacer" in t]
    assert len(help_messages) == 1


async def test_429_storms_and_5xx_bursts_lose_nothing_and_keep_order(telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    tg.inject_rate_limit(retry_after=1, count=3, chat_id=CHAT)
    tg.inject_server_error(count=3)
    for word in ("hola", "ayuda", "asesor", "cancelar"):
        await tg.deliver(tg.updates.text(CHAT, word))
    expected = ["¿Qué quieres hacer? Elige una opción:",  # hola
                "Esto es lo que puedo hacer por ti:",
                "Te comunico con un asesor.",  # asesor: in the queue, no menu
                "Dejaste la espera: ningún asesor te va a escribir."]  # cancelar: the menu again
    # the menu after «hola» and after «cancelar» («ayuda» answers with its own buttons)
    await until(lambda: sum(t.endswith(expected[0]) for t in texts(telegram)) >= 2,
                timeout=20, what="every reply")
    seen = texts(telegram)
    positions = [next(i for i, t in enumerate(seen) if e in t) for e in expected]
    assert positions == sorted(positions), seen
    assert "micuenta_send_retries_total" in telegram.metrics


async def test_a_user_who_blocked_the_bot_is_not_retried(telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    tg.block(CHAT)
    await tg.deliver(tg.updates.text(CHAT, "hola"))
    await until(lambda: 'micuenta_replies_parked_total{channel="telegram"' in telegram.metrics)
    attempts = len(tg.calls_to("sendMessage"))
    await asyncio.sleep(0.5)
    assert len(tg.calls_to("sendMessage")) == attempts, "no retries after 403"


async def test_long_polling_when_no_webhook_url_is_set(
    tmp_path: Path, backends: Any, database_url: str, redis: Redis, database: Database,
) -> None:
    sock = reserved_socket()
    port = sock.getsockname()[1]
    async with TelegramServer() as tg:
        settings = _settings(tmp_path, backends, database_url, port, TELEGRAM_TOKEN=tg.token,
                             TELEGRAM_API_URL=tg.base_url)
        async for service in _service(settings, redis, database, sock):
            assert tg.webhook is None
            tg.enqueue(tg.updates.text(CHAT, "ayuda"))
            tg.enqueue(tg.updates.text(CHAT, "asesor"))
            await until(lambda: any("Te comunico con un asesor" in (m.text or "")
                                    for m in tg.messages_to(CHAT)), timeout=15,
                        what="replies to polled updates")
            seen = [m.text or "" for m in tg.messages_to(CHAT)]
            assert seen[0].startswith("¡Hola! Soy un asistente")
            assert any("Esto es lo que puedo hacer por ti:" in text for text in seen)
            assert int(await redis.get("telegram:offset")) > 0, "the offset moved on"
            assert service.channels.poller is not None
