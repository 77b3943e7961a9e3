"""Failure guards: how many attempts a subject (an account, an identifier tried, a chat's
lookups, a staff e-mail or client address) may make before it is locked, and for how long.

An attempt is counted *before* the secret is checked (``Guard.attempt``), under the guard
row's lock, so attempts sent in parallel are counted one after the other: of 25 wrong
passwords sent at once, the threshold's number are checked and the rest are refused as
locked. A success clears the guard (``Guard()``). Rules with ``growth`` > 1 lock longer
each time the subject locks again before a success (1, 2, 4... times ``lock_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class GuardRule:
    threshold: int
    """Attempts that may be made; the last of them locks unless it succeeds."""
    lock_for: timedelta
    growth: int = 1
    longest: timedelta = timedelta(days=1)

    def lock_length(self, locks_before: int) -> timedelta:
        return min(self.lock_for * (self.growth ** min(locks_before, 16)), self.longest)


@dataclass(frozen=True)
class Guard:
    """Consecutive attempts of one subject since its last success, and the lock they led to."""

    failures: int = 0
    locked_until: datetime | None = None
    locks: int = 0
    """Locks since the last success (for growing lock lengths)."""

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def minutes_left(self, now: datetime) -> int:
        if self.locked_until is None:
            return 0
        return max(1, -(-int((self.locked_until - now).total_seconds()) // 60))

    def attempt(self, now: datetime, rule: GuardRule) -> tuple[Guard, bool]:
        """The guard with one more attempt counted, and whether the attempt may go ahead
        (not while locked). The attempt that reaches the threshold goes ahead and locks."""
        if self.locked(now):
            return self, False
        failures = (0 if self.locked_until is not None else self.failures) + 1
        if failures >= rule.threshold:
            return Guard(0, now + rule.lock_length(self.locks), self.locks + 1), True
        return Guard(failures, None, self.locks), True

    def refund(self, now: datetime, rule: GuardRule) -> Guard:
        """The last attempt turned out not to be a miss (a lookup that matched): it stops
        counting, and a lock it set is lifted."""
        if self.locked(now) and self.locks > 0:
            return Guard(rule.threshold - 1, None, self.locks - 1)
        return Guard(max(0, self.failures - 1), None, self.locks)
