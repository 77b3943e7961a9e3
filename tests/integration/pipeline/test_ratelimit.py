"""Send-rate token buckets shared through Redis."""

from __future__ import annotations

from redis.asyncio import Redis

from bot.pipeline.ratelimit import Limit, RateLimiter

SLOW = Limit(per_second=0.5, burst=2)


async def test_a_bucket_grants_its_burst_then_says_how_long_to_wait(redis: Redis) -> None:
    limiter = RateLimiter(redis)
    assert await limiter.wait("pair:{u1}", SLOW) == 0
    assert await limiter.wait("pair:{u1}", SLOW) == 0
    wait = await limiter.wait("pair:{u1}", SLOW)
    assert 1.5 < wait <= 2.0, "one token every two seconds"
    assert await limiter.wait("pair:{u2}", SLOW) == 0, "another scope has its own bucket"


async def test_a_blocked_scope_waits_out_the_block(redis: Redis) -> None:
    limiter = RateLimiter(redis)
    await limiter.block("pair:{u1}", 5.0)
    assert 4.0 < await limiter.wait("pair:{u1}", SLOW) <= 5.0


async def test_take_peeking_takes_a_token_and_says_whether_the_key_exists(
        redis: Redis) -> None:
    limiter = RateLimiter(redis)
    assert await limiter.take_peeking("pair:{u1}", SLOW, "window:{u1}") == (True, 0.0, False)
    await redis.set("window:{u1}", "1")
    assert await limiter.take_peeking("pair:{u1}", SLOW, "window:{u1}") == (True, 0.0, True)
    granted, wait, seen = await limiter.take_peeking("pair:{u1}", SLOW, "window:{u1}")
    assert (granted, seen) == (False, True) and 1.5 < wait <= 2.0
    await limiter.block("pair:{u1}", 3.0)
    granted, wait, seen = await limiter.take_peeking("pair:{u1}", SLOW, "window:{u1}")
    assert (granted, seen) == (False, True) and 2.0 < wait <= 3.0
