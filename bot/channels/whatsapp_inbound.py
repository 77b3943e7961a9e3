"""WhatsApp Cloud API updates in: every message and status of a (possibly batched) webhook
POST; messages go to the inbox, statuses are recorded without ever going backwards."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis

from bot.channels.aliases import Aliases
from bot.channels.whatsapp_render import more_page
from bot.deadletters import Unprocessable
from bot.engine import Engine, utc_now
from bot.inbox import Envelope
from bot.messages import Inbound
from bot.outbox import OutboundJob, Outbox
from bot.store import Mark

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
WINDOW_S = 24 * 3600
STATUS_RANK = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}

_STATUS = """
local current = tonumber(redis.call('HGET', KEYS[1], 'rank') or '0')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'rank', ARGV[1], 'status', ARGV[2], 'at', ARGV[3], 'error', ARGV[4])
redis.call('EXPIRE', KEYS[1], 2592000)
return 1
"""


def messages_and_statuses(body: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ("message", m) and ("status", s) in every entry and change of a POST."""
    if body.get("object") != "whatsapp_business_account":
        return
    for entry in _list(body.get("entry")):
        for change in _list(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            names = {c.get("wa_id"): _name(c) for c in _list(value.get("contacts"))}
            for message in _list(value.get("messages")):
                yield "message", {**message, "_name": names.get(message.get("from"))}
            for status in _list(value.get("statuses")):
                yield "status", status


def _list(value: object) -> list[dict[str, Any]]:
    """The objects of a JSON array; anything else (a signed body may still hold the wrong
    types) is nothing."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def _name(contact: dict[str, Any]) -> str | None:
    profile = contact.get("profile")
    name = profile.get("name") if isinstance(profile, dict) else None
    return name if isinstance(name, str) else None


def envelope_of(message: dict[str, Any]) -> Envelope | None:
    wamid, sender = message.get("id"), message.get("from")
    if not isinstance(wamid, str) or not isinstance(sender, str) or not sender.isdigit():
        return None
    return Envelope(CHANNEL, wamid, sender, message, time.time())


def window_key(tag: str) -> str:
    return f"wa-window:{tag}"


def window_mark(tag: str, received_at: float, now: float) -> Mark:
    """The user wrote at ``received_at``: we may write freely for 24 hours from then."""
    return Mark(window_key(tag), str(received_at), max(1, int(received_at + WINDOW_S - now)))


def pages_key(tag: str) -> str:
    return f"wa-pages:{tag}"


class StatusBook:
    """Delivery statuses of the messages we sent, never downgraded (they arrive out of order
    and may skip a step)."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._record = redis.register_script(_STATUS)

    async def record(self, status: dict[str, Any]) -> bool:
        name = str(status.get("status", ""))
        rank = STATUS_RANK.get(name)
        wamid = status.get("id")
        if rank is None or not isinstance(wamid, str):
            return False
        errors = status.get("errors") or []
        code = str(errors[0].get("code", "")) if errors and isinstance(errors[0], dict) else ""
        changed = await self._record(keys=[f"wa-status:{wamid}"],
                                     args=[rank, name, str(status.get("timestamp", "")), code])
        return bool(changed)

    async def status_of(self, wamid: str) -> str | None:
        value = await self.redis.hget(f"wa-status:{wamid}", "status")
        return value.decode() if isinstance(value, bytes) else value


@dataclass
class WhatsAppInbound:
    """Runs an inbox envelope through the engine; marks it read with a typing indicator."""

    engine: Engine
    outbox: Outbox
    redis: Redis
    mark_read: Any
    """``async (wamid) -> None``: the client's mark-as-read call."""

    async def process(self, envelope: Envelope) -> None:
        message = envelope.payload
        tag = self.engine.store.tag(envelope.conversation)
        with contextlib.suppress(Exception):  # cosmetic: the answer goes on without it
            await self.mark_read(envelope.platform_id)
        try:
            inbound = self._inbound(envelope, message)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise Unprocessable("the message's fields are not of the documented types") \
                from error
        window = window_mark(tag, envelope.received_at, time.time())
        if inbound.button_id is not None:
            page = more_page(inbound.button_id)
            if page is not None and await self._next_page(envelope, tag, page, window):
                return
            inbound = replace(inbound,
                              button_id=await Aliases(self.redis).resolve(tag, inbound.button_id))
        # the window opens in the commit that queues the answer: the sender never sees a
        # reply without it
        await self.engine.handle(inbound, deliver=True, reply_to=envelope.platform_id,
                                 marks=[window])

    @staticmethod
    def _inbound(envelope: Envelope, message: dict[str, Any]) -> Inbound:
        stamp = message.get("timestamp")
        try:
            when = datetime.fromtimestamp(int(stamp), UTC)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            when = utc_now()
        text, button_id, unsupported = _content(message)
        return Inbound(channel=CHANNEL, user_id=envelope.user_id,
                       message_id=f"wa:{envelope.platform_id}", timestamp=when, text=text,
                       button_id=button_id, unsupported=unsupported,
                       display_name=message.get("_name"))

    async def _next_page(self, envelope: Envelope, tag: str, page: int, window: Mark) -> bool:
        """"More options" of a list longer than ten: show that page, no engine turn."""
        raw = await self.redis.get(pages_key(tag))
        if raw is None:
            return False
        await self.redis.set(window.key, window.value, ex=window.ttl_s)
        stored = self.outbox.open(raw)
        job = OutboundJob(f"wa:{envelope.platform_id}:page", CHANNEL, envelope.user_id,
                          stored.locale, stored.reply, None, page)
        await self.outbox.append([job])
        return True


def _content(message: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """What the message holds: (its text, the option pressed, the kind we cannot read),
    one of them set."""
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body", "")), None, None
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        choice = interactive.get("button_reply") or interactive.get("list_reply") or {}
        if isinstance(choice.get("id"), str):
            return None, choice["id"], None
    if kind == "button":  # a quick-reply button of a template
        return str((message.get("button") or {}).get("text", "")), None, None
    return None, None, str(kind or "other")
