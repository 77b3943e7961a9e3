"""Send-rate limits shared by every process, kept in Redis.

A token bucket per scope (a bot's overall rate, a chat, a WhatsApp number, a user pair)
plus a "blocked until" mark per scope set when a platform answers "too many requests".
``wait(scope)`` takes a token and returns 0, or returns how many seconds to wait (taking
nothing). One script call per scope: scopes of different users live in different Cluster
slots, so they are never mixed in one script. A scope's two keys share its hash tag: the
user's (``telegram:{tag}``) or, for a scope without one (a bot, a number), the whole scope.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.pipeline.sender import Outcome, Status

_TAKE_TEMPLATE = """
{peek}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {{0, blocked{seen}}} end
local rate = tonumber(ARGV[1]) / 1000
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - ts) * rate)
local want = tonumber(ARGV[3] or '1')
local granted = math.min(want, math.floor(tokens))
local wait = 0
if granted >= 1 then tokens = tokens - granted else
  granted = 0
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return {{granted, wait{seen}}}
"""
_TAKE = _TAKE_TEMPLATE.format(peek="", seen="")
_TAKE_PEEKING = _TAKE_TEMPLATE.format(peek="local seen = redis.call('EXISTS', KEYS[3])",
                                      seen=", seen")
"""The same take, also saying whether a key of the same user exists (one round trip where
a send needs both: WhatsApp's 24-hour window and the pair rate)."""


def _keys(scope: str) -> list[str]:
    """The bucket and the block mark of ``scope``, in one Cluster slot."""
    tagged = scope if "{" in scope else "{" + scope + "}"
    return [f"rate:{tagged}", f"rate-block:{tagged}"]


@dataclass(frozen=True)
class Limit:
    per_second: float
    burst: int


class RateLimiter:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._take = redis.register_script(_TAKE)
        self._take_peeking = redis.register_script(_TAKE_PEEKING)

    async def wait(self, scope: str, limit: Limit) -> float:
        """0 when a send may go now (a token was taken), else the seconds to wait."""
        granted, wait = await self.take(scope, limit, 1)
        return 0.0 if granted else wait

    async def take(self, scope: str, limit: Limit, want: int) -> tuple[int, float]:
        """Up to ``want`` tokens: (how many were granted, seconds to wait if none)."""
        granted, waited = await self._take(keys=_keys(scope),
                                           args=[limit.per_second, limit.burst, want])
        return int(granted), int(waited) / 1000

    async def take_peeking(self, scope: str, limit: Limit, peek: str) -> tuple[bool, float, bool]:
        """One token of ``scope`` (as ``wait``) and whether key ``peek`` exists: (granted,
        seconds to wait if not, exists). ``peek`` must share the scope's Cluster slot."""
        granted, waited, seen = await self._take_peeking(
            keys=[*_keys(scope), peek],
            args=[limit.per_second, limit.burst, 1])
        return bool(int(granted)), int(waited) / 1000, bool(int(seen))

    async def block(self, scope: str, seconds: float) -> None:
        """The platform said "retry after": nothing for this scope until then."""
        await self.redis.set(_keys(scope)[1], "1", px=max(1, int(seconds * 1000)))


MAX_INLINE_WAIT_S = 2.0


class SharedTokens:
    """Tokens of a scope many sends of this process share (a bot, a number), fetched from
    Redis a handful at a time: one call per chunk instead of one per send, and one waiter
    at a time asks Redis while the others queue (no herd of retries). Unused tokens lapse
    after a second, so the rate holds across processes."""

    def __init__(self, limiter: RateLimiter, scope: str, limit: Limit) -> None:
        self.limiter = limiter
        self.scope = scope
        self.limit = limit
        self.chunk = max(1, int(limit.per_second // 10))
        self._tokens = 0
        self._fetched_at = 0.0
        self._gate = asyncio.Lock()

    async def acquire(self) -> Outcome | None:
        async with self._gate:
            loop = asyncio.get_running_loop()
            if self._tokens and loop.time() - self._fetched_at > 1.0:
                self._tokens = 0
            while not self._tokens:
                granted, wait = await self.limiter.take(self.scope, self.limit, self.chunk)
                if granted:
                    self._tokens, self._fetched_at = granted, loop.time()
                    break
                if wait > MAX_INLINE_WAIT_S:
                    return Outcome(Status.WAIT, wait, "rate limit")
                await asyncio.sleep(wait)
            self._tokens -= 1
            return None


async def paced(limiter: RateLimiter, scope: str, limit: Limit,
                gate: asyncio.Lock | None = None) -> Outcome | None:
    """Take a token for ``scope``; ``None`` when the send may go, or a retry outcome when
    the wait would be long (a 429 "blocked until"). For a scope many sends share (a bot, a
    number) pass a ``gate``: one waiter per process asks Redis while the others queue behind
    it, instead of a herd of retries."""
    async with gate or contextlib.nullcontext():
        while (wait := await limiter.wait(scope, limit)) > 0:
            if wait > MAX_INLINE_WAIT_S:
                return Outcome(Status.WAIT, wait, "rate limit")
            await asyncio.sleep(wait)
    return None
