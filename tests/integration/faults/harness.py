"""What the fault tests drive from the outside: real ``python -m bot serve`` processes, a
WhatsApp platform that posts signed webhooks and retries them as Meta does (until a 2xx,
to any instance behind the proxy), the pipeline bench's sink that counts the replies each
user gets, a private ``redis-server``, and a TCP proxy that can cut the database off.

Nothing here reaches into the service: lost and duplicated are counted at the sink.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import orjson

from tests.support.paths import ROOT

BENCH = ROOT / "bench"


def _bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` (scripts, not a package; ``pipeline`` imports ``lean_http``)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


lean_http = _bench_module("lean_http")
pipeline = _bench_module("pipeline")

free_port: Callable[[], int] = pipeline.free_port
FLOW: tuple[str, ...] = pipeline.FLOW
REPLIES_PER_USER: int = pipeline.REPLIES_PER_USER


class Sink(pipeline.Sink):  # type: ignore[misc, name-defined]
    """The bench's Graph API sink, keeping each reply's text too (to tell an answer from
    an apology)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, list[str]] = defaultdict(list)

    def respond(self, path: bytes, raw: bytes) -> bytes:
        answer: bytes = super().respond(path, raw)
        if path.endswith(b"/messages"):
            body = orjson.loads(raw)
            if body.get("status") != "read":
                self.texts[str(body.get("to", "")).lstrip("+")].append(_text_of(body))
        return answer

    def replies(self, user: str) -> int:
        return len(self.arrivals.get(user, []))


def _text_of(body: dict[str, Any]) -> str:
    if "text" in body:
        return str(body["text"].get("body", ""))
    interactive = body.get("interactive") or {}
    return str((interactive.get("body") or {}).get("text", ""))


@dataclass
class Tally:
    """Lost and duplicated, counted at the sink per user against what each should get."""
    expected: dict[str, int]
    got: dict[str, int]

    @property
    def lost(self) -> int:
        return sum(max(0, want - self.got.get(user, 0)) for user, want in self.expected.items())

    @property
    def duplicated(self) -> int:
        return sum(max(0, self.got.get(user, 0) - want) for user, want in self.expected.items())

    def __str__(self) -> str:
        short = {u: (self.got.get(u, 0), w) for u, w in self.expected.items()
                 if self.got.get(u, 0) != w}
        return f"lost {self.lost}, duplicated {self.duplicated}; (got, expected): {short}"


class Platform:
    """WhatsApp's side: the sink for replies, and webhooks posted for many users at once,
    each user's messages in order (the next after the previous one got its 2xx). A webhook
    that is refused or gets no answer is posted again after a pause, to the next instance
    (a proxy in front of several ``serve`` processes routes around a dead one; Meta
    retries a failed delivery for hours)."""

    def __init__(self, retry_s: float = 0.3, patience_s: float = 60.0) -> None:
        self.sink = Sink()
        self.port = free_port()
        self.retry_s = retry_s
        self.patience_s = patience_s
        self.retries = 0
        self._server: asyncio.Server | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v25.0"

    async def __aenter__(self) -> Platform:
        self._server = await lean_http.serve(self.sink.respond, "127.0.0.1", self.port)
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._session is not None:
            await self._session.close()
        if self._server is not None:
            self._server.close()

    async def post(self, targets: Sequence[str], user: str, index: int, text: str,
                   first: int = 0) -> None:
        """One webhook, retried until an instance answers 2xx."""
        assert self._session is not None
        raw = pipeline.webhook(user, index, text)
        headers = {"X-Hub-Signature-256": pipeline.sign(raw),
                   "Content-Type": "application/json"}
        deadline = time.monotonic() + self.patience_s
        attempt = first
        while True:
            url = targets[attempt % len(targets)] + "/webhooks/whatsapp"
            try:
                async with self._session.post(url, data=raw, headers=headers) as answer:
                    if answer.status < 300:
                        return
            except (aiohttp.ClientError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"no instance took {user}'s message {index}")
            self.retries += 1
            attempt += 1
            await asyncio.sleep(self.retry_s)

    async def converse(self, targets: Sequence[str], users: Sequence[str],
                       flow: Sequence[str] | Callable[[str], Sequence[str]],
                       pause_s: float = 0.1, start: int = 0) -> None:
        """Every user says ``flow`` (or ``flow(user)``), a pause between one user's
        messages; users start spread over ``pause_s`` and alternate between the targets.
        Message ids number from ``start`` (a message id seen before is a duplicate)."""

        async def talk(n: int, user: str) -> None:
            await asyncio.sleep(pause_s * n / max(1, len(users)))
            said = flow(user) if callable(flow) else flow
            for index, text in enumerate(said, start):
                await self.post(targets, user, index, text, first=n + index)
                await asyncio.sleep(pause_s)

        await asyncio.gather(*(talk(n, user) for n, user in enumerate(users)))

    async def settle(self, expected: dict[str, int], timeout_s: float,
                     quiet_s: float = 2.0) -> Tally:
        """Wait until every user has what they should (or the time is up), then a little
        longer for any reply sent twice to show."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and any(  # noqa: ASYNC110 - polls the sink
                self.sink.replies(user) < want for user, want in expected.items()):
            await asyncio.sleep(0.1)
        await asyncio.sleep(quiet_s)
        return Tally(expected, {user: self.sink.replies(user) for user in expected})


def users(tag: str, count: int) -> list[str]:
    return [f"52155{tag}{n:06d}" for n in range(count)]


@dataclass
class Serve:
    """One ``python -m bot serve`` process, its stderr kept in a file."""
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Serve:
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(  # its own process group: see ``stop``
                [sys.executable, "-m", "bot", "serve"], cwd=ROOT, stderr=log,
                stdout=subprocess.DEVNULL, env={**self.env, "MICUENTA_PORT": str(self.port)},
                start_new_session=True)
        finally:
            log.close()
        return self

    async def healthy(self, patience_s: float = 60) -> None:
        deadline = time.monotonic() + patience_s
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise AssertionError(f"serve exited: {self.log()}")
                with contextlib.suppress(aiohttp.ClientError, OSError):
                    async with session.get(self.url + "/healthz") as answer:
                        if answer.status == 200:
                            return
                await asyncio.sleep(0.1)
        raise AssertionError(f"serve did not become healthy: {self.log()}")

    async def metrics(self) -> str:
        async with aiohttp.ClientSession() as session, \
                session.get(self.url + "/metrics") as answer:
            return await answer.text()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGINT and wait; then whatever the process left behind in its group goes too: a
        serve killed with ``kill`` leaves its chart worker (a ``spawn``ed child) running,
        which outlived the test run (a service manager kills the unit's whole group)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def serve_env(data_dir: Path, redis_url: str, database_url: str, platform: Platform,
              **extra: str) -> dict[str, str]:
    """The environment of a serve process answering WhatsApp through ``platform``."""
    return {**os.environ,
            "MICUENTA_DATA_DIR": str(data_dir), "MICUENTA_LOG_LEVEL": "WARNING",
            "MICUENTA_REDIS_URL": redis_url, "MICUENTA_DATABASE_URL": database_url,
            "MICUENTA_SECRET_KEY": "fault-tests-secret-key-0123456789-0123456789",
            "MICUENTA_WHATSAPP_TOKEN": pipeline.TOKEN,
            "MICUENTA_WHATSAPP_PHONE_NUMBER_ID": pipeline.PHONE_ID,
            "MICUENTA_WHATSAPP_APP_SECRET": pipeline.APP_SECRET,
            "MICUENTA_WHATSAPP_API_URL": platform.api_url,
            "MICUENTA_WHATSAPP_RATE": "5000", "MICUENTA_PROCESSES": "1",
            **{f"MICUENTA_{name}": value for name, value in extra.items()}}


class RedisServer:
    """A private ``redis-server`` on a free port, its data in ``directory`` with AOF on and
    every write fsynced (``--appendfsync always``): stopped and started again on the same
    directory, it comes back with everything it acknowledged."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--dir", str(self.directory), "--appendonly", "yes",
             "--appendfsync", "always", "--save", "", "--logfile", "redis.log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=0.2) as probe:
                probe.sendall(b"PING\r\n")
                if probe.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        """SIGTERM: Redis finishes the AOF and exits (what ``systemctl stop`` does)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)

    def kill(self) -> None:
        """SIGKILL: gone at once, mid-command; with every write fsynced before its answer,
        what it acknowledged is in the AOF all the same."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)


class TcpProxy:
    """A TCP proxy in front of a server (the shared PostgreSQL) that can be cut: while cut,
    new connections are refused (nothing listens) and open ones are reset, as when the
    server's machine goes away; restored, it listens again on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._pipe, "127.0.0.1", self.port,
                                                  reuse_address=True)

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._open):
            _reset(writer)
        self._open.clear()

    async def _pipe(self, client_reader: asyncio.StreamReader,
                    client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            _reset(client_writer)
            return
        self._open |= {client_writer, server_writer}

        async def copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            with contextlib.suppress(OSError):
                writer.close()

        await asyncio.gather(copy(client_reader, server_writer),
                             copy(server_reader, client_writer))
        self._open -= {client_writer, server_writer}


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with an RST (SO_LINGER 0), as a peer that vanished."""
    sock = writer.get_extra_info("socket")
    with contextlib.suppress(OSError):
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00"
                            b"\x00\x00\x00\x00")
    writer.transport.abort()


def all_users(groups: Iterable[Sequence[str]]) -> list[str]:
    return [user for group in groups for user in group]
