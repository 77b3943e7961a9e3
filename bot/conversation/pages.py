"""One-time password pages: a 128-bit token, valid 10 minutes, used once.

On WhatsApp a bot cannot delete the user's message, so passwords are never typed into the
chat there: the flow sends a link to ``/p/<token>`` and the page does the work. Redis holds
the ticket (what the page is for, whose conversation, a CSRF value), never the password;
identifiers in it are encrypted. The token itself is not stored, only its keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from redis.asyncio import Redis

from bot.pipeline.redis_client import text, text_fields
from domain.accounts.model import ChatRef
from domain.security.crypto import Keyring

TOKEN_BYTES = 16


class PagePurpose(StrEnum):
    REGISTER = "register"
    LOGIN = "login"
    RESET = "reset"


@dataclass(frozen=True)
class PageTicket:
    purpose: PagePurpose
    chat: ChatRef
    locale: str
    csrf: str
    account_id: str | None
    request_id: str | None
    identifier: str | None
    used: bool


class PasswordPages:
    def __init__(self, redis: Redis, keyring: Keyring, public_url: str, ttl_s: int = 600) -> None:
        self.redis = redis
        self.keyring = keyring
        self.public_url = public_url.rstrip("/")
        self.ttl_s = ttl_s

    def digest(self, token: str) -> str:
        return hmac.new(self.keyring.tokens, token.encode(), hashlib.sha256).hexdigest()

    def _key(self, token: str) -> str:
        return f"page:{self.digest(token)}"

    def url(self, token: str) -> str:
        return f"{self.public_url}/p/{token}"

    def _seal(self, value: str, token: str, field: str) -> str:
        return self.keyring.state.encrypt(value, f"page.{field}:{self.digest(token)}")

    def _open(self, value: str, token: str, field: str) -> str:
        return self.keyring.state.decrypt(value, f"page.{field}:{self.digest(token)}")

    async def issue(
        self, *, purpose: PagePurpose, chat: ChatRef, locale: str,
        account_id: str | None = None, request_id: str | None = None,
        identifier: str | None = None,
    ) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        fields: dict[str | bytes, str | bytes] = {
            "purpose": purpose.value, "channel": chat.channel, "locale": locale,
            "user": self._seal(chat.user_id, token, "user"), "csrf": secrets.token_urlsafe(16),
            "account_id": account_id or "", "request_id": request_id or "",
            "identifier": self._seal(identifier, token, "identifier") if identifier else "",
            "used": "0",
        }
        key = self._key(token)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping=fields)  # type: ignore[arg-type]
            pipe.expire(key, self.ttl_s)
            await pipe.execute()
        return token

    async def ticket(self, token: str) -> PageTicket | None:
        if len(token) > 64:
            return None
        raw = await self.redis.hgetall(self._key(token))
        if not raw:
            return None
        values = text_fields(raw)
        return PageTicket(
            purpose=PagePurpose(values["purpose"]),
            chat=ChatRef(values["channel"], self._open(values["user"], token, "user")),
            locale=values["locale"], csrf=values["csrf"],
            account_id=values["account_id"] or None, request_id=values["request_id"] or None,
            identifier=(self._open(values["identifier"], token, "identifier")
                        if values["identifier"] else None),
            used=values["used"] == "1")

    async def revoke(self, digest: str) -> None:
        """A newer link replaces this one (``digest`` as stored by the flow)."""
        await self.redis.delete(f"page:{digest}")

    async def claim(self, token: str, seconds: int = 30) -> bool:
        """Only one submission of a page is worked on at a time."""
        return bool(await self.redis.set(self._key(token) + ":busy", "1", nx=True, ex=seconds))

    async def release(self, token: str) -> None:
        await self.redis.delete(self._key(token) + ":busy")

    async def finish(self, token: str, outcome: dict[str, Any]) -> None:
        """Mark the page used and keep what the chat needs to go on (encrypted)."""
        sealed = self._seal(json.dumps(outcome), token, "outcome")
        await self.redis.hset(self._key(token), mapping={"used": "1", "outcome": sealed})

    async def outcome(self, token: str) -> dict[str, Any] | None:
        """What a used page left for the chat; ``None`` if it was not used (or expired)."""
        raw = await self.redis.hget(self._key(token), "outcome")
        if raw is None:
            return None
        result: dict[str, Any] = json.loads(self._open(text(raw), token, "outcome"))
        return result
