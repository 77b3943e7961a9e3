"""No password, code or full identifier in logs, Redis or transcripts (SECURITY.md A4, F1).

Whole conversations run on every channel (terminal, Telegram with the typed password,
WhatsApp with the page), then every log record, every Redis key and value, and every
transcript row is searched for each secret that went by."""

from __future__ import annotations

import logging
import re

import pytest
from aiohttp.test_utils import TestClient
from redis.asyncio import Redis
from sqlalchemy import select

from domain.persistence.models import TranscriptRow
from tests.integration.accounts.test_password_page import form, link_in
from tests.integration.accounts.test_register import PASSWORD, to_password
from tests.support.world import CARMEN, World

NEW_PASSWORD = "Cempasuchil&Sol8"
TEST_SERVERS = ("mail.log", "tests.")
"""Loggers of the test's own SMTP server and fakes: they play the outside world."""


async def redis_dump(redis: Redis) -> str:
    chunks: list[str] = []
    async for key in redis.scan_iter("*"):
        chunks.append(key.decode(errors="replace"))
        kind = (await redis.type(key)).decode()
        if kind == "string":
            chunks.append(str(await redis.get(key)))
        elif kind == "hash":
            chunks.append(str(await redis.hgetall(key)))
        elif kind == "list":
            chunks.append(str(await redis.lrange(key, 0, -1)))
        elif kind == "zset":
            chunks.append(str(await redis.zrange(key, 0, -1, withscores=True)))
        elif kind == "stream":
            chunks.append(str(await redis.xrange(key)))
        elif kind == "set":
            chunks.append(str(await redis.smembers(key)))
    return "\n".join(chunks)


async def test_nothing_secret_is_kept_anywhere(
    world: World, web: TestClient, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    maria = world.person("active_woman")
    others = [world.person(case) for case in ("minimum_wage_man",
                                              "active_man_older_with_historical_fund")]
    # registration on the terminal, on Telegram (typed, deleted) and on WhatsApp (page);
    # each chat's user id is the mobile it registers, as on WhatsApp
    terminal = world.chat("5215512345678")
    await to_password(world, terminal)
    await terminal.send(PASSWORD)
    await terminal.press("No acepto")
    telegram = world.chat("5215512345678", channel="telegram")
    await to_password(world, telegram, email="juan.tg@example.com", mobile="+525512345679",
                      case="minimum_wage_man")
    await telegram.send(PASSWORD)
    whatsapp = world.chat("5215512345670", channel="whatsapp")
    await to_password(world, whatsapp, email="jose.wa@example.com", mobile="+525512345670",
                      case="active_man_older_with_historical_fund")
    await whatsapp.send(PASSWORD)  # typed anyway: refused and never kept
    path = link_in(whatsapp)
    csrf = await form(web, path)
    await web.post(path, data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf})
    # login with a wrong and then the right password, then a reset
    login = world.chat("5215511112222")
    await login.send("hola")
    await login.press("Iniciar sesión")
    await login.send(CARMEN["email"])
    await login.send("Equivocada#2026")
    await login.send(CARMEN["password"])
    await login.send(await world.sms_code(CARMEN["mobile"]))
    reset = world.chat("5215511113333")
    await reset.send("hola")
    await reset.press("Olvidé mi contraseña")
    await reset.send(maria["nss"])
    await reset.send(CARMEN["email"])
    await reset.send("cancelar")
    await reset.press("Olvidé mi contraseña")
    await reset.send(CARMEN["email"])
    await reset.send(await world.email_code(CARMEN["email"]))
    await reset.send(await world.sms_code(CARMEN["mobile"]))
    await reset.send(NEW_PASSWORD)
    await world.container.transcripts.flush()

    codes = set()
    for sms in world.sms.messages:
        codes.update(re.findall(r"\b\d{6}\b", sms.text))
    for mail in world.smtp.received():
        codes.update(re.findall(r"\b\d{6}\b", mail.text))
    assert len(codes) >= 8
    secrets = {PASSWORD, NEW_PASSWORD, CARMEN["password"], "Equivocada#2026",
               maria["nss"], maria["curp"], maria["rfc"], CARMEN["email"], CARMEN["mobile"],
               "maria.lopez@example.com", "+525512345678", "5512345678", "5512345679",
               "5512345670", "5215512345678", *codes,
               *(person[kind] for person in others for kind in ("nss", "curp", "rfc"))}

    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        transcript = "\n".join(row.text for row in await uow.session.scalars(
            select(TranscriptRow)))
    assert "[hidden]" in transcript
    assert "/p/…" in transcript
    assert not re.search(r"/p/[A-Za-z0-9_-]{16,}", transcript), "page tokens stay out"
    places = {
        "logs": "\n".join(record.getMessage() for record in caplog.records
                          if not record.name.startswith(TEST_SERVERS)),
        "redis": await redis_dump(world.container.redis),
        "transcripts": transcript,
    }
    for place, content in places.items():
        for secret in secrets:
            assert secret not in content, f"{secret!r} found in {place}"
        assert maria["curp"].lower() not in content.lower()
