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
from bot.channels.whatsapp.identity import GROUP_PREFIX
from bot.channels.whatsapp.render import more_page
from bot.conversation.engine import Engine, utc_now
from bot.conversation.messages import Inbound
from bot.conversation.store import Mark
from bot.pipeline.deadletters import Unprocessable
from bot.pipeline.inbox import Envelope
from bot.pipeline.outbox import OutboundJob, Outbox

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
IGNORED_KINDS = frozenset({"reaction", "revoke", "edit", "ephemeral"})
"""Not messages to answer: a reaction (or its removal), a deleted or edited message."""
IGNORED_UNSUPPORTED = frozenset({"reaction", "keep_in_chat", "pin", "poll_update",
                                 "media_placeholder"})
WINDOW_S = 24 * 3600
STATUS_RANK = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
RANK_STATUS = {rank: name for name, rank in STATUS_RANK.items()}
REACHED = frozenset({"delivered", "read"})
"""Statuses that say the user has the message: a ``failed`` after them sends nothing again."""

_STATUS = """
local current = tonumber(redis.call('HGET', KEYS[1], 'rank') or '0')
if tonumber(ARGV[1]) <= current then return -1 end
redis.call('HSET', KEYS[1], 'rank', ARGV[1], 'status', ARGV[2], 'at', ARGV[3], 'error', ARGV[4])
redis.call('EXPIRE', KEYS[1], 2592000)
return current
"""


def messages_and_statuses(body: dict[str, Any], phone_number_id: str | None = None
                          ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ("message", m) and ("status", s) in every entry and change of a POST, and
    ("other_number", change) for a change addressed to another phone number of the
    business account (an app subscribed to the account hears all its numbers: what users
    wrote to another number is not ours to answer from this one)."""
    if body.get("object") != "whatsapp_business_account":
        return
    for entry in _list(body.get("entry")):
        for change in _list(entry.get("changes")):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            metadata = value.get("metadata")
            metadata = metadata if isinstance(metadata, dict) else {}
            addressed = metadata.get("phone_number_id")
            if phone_number_id and addressed is not None and str(addressed) != phone_number_id:
                yield "other_number", value
                continue
            contacts = _list(value.get("contacts"))
            names = {c.get("wa_id"): _name(c) for c in contacts}
            user_ids = {c.get("wa_id"): c.get("user_id") for c in contacts}
            number = metadata.get("display_phone_number")
            for message in _list(value.get("messages")):
                sender = message.get("from")
                # a username-only user has no wa_id: the lone contact is theirs
                user_id = user_ids.get(sender) if sender else (
                    contacts[0].get("user_id") if len(contacts) == 1 else None)
                yield "message", {**message, "_name": names.get(sender),
                                  "_user_id": user_id, "_number": number}
            for status in _list(value.get("statuses")):
                yield "status", status


def _list(value: object) -> list[dict[str, Any]]:
    """The objects of a JSON array; anything else (a signed body may still hold the wrong
    types) is nothing."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def first_error(item: dict[str, Any]) -> dict[str, Any]:
    """The first object of an item's ``errors`` array (a failed status), or ``{}``."""
    errors = _list(item.get("errors"))
    return errors[0] if errors else {}


def _name(contact: dict[str, Any]) -> str | None:
    profile = contact.get("profile")
    name = profile.get("name") if isinstance(profile, dict) else None
    return name if isinstance(name, str) else None


def envelope_of(message: dict[str, Any], user_id: str | None) -> Envelope | None:
    """The inbox envelope of a message from ``user_id`` (its conversation key, see
    ``whatsapp_identity``). A group message is keyed by its group, never by its sender:
    the service keeps nothing for anyone in a group."""
    wamid, group = message.get("id"), message.get("group_id")
    if not isinstance(wamid, str):
        return None
    if isinstance(group, str) and group:
        return Envelope(CHANNEL, wamid, GROUP_PREFIX + group, message, time.time())
    if user_id is None:
        return None
    return Envelope(CHANNEL, wamid, user_id, message, time.time())


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

    async def record(self, status: dict[str, Any]) -> str | None:
        """Record a status unless the message already reached it or a later one; the
        status it had before (``""``: none yet), or ``None`` when nothing changed."""
        name = str(status.get("status", ""))
        rank = STATUS_RANK.get(name)
        wamid = status.get("id")
        if rank is None or not isinstance(wamid, str):
            return None
        code = str(first_error(status).get("code", ""))
        before = int(await self._record(keys=[f"wa-status:{wamid}"],
                                        args=[rank, name, str(status.get("timestamp", "")),
                                              code]))
        return None if before < 0 else RANK_STATUS.get(before, "")

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
    groups: Any
    """``WhatsAppGroups``: points a group to the private chat, once a day."""
    move: Any
    """``async (old user, new user) -> None``: ``whatsapp_moves.move_conversation``."""

    async def _system(self, envelope: Envelope, system: object) -> None:
        """``user_changed_number``: the conversation follows the new number. Other system
        messages change nothing."""
        if not isinstance(system, dict) or system.get("type") != "user_changed_number":
            return
        new = system.get("wa_id") or system.get("new_wa_id")
        if not isinstance(new, str) or not new.isdigit() or new == envelope.user_id:
            return
        await self.move(envelope.user_id, new)

    async def process(self, envelope: Envelope) -> None:
        message = envelope.payload
        if envelope.user_id.startswith(GROUP_PREFIX):
            await self.groups.pointed(envelope.user_id, message.get("_number"))
            return
        if _ignored(message):
            return
        if message.get("type") == "system":
            await self._system(envelope, message.get("system"))
            return
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


def _ignored(message: dict[str, Any]) -> bool:
    kind = message.get("type")
    if kind in IGNORED_KINDS:
        return True
    unsupported = message.get("unsupported")
    return kind == "unsupported" and isinstance(unsupported, dict) and \
        unsupported.get("type") in IGNORED_UNSUPPORTED


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
    if kind == "button":  # a quick-reply button of a template: its payload is the option
        button = message.get("button") or {}
        payload = button.get("payload")
        if isinstance(payload, str) and payload and payload != button.get("text"):
            return None, payload, None
        return str(button.get("text", "")), None, None
    return None, None, str(kind or "other")
