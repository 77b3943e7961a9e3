"""What the fake Telegram server remembers: calls, chats and their messages, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class ApiCall:
    """One Bot API request as received, with its answer."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]
    at: float
    monotonic: float
    content_type: str
    status: int | None = None
    response: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None


@dataclass
class StoredMessage:
    """A message in a chat, sent by the user (through an update) or by the bot."""

    chat_id: int
    message_id: int
    origin: Literal["user", "bot"]
    payload: dict[str, Any]
    raw_text: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: UploadedFile | None = None
    deleted: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def date(self) -> int:
        return int(self.payload.get("date", 0))

    @property
    def visible(self) -> str | None:
        text = self.payload.get("text", self.payload.get("caption"))
        return text if isinstance(text, str) else None

    @property
    def inline_markup(self) -> dict[str, Any] | None:
        markup = self.payload.get("reply_markup")
        return markup if isinstance(markup, dict) else None


def _buttons(markup: dict[str, Any] | None, kind: str) -> list[list[dict[str, Any]]]:
    if not markup or kind not in markup:
        return []
    return [[b if isinstance(b, dict) else {"text": b} for b in row] for row in markup[kind]]


@dataclass(frozen=True)
class SentMessage:
    """What a user sees of one bot message (after edits): text, buttons, keyboard, file."""

    chat_id: int
    message_id: int
    kind: Literal["text", "document", "photo"]
    text: str | None
    buttons: list[list[dict[str, Any]]]
    keyboard: list[list[dict[str, Any]]]
    remove_keyboard: bool
    filename: str | None
    document: UploadedFile | None
    raw_text: str | None
    parse_mode: str | None
    edited: bool
    deleted: bool

    @property
    def labels(self) -> list[str]:
        """Inline button labels, row by row."""
        return [str(b.get("text")) for row in self.buttons for b in row]

    @property
    def callback_data(self) -> list[str]:
        return [str(b["callback_data"])
                for row in self.buttons for b in row if "callback_data" in b]

    @property
    def keyboard_labels(self) -> list[str]:
        """Reply keyboard labels (e.g. the contact request button)."""
        return [str(b.get("text")) for row in self.keyboard for b in row]

    @classmethod
    def of(cls, stored: StoredMessage) -> SentMessage:
        markup = stored.reply_markup
        document = stored.payload.get("document")
        photo = stored.payload.get("photo")
        return cls(
            chat_id=stored.chat_id,
            message_id=stored.message_id,
            kind="document" if document else "photo" if photo else "text",
            text=stored.visible,
            buttons=_buttons(stored.inline_markup, "inline_keyboard"),
            keyboard=_buttons(markup, "keyboard"),
            remove_keyboard=bool(markup and markup.get("remove_keyboard")),
            filename=document.get("file_name") if isinstance(document, dict) else None,
            document=stored.document,
            raw_text=stored.raw_text,
            parse_mode=stored.parse_mode,
            edited=bool(stored.history),
            deleted=stored.deleted,
        )


@dataclass
class CallbackAnswer:
    callback_query_id: str
    chat_id: int | None
    text: str | None
    show_alert: bool
    url: str | None
    at: float


@dataclass
class ChatAction:
    chat_id: int | str
    action: str
    at: float


@dataclass
class CallbackQuery:
    id: str
    chat_id: int
    message_id: int | None
    data: str | None
    answered: bool = False


class ChatStore:
    """Private chats (chat.id == user.id), their messages and open callback queries."""

    def __init__(self) -> None:
        self.users: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self._last_id: dict[int, int] = {}

    def user(self, user_id: int) -> dict[str, Any]:
        return self.users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"User {user_id}",
                      "language_code": "es"}
        )

    def chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
        user = self.user(chat_id)
        chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        return chat

    def next_message_id(self, chat_id: int) -> int:
        self._last_id[chat_id] = self._last_id.get(chat_id, 0) + 1
        return self._last_id[chat_id]

    def add(self, message: StoredMessage) -> StoredMessage:
        self.messages.setdefault(message.chat_id, {})[message.message_id] = message
        self._last_id[message.chat_id] = max(self._last_id.get(message.chat_id, 0),
                                             message.message_id)
        return message

    def get(self, chat_id: int, message_id: int) -> StoredMessage | None:
        return self.messages.get(chat_id, {}).get(message_id)

    def remember_incoming(self, payload: dict[str, Any]) -> None:
        """Store a user message seen in an update built by hand (not through the factory)."""
        chat = payload.get("chat")
        if not isinstance(chat, dict) or not isinstance(payload.get("message_id"), int):
            return
        chat_id = int(chat["id"])
        if self.get(chat_id, payload["message_id"]) is None:
            self.add(StoredMessage(chat_id, payload["message_id"], "user", payload))

    def in_chat(self, chat_id: int, origin: Literal["user", "bot"]) -> list[StoredMessage]:
        chat = self.messages.get(chat_id, {})
        return [chat[mid] for mid in sorted(chat) if chat[mid].origin == origin]
