"""Pending updates, webhook settings and getUpdates long polling with the real conflicts."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram_limits import (
    CONFLICT_BY_OTHER_POLL,
    CONFLICT_BY_SET_WEBHOOK,
    CONFLICT_WEBHOOK_ACTIVE,
    ApiError,
)

UPDATE_TYPES = (
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
    "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost",
)
DEFAULT_ALLOWED = frozenset(UPDATE_TYPES) - {"chat_member", "message_reaction",
                                             "message_reaction_count"}
LONG_POLL_MAX_TIMEOUT = 50


def update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "unknown")


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateQueue:
    """Updates not yet confirmed (polling) or not yet accepted by the webhook."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.webhook: Webhook | None = None
        self.allowed_updates: frozenset[str] = DEFAULT_ALLOWED
        self._changed = asyncio.Event()
        self._poll_generation = 0

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def allows(self, update: dict[str, Any]) -> bool:
        return update_type(update) in self.allowed_updates

    def set_allowed(self, allowed: Any) -> None:
        """`allowed_updates` of setWebhook/getUpdates: a list replaces, [] means the default."""
        if isinstance(allowed, list):
            self.allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED

    def push(self, update: dict[str, Any]) -> None:
        if all(u["update_id"] != update["update_id"] for u in self.pending):
            self.pending.append(update)
            self.pending.sort(key=lambda u: u["update_id"])
            self._notify()

    def discard(self, update_id: int) -> None:
        self.pending = [u for u in self.pending if u["update_id"] != update_id]

    def drop_all(self) -> None:
        self.pending.clear()

    def set_webhook(self, webhook: Webhook | None) -> None:
        self.webhook = webhook
        self._notify()

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self.pending = self.pending[offset:]
        elif offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    async def poll(
        self, offset: int, limit: int, wait: float, closing: asyncio.Event
    ) -> list[dict[str, Any]]:
        """getUpdates: confirm ids below `offset`, then wait up to `wait` s for updates."""
        if self.webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK_ACTIVE)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        self._confirm(offset)
        limit = min(max(limit, 1), 100)
        deadline = time.monotonic() + min(max(wait, 0), LONG_POLL_MAX_TIMEOUT)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT_BY_OTHER_POLL)
            if self.webhook is not None:
                raise ApiError(409, CONFLICT_BY_SET_WEBHOOK)
            ready = [u for u in self.pending if self.allows(u)][:limit]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or closing.is_set():
                return ready
            waiters = [asyncio.ensure_future(self._changed.wait()),
                       asyncio.ensure_future(closing.wait())]
            try:
                await asyncio.wait(waiters, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()
