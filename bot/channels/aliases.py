"""Option ids too long for a platform travel as short aliases (``render_text.alias``); the
sender remembers alias -> id per user, the inbound side turns a pressed alias back into the
option id the engine offered. Both channels use this; the mapping lives a week."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from redis.asyncio import Redis

from bot.channels.render_text import ALIAS_PREFIX

TTL_S = 7 * 86_400


class Aliases:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def key(tag: str) -> str:
        return f"aliases:{tag}"

    async def remember(self, tag: str, mapping: Mapping[str, str]) -> None:
        if not mapping:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.key(tag), mapping=cast(Any, dict(mapping)))
            pipe.expire(self.key(tag), TTL_S)
            await pipe.execute()

    async def resolve(self, tag: str, carried: str) -> str:
        """The option id behind ``carried`` (itself when it is no alias or unknown)."""
        if not carried.startswith(ALIAS_PREFIX):
            return carried
        original = await self.redis.hget(self.key(tag), carried)
        if original is None:
            return carried
        return original.decode() if isinstance(original, bytes) else str(original)
