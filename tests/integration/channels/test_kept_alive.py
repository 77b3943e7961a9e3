"""The Graph API's kept-alive client (``bot/channels/kept_alive.py``) against real local
servers: aiohttp's (what the fakes of the platforms run on), plain sockets for the answers
aiohttp's server does not give, and TLS."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import orjson
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.channels import kept_alive
from bot.channels.kept_alive import KeptAlive

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _serve(handler: Handler, tls: ssl.SSLContext | None = None,
                 **server: float) -> AsyncIterator[tuple[str, set[int]]]:
    """An aiohttp server on a free port: its origin, and the client ports it saw."""
    peers: set[int] = set()

    async def noting(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        peers.add(request.transport.get_extra_info("peername")[1])
        return await handler(request)

    app = web.Application()
    app.router.add_post("/{tail:.*}", noting)
    runner = web.AppRunner(app, **server)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}", peers
    finally:
        await runner.cleanup()


async def _echo(request: web.Request) -> web.Response:
    body = orjson.loads(await request.read())
    return web.json_response({"path": request.path_qs, "got": body,
                              "auth": request.headers.get("Authorization"),
                              "type": request.headers.get("Content-Type")})


@pytest.fixture
async def echo() -> AsyncIterator[tuple[str, set[int]]]:
    async for served in _serve(_echo):
        yield served


async def test_each_post_gets_its_own_answer_over_few_reused_connections(
        echo: tuple[str, set[int]]) -> None:
    origin, peers = echo
    client = KeptAlive(origin, {"Authorization": "Bearer t", "Content-Type":
                                "application/json"}, limit=4)
    head = client.head("/v25.0/123/messages?x=1")
    try:
        answers = await asyncio.gather(*(client.post(head, orjson.dumps({"n": n}))
                                         for n in range(40)))
        assert [orjson.loads(a.body)["got"] for a in answers] == [{"n": n} for n in range(40)]
        assert {a.status for a in answers} == {200}
        first = orjson.loads(answers[0].body)
        assert (first["path"], first["auth"], first["type"]) == (
            "/v25.0/123/messages?x=1", "Bearer t", "application/json")
        assert 1 <= len(peers) <= 4
        seen = len(peers)
        for n in range(5):  # one at a time: the same connection again and again
            await client.post(head, b'{"again":%d}' % n)
        assert len(peers) == seen
    finally:
        client.close()


async def test_an_error_status_comes_back_with_its_body() -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.json_response({"error": {"code": 131047}}, status=400)

    async for origin, _ in _serve(refuse):
        client = KeptAlive(origin, {})
        answer = await client.post(client.head("/m"), b"{}")
        client.close()
        assert (answer.status, orjson.loads(answer.body)) == (400, {"error": {"code": 131047}})


async def test_a_chunked_answer_is_read_whole_and_a_closing_one_is_not_reused() -> None:
    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        if request.path == "/close":
            response.force_close()
        await response.prepare(request)
        for part in (b'{"a":', b'"' + b"x" * 5000 + b'"', b"}"):
            await response.write(part)
        await response.write_eof()
        return response

    async for origin, peers in _serve(chunked):
        client = KeptAlive(origin, {})
        try:
            for path in ("/close", "/close", "/keep", "/keep"):
                answer = await client.post(client.head(path), b"{}")
                assert orjson.loads(answer.body) == {"a": "x" * 5000}
        finally:
            client.close()
        assert len(peers) == 3  # one per closing answer, then one kept


async def _raw_server(answer: bytes | None) -> tuple[asyncio.Server, str]:
    """Reads a request, writes ``answer`` (or nothing) and closes."""

    async def one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        if answer is not None:
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(one, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def test_an_answer_that_ends_at_the_close_is_read_whole() -> None:
    server, origin = await _raw_server(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
                                       b'{"messages":[{"id":"wamid.1"}]}')
    async with server:
        client = KeptAlive(origin, {})
        answer = await client.post(client.head("/m"), b"{}")
    assert (answer.status, answer.body) == (200, b'{"messages":[{"id":"wamid.1"}]}')


async def test_a_connection_closed_before_the_answer_fails_the_call_once() -> None:
    server, origin = await _raw_server(None)
    async with server:
        client = KeptAlive(origin, {})
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await client.post(client.head("/m"), b"{}")


async def test_a_half_answer_fails_the_call() -> None:
    server, origin = await _raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{")
    async with server:
        client = KeptAlive(origin, {})
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await client.post(client.head("/m"), b"{}")


async def test_garbage_for_an_answer_fails_the_call() -> None:
    server, origin = await _raw_server(b"SMTP ready\r\n\r\n")
    async with server:
        client = KeptAlive(origin, {})
        with pytest.raises(aiohttp.ClientError):
            await client.post(client.head("/m"), b"{}")


async def test_nothing_listening_is_a_connection_error() -> None:
    server, origin = await _raw_server(None)
    server.close()
    await server.wait_closed()
    client = KeptAlive(origin, {})
    with pytest.raises(aiohttp.ClientConnectionError):
        await client.post(client.head("/m"), b"{}")


async def test_a_slow_answer_times_out_and_the_next_call_goes_through() -> None:
    async def slow(request: web.Request) -> web.Response:
        if request.path == "/slow":
            await asyncio.sleep(1)
        return web.json_response({"ok": True})

    async for origin, _ in _serve(slow):
        client = KeptAlive(origin, {}, timeout_s=0.2)
        try:
            with pytest.raises(TimeoutError):
                await client.post(client.head("/slow"), b"{}")
            answer = await client.post(client.head("/fast"), b"{}")
            assert orjson.loads(answer.body) == {"ok": True}
        finally:
            client.close()


async def test_connections_the_server_or_the_clock_closed_are_not_reused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    async for origin, peers in _serve(_echo, keepalive_timeout=0.1):
        client = KeptAlive(origin, {})
        try:
            await client.post(client.head("/a"), b"{}")
            await asyncio.sleep(0.4)  # the server closed it meanwhile
            await client.post(client.head("/b"), b"{}")
            monkeypatch.setattr(kept_alive, "IDLE_S", 0.0)  # now every idle one is stale
            await client.post(client.head("/c"), b"{}")
        finally:
            client.close()
        assert len(peers) == 3


def _self_signed(tmp: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context for 127.0.0.1, and a client one that trusts only its certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=1))
                   .not_valid_after(now + datetime.timedelta(hours=1))
                   .add_extension(x509.SubjectAlternativeName(
                       [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                                  critical=True)
                   .sign(key, hashes.SHA256()))
    (tmp / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    return server, ssl.create_default_context(cafile=str(tmp / "cert.pem"))


async def test_https_is_spoken_and_an_unknown_certificate_refused(tmp_path: Path) -> None:
    server_tls, client_tls = _self_signed(tmp_path)
    async for origin, peers in _serve(_echo, tls=server_tls):
        client = KeptAlive(origin, {}, tls=client_tls)
        try:
            for n in range(3):
                answer = await client.post(client.head("/m"), b'{"n":%d}' % n)
                assert orjson.loads(answer.body)["got"] == {"n": n}
        finally:
            client.close()
        assert len(peers) == 1
        with pytest.raises(aiohttp.ClientConnectionError):  # the system's CAs: not ours
            await KeptAlive(origin, {}).post(b"POST /m HTTP/1.1\r\nContent-Length: ", b"{}")


def test_only_http_urls_are_taken() -> None:
    with pytest.raises(ValueError, match="not an http"):
        KeptAlive("ftp://example.com", {})
