"""A local SMS gateway for tests, speaking the protocol of DESIGN.md: ``POST <sms_url>`` with
JSON ``{"to": "+52...", "text": "..."}`` and ``Authorization: Bearer <token>``.

    async with SmsGateway() as gateway:
        sender = HttpSmsSender(gateway.sms_url, gateway.token, session=session)
        ...
        assert gateway.last_code("+525512345678") == "123456"

Answers: 202 ``{"id": ..., "status": "queued"}`` when taken; 401 without the right token;
400 for a body that is not JSON, a ``to`` that is not ``+52`` and 10 digits, or an empty
``text``. ``inject_server_error``, ``inject_rate_limit`` and ``inject_delay`` change the
next k answers. A delayed request whose client gave up waiting is dropped, not recorded.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.fake_base import LOOPBACK, FakeServer, Rule, RuleQueue

DEFAULT_TOKEN = "sms-gateway-token-for-local-tests-only"
PATH = "/v1/sms"
PHONE = re.compile(r"^\+52\d{10}$")
CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


@dataclass(frozen=True)
class Fault:
    status: int
    retry_after: float | None = None


@dataclass(frozen=True)
class ReceivedSms:
    id: str
    to: str
    text: str
    at: float


@dataclass
class GatewayRequest:
    """One POST as the gateway saw it; ``status`` None when the client left before it."""

    at: float
    authorized: bool = False
    abandoned: bool = False
    status: int | None = None


class SmsGateway(FakeServer):
    """The fake gateway: records what it takes, answers what a test injects."""

    def __init__(self, *, token: str = DEFAULT_TOKEN, path: str = PATH, host: str = LOOPBACK,
                 port: int = 0, clock: Callable[[], float] | None = None) -> None:
        super().__init__(host=host, port=port, clock=clock)
        self.token = token
        self.path = path
        self.requests: list[GatewayRequest] = []
        self.messages: list[ReceivedSms] = []
        self._faults: RuleQueue[Fault] = RuleQueue()
        self._delays: RuleQueue[float] = RuleQueue()

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        return app

    @property
    def sms_url(self) -> str:
        """What MICUENTA_SMS_URL should be."""
        return f"{self.url}{self.path}"

    # -- injections -------------------------------------------------------------------

    def inject_server_error(self, count: int | None = 1, status: int = 503) -> None:
        """Answer the next ``count`` authorized calls with ``status`` (None: until cleared)."""
        self._faults.add(Rule(Fault(status), count))

    def inject_rate_limit(self, count: int | None = 1, retry_after: float | None = 0) -> None:
        """429 Too Many Requests, with ``Retry-After: <seconds>`` unless None."""
        self._faults.add(Rule(Fault(429, retry_after), count))

    def inject_delay(self, seconds: float, count: int | None = 1) -> None:
        """Answer the next ``count`` authorized calls only after ``seconds``."""
        self._delays.add(Rule(seconds, count))

    def clear_injections(self) -> None:
        self._faults.clear()
        self._delays.clear()

    # -- what arrived -----------------------------------------------------------------

    def messages_to(self, phone: str) -> list[ReceivedSms]:
        return [message for message in self.messages if message.to == phone]

    def last_code(self, phone: str) -> str | None:
        """The last 6-digit number in the last SMS to ``phone``."""
        received = self.messages_to(phone)
        if not received:
            return None
        codes = CODE.findall(received[-1].text)
        return codes[-1] if codes else None

    @property
    def statuses(self) -> list[int | None]:
        return [request.status for request in self.requests]

    # -- the protocol -----------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        record = GatewayRequest(self.clock.now())
        self.requests.append(record)
        response = await self._answer(request, record)
        if not record.abandoned:
            record.status = response.status
        return response

    async def _answer(self, request: web.Request, record: GatewayRequest) -> web.Response:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
            return _error(401, "unauthorized")
        record.authorized = True
        delay = self._delays.take("POST", None)
        if delay:
            await asyncio.sleep(delay)
            if request.transport is None or request.transport.is_closing():
                record.abandoned = True
                return _error(499, "client closed the request")
        fault = self._faults.take("POST", None)
        if fault is not None:
            headers = ({} if fault.retry_after is None
                       else {"Retry-After": f"{fault.retry_after:g}"})
            return _error(fault.status, "injected", headers)
        try:
            payload: Any = json.loads(await request.read())
        except ValueError:
            return _error(400, "the body is not JSON")
        if not isinstance(payload, dict):
            return _error(400, "the body must be a JSON object")
        to, text = payload.get("to"), payload.get("text")
        if not isinstance(to, str) or not PHONE.match(to):
            return _error(400, "'to' must be +52 followed by 10 digits")
        if not isinstance(text, str) or not text.strip():
            return _error(400, "'text' must be a non-empty string")
        message = ReceivedSms(f"sms-{len(self.messages) + 1}", to, text, self.clock.now())
        self.messages.append(message)
        return web.json_response({"id": message.id, "status": "queued"}, status=202)


def _error(status: int, detail: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": detail}, status=status, headers=headers)
