"""Dead letters: an inbox entry that keeps failing, or can never be handled, is set aside
with its reason instead of coming back every few seconds for ever; an operator lists it,
puts it back or deletes it (``micuenta inbox dead``)."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from bot.app.deadletter_cli import inbox_dead
from bot.app.settings import Settings
from bot.pipeline.deadletters import DEAD, DeadLetters, Unprocessable
from bot.pipeline.inbox import Envelope
from bot.pipeline.workers import InboxWorkers, WorkerTimings
from domain.persistence.database import Database
from tests.fakes.telegram_server import TelegramServer
from tests.integration.pipeline.conftest import (
    APP_SECRET,
    Service,
    _service,
    _settings,
    reserved_socket,
    until,
)
from tests.integration.pipeline.test_inbox_workers import envelope, inbox_of, running

FAST = WorkerTimings(lease_ms=600, tick_s=0.1, block_ms=0, poll_s=0.01,
                     retry_failed_after_ms=100, max_attempts=3)


class Failing:
    """A handler that fails on envelope ``n == bad`` and records the others."""

    def __init__(self, bad: int, error: Exception) -> None:
        self.bad, self.error = bad, error
        self.calls: list[int] = []

    async def __call__(self, env: Envelope) -> None:
        self.calls.append(env.payload["n"])
        if env.payload["n"] == self.bad:
            raise self.error


async def test_an_entry_failing_n_times_moves_to_the_dead_letters_once(
        redis: Redis, caplog: pytest.LogCaptureFixture) -> None:
    inbox = inbox_of(redis)
    buried: list[tuple[str, str]] = []
    inbox.on_dead = lambda channel, error: buried.append((channel, error))
    handler = Failing(1, KeyError("hola 1"))
    await inbox.append(envelope(1))
    await inbox.append(envelope(2))
    async with running(InboxWorkers(redis, inbox, handler, "w", FAST)):
        await until(lambda: buried, timeout=10, what="the entry set aside")
        await asyncio.sleep(0.5)
    assert handler.calls.count(1) == 3, "three deliveries, then no more"
    assert 2 in handler.calls, "the next message of the user went on"
    assert buried == [("whatsapp", "KeyError")]
    assert await inbox.pending() == 0
    [letter] = await DeadLetters(redis).list()
    assert (letter.channel, letter.attempts) == ("whatsapp", 3)
    assert letter.reason.startswith("KeyError")
    moved = [r for r in caplog.records if "dead letters" in r.getMessage()]
    assert len(moved) == 1, "logged once"
    assert "hola" not in caplog.text, "no user text in the logs"


async def test_an_unprocessable_entry_is_set_aside_at_once(redis: Redis) -> None:
    inbox = inbox_of(redis)
    handler = Failing(5, Unprocessable("cannot parse"))
    await inbox.append(envelope(5))
    async with running(InboxWorkers(redis, inbox, handler, "w", FAST)):
        await until(lambda: handler.calls, what="the delivery")
        await asyncio.sleep(0.5)
    assert handler.calls == [5]
    assert await redis.xlen(DEAD) == 1


async def test_the_operator_lists_replays_and_drops_dead_letters(
        redis: Redis, backends: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    if "memory" in backends.redis_url:
        pytest.skip("the command connects to the Redis server")
    inbox = inbox_of(redis)
    handler = Failing(1, Unprocessable("cannot parse"))
    await inbox.append(envelope(1))
    await inbox.append(envelope(3, user="5215500000003"))
    async with running(InboxWorkers(redis, inbox, handler, "w", FAST)):
        await until(lambda: 3 in handler.calls, what="the good one")
        await asyncio.sleep(0.3)
    settings = Settings.from_env({"MICUENTA_REDIS_URL": backends.redis_url,
                                  "MICUENTA_REDIS_CLUSTER": str(backends.cluster).lower(),
                                  "MICUENTA_DATA_DIR": str(tmp_path)})
    assert await inbox_dead(settings, None, None) == 0
    [line] = capsys.readouterr().out.splitlines()
    listed = json.loads(line)
    assert listed["channel"] == "whatsapp" and listed["reason"].startswith("Unprocessable")
    assert "hola" not in line and "5215500000001" not in line

    assert await inbox_dead(settings, listed["id"], None) == 0
    assert await redis.xlen(DEAD) == 0
    handler.bad = -1  # fixed: the replayed entry now goes through
    async with running(InboxWorkers(redis, inbox, handler, "w2", FAST)):
        await until(lambda: handler.calls.count(1) == 2, what="the replayed entry handled")

    await inbox.append(envelope(9))
    handler.bad = 9
    async with running(InboxWorkers(redis, inbox, handler, "w3", FAST)):
        await until(lambda: 9 in handler.calls)
        await asyncio.sleep(0.3)
    [letter] = await DeadLetters(redis).list()
    assert await inbox_dead(settings, None, letter.id) == 0
    assert await redis.xlen(DEAD) == 0
    assert await inbox_dead(settings, None, letter.id) == 1, "already gone"


async def test_a_signed_whatsapp_body_with_wrong_types_ends_in_the_dead_letters(
        whatsapp: Service, caplog: pytest.LogCaptureFixture) -> None:
    wa = whatsapp.wa
    assert wa is not None
    caplog.set_level(logging.INFO)
    bad = wa.inbound.text("+5215512345009", "hola")
    bad["text"] = "a string where an object belongs"
    bad["interactive"] = ["nor", "a", "list"]
    profile_as_text = wa.payload(bad)
    profile_as_text["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"] = "Ana"
    delivery = await wa.deliver_payload(profile_as_text)
    assert delivery.statuses == [200]
    await until(lambda: 'micuenta_inbox_dead_letters_total{channel="whatsapp"' in
                whatsapp.metrics, what="counted as a dead letter")
    [letter] = await DeadLetters(whatsapp.container.redis).list()
    assert letter.reason.startswith("AttributeError")
    assert await whatsapp.channels.inbox.pending() == 0
    good = wa.inbound.text("+5215512345009", "ayuda")
    await wa.deliver(good)
    await until(lambda: wa.messages_to("+5215512345009"), what="the next message answered")
    assert caplog.text.count("moved to the dead letters") == 1


async def test_an_update_the_telegram_library_cannot_parse_ends_in_the_dead_letters(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    update = tg.updates.text(424243, "hola")
    update["message"]["date"] = "yesterday"  # PTB cannot make a date of it
    await tg.deliver(update)
    await until(lambda: 'micuenta_inbox_dead_letters_total{channel="telegram"' in
                telegram.metrics, what="counted as a dead letter")
    assert await telegram.channels.inbox.pending() == 0
    await tg.deliver(tg.updates.text(424243, "ayuda"))
    await until(lambda: tg.messages_to(424243), what="the next update answered")


async def test_settings_read_the_number_of_attempts() -> None:
    assert Settings.from_env({}).inbox_max_attempts == 5
    assert Settings.from_env({"MICUENTA_INBOX_MAX_ATTEMPTS": "2"}).inbox_max_attempts == 2
    assert APP_SECRET  # the WhatsApp fixture signs with it


async def test_the_poller_survives_an_update_it_cannot_parse_and_is_restarted_if_stopped(
    tmp_path: Path, backends: Any, database_url: str, redis: Redis, database: Database,
) -> None:
    sock = reserved_socket()
    port = sock.getsockname()[1]
    async with TelegramServer() as tg:
        settings = _settings(tmp_path, backends, database_url, port, TELEGRAM_TOKEN=tg.token,
                             TELEGRAM_API_URL=tg.base_url)
        async for service in _service(settings, redis, database, sock):
            await _polling_goes_on(service, tg, redis)


async def _polling_goes_on(service: Service, tg: TelegramServer, redis: Redis) -> None:
    service.channels.restart_delay_s = 0.05
    broken = tg.updates.text(515151, "hola")
    broken["message"]["date"] = "yesterday"  # PTB cannot make a date of it
    tg.enqueue(broken)
    tg.enqueue(tg.updates.text(515152, "ayuda"))
    await until(lambda: tg.messages_to(515152), timeout=15,
                what="the update after the broken one answered")
    await until(lambda: 'micuenta_inbox_dead_letters_total{channel="telegram"' in
                service.metrics, what="the broken one set aside")
    assert int(await redis.get("telegram:offset") or 0) == broken["update_id"] + 2

    poller = service.channels._poller_task
    assert poller is not None
    poller.cancel()  # the polling task stops, whatever the reason
    await until(lambda: service.channels.health()["telegram_poller"]["restarts"] == 1,
                what="the poller restarted")
    async with aiohttp.ClientSession() as session:
        async with session.get(service.url + "/healthz") as response:
            health = await response.json()
    assert health["channels"]["telegram_poller"] == {"state": "running", "restarts": 1}
    tg.enqueue(tg.updates.text(515153, "ayuda"))
    await until(lambda: tg.messages_to(515153), timeout=15,
                what="polling goes on after the restart")
