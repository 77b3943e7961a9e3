"""One-time codes: the rules (SECURITY.md "One-time codes"; ASVS 2.7, NIST 800-63B 3.1.3).

6 digits from a CSPRNG (pyotp over ``secrets``), valid 10 minutes, single use, bound to the
request that created them (the request id and the medium enter the keyed hash), stored
hashed. 5 wrong tries kill a code; 10 consecutive failures of one subject and purpose lock
code entry for 30 minutes; sending a new code never resets the failure count. Resends: one
a minute per request, at most 3 per 15 minutes and 10 a day per subject and per address,
counted for each medium and each purpose apart (registration sends an SMS and an e-mail at
once; resets someone else asks for never use up the owner's login codes), and at most 20 a
day to one address whatever the purpose (SMS pumping). Every count is taken under a row
lock (``GuardRepository``), so parallel requests are counted one after the other.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import pyotp

from domain.security.guard import Guard, GuardRule

__all__ = ["CodePolicy", "Guard", "GuardRule", "Medium", "code_digest", "matches",
           "new_code", "normalize_code"]


class Medium(StrEnum):
    SMS = "sms"
    EMAIL = "email"


@dataclass(frozen=True)
class CodePolicy:
    digits: int = 6
    valid_for: timedelta = timedelta(minutes=10)
    tries_per_code: int = 5
    failures_before_lock: int = 10
    lock_for: timedelta = timedelta(minutes=30)
    resend_cooldown: timedelta = timedelta(seconds=60)
    per_window: int = 3
    window: timedelta = timedelta(minutes=15)
    per_day: int = 10
    """Per purpose: reset codes never use up the budget of login or registration codes."""
    address_per_day: int = 20
    """Any purpose, to one phone or address, a day: SMS pumping stops here."""

    @property
    def rule(self) -> GuardRule:
        return GuardRule(self.failures_before_lock, self.lock_for)


def new_code(digits: int = 6) -> str:
    """A fresh code: HOTP over a random base32 secret from ``secrets``."""
    return pyotp.HOTP(pyotp.random_base32(), digits=digits).at(0)


def code_digest(key: bytes, request_id: str, medium: Medium, code: str) -> str:
    message = f"{request_id}:{medium.value}:{code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def matches(key: bytes, request_id: str, medium: Medium, typed: str, stored: str) -> bool:
    return hmac.compare_digest(code_digest(key, request_id, medium, typed), stored)


_NOT_DIGITS = re.compile(r"[\s\-.]")


def normalize_code(text: str) -> str:
    """What the user typed, without spaces, dashes or dots ("123 456" -> "123456")."""
    return _NOT_DIGITS.sub("", text)
