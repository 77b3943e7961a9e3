"""The shared retry loop of SMTP and the SMS gateway (``bot/ops/retry.py``), on its own."""

from __future__ import annotations

import asyncio

import pytest

from bot.ops.retry import RetryPolicy, Transient, retrying

FAST = RetryPolicy(attempts=3, base=0.001, cap=0.01)


class Flaky:
    """Fails transiently ``failures`` times, then answers ``"sent"``."""

    def __init__(self, failures: int, wait: float | None = None) -> None:
        self.failures = failures
        self.wait = wait
        self.calls: list[int] = []
        self.retries: list[tuple[int, str]] = []

    async def __call__(self, attempt: int) -> str:
        self.calls.append(attempt)
        if len(self.calls) <= self.failures:
            raise Transient(f"HTTP 503 #{attempt}", self.wait)
        return "sent"

    def told(self, attempt: int, failure: Transient, delay: float) -> None:
        self.retries.append((attempt, failure.reason))


async def test_a_transient_failure_is_tried_again_until_it_works() -> None:
    flaky = Flaky(failures=2)
    assert await retrying(FAST, flaky, flaky.told) == "sent"
    assert flaky.calls == [1, 2, 3]
    assert flaky.retries == [(1, "HTTP 503 #1"), (2, "HTTP 503 #2")]


async def test_it_gives_up_after_the_policy_s_attempts_with_the_last_reason() -> None:
    flaky = Flaky(failures=5)
    with pytest.raises(Transient) as gave_up:
        await retrying(FAST, flaky, flaky.told)
    assert (gave_up.value.attempts, gave_up.value.reason) == (3, "HTTP 503 #3")
    assert flaky.calls == [1, 2, 3]


async def test_any_other_failure_is_final() -> None:
    calls = []

    async def refused(attempt: int) -> None:
        calls.append(attempt)
        raise PermissionError("401")

    with pytest.raises(PermissionError):
        await retrying(FAST, refused, lambda *_: None)
    assert calls == [1]


async def test_a_wait_asked_for_is_honoured_up_to_the_cap() -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    flaky = Flaky(failures=1, wait=3600)
    await retrying(RetryPolicy(attempts=2, base=0.001, cap=0.05), flaky, flaky.told)
    assert 0.04 <= loop.time() - started < 1


def test_the_delays_double_up_to_the_cap_with_jitter() -> None:
    policy = RetryPolicy(attempts=9, base=1.0, cap=5.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (8, 5.0)]:
        delays = [policy.delay(attempt) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > 0, "jittered"
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0, base=1.0, cap=1.0)
