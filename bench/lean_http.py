"""The load generator's two HTTP ends, as cheap as HTTP/1.1 gets in Python.

The bench shares the machine's two cores with the service it measures, so every cycle the
generator spends on HTTP is one the service lacks. These cost a fraction of what aiohttp's
client and server cost per request (the figures: README, "Benchmarks"). They only do what the
bench needs: prepared requests over keep-alive connections (one request at a time per
connection, as a platform's webhook client does: no pipelining), parsed by httptools, the
parser uvicorn uses; and a sink that answers every request with a prepared answer.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import cast

import httptools

Answered = Callable[[int], None]
"""Called with the HTTP status of the answer, or 0 if the connection failed."""


def request_bytes(host: str, port: int, path: str, headers: dict[str, str],
                  body: bytes) -> bytes:
    head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}",
            f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class _ClientConnection(asyncio.Protocol):
    def __init__(self, pool: Poster) -> None:
        self.pool = pool
        self.parser = httptools.HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.answered: Answered | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def on_message_complete(self) -> None:
        answered, self.answered = self.answered, None
        status = self.parser.get_status_code()
        self.pool.idle(self)
        if answered is not None:
            answered(status)

    def connection_lost(self, exc: Exception | None) -> None:
        answered, self.answered = self.answered, None
        self.pool.lost(self)
        if answered is not None:
            answered(0)


class Poster:
    """Posts prepared requests over at most ``limit`` keep-alive connections; a request
    with no idle connection opens one, or waits its turn (its wait counts in its time)."""

    def __init__(self, host: str, port: int, limit: int = 256) -> None:
        self.host, self.port, self.limit = host, port, limit
        self._idle: list[_ClientConnection] = []
        self._open = 0
        self._waiting: deque[tuple[bytes, Answered]] = deque()

    def post(self, request: bytes, answered: Answered) -> None:
        if self._idle:
            self._send(self._idle.pop(), request, answered)
            return
        self._waiting.append((request, answered))
        if self._open < self.limit:
            self._open += 1
            asyncio.get_running_loop().create_task(self._connect())

    async def _connect(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            _, connection = await loop.create_connection(
                lambda: _ClientConnection(self), self.host, self.port)
        except OSError:
            self._open -= 1
            if self._waiting:
                _, answered = self._waiting.popleft()
                answered(0)
            return
        self.idle(connection)

    def _send(self, connection: _ClientConnection, request: bytes,
              answered: Answered) -> None:
        assert connection.transport is not None
        connection.answered = answered
        connection.transport.write(request)

    def idle(self, connection: _ClientConnection) -> None:
        if self._waiting:
            self._send(connection, *self._waiting.popleft())
        else:
            self._idle.append(connection)

    def lost(self, connection: _ClientConnection) -> None:
        self._open -= 1
        if connection in self._idle:
            self._idle.remove(connection)

    def close(self) -> None:
        for connection in self._idle:
            if connection.transport is not None:
                connection.transport.close()
        self._idle.clear()


Respond = Callable[[bytes, bytes], bytes]
"""``(path, body) -> the whole HTTP answer``."""


def answer_bytes(status: int, body: bytes, reason: str = "OK") -> bytes:
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


class _ServerConnection(asyncio.Protocol):
    def __init__(self, respond: Respond) -> None:
        self.respond = respond
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.path = b""
        self.body: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            assert self.transport is not None
            self.transport.write(answer_bytes(400, b"{}", "Bad Request"))
            self.transport.close()

    def on_url(self, url: bytes) -> None:
        self.path = url

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        body, self.body = b"".join(self.body), []
        assert self.transport is not None
        self.transport.write(self.respond(self.path, body))


async def serve(respond: Respond, host: str, port: int) -> asyncio.Server:
    """A keep-alive HTTP/1.1 server that answers each request with ``respond``."""
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: _ServerConnection(respond), host, port)
