"""The one retry rule of the service: exponential backoff with jitter, bounded attempts.

``backoff_delay`` is the delay (the chat senders use it to reschedule a reply);
``retrying`` is the loop that SMTP and the SMS gateway share: the attempt raises
``Transient`` for a failure worth another try (optionally with the wait the other side asked
for), anything else is final and goes straight through; after the last attempt the last
``Transient`` is raised, carrying how many attempts were made.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def backoff_delay(attempt: int, base: float, cap: float, spread: float = 0.5) -> float:
    """``base x 2^attempt`` seconds (at most ``cap``), less a random share of up to
    ``spread`` of it, so that many callers retrying at once spread out (1.0: full jitter)."""
    ceiling = min(cap, base * 2 ** attempt)
    return ceiling * (1 - spread * random.random())  # noqa: S311 - not crypto


class Transient(Exception):
    """This attempt failed in a way worth another try."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait
        """Seconds the other side asked us to wait (a ``Retry-After``), if it said."""
        self.attempts = 0
        """Set when ``retrying`` gives up: the attempts made."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int
    """Tries in all, the first included."""
    base: float
    """The first retry's delay ceiling, in seconds; it doubles each time."""
    cap: float
    """No delay is longer, not even one the other side asked for."""

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")

    def delay(self, attempt: int, wait: float | None = None) -> float:
        """Before try ``attempt + 1``: the backoff, or the wait asked for when longer."""
        delay = backoff_delay(attempt - 1, self.base, self.cap)
        return delay if wait is None else max(delay, min(wait, self.cap))


OnRetry = Callable[[int, Transient, float], None]
"""Told of each retry: the attempt that failed, its failure and the delay before the next."""


async def retrying(policy: RetryPolicy, attempt: Callable[[int], Awaitable[T]],
                   on_retry: OnRetry) -> T:
    """``attempt(1)``, ``attempt(2)``, ... until one returns, one raises anything but
    ``Transient``, or ``policy.attempts`` have failed (the last ``Transient`` is raised)."""
    number = 1
    while True:
        try:
            return await attempt(number)
        except Transient as failure:
            if number >= policy.attempts:
                failure.attempts = number
                raise
            delay = policy.delay(number, failure.wait)
            on_retry(number, failure, delay)
            await asyncio.sleep(delay)
            number += 1
