"""Telegram updates from outside private chats, as the Bot API delivers them (Bot API 10.x):
group and supergroup messages, messages from placeholder senders (an anonymous admin is
GroupAnonymousBot 1087968824 with ``sender_chat`` set to the group; a channel's post
forwarded into its linked group comes from the service account 777000), channel posts, and
reactions (``message_reaction``, sent only when asked for in ``allowed_updates``)."""

from __future__ import annotations

import copy
from typing import Any

from tests.fakes.fake_base import Clock
from tests.fakes.telegram_records import ChatStore, StoredMessage

ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                   "username": "GroupAnonymousBot"}
SERVICE_ACCOUNT = {"id": 777000, "is_bot": False, "first_name": "Telegram"}


class GroupUpdates:
    def __init__(self, store: ChatStore, clock: Clock, next_update_id: Any) -> None:
        self._store = store
        self._clock = clock
        self._next_update_id = next_update_id
        """``() -> int``: the shared update_id counter of the private-chat factory."""

    def _update(self, **body: Any) -> dict[str, Any]:
        return {"update_id": self._next_update_id(), **body}

    def chat(self, group_id: int, kind: str = "supergroup") -> dict[str, Any]:
        if kind == "channel":
            return {"id": group_id, "type": "channel", "title": "Avisos"}
        return {"id": group_id, "type": kind, "title": "Compañeros de la planta"}

    def _message(self, group_id: int, sender: dict[str, Any] | None, text: str,
                 kind: str, **extra: Any) -> dict[str, Any]:
        message_id = self._store.next_message_id(group_id)
        payload: dict[str, Any] = {"message_id": message_id, "chat": self.chat(group_id, kind),
                                   "date": int(self._clock.now()), "text": text, **extra}
        if sender is not None:
            payload["from"] = dict(sender)
        if text.startswith("/"):
            payload["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        self._store.add(StoredMessage(group_id, message_id, "user", payload, raw_text=text))
        return copy.deepcopy(payload)

    def text(self, group_id: int, user_id: int, text: str, *,
             kind: str = "supergroup") -> dict[str, Any]:
        """A member (a known user of the private-chat factory) writes in a group."""
        sender = self._store.user(user_id)
        return self._update(message=self._message(group_id, sender, text, kind))

    def anonymous_admin(self, group_id: int, text: str) -> dict[str, Any]:
        chat = self.chat(group_id)
        return self._update(message=self._message(group_id, ANONYMOUS_ADMIN, text,
                                                  "supergroup", sender_chat=chat))

    def from_service_account(self, group_id: int, text: str) -> dict[str, Any]:
        channel = self.chat(-1001000000077, "channel")
        return self._update(message=self._message(
            group_id, SERVICE_ACCOUNT, text, "supergroup", sender_chat=channel,
            is_automatic_forward=True))

    def channel_post(self, channel_id: int, text: str) -> dict[str, Any]:
        post = self._message(channel_id, None, text, "channel",
                             sender_chat=self.chat(channel_id, "channel"))
        return self._update(channel_post=post)

    def reaction(self, chat_id: int, message_id: int, emoji: str | None) -> dict[str, Any]:
        """The user reacts to a message (``emoji`` None: takes the reaction back)."""
        new = [] if emoji is None else [{"type": "emoji", "emoji": emoji}]
        old = [{"type": "emoji", "emoji": "\N{THUMBS UP SIGN}"}] if emoji is None else []
        reaction = {"chat": self._store.chat(chat_id), "message_id": message_id,
                    "user": dict(self._store.user(chat_id)), "date": int(self._clock.now()),
                    "old_reaction": old, "new_reaction": new}
        return self._update(message_reaction=reaction)
