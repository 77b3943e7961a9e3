"""The handoff desk: conversations waiting for an agent, and who owns each one (Redis).

A conversation asks for an agent («asesor»): it enters the queue under an opaque id (a
keyed hash of its key; the key itself, which holds the user's phone or chat id, is stored
encrypted beside it). An agent takes it over with one script that sets its owner only if it
has none, so of two agents taking it at once exactly one wins; only the owner can hand it
back. Everything here expires after ``KEEP_S``: a forgotten handoff does not stay forever.

The conversation's own state says whether it is waiting or owned (DESIGN "Handoff is a state
of the conversation"); the desk is the index the console reads and the arbiter of ownership.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from redis.asyncio import Redis

from bot.pipeline.redis_client import text, text_fields
from domain.identifiers import mask
from domain.security.crypto import Keyring

KEEP_S = 8 * 3600
QUEUE = "handoff:{desk}:queue"
TAKEN = "handoff:{desk}:taken"
"""The desk's keys share the ``{desk}`` hash tag: its scripts and transactions name an
entry and both indexes, which must live in one slot on Redis Cluster. (The desk is small:
conversations waiting for a person.)"""
TAKES = "handoff:{desk}:takes"
"""When the last ``RECENT_TAKES`` conversations were taken over (newest first): the pace
at which agents take the queue, for a wait estimate."""
RECENT_TAKES = 20
PACE_WINDOW_S = 2 * 3600
"""Takes older than this say nothing about the pace now."""

_TAKE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'owner', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'taken_at', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('LPUSH', KEYS[4], ARGV[2])
redis.call('LTRIM', KEYS[4], 0, ARGV[5] - 1)
return 1
"""

_RELEASE = """
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1
"""

_MOVE = """
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local entry = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[2], unpack(entry))
redis.call('HSET', KEYS[2], 'key', ARGV[3], 'shown', ARGV[4])
redis.call('PEXPIRE', KEYS[2], math.max(redis.call('PTTL', KEYS[1]), 1))
redis.call('DEL', KEYS[1])
for i = 3, 4 do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[1])
  if score then
    redis.call('ZREM', KEYS[i], ARGV[1])
    redis.call('ZADD', KEYS[i], score, ARGV[2])
  end
end
return 1
"""


def _info(conversation_id: str) -> str:
    return f"handoff:{{desk}}:conv:{conversation_id}"


@dataclass(frozen=True)
class Wait:
    """Where a waiting conversation stands: its place (1 = next) and, when agents have
    taken conversations lately, about how many minutes until its turn."""

    position: int
    minutes: int | None


def estimate_minutes(position: int, takes: list[float], now: float) -> int | None:
    """``position`` times the mean interval between the recent takes (within
    ``PACE_WINDOW_S``); ``None`` with fewer than two of them."""
    recent = sorted(t for t in takes if now - t <= PACE_WINDOW_S)
    if len(recent) < 2:
        return None
    interval = (recent[-1] - recent[0]) / (len(recent) - 1)
    return max(1, round(position * interval / 60))


@dataclass(frozen=True)
class DeskEntry:
    id: str
    conversation_key: str
    channel: str
    shown_user: str
    """The user's id on the channel, masked (``******5678``)."""
    since: datetime
    owner: str | None


class HandoffDesk:
    def __init__(self, redis: Redis, keyring: Keyring) -> None:
        self.redis = redis
        self.keyring = keyring
        self._take = redis.register_script(_TAKE)
        self._release = redis.register_script(_RELEASE)
        self._move = redis.register_script(_MOVE)

    def conversation_id(self, conversation_key: str) -> str:
        return self.keyring.lookup.digest(conversation_key, "handoff")[:24]

    async def enqueue(self, conversation_key: str, now: datetime) -> str:
        """The conversation waits for an agent (again: its place in the queue is kept)."""
        conversation_id = self.conversation_id(conversation_key)
        channel, _, user = conversation_key.partition(":")
        sealed = self.keyring.state.encrypt(conversation_key, "handoff:" + conversation_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(_info(conversation_id), mapping={
            "key": sealed, "channel": channel, "shown": mask(user),
            "since": str(now.timestamp())})
        pipe.expire(_info(conversation_id), KEEP_S)
        pipe.zadd(QUEUE, {conversation_id: now.timestamp()}, nx=True)
        await pipe.execute()
        return conversation_id

    async def leave(self, conversation_key: str) -> None:
        """The user left the queue or the agent (``cancelar``)."""
        conversation_id = self.conversation_id(conversation_key)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(_info(conversation_id))
        pipe.zrem(QUEUE, conversation_id)
        pipe.zrem(TAKEN, conversation_id)
        await pipe.execute()

    async def move(self, old_key: str, new_key: str) -> bool:
        """The conversation's key changed (a WhatsApp user's new number): its entry, its
        place in the queue or its agent, and its time stay; only the key and the masked
        id change. Nothing moves when the new key already has an entry."""
        old_id, new_id = self.conversation_id(old_key), self.conversation_id(new_key)
        _, _, user = new_key.partition(":")
        sealed = self.keyring.state.encrypt(new_key, "handoff:" + new_id)
        return bool(await self._move(keys=[_info(old_id), _info(new_id), QUEUE, TAKEN],
                                     args=[old_id, new_id, sealed, mask(user)]))

    async def take(self, conversation_id: str, staff_id: str, now: datetime) -> bool:
        """Own the conversation if nobody does; ``False`` if someone else was first (or it
        is no longer waiting)."""
        return bool(await self._take(keys=[_info(conversation_id), QUEUE, TAKEN, TAKES],
                                     args=[staff_id, now.timestamp(), conversation_id,
                                           KEEP_S, RECENT_TAKES]))

    async def wait(self, conversation_key: str, now: datetime) -> Wait | None:
        """The conversation's place in the queue and a rough wait; ``None`` when it is not
        waiting (taken, or gone)."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.zrank(QUEUE, self.conversation_id(conversation_key))
        pipe.lrange(TAKES, 0, -1)
        rank, takes = await pipe.execute()
        if rank is None:
            return None
        position = int(rank) + 1
        return Wait(position, estimate_minutes(position, [float(text(t)) for t in takes],
                                               now.timestamp()))

    async def release(self, conversation_id: str, staff_id: str) -> bool:
        """Hand the conversation back; only its owner can."""
        return bool(await self._release(keys=[_info(conversation_id), QUEUE, TAKEN],
                                        args=[staff_id, conversation_id]))

    async def entry(self, conversation_id: str) -> DeskEntry | None:
        raw = await self.redis.hgetall(_info(conversation_id))
        if not raw:
            return None
        fields = text_fields(raw)
        key = self.keyring.state.decrypt(fields["key"], "handoff:" + conversation_id)
        return DeskEntry(conversation_id, key, fields["channel"], fields["shown"],
                         datetime.fromtimestamp(float(fields["since"]), UTC),
                         fields.get("owner"))

    async def _entries(self, index: str) -> list[DeskEntry]:
        ids = [text(i) for i in await self.redis.zrange(index, 0, -1)
               if isinstance(i, bytes | str)]
        entries = await asyncio.gather(*(self.entry(i) for i in ids))  # reads share trips
        gone = [i for i, e in zip(ids, entries, strict=True) if e is None]
        if gone:  # expired: drop them from the index
            await self.redis.zrem(index, *gone)
        return [e for e in entries if e is not None]

    async def waiting(self) -> list[DeskEntry]:
        """Oldest first."""
        return await self._entries(QUEUE)

    async def taken(self, staff_id: str | None = None) -> list[DeskEntry]:
        """Taken over by ``staff_id``, or by anyone."""
        return [e for e in await self._entries(TAKEN) if staff_id is None or e.owner == staff_id]
