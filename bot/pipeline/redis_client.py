"""The Redis client of a serve process: redis-py, with the commands of concurrent tasks
sent together.

Under load hundreds of tasks (webhooks, inbox workers, senders) each await one command
at a time. Sent one by one, every command pays redis-py's whole path (take a pooled
connection, check it, write, read, give it back) and a write and a read system call on
both ends. ``AutoPipelineRedis`` queues the commands issued during one turn of the event
loop and, at the next turn, writes them at once on one connection and reads the replies
back in order; each caller still gets its own reply or its own error. Under load a command
costs a fraction of what it costs alone; alone, a command waits one loop turn more (the
figures: README, "Benchmarks", "Figures behind the design").

What changes nothing for a caller: commands of one task run in the order it awaits them
(it awaits each before issuing the next), and commands of different tasks were never
ordered with respect to each other. What must not be queued is anything that blocks the
connection (``XREADGROUP ... BLOCK``, ``BLPOP``...): those go alone, as before. Explicit
``pipeline()`` transactions are unchanged.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any, cast

import hiredis
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import AbstractConnection, Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import DataError, ResponseError

BLOCKING = frozenset({
    "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP",
    "XREAD", "XREADGROUP", "WAIT", "WAITAOF", "SUBSCRIBE", "PSUBSCRIBE", "MONITOR",
})
"""Commands that may hold their connection for a while: never batched with others."""

MAX_CONNECTIONS = 256
CONNECT_TIMEOUT_S = 5.0
RESENDS_ON_FRESH_FAILURE = 2
IDLE_KEPT = 16
"""Connections the batching path keeps between batches instead of giving them back to the
pool: taking one from the pool and giving it back (a condition, a lock, a timeout and the
pool's own bookkeeping) cost about as much as reading a batch's replies."""
REPLIES_TIMEOUT_S = 10.0
"""How long a batch may wait for its replies (one timer per batch, not per command): a
Redis that stopped answering fails the callers instead of holding them forever."""


def serving_client(url: str) -> AutoPipelineRedis:
    """The client a serve process uses: a bounded pool that makes callers wait for a free
    connection under load instead of failing ("too many connections"), commands packed by
    hiredis, single commands of concurrent tasks sharing round trips."""
    pool = BlockingConnectionPool.from_url(url, max_connections=MAX_CONNECTIONS, timeout=30,
                                           socket_connect_timeout=CONNECT_TIMEOUT_S)
    pool.connection_class = packed_by_hiredis(pool.connection_class)
    client = AutoPipelineRedis.from_pool(pool)  # closing the client closes its connections
    assert isinstance(client, AutoPipelineRedis)
    return client


class _HiredisPacking:
    """Commands put on the wire by hiredis's C packer. redis-py's asyncio connections pack
    in Python, joining bytes argument by argument: a few percent of a serve process's CPU
    under load, since a turn's commit carries the state and the replies. The bytes are the
    same (tested); what hiredis cannot pack is refused the way redis-py refuses it."""

    def pack_command(self, *args: Any) -> list[bytes]:
        command = args[0]
        if isinstance(command, str):
            if " " in command:  # "CONFIG GET": the server wants two arguments
                args = tuple(command.encode().split()) + args[1:]
        elif b" " in command:
            args = tuple(command.split()) + args[1:]
        try:
            return [hiredis.pack_command(args)]
        except TypeError:  # a bytearray (packed once made bytes), or what nobody packs
            pass
        args = tuple(bytes(arg) if isinstance(arg, bytearray) else arg for arg in args)
        try:
            return [hiredis.pack_command(args)]
        except TypeError as error:  # None, a boolean, any other object: as redis-py says
            raise DataError(f"Invalid input: {error} Convert it first.") from error


def packed_by_hiredis(base: type[AbstractConnection]) -> type[AbstractConnection]:
    """``base`` (a TCP, TLS or Unix-socket connection, as the URL chose) packing with
    hiredis."""
    return type(f"HiredisPacked{base.__name__}", (_HiredisPacking, base), {})


Queued = tuple[tuple[Any, ...], dict[str, Any], "asyncio.Future[Any]"]


def text(value: bytes | str) -> str:
    """A reply of this client (bytes: it does not decode) as text."""
    return value.decode() if isinstance(value, bytes) else value


def text_fields(raw: dict[Any, Any]) -> dict[str, str]:
    """An ``HGETALL`` reply as text keys and values."""
    return {text(key): text(value) for key, value in raw.items()}


def raise_unless_exception(error: BaseException) -> None:
    """Let cancellation and interpreter exits through; a Redis or network error has been
    handed to the callers already."""
    if not isinstance(error, Exception):
        raise error


def command_name(command: Any) -> str:
    """A command's name as redis-py was handed it (str or bytes), upper case."""
    if isinstance(command, bytes):
        return command.decode("ascii", "replace").upper()
    return str(command).upper()


class CommandBatching(ABC):
    """The batching both clients share: the commands issued in one loop turn are queued and
    sent together at the turn's end by the client's ``_send`` (one connection for one
    node, one cluster pipeline for a cluster); each caller awaits its own answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queued: list[Queued] | None = None
        self._batches: set[asyncio.Task[None]] = set()
        self.batches_sent = 0
        self.commands_sent = 0

    def counts(self) -> tuple[int, int]:
        """(round trips, commands) sent so far by the batching path."""
        return self.batches_sent, self.commands_sent

    async def _queue(self, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        if self._queued is None:
            self._queued = []
            loop.call_soon(self._send_queued)
        self._queued.append((args, options, answer))
        return await answer

    def _send_queued(self) -> None:
        batch, self._queued = self._queued or [], None
        if not batch:
            return
        task = asyncio.ensure_future(self._send(batch))
        self._batches.add(task)
        task.add_done_callback(self._batches.discard)

    @abstractmethod
    async def _send(self, batch: list[Queued]) -> None:
        """Send the batch the client's way and settle each caller's answer."""


# redis-py's own bases disagree on ``command_info``; mypy sees it once there are two bases
class AutoPipelineRedis(CommandBatching, Redis):  # type: ignore[misc]
    """A ``redis.asyncio.Redis`` whose single commands share round trips (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[AbstractConnection] = []

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        if command_name(args[0]) in BLOCKING:
            return await super().execute_command(*args, **options)
        return await self._queue(args, options)

    async def _send(self, batch: list[Queued]) -> None:
        """One connection (kept between batches, see ``IDLE_KEPT``; after a failure a
        checked one from the pool), one write for the whole batch, then each reply read and shaped
        by redis-py (``parse_response``: its decoding and response callbacks) for its
        caller. This is redis-py's own pipeline minus its object and bookkeeping per
        command (cheaper per command: README, "Figures behind the design"). A reply that
        is an error goes to its caller alone.

        A connection found broken before any reply came (typically the server restarted or
        dropped idle connections, so the batch never reached it) is replaced and the batch
        sent again, as redis-py itself retries a command on a connection error. Broken
        after some replies, the callers not yet answered fail and nothing is sent again:
        their commands may have run, and the callers decide."""
        self.batches_sent += 1
        self.commands_sent += len(batch)
        pool = self.connection_pool
        for attempt in range(1 + RESENDS_ON_FRESH_FAILURE):
            try:
                # after a failure, from the pool: it checks the connection (and reconnects)
                connection = (self._idle.pop() if self._idle and not attempt
                              else await pool.get_connection())
            except BaseException as error:
                self._fail(batch, error)
                raise_unless_exception(error)
                return
            replies_read = [0]
            try:
                async with asyncio.timeout(REPLIES_TIMEOUT_S):
                    await self._exchange(connection, batch, replies_read)
            except RedisConnectionError as error:
                await self._drop(connection)
                await self._drop_idle()  # the server went away: the others are broken too
                if replies_read[0] or attempt == RESENDS_ON_FRESH_FAILURE:
                    self._fail(batch, error)
                    return
            except BaseException as error:  # a timeout, a cancellation: callers left hear it
                await self._drop(connection)
                self._fail(batch, error)
                raise_unless_exception(error)
                return
            else:
                if len(self._idle) < IDLE_KEPT:
                    self._idle.append(connection)
                else:
                    await pool.release(connection)
                return

    async def _drop(self, connection: AbstractConnection) -> None:
        await connection.disconnect(nowait=True)
        await self.connection_pool.release(connection)

    async def _drop_idle(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await self._drop(connection)

    async def _exchange(self, connection: AbstractConnection, batch: list[Queued],
                        replies_read: list[int]) -> None:
        await connection.send_packed_command(
            connection.pack_commands([args for args, _, _ in batch]))
        for args, options, answer in batch:
            try:
                reply = await self.parse_response(cast(Connection, connection), args[0],
                                                  **options)
            except ResponseError as error:
                reply = error
            replies_read[0] += 1
            if answer.done():  # its caller was cancelled meanwhile
                continue
            if isinstance(reply, ResponseError):
                answer.set_exception(reply)
            else:
                answer.set_result(reply)

    @staticmethod
    def _fail(batch: list[Queued], error: BaseException) -> None:
        for _, _, answer in batch:
            if not answer.done():
                answer.set_exception(error)

    async def aclose(self, close_connection_pool: bool | None = None) -> None:
        if self._batches:
            await asyncio.gather(*self._batches, return_exceptions=True)
        idle, self._idle = self._idle, []
        for connection in idle:
            await self.connection_pool.release(connection)
        await super().aclose(close_connection_pool)
