"""Render a ``Reply`` as the exact Telegram Bot API calls, within the platform's limits.

``render_telegram`` is pure: it returns the calls in the order they must be made, so a sender
can execute and retry them one by one (idempotency key: update id + index). ``params`` are
what the Bot API (and python-telegram-bot's ``Bot.do_api_request(method, api_kwargs=...)``)
expect: JSON-able, ``reply_markup`` as a dict. A ``sendDocument`` call carries its file in
``TelegramCall.document``; the sender uploads it as the multipart field ``document``; a
``sendPhoto`` its picture in ``TelegramCall.photo`` (multipart field ``photo``).

Text is sent without ``parse_mode``: replies are plain strings, so no character needs escaping
and the visible length is the length we measure.

Layout of one reply, in order:

1. ``deleteMessage`` of the user's message, when the reply asks for it (a typed password
   vanishes before anything else happens).
2. The text, split into messages of at most 4096 (``split_text``).
3. The document, its caption cut at 1024 and the rest of the caption as text messages; a
   picture (``sendPhoto``) likewise with its one-line caption.
4. The controls ride on the last message: the inline keyboard (options), and the contact
   keyboard or the removal of a previous one. A message holds one markup only; see
   ``_place_contact_keyboard`` and ``_place_keyboard_removal`` for a reply that needs two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.channels.render_text import (
    ELLIPSIS,
    alias,
    split_text,
    utf16_units,
    with_descriptions,
)
from bot.conversation.messages import Button, OutDocument, OutImage, Reply

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
SHORT_TITLE = 12
"""Buttons go two to a row when every title has at most this many characters."""

Markup = dict[str, Any]


@dataclass(frozen=True)
class TelegramCall:
    """One Bot API request: ``method`` with ``params``, plus the file of a ``sendDocument``."""

    method: str
    params: dict[str, Any]
    document: OutDocument | None = None
    photo: OutImage | None = None
    """The picture of a ``sendPhoto`` (uploaded as the multipart field ``photo``)."""


@dataclass(frozen=True)
class TelegramRendering:
    calls: tuple[TelegramCall, ...]
    callback_aliases: dict[str, str] = field(default_factory=dict)
    """callback_data -> button id, for the ids replaced by a digest (``callback_data``)."""
    reply_keyboard_shown: bool | None = None
    """True: these calls show the contact keyboard; False: they remove it; None: unchanged.
    The adapter keeps this per chat and passes ``remove_reply_keyboard`` next time."""


@dataclass
class _Message:
    text: str
    document: OutDocument | None = None
    markup: Markup | None = None
    photo: OutImage | None = None

    def call(self, chat_id: int | str) -> TelegramCall:
        params: dict[str, Any] = {"chat_id": chat_id}
        if self.document is None and self.photo is None:
            params["text"] = self.text
        elif self.text:
            params["caption"] = self.text
        if self.markup is not None:
            params["reply_markup"] = self.markup
        if self.photo is not None:
            return TelegramCall("sendPhoto", params, photo=self.photo)
        method = "sendMessage" if self.document is None else "sendDocument"
        return TelegramCall(method, params, self.document)


def callback_data(button_id: str) -> str:
    """The button id itself when it is 1-64 bytes of UTF-8, else its stable alias
    (``h:`` + 16 hex digits), which the adapter resolves with ``callback_aliases``."""
    if 1 <= len(button_id.encode()) <= CALLBACK_DATA_BYTES:
        return button_id
    return alias(button_id)


def keyboard_rows(buttons: tuple[Button, ...]) -> list[list[Button]]:
    """One button per row; two per row when every title has at most 12 characters (short
    answers such as "Sí" / "No" sit side by side, longer labels stay readable)."""
    per_row = 2 if all(len(b.title) <= SHORT_TITLE for b in buttons) else 1
    return [list(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row)]


def inline_keyboard(buttons: tuple[Button, ...]) -> tuple[Markup | None, dict[str, str]]:
    """The inline keyboard for the options (label only: Telegram buttons have no
    description) and the aliases used for long ids."""
    if not buttons:
        return None, {}
    aliases: dict[str, str] = {}
    rows = []
    for row in keyboard_rows(buttons):
        cells = []
        for button in row:
            data = callback_data(button.id)
            if data != button.id:
                aliases[data] = button.id
            cells.append({"text": button.title, "callback_data": data})
        rows.append(cells)
    return {"inline_keyboard": rows}, aliases


def contact_keyboard(label: str) -> Markup:
    """A one-time reply keyboard with a single "share my number" button."""
    return {"keyboard": [[{"text": label, "request_contact": True}]],
            "one_time_keyboard": True, "resize_keyboard": True}


def remove_keyboard() -> Markup:
    """``ReplyKeyboardRemove``: hides the contact keyboard of an earlier reply."""
    return {"remove_keyboard": True}


def text_messages(text: str) -> list[_Message]:
    """The reply text in messages of at most 4096 (UTF-16 units, the stricter count)."""
    return [_Message(part) for part in split_text(text, TEXT_LIMIT, measure=utf16_units)]


def document_messages(document: OutDocument) -> list[_Message]:
    """The document with the caption's first 1024 (cut at a boundary); the rest of a long
    caption follows as text messages."""
    parts = split_text(document.caption or "", TEXT_LIMIT, first_limit=CAPTION_LIMIT,
                       measure=utf16_units)
    head = _Message(parts[0] if parts else "", document)
    return [head] + [_Message(part) for part in parts[1:]]


def photo_messages(image: OutImage) -> list[_Message]:
    """The picture with its one-line caption (cut at 1024 like a document's)."""
    parts = split_text(image.caption, TEXT_LIMIT, first_limit=CAPTION_LIMIT,
                       measure=utf16_units)
    return [_Message(parts[0] if parts else "", photo=image)] + [
        _Message(part) for part in parts[1:]]


def _place_inline_keyboard(messages: list[_Message], keyboard: Markup, label: str) -> None:
    """The options ride on the last message; a reply with no text gets one with the label."""
    if not messages:
        messages.append(_Message(label))
    messages[-1].markup = keyboard


def _place_contact_keyboard(messages: list[_Message], label: str) -> None:
    """The contact keyboard goes on the last message without an inline keyboard; when every
    message has one (or there is none), on a message of its own after them, titled with the
    button's label."""
    free = [m for m in messages if m.markup is None]
    if free:
        free[-1].markup = contact_keyboard(label)
    else:
        messages.append(_Message(label, markup=contact_keyboard(label)))


def _place_keyboard_removal(messages: list[_Message], label: str) -> None:
    """The removal goes on the first message without an inline keyboard; when the reply is a
    single message with options, the text carries the removal and the options move to a
    message of their own right after it, titled with the list label."""
    free = [m for m in messages if m.markup is None]
    if free:
        free[0].markup = remove_keyboard()
    else:
        options = messages[-1].markup
        messages[-1].markup = remove_keyboard()
        messages.append(_Message(label, markup=options))


def delete_message(chat_id: int | str, message_id: int) -> TelegramCall:
    return TelegramCall("deleteMessage", {"chat_id": chat_id, "message_id": message_id})


def typing_action(chat_id: int | str) -> TelegramCall:
    """"typing..." for up to 5 s while a step works."""
    return TelegramCall("sendChatAction", {"chat_id": chat_id, "action": "typing"})


def render_telegram(
    reply: Reply,
    chat_id: int | str,
    *,
    reply_to_message_id: int | None = None,
    remove_reply_keyboard: bool = False,
) -> TelegramRendering:
    """The calls for one reply. `reply_to_message_id` is the user's message this reply answers:
    it is deleted first when ``reply.delete_user_message`` (without it nothing is deleted); the
    reply does not quote it (a quoted password message would be gone anyway).
    `remove_reply_keyboard`: the previous reply showed the contact keyboard, remove it now
    (a new contact request replaces it instead)."""
    calls: list[TelegramCall] = []
    if reply.delete_user_message and reply_to_message_id is not None:
        calls.append(delete_message(chat_id, reply_to_message_id))
    messages = text_messages(with_descriptions(reply.text, reply.buttons))
    if reply.document is not None:
        messages += document_messages(reply.document)
    if reply.image is not None:
        messages += photo_messages(reply.image)
    label = reply.list_label or ELLIPSIS
    keyboard, aliases = inline_keyboard(reply.buttons)
    if keyboard is not None:
        _place_inline_keyboard(messages, keyboard, label)
    shown: bool | None = None
    if reply.request_contact:
        _place_contact_keyboard(messages, reply.request_contact)
        shown = True
    elif remove_reply_keyboard and messages:
        _place_keyboard_removal(messages, label)
        shown = False
    calls += [message.call(chat_id) for message in messages]
    return TelegramRendering(tuple(calls), aliases, shown)
