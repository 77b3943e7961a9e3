"""JSON POSTs to one API origin over kept-alive HTTP/1.1 connections, parsed by httptools.

Every WhatsApp message costs the service two Graph API calls (mark-as-read, the reply); with
aiohttp's client they took about a sixth of the service's CPU at 1,000 messages/s (its
request and response objects, the body written by a task of its own, a timer per request).
This client does only what those calls need: a request made of a prepared head and the
body, written in one call; the answer's status and body read by httptools (the parser
uvicorn uses) on a connection kept for the next request (one request at a time on each,
no pipelining). The figures: README, "Figures behind the design".

What it does not do, and the calls that need it keep aiohttp's session: redirects, cookies,
proxies, compression, multipart bodies (the media uploads). A POST is never sent twice: a
connection that closes before its answer fails the call (``ServerDisconnectedError``, as
aiohttp's client does), and the caller's own retry decides. Failures are aiohttp's
exception types, so a caller catches the same errors whichever client made the call.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import aiohttp
import httptools

IDLE_S = 15.0
"""A connection unused for longer is closed, not reused (aiohttp's keep-alive default):
servers drop idle connections, and a POST on one they dropped would fail."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class _Connection(asyncio.Protocol):
    """One connection; at most one request on it at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[Answer] | None = None
        self.body: list[bytes] = []
        self.headers_done = False
        self.framed = False
        """The answer says where it ends (a length, or chunks); else it ends at the close."""
        self.reusable = True
        self.closed = False
        self.used_at = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def send(self, request: bytes, waiter: asyncio.Future[Answer]) -> None:
        assert self.transport is not None
        self.waiter, self.body, self.headers_done, self.framed = waiter, [], False, False
        self.parser = httptools.HttpResponseParser(self)
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            self._fail(aiohttp.ClientPayloadError(f"not an HTTP answer: {error}"))

    def on_header(self, name: bytes, value: bytes) -> None:
        lowered = name.lower()
        if lowered == b"content-length" or (lowered == b"transfer-encoding"
                                            and b"chunked" in value.lower()):
            self.framed = True

    def on_headers_complete(self) -> None:
        self.headers_done = True

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.reusable = self.parser.should_keep_alive()
        self._finish()

    def _finish(self) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(Answer(self.parser.get_status_code(), b"".join(self.body)))
        self.body = []

    def _fail(self, error: Exception) -> None:
        self.reusable = False
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed, self.reusable = True, False
        if self.waiter is None:
            return
        if self.headers_done and not self.framed:  # an answer that ends at the close
            self._finish()
        else:
            self._fail(aiohttp.ServerDisconnectedError())

    def close(self) -> None:
        self.reusable = False
        if self.transport is not None:
            self.transport.close()


class KeptAlive:
    """POSTs to ``origin`` (``https://graph.facebook.com``): at most ``limit`` connections
    at a time, idle ones reused newest first, each call within ``timeout_s``."""

    def __init__(self, origin: str, headers: dict[str, str], timeout_s: float = 15.0,
                 limit: int = 100, tls: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {origin}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.tls = parts.scheme == "https"
        default_port = self.port == (443 if self.tls else 80)
        authority = self.host if default_port else f"{self.host}:{self.port}"
        self.headers = "".join(f"{name}: {value}\r\n" for name, value in
                               {"Host": authority, "User-Agent": "micuenta",
                                **headers}.items())
        self.timeout_s = timeout_s
        self._slots = asyncio.Semaphore(limit)
        self._idle: list[_Connection] = []
        self._ssl = tls
        """The system's certificate authorities unless given (tests give their own)."""

    def head(self, path: str) -> bytes:
        """The start of a POST to ``path`` (a path on the origin, query included): made
        once per path by the caller, so a call only adds the length and the body."""
        return f"POST {path} HTTP/1.1\r\n{self.headers}Content-Length: ".encode()

    async def post(self, head: bytes, body: bytes) -> Answer:
        """Raises ``TimeoutError`` past ``timeout_s``, and ``aiohttp.ClientError`` when the
        connection cannot be made or ends before the answer."""
        request = b"%b%d\r\n\r\n%b" % (head, len(body), body)
        async with asyncio.timeout(self.timeout_s), self._slots:
            connection = self._reuse() or await self._connect()
            waiter: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
            connection.send(request, waiter)
            try:
                answer = await waiter
            except BaseException:  # the timeout or a cancel: the answer may still come
                connection.close()
                raise
            if connection.reusable:
                connection.used_at = time.monotonic()
                self._idle.append(connection)
            else:
                connection.close()
            return answer

    def _reuse(self) -> _Connection | None:
        oldest = time.monotonic() - IDLE_S
        while self._idle:
            connection = self._idle.pop()
            if not connection.closed and connection.used_at >= oldest:
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        if self.tls and self._ssl is None:
            self._ssl = ssl.create_default_context()
        try:
            _, connection = await loop.create_connection(
                _Connection, self.host, self.port, ssl=self._ssl if self.tls else None)
        except OSError as error:
            raise aiohttp.ClientConnectionError(
                f"cannot connect to {self.host}:{self.port}: {error}") from error
        return connection

    def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()
