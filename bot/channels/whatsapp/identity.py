"""Who wrote on WhatsApp: a phone number (``from``, the wa_id) or, since 2026, a
business-scoped user id (BSUID, ``from_user_id``: two letters, a dot, up to 128 letters and
digits, e.g. ``US.13491208655302741918``). A user who adopted a username may come with the
BSUID alone.

A conversation is keyed by the first identifier we saw for the person: the phone when there
was one, else the BSUID. Each BSUID is mapped, once and for good, to that key (a keyed hash
of the BSUID names the Redis key; the key it maps to is sealed), so a user who first wrote
without a phone and later with both, or the other way round, stays one conversation.

Sending (Meta's Messages API, BSUID guide, 2026): ``to`` takes a phone number, the new
``recipient`` field a BSUID; with both, ``to`` wins. We send to the conversation's key: a
phone in ``to``, a BSUID in ``recipient`` (see ``whatsapp_render.address``)."""

from __future__ import annotations

import hmac
import re
from collections import OrderedDict
from typing import Any

from redis.asyncio import Redis

from bot.pipeline.redis_client import text
from domain.security.crypto import FieldCipher

GROUP_PREFIX = "group:"
"""A group's conversation key: ``group:`` and the group id (messages in groups carry
``group_id``; we never key anything by their sender)."""
BSUID = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$")
KEPT_S = 400 * 86_400
REMEMBERED = 4096


def is_bsuid(value: object) -> bool:
    return isinstance(value, str) and BSUID.fullmatch(value) is not None


def is_phone(value: object) -> bool:
    return isinstance(value, str) and value.isdigit() and 6 <= len(value) <= 20


def sender_of(message: dict[str, Any]) -> tuple[str | None, str | None]:
    """(phone, BSUID) of a message, either possibly absent."""
    phone = message.get("from")
    bsuid = message.get("from_user_id") or message.get("_user_id")
    return (phone if is_phone(phone) else None), (bsuid if is_bsuid(bsuid) else None)


class Identities:
    def __init__(self, redis: Redis, cipher: FieldCipher, key: bytes) -> None:
        self.redis = redis
        self.cipher = cipher
        self._key = key
        self._known: OrderedDict[str, str] = OrderedDict()

    def _redis_key(self, bsuid: str) -> str:
        return "wa-user:" + hmac.digest(self._key, bsuid.encode(), "sha256").hex()[:32]

    async def user_of(self, message: dict[str, Any]) -> str | None:
        """The conversation key of a message's sender, ``None`` when it names nobody."""
        phone, bsuid = sender_of(message)
        if bsuid is None:
            return phone
        known = self._known.get(bsuid)
        if known is not None:
            return known
        first = phone or bsuid
        sealed = self.cipher.encrypt(first, "wa-user")
        # one step: keep the first mapping, hear which one stands
        earlier: Any = await self.redis.set(self._redis_key(bsuid), sealed, nx=True, ex=KEPT_S,
                                       get=True)
        user = self.cipher.decrypt(text(earlier), "wa-user") if earlier is not None else first
        self._known[bsuid] = user
        if len(self._known) > REMEMBERED:
            self._known.popitem(last=False)
        return user
