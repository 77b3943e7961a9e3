"""Helpers for the savings flows' tests: log in as a demo account the way a worker does,
read a demo worker's record, the date the rules read, money as the locale writes it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_currency

from domain.demo import DEMO_ACCOUNTS
from domain.savings.records import WorkerRecord
from tests.support.chat import ChatUser
from tests.support.world import World

LOG_IN = {"es_MX": "Iniciar sesión", "en": "Log in"}
LOGGED_IN = {"es_MX": "Iniciaste sesión.", "en": "You are logged in."}
MENU = {"es_MX": "Menú principal", "en": "Main menu"}
ZONE = ZoneInfo("America/Mexico_City")


def account(case: str) -> dict[str, str]:
    return next(demo for demo in DEMO_ACCOUNTS if demo["case"] == case)


async def log_in(world: World, chat: ChatUser, case: str, lang: str = "es_MX",
                 new_chat: bool = True) -> None:
    """Log ``chat`` in as the demo account of ``case`` (a new chat also needs the SMS code)."""
    demo = account(case)
    await chat.send(demo["email"])
    await chat.send(demo["password"])
    if new_chat:
        await chat.send(await world.sms_code(demo["mobile"]))
    assert chat.last[0].text.startswith(LOGGED_IN[lang]), chat.text


async def logged_in(world: World, case: str, lang: str = "es_MX",
                    user_id: str = "5215500000301", channel: str = "terminal") -> ChatUser:
    """A chat at the main menu, logged in as ``case``."""
    chat = world.chat(user_id, channel, "en" if lang == "en" else None)
    await chat.send("hola" if lang == "es_MX" else "hi")
    await chat.press(LOG_IN[lang])
    await log_in(world, chat, case, lang)
    return chat


async def record_of(world: World, case: str) -> WorkerRecord:
    """The demo worker's record as seeded in the database."""
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        stored = await uow.workers.by_nss(world.person(case)["nss"])
    assert stored is not None
    return stored.record


def today(world: World) -> date:
    """The Mexico City date of the test clock: the date the savings rules read."""
    return world.clock().astimezone(ZONE).date()


def money(amount: Decimal, lang: str = "es_MX") -> str:
    return format_currency(amount, "MXN", locale=lang)
