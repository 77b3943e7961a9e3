"""A tiny webhook endpoint for testing the fake servers' deliveries: records each request and
answers with scripted statuses (default 200), optionally after a delay."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.fake_base import FakeServer


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


class WebhookReceiver(FakeServer):
    def __init__(self, path: str = "/webhook", *, clock: Callable[[], float] | None = None) -> None:
        super().__init__(clock=clock)
        self.path = path
        self.received: list[Received] = []
        self.script: list[int] = []
        self.delays: list[float] = []
        self.default_status = 200
        self.answer_get: Callable[[web.Request], web.Response] | None = None

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", self.path, self._handle)
        return app

    @property
    def webhook_url(self) -> str:
        return f"{self.url}{self.path}"

    def answer(self, *statuses: int) -> None:
        """Answer the next requests with these statuses, then `default_status`."""
        self.script.extend(statuses)

    def slow(self, *seconds: float) -> None:
        """Delay the next answers by these many seconds."""
        self.delays.extend(seconds)

    def bodies(self) -> list[Any]:
        return [json.loads(r.body) for r in self.received if r.method == "POST"]

    async def _handle(self, request: web.Request) -> web.Response:
        self.received.append(Received(request.method, request.path, dict(request.query),
                                      dict(request.headers), await request.read()))
        if self.delays:
            await asyncio.sleep(self.delays.pop(0))
        if request.method == "GET" and self.answer_get is not None:
            return self.answer_get(request)
        status = self.script.pop(0) if self.script else self.default_status
        return web.Response(status=status, text="ok" if status == 200 else "error")
