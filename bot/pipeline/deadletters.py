"""Dead letters: inbox entries that could not be handled, set aside for an operator.

An entry whose handling keeps failing (``MICUENTA_INBOX_MAX_ATTEMPTS`` deliveries, counted
by the stream's own pending-entry delivery count, so restarts and takeovers count too), or
that can never be handled (an update the channel's library cannot parse, a signed body with
the wrong types inside, an entry that cannot be opened), leaves its partition for the
``inbox:dead`` stream with the reason: the error's type and message, never the user's text
(the payload stays sealed as it was in the inbox). ``micuenta inbox dead`` lists them,
``--replay ID`` puts one back into its partition (past the duplicate check: it was seen),
``--drop ID`` deletes it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from bot.pipeline.redis_client import text as as_text
from bot.pipeline.redis_client import text_fields

log = logging.getLogger(__name__)

DEAD = "inbox:dead"
DEAD_MAXLEN = 100_000
REASON_CHARS = 300


class Unprocessable(Exception):
    """The entry can never be handled as it is (retrying gives the same failure): it goes to
    the dead letters at once."""


def reason_of(error: BaseException) -> str:
    """What failed, for the operator: the error's type and message, cut short."""
    cause = error.__cause__ if isinstance(error, Unprocessable) and error.__cause__ else error
    return f"{type(cause).__name__}: {cause}"[:REASON_CHARS]


@dataclass(frozen=True)
class DeadLetter:
    id: str
    channel: str
    partition: int
    entry_id: str
    attempts: int
    reason: str
    at: float
    sealed: str

    def summary(self) -> dict[str, Any]:
        """What ``micuenta inbox dead`` prints: everything but the sealed payload."""
        return {"id": self.id, "channel": self.channel, "partition": self.partition,
                "entry": self.entry_id, "attempts": self.attempts, "reason": self.reason,
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.at))}


class DeadLetters:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def bury(self, stream: str, group: str, partition: int, entry_id: str,
                   sealed: str, channel: str, attempts: int, reason: str) -> str:
        """Move an entry of ``stream`` to the dead letters: added there, acknowledged and
        deleted here. Returns the dead letter's id.

        On one Redis node that is one transaction. On a Cluster the dead letters and the
        partition live in different slots, so the letter is added first and the entry
        acknowledged after: a process dying in between leaves the entry pending, to be
        buried again by the next owner (a letter twice, never none)."""
        fields = {"e": sealed, "c": channel, "p": str(partition), "s": entry_id,
                  "n": str(attempts), "r": reason[:REASON_CHARS], "t": f"{time.time():.3f}"}
        if isinstance(self.redis, RedisCluster):
            dead_id = await self.redis.xadd(DEAD, fields,  # type: ignore[arg-type]
                                            maxlen=DEAD_MAXLEN, approximate=True)
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.xack(stream, group, entry_id)
                pipe.xdel(stream, entry_id)
                await pipe.execute()
            return as_text(dead_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(DEAD, fields,  # type: ignore[arg-type]
                      maxlen=DEAD_MAXLEN, approximate=True)
            pipe.xack(stream, group, entry_id)
            pipe.xdel(stream, entry_id)
            dead_id, _, _ = await pipe.execute()
        return as_text(dead_id)

    async def list(self, count: int = 100) -> list[DeadLetter]:
        entries: Any = await self.redis.xrange(DEAD, count=count)
        return [_letter(entry_id, fields) for entry_id, fields in entries]

    async def get(self, dead_id: str) -> DeadLetter | None:
        entries: Any = await self.redis.xrange(DEAD, dead_id, dead_id)
        return _letter(*entries[0]) if entries else None

    async def replay(self, dead_id: str, stream: str) -> str | None:
        """Back into ``stream`` (its partition's) as a new entry; ``None`` if unknown."""
        letter = await self.get(dead_id)
        if letter is None:
            return None
        if isinstance(self.redis, RedisCluster):  # two slots: back in first (see bury)
            new_id = await self.redis.xadd(stream, {"e": letter.sealed})
            await self.redis.xdel(DEAD, dead_id)
            return as_text(new_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(stream, {"e": letter.sealed})
            pipe.xdel(DEAD, dead_id)
            new_id, _ = await pipe.execute()
        return as_text(new_id)

    async def drop(self, dead_id: str) -> bool:
        return bool(await self.redis.xdel(DEAD, dead_id))

    async def count(self) -> int:
        return int(await self.redis.xlen(DEAD))


def _letter(entry_id: Any, fields: dict[Any, Any]) -> DeadLetter:
    text = text_fields(fields)
    return DeadLetter(as_text(entry_id), text.get("c", "?"), int(text.get("p", "-1")),
                      text.get("s", ""), int(text.get("n", "0")), text.get("r", ""),
                      float(text.get("t", "0")), text.get("e", ""))
