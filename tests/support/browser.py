"""Headless Chromium for the web pages' tests (Debian's ``chromium``, driven by Playwright),
and the app served on a port of its own whose public URL is that port (the pages refuse
posts from any other origin)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from bot.app.bootstrap import Container
from bot.app.web import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def chromium() -> str:
    """Chromium's path; skips the test where it is not installed (fails in CI)."""
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("CI=true but Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def served(container: Container) -> AsyncIterator[str]:
    """The app on its own port; yields its base URL."""
    port = _free_port()
    settings = dataclasses.replace(container.settings, public_url=f"http://127.0.0.1:{port}")
    server = TestServer(create_app(settings, container), host="127.0.0.1", port=port)
    await server.start_server()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.close()
