"""The one backoff rule of every retry in the service (SMTP, the SMS gateway, the senders)."""

from __future__ import annotations

import random


def backoff_delay(attempt: int, base: float, cap: float, spread: float = 0.5) -> float:
    """``base x 2^attempt`` seconds (at most ``cap``), less a random share of up to
    ``spread`` of it, so that many callers retrying at once spread out (1.0: full jitter)."""
    ceiling = min(cap, base * 2 ** attempt)
    return ceiling * (1 - spread * random.random())  # noqa: S311 - not crypto
