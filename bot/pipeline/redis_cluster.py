"""The Redis Cluster client of a serve process (``MICUENTA_REDIS_CLUSTER=true``).

redis-py's cluster client (``redis.asyncio.cluster.RedisCluster``) finds the nodes from any
one of them, sends each command to the master of its key's slot and follows ``MOVED`` and
``ASK`` when slots move or a replica takes over. As on one node (``bot/pipeline/redis_client.py``)
the single commands issued by concurrent tasks during one turn of the event loop are sent
together at the next turn, here through redis-py's cluster pipeline, which groups them by
node: one round trip per node that holds any of them, each caller getting its own reply or
its own error. Commands that block their connection, and commands without a key (the
pipeline could not place them: ``SCRIPT LOAD`` goes to every master, ``PING`` to one), go
alone.

Every script and every transaction of the service names keys of one hash slot (the keys
share a ``{...}`` tag); the cluster refuses anything else with ``CROSSSLOT``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio.cluster import RedisCluster

from bot.pipeline.redis_client import (
    BLOCKING,
    MAX_CONNECTIONS,
    CommandBatching,
    Queued,
    command_name,
    raise_unless_exception,
)

STREAM_READS = frozenset({"XREADGROUP", "XREAD"})
UNBATCHED = (BLOCKING - STREAM_READS) | frozenset({
    "SCRIPT LOAD", "SCRIPT", "PING", "INFO", "TIME", "FLUSHDB", "FLUSHALL", "DBSIZE", "KEYS",
    "SCAN", "CLUSTER", "CONFIG", "CONFIG GET", "CONFIG SET", "DEBUG", "CLIENT", "ECHO",
    "MEMORY", "SLOWLOG", "LASTSAVE", "BGSAVE", "BGREWRITEAOF", "COMMAND", "MGET", "MSET",
    "DEL", "UNLINK", "EXISTS", "TOUCH",
})
"""Never batched: what may block, what has no key (sent to one, several or all nodes as
redis-py's command flags say), and what may name keys of several slots (redis-py splits
``DEL``/``MGET`` of several slots itself). A stream read is batched unless it blocks:
the inbox reads each partition without blocking, all of a node's in one round trip."""


_READ_OPTIONS = {b"COUNT": 2, b"BLOCK": 2, b"NOACK": 1}
"""The options a stream read may have before ``STREAMS``, and how many arguments each
takes (itself included)."""


def stream_read_keys(name: str, args: tuple[Any, ...]) -> list[Any] | None:
    """The streams an ``XREAD``/``XREADGROUP`` names (``args`` after the command's name),
    or ``None`` when the arguments are not what the service sends."""
    at = 3 if name == "XREADGROUP" else 0  # GROUP group consumer
    while at < len(args):
        word = args[at]
        word = (word if isinstance(word, bytes) else str(word).encode()).upper()
        if word == b"STREAMS":
            rest = args[at + 1:]
            if not rest or len(rest) % 2:
                return None
            return list(rest[:len(rest) // 2])
        step = _READ_OPTIONS.get(word)
        if step is None:
            return None
        at += step
    return None


def cluster_client(url: str) -> AutoPipelineRedisCluster:
    """The cluster client: ``url`` names any node; the others are found from it."""
    client = AutoPipelineRedisCluster.from_url(url, max_connections=MAX_CONNECTIONS)
    assert isinstance(client, AutoPipelineRedisCluster)
    return client


# redis-py's own bases disagree on ``command_info``; mypy sees it once there are two bases
class AutoPipelineRedisCluster(CommandBatching, RedisCluster):  # type: ignore[misc]
    """A ``RedisCluster`` whose single commands share round trips, one per node."""

    async def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        name = command_name(args[0])
        if (name in UNBATCHED or len(args) < 2 or "target_nodes" in kwargs
                or (name == "EVALSHA" and args[2] in (0, "0"))
                or (name in STREAM_READS and any(command_name(a) == "BLOCK" for a in args
                                                 if isinstance(a, str | bytes)))):
            return await super().execute_command(*args, **kwargs)
        return await self._queue(args, kwargs)

    async def _determine_slot(self, command: str, *args: Any) -> int:
        """The slot of a stream read found here: redis-py asks a node (``COMMAND GETKEYS``,
        a round trip, always to the same node) for every ``XREADGROUP``, whose keys follow
        the ``STREAMS`` keyword, which its key specs cannot place. The inbox reads each
        partition on its own, dozens of times a second: that doubled the reads' commands
        and put half of them on one master."""
        name = command_name(command)
        if name in STREAM_READS:
            keys = stream_read_keys(name, args)
            if keys:
                slots = {self.keyslot(key) for key in keys}
                if len(slots) == 1:
                    return slots.pop()
        return await super()._determine_slot(command, *args)

    async def _send(self, batch: list[Queued]) -> None:
        """One cluster pipeline for the batch: redis-py sends each node its commands in one
        write, follows redirections and retries after a failover as for a single command.
        An error reply goes to its caller alone."""
        self.batches_sent += 1
        self.commands_sent += len(batch)
        try:
            pipe = self.pipeline(transaction=False)
            for args, kwargs, _ in batch:
                pipe.execute_command(*args, **kwargs)
            replies = await pipe.execute(raise_on_error=False)
        except BaseException as error:
            for _, _, answer in batch:
                if not answer.done():
                    answer.set_exception(error)
            raise_unless_exception(error)
            return
        for (_, _, answer), reply in zip(batch, replies, strict=True):
            if answer.done():  # its caller was cancelled meanwhile
                continue
            if isinstance(reply, Exception):
                answer.set_exception(reply)
            else:
                answer.set_result(reply)

    async def aclose(self) -> None:  # type: ignore[override]
        if self._batches:
            await asyncio.gather(*self._batches, return_exceptions=True)
        await super().aclose()
