"""A real SMTP server (aiosmtpd) and the local SMS gateway, both on 127.0.0.1, per test."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession

from bot.i18n.catalogs import Catalogs
from bot.notify.composer import Composer
from tests.fakes.sms_gateway import SmsGateway
from tests.support.smtp import (  # noqa: F401  (re-exported for the tests here)
    SMTP_PASSWORD,
    SMTP_USER,
    Received,
    RecordingHandler,
    SmtpServer,
    parse,
    running_smtp,
)

CATALOGS = Catalogs.load()

@pytest.fixture
async def smtp_server() -> AsyncIterator[SmtpServer]:
    async with running_smtp() as server:
        yield server


@pytest.fixture
async def gateway() -> AsyncIterator[SmsGateway]:
    async with SmsGateway() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def composer() -> Composer:
    return Composer(CATALOGS, "Mi Cuenta (demostración)", "800 008 3900",
                    "America/Mexico_City")
