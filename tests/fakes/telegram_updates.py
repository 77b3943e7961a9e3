"""Builders for Telegram updates from private chats (chat.id == user.id), increasing update_id.

Each builder also records the user's message in the chat store, so the bot can later
delete it (the password message) or a button press can point at the bot's message.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from tests.fakes.fake_base import Clock
from tests.fakes.telegram_records import CallbackQuery, ChatStore, StoredMessage


class UpdateFactory:
    def __init__(self, store: ChatStore, clock: Clock, first_update_id: int = 700_000_001):
        self._store = store
        self._clock = clock
        self._next_update_id = first_update_id
        self._next_callback = 1
        self._next_file = 1

    def user(
        self,
        user_id: int,
        first_name: str = "Ana",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "es",
    ) -> dict[str, Any]:
        """Register (or rename) a user; later updates from `user_id` carry these fields."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._store.users[user_id] = user
        return user

    def next_update_id(self) -> int:
        """The next update_id (every builder of this server's updates shares the count)."""
        update_id = self._next_update_id
        self._next_update_id += 1
        return update_id

    def _update(self, **body: Any) -> dict[str, Any]:
        return {"update_id": self.next_update_id(), **body}

    def _message(self, chat_id: int, date: int | None, **content: Any) -> dict[str, Any]:
        message_id = self._store.next_message_id(chat_id)
        payload = {
            "message_id": message_id,
            "from": dict(self._store.user(chat_id)),
            "chat": self._store.chat(chat_id),
            "date": int(self._clock.now()) if date is None else date,
            **content,
        }
        raw = content.get("text")
        self._store.add(StoredMessage(chat_id, message_id, "user", payload,
                                      raw_text=raw if isinstance(raw, str) else None))
        return copy.deepcopy(payload)

    def _file_ids(self, kind: str) -> dict[str, str]:
        number = self._next_file
        self._next_file += 1
        return {"file_id": f"{kind}-file-{number:06d}", "file_unique_id": f"{kind}{number:06d}"}

    def text(self, chat_id: int, text: str, *, date: int | None = None) -> dict[str, Any]:
        """A private text message; a leading /command gets its bot_command entity."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._update(message=self._message(chat_id, date, **content))

    def callback(
        self, chat_id: int, data: str, *, message_id: int | None = None
    ) -> dict[str, Any]:
        """A button press on the bot's message `message_id` (default: its latest message)."""
        if message_id is None:
            sent = self._store.in_chat(chat_id, "bot")
            if not sent:
                raise LookupError(f"no bot message in chat {chat_id} to press a button on")
            message_id = sent[-1].message_id
        stored = self._store.get(chat_id, message_id)
        if stored is None:
            raise LookupError(f"message {message_id} not found in chat {chat_id}")
        query_id = f"{chat_id}{self._next_callback:07d}"
        self._next_callback += 1
        self._store.callbacks[query_id] = CallbackQuery(query_id, chat_id, message_id, data)
        query = {
            "id": query_id,
            "from": dict(self._store.user(chat_id)),
            "message": copy.deepcopy(stored.payload),
            "chat_instance": str(-7_000_000_000 - chat_id),
            "data": data,
        }
        return self._update(callback_query=query)

    def contact(
        self,
        chat_id: int,
        phone_number: str,
        *,
        user_id: int | None | Literal["own"] = "own",
        first_name: str | None = None,
        forwarded_from: int | None = None,
        date: int | None = None,
    ) -> dict[str, Any]:
        """A shared contact: the user's own (default), another user's, or none (`user_id=None`);
        `forwarded_from` adds a `forward_origin` of that user."""
        owner = chat_id if user_id == "own" else user_id
        contact: dict[str, Any] = {
            "phone_number": phone_number,
            "first_name": first_name or (self._store.user(owner)["first_name"] if owner else "X"),
        }
        if owner is not None:
            contact["user_id"] = owner
        content: dict[str, Any] = {"contact": contact}
        if forwarded_from is not None:
            sent_at = int(self._clock.now()) - 3600
            content["forward_origin"] = {"type": "user", "date": sent_at,
                                         "sender_user": dict(self._store.user(forwarded_from))}
        return self._update(message=self._message(chat_id, date, **content))

    def photo(self, chat_id: int, *, caption: str | None = None) -> dict[str, Any]:
        ids = self._file_ids("photo")
        sizes: list[dict[str, Any]] = [{**ids, "width": w, "height": h, "file_size": w * h // 10}
                 for w, h in ((90, 67), (320, 240), (1280, 960))]
        for index, size in enumerate(sizes):
            size["file_unique_id"] += f"s{index}"
        content: dict[str, Any] = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._update(message=self._message(chat_id, None, **content))

    def sticker(self, chat_id: int, *, emoji: str = "\N{THUMBS UP SIGN}") -> dict[str, Any]:
        sticker = {**self._file_ids("sticker"), "type": "regular", "width": 512, "height": 512,
                   "is_animated": False, "is_video": False, "emoji": emoji, "file_size": 20480}
        return self._update(message=self._message(chat_id, None, sticker=sticker))

    def voice(self, chat_id: int, *, duration: int = 3) -> dict[str, Any]:
        voice = {**self._file_ids("voice"), "duration": duration, "mime_type": "audio/ogg",
                 "file_size": 4000 * duration}
        return self._update(message=self._message(chat_id, None, voice=voice))

    def location(
        self, chat_id: int, latitude: float = 19.432608, longitude: float = -99.133209
    ) -> dict[str, Any]:
        location = {"latitude": latitude, "longitude": longitude}
        return self._update(message=self._message(chat_id, None, location=location))

    def edited(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        """The user edits an earlier text message of theirs."""
        stored = self._store.get(chat_id, message_id)
        if stored is None or stored.origin != "user":
            raise LookupError(f"user message {message_id} not found in chat {chat_id}")
        stored.history.append(copy.deepcopy(stored.payload))
        stored.payload["text"] = text
        stored.payload["edit_date"] = int(self._clock.now())
        stored.raw_text = text
        return self._update(edited_message=copy.deepcopy(stored.payload))
