"""Plumbing shared by the local protocol servers: lifecycle, clock, injected faults, buckets
and webhook delivery with bounded, test-friendly retries."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Self, TypeVar
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector, web

LOOPBACK = "127.0.0.1"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

T = TypeVar("T")


def ensure_loopback(url: str) -> None:
    """Refuse to deliver anywhere but this machine: tests never reach the internet."""
    host = urlsplit(url).hostname or ""
    if host not in _LOOPBACK_HOSTS:
        raise ValueError(f"refusing to deliver to non-loopback URL {url!r}")


class Clock:
    """Unix time that a test can move forward (e.g. past the 24 h window or 48 h deletes)."""

    def __init__(self, source: Callable[[], float] | None = None) -> None:
        self._source = source or time.time
        self.offset = 0.0

    def now(self) -> float:
        return self._source() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Rule(Generic[T]):
    """An injected behaviour for the next `remaining` matching calls (None: until cleared)."""

    payload: T
    remaining: int | None = 1
    method: str | None = None
    key: str | None = None

    def matches(self, method: str, key: str | None) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.key is None or self.key == key


class RuleQueue(Generic[T]):
    """First-come rules consumed by matching calls."""

    def __init__(self) -> None:
        self._rules: list[Rule[T]] = []

    def add(self, rule: Rule[T]) -> None:
        if rule.remaining is not None and rule.remaining <= 0:
            raise ValueError("count must be positive (or None for 'until cleared')")
        self._rules.append(rule)

    def take(self, method: str, key: str | None) -> T | None:
        for rule in self._rules:
            if rule.matches(method, key):
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        self._rules.remove(rule)
                return rule.payload
        return None

    def clear(self) -> None:
        self._rules.clear()

    def __len__(self) -> int:
        return len(self._rules)


class TokenBucket:
    """`rate` tokens per second up to `burst`; `take()` answers 0 or the seconds to wait."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._stamp = clock()

    def take(self) -> float:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate


@dataclass
class Attempt:
    """One HTTP attempt at delivering a webhook."""

    number: int
    status: int | None
    error: str | None
    elapsed: float
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status <= 299


async def post_with_retries(
    session: ClientSession,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    max_attempts: int,
    backoff: Sequence[float],
    answer_within: float,
    accept: Callable[[int], bool],
) -> list[Attempt]:
    """POST `body` until `accept(status)` or `max_attempts`; an answer slower than
    `answer_within` seconds counts as a failure."""
    ensure_loopback(url)
    attempts: list[Attempt] = []
    for number in range(1, max_attempts + 1):
        started = time.monotonic()
        try:
            async with session.post(
                url, data=body, headers=dict(headers),
                timeout=ClientTimeout(total=answer_within),
            ) as response:
                payload = await response.read()
            attempt = Attempt(number, response.status, None, time.monotonic() - started, payload)
        except TimeoutError:
            attempt = Attempt(number, None, "timeout", time.monotonic() - started)
        except ClientError as exc:
            error = f"{type(exc).__name__}: {exc}"
            attempt = Attempt(number, None, error, time.monotonic() - started)
        attempts.append(attempt)
        if attempt.status is not None and accept(attempt.status):
            break
        if number < max_attempts and backoff:
            await asyncio.sleep(backoff[min(number - 1, len(backoff) - 1)])
    return attempts


@dataclass
class _Lifecycle:
    runner: web.AppRunner
    session: ClientSession
    url: str
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)


class FakeServer:
    """An aiohttp app on 127.0.0.1:<ephemeral port> plus a client session for deliveries.

    Use as `async with Server(...) as srv:` or `await srv.start()` ... `await srv.close()`.
    """

    def __init__(
        self, *, host: str = LOOPBACK, port: int = 0, clock: Callable[[], float] | None = None
    ) -> None:
        self.host = host
        self.port = port
        self.clock = Clock(clock)
        self._life: _Lifecycle | None = None
        self.closing = asyncio.Event()

    def build_app(self) -> web.Application:
        raise NotImplementedError

    async def start(self) -> Self:
        if self._life is not None:
            raise RuntimeError("already started")
        runner = web.AppRunner(self.build_app(), access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        port = runner.addresses[0][1]
        session = ClientSession(
            connector=TCPConnector(limit=200, force_close=False), trust_env=False
        )
        self._life = _Lifecycle(runner, session, f"http://{self.host}:{port}")
        self.closing = asyncio.Event()
        return self

    async def close(self) -> None:
        life, self._life = self._life, None
        if life is None:
            return
        self.closing.set()
        for task in list(life.tasks):
            task.cancel()
        await asyncio.gather(*life.tasks, return_exceptions=True)
        await life.session.close()
        await life.runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def _started(self) -> _Lifecycle:
        if self._life is None:
            raise RuntimeError("server not started")
        return self._life

    @property
    def url(self) -> str:
        """Root URL, e.g. http://127.0.0.1:41234."""
        return self._started.url

    @property
    def session(self) -> ClientSession:
        return self._started.session

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run a background job owned by the server (cancelled on close, awaited by drain)."""
        tasks = self._started.tasks
        task = asyncio.get_running_loop().create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait until every background job (e.g. status webhooks) has finished."""
        while self._life is not None and self._life.tasks:
            await asyncio.gather(*list(self._life.tasks), return_exceptions=True)
