"""The load generator's HTTP ends (``bench/lean_http.py``): the pipeline bench's figures are
only as good as its poster and sink, so they are checked against aiohttp, the server and
client the service itself uses."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import sys
from types import ModuleType

import aiohttp
from aiohttp import web

from tests.support.paths import ROOT

BENCH = ROOT / "bench"


def _lean_http() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lean_http", BENCH / "lean_http.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("lean_http", module)
    spec.loader.exec_module(module)
    return module


lean_http = _lean_http()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_the_poster_delivers_every_request_once_over_few_connections() -> None:
    seen: list[tuple[str, bytes, str]] = []
    peers: set[int] = set()

    async def handler(request: web.Request) -> web.Response:
        seen.append((request.path, await request.read(), request.headers["X-Tag"]))
        assert request.transport is not None
        peers.add(request.transport.get_extra_info("peername")[1])
        await asyncio.sleep(0.001)
        return web.Response(status=200 if request.path == "/ok" else 404)

    app = web.Application()
    app.router.add_post("/{name}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    poster = lean_http.Poster("127.0.0.1", port, limit=4)
    statuses: list[int] = []
    done = asyncio.get_running_loop().create_future()

    def answered(status: int) -> None:
        statuses.append(status)
        if len(statuses) == 30:
            done.set_result(None)

    try:
        for index in range(30):
            path = "/ok" if index % 3 else "/missing"
            poster.post(lean_http.request_bytes("127.0.0.1", port, path, {"X-Tag": str(index)},
                                                b"body-%d" % index), answered)
        await asyncio.wait_for(done, 10)
    finally:
        poster.close()
        await runner.cleanup()
    assert sorted(statuses) == [200] * 20 + [404] * 10
    assert sorted(int(tag) for _, _, tag in seen) == list(range(30))
    assert all(body == b"body-%s" % tag.encode() for _, body, tag in seen)
    assert len(peers) <= 4  # no more connections than the limit, kept alive


async def test_a_refused_connection_answers_zero() -> None:
    poster = lean_http.Poster("127.0.0.1", _free_port())
    answered = asyncio.get_running_loop().create_future()
    poster.post(lean_http.request_bytes("127.0.0.1", 1, "/", {}, b""), answered.set_result)
    assert await asyncio.wait_for(answered, 10) == 0


async def test_the_sink_answers_aiohttp_on_a_kept_alive_connection() -> None:
    received: list[tuple[bytes, bytes]] = []

    def respond(path: bytes, body: bytes) -> bytes:
        received.append((path, body))
        return lean_http.answer_bytes(200, b'{"n":%d}' % len(received))

    port = _free_port()
    server = await lean_http.serve(respond, "127.0.0.1", port)
    try:
        async with aiohttp.ClientSession() as session:
            answers = []
            for index in range(3):
                async with session.post(f"http://127.0.0.1:{port}/v25.0/1/messages",
                                        json={"i": index}) as response:
                    answers.append((response.status, await response.json()))
    finally:
        server.close()
    assert answers == [(200, {"n": 1}), (200, {"n": 2}), (200, {"n": 3})]
    assert received == [(b"/v25.0/1/messages", b'{"i": %d}' % i) for i in range(3)]
