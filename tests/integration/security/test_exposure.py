"""What the service exposes (issue 13, weaker spots): ``/metrics`` on its own address or
behind a bearer token, HSTS and ``Secure`` cookies whenever the public URL is https."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis

from bot.app.settings import Settings
from bot.handlers.exposure import warn_if_exposed
from domain.persistence.database import Database
from tests.integration.pipeline.conftest import _service, _settings, free_port, reserved_socket


async def _get(url: str, **headers: str) -> aiohttp.ClientResponse:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers,
                                                          allow_redirects=False) as answer:
        await answer.read()
        return answer


async def test_metrics_behind_a_bearer_token(tmp_path: Path, backends: Any,
                                             database_url: str, redis: Redis,
                                             database: Database) -> None:
    sock = reserved_socket()
    port = sock.getsockname()[1]
    settings = _settings(tmp_path, backends, database_url, port, METRICS_TOKEN="scrape-me-42")
    async for service in _service(settings, redis, database, sock):
        assert (await _get(service.url + "/metrics")).status == 401
        wrong = await _get(service.url + "/metrics", Authorization="Bearer nope")
        assert wrong.status == 401
        right = await _get(service.url + "/metrics", Authorization="Bearer scrape-me-42")
        assert right.status == 200


async def test_metrics_on_their_own_port(tmp_path: Path, backends: Any, database_url: str,
                                         redis: Redis, database: Database) -> None:
    sock, metrics_port = reserved_socket(), free_port()
    port = sock.getsockname()[1]
    settings = _settings(tmp_path, backends, database_url, port,
                         METRICS_PORT=str(metrics_port))
    async for service in _service(settings, redis, database, sock):
        assert (await _get(service.url + "/metrics")).status == 404, "not on the webhook port"
        own = await _get(f"http://127.0.0.1:{metrics_port}/metrics")
        assert own.status == 200
        assert (await _get(f"http://127.0.0.1:{metrics_port}/healthz")).status == 404


async def test_https_public_url_brings_hsts_and_secure_cookies(
        tmp_path: Path, backends: Any, database_url: str, redis: Redis,
        database: Database) -> None:
    sock = reserved_socket()
    port = sock.getsockname()[1]
    settings = _settings(tmp_path, backends, database_url, port,
                         PUBLIC_URL="https://micuenta.example")
    async for service in _service(settings, redis, database, sock):
        for path in ("/console/login", "/healthz", "/p/unknown-token-000000000"):
            answer = await _get(service.url + path)
            assert answer.headers.get("Strict-Transport-Security", "").startswith(
                "max-age=31536000"), path
        login = await _get(service.url + "/console/login")
        assert "Secure" in login.headers["Set-Cookie"]
        plain = _settings(tmp_path, backends, database_url, port)
        assert plain.public_url.startswith("http://")


def test_production_warns_when_metrics_are_public(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    warn_if_exposed(Settings(mode="production"))
    assert "/metrics is public" in caplog.text
    caplog.clear()
    warn_if_exposed(Settings(mode="production", metrics_token="x" * 20))
    warn_if_exposed(Settings(mode="demo"))
    assert "/metrics is public" not in caplog.text
