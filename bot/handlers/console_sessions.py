"""Console sessions in Redis: a random token in an HttpOnly cookie, kept under its SHA-256.

A session ends after 15 idle minutes, and 8 hours after its login however busy it is
(ASVS 3.3.2): every request renews the idle time but never past the absolute end, so a
console left open and polling still ends. Each staff member's sessions are listed in a
set, so "end all my sessions" (a stolen cookie, a shared computer) deletes every one of
them, and logging out deletes the session on the server, not just the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis

from bot.pipeline.redis_client import text_fields
from domain.staff.model import Staff, StaffRole

IDLE_S = 15 * 60
ABSOLUTE_S = 8 * 3600


@dataclass(frozen=True)
class ConsoleSession:
    token_hash: str
    staff: Staff
    csrf: str


def session_key(token: str) -> str:
    return "console:session:" + hashlib.sha256(token.encode()).hexdigest()


def _index_key(staff_id: str) -> str:
    return f"console:sessions-of:{staff_id}"


@dataclass(frozen=True)
class ConsoleSessions:
    redis: Redis

    async def open(self, staff: Staff, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        key = session_key(token)
        index = _index_key(staff.id)
        # one round trip, not a transaction: the two keys may live on two cluster nodes
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.hset(key, mapping={"staff": staff.id, "email": staff.email,
                                    "role": staff.role.value,
                                    "csrf": secrets.token_urlsafe(24),
                                    "born": int(now.timestamp())})
            pipe.expire(key, IDLE_S)
            pipe.sadd(index, key)
            pipe.expire(index, ABSOLUTE_S)
            await pipe.execute()
        return token

    async def find(self, token: str | None, now: datetime) -> ConsoleSession | None:
        """The session of this cookie, its idle time renewed (never past its absolute end)."""
        if not token:
            return None
        key = session_key(token)
        raw = await self.redis.hgetall(key)
        if not raw:
            return None
        fields = text_fields(raw)
        left = int(fields.get("born", "0")) + ABSOLUTE_S - int(now.timestamp())
        if left <= 0:
            await self.end(key, fields["staff"])
            return None
        await self.redis.expire(key, min(IDLE_S, left))
        staff = Staff(fields["staff"], fields["email"], StaffRole(fields["role"]))
        return ConsoleSession(key, staff, fields["csrf"])

    async def end(self, key: str, staff_id: str) -> None:
        await self.redis.delete(key)
        await self.redis.srem(_index_key(staff_id), key)

    async def end_all(self, staff_id: str) -> int:
        """Every session of this staff member, wherever it was opened; how many there were."""
        index = _index_key(staff_id)
        keys = await self.redis.smembers(index)
        for key in keys:  # one by one: on a Redis Cluster they sit in different slots
            await self.redis.delete(key)
        await self.redis.delete(index)
        return len(keys)
