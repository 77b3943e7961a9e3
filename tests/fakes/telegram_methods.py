"""Bot API methods of the fake server: validation, state changes and realistic results."""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.fake_base import Clock
from tests.fakes.telegram_limits import (
    CALLBACK_ANSWER_LIMIT,
    CALLBACK_TEXT_TOO_LONG,
    CANT_EDIT,
    CHAT_ACTIONS,
    CHAT_ID_EMPTY,
    DELETE_NOT_FOUND,
    DELETE_WINDOW_SECONDS,
    DOCUMENT_EMPTY,
    EDIT_NOT_FOUND,
    MESSAGE_ID_EMPTY,
    NOT_MODIFIED,
    QUERY_INVALID,
    WEBHOOK_URL_INVALID,
    WRONG_ACTION,
    bad_request,
    check_caption,
    check_reply_markup,
    check_secret_token,
    check_text,
)
from tests.fakes.telegram_photos import PHOTO_EMPTY, check_photo, photo_sizes
from tests.fakes.telegram_polling import UpdateQueue, Webhook
from tests.fakes.telegram_records import (
    CallbackAnswer,
    ChatAction,
    ChatStore,
    StoredMessage,
    UploadedFile,
)

Params = dict[str, Any]
Files = dict[str, UploadedFile]
Result = tuple[Any, str | None]
Handler = Callable[[Params, Files], Awaitable[Result]]
FloodCheck = Callable[[str, int], None]


def chat_id_of(params: Params) -> int:
    value = params.get("chat_id")
    if value is None or value == "":
        raise bad_request(CHAT_ID_EMPTY)
    if isinstance(value, int):
        return value
    raise bad_request("Bad Request: chat not found")


def message_id_of(params: Params) -> int:
    value = params.get("message_id")
    if not isinstance(value, int):
        raise bad_request(MESSAGE_ID_EMPTY)
    return value


def _inline(markup: Any) -> dict[str, Any] | None:
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


class BotApi:
    """The methods, keyed by lower-case name; `flood(method, chat_id)` may raise a 429."""

    def __init__(
        self,
        *,
        store: ChatStore,
        queue: UpdateQueue,
        clock: Clock,
        bot_user: dict[str, Any],
        flood: FloodCheck,
        closing: Callable[[], asyncio.Event],
    ) -> None:
        self.store = store
        self.queue = queue
        self.clock = clock
        self.bot_user = bot_user
        self.flood = flood
        self.closing = closing
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[ChatAction] = []
        self.deletions: list[tuple[int, int]] = []
        self.commands: list[Any] = []
        self.commands_by: dict[tuple[str, str], list[Any]] = {}
        self._next_file = 1
        methods: dict[str, Handler] = {
            "getMe": self.get_me, "sendMessage": self.send_message,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "answerCallbackQuery": self.answer_callback_query,
            "sendDocument": self.send_document, "deleteMessage": self.delete_message,
            "sendPhoto": self.send_photo,
            "sendChatAction": self.send_chat_action, "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook, "getWebhookInfo": self.get_webhook_info,
            "getUpdates": self.get_updates, "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands, "deleteMyCommands": self.delete_my_commands,
            "logOut": self.log_out, "close": self.log_out,
        }
        self.methods = {name.lower(): (name, handler) for name, handler in methods.items()}

    def now(self) -> int:
        return int(self.clock.now())

    def _bot_message(self, chat_id: int, content: Params, **stored: Any) -> dict[str, Any]:
        message_id = self.store.next_message_id(chat_id)
        payload = {"message_id": message_id, "from": dict(self.bot_user),
                   "chat": self.store.chat(chat_id), "date": self.now(), **content}
        self.store.add(StoredMessage(chat_id, message_id, "bot", payload, **stored))
        return copy.deepcopy(payload)

    async def get_me(self, params: Params, files: Files) -> Result:
        return dict(self.bot_user), None

    async def send_message(self, params: Params, files: Files) -> Result:
        chat_id = chat_id_of(params)
        shown = check_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        self.flood("sendMessage", chat_id)
        content: Params = {"text": shown}
        if _inline(markup):
            content["reply_markup"] = markup
        return self._bot_message(chat_id, content, raw_text=params["text"],
                                 parse_mode=params.get("parse_mode"), reply_markup=markup), None

    async def send_document(self, params: Params, files: Files) -> Result:
        chat_id = chat_id_of(params)
        reference = params.get("document")
        upload = files.get("document")
        if isinstance(reference, str) and reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
        if upload is None and not (isinstance(reference, str) and reference):
            raise bad_request(DOCUMENT_EMPTY)
        caption = check_caption(params.get("caption"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        self.flood("sendDocument", chat_id)
        number = self._next_file
        self._next_file += 1
        document: Params = {"file_id": f"BQACAgEAAxkDAAI{number:08d}",
                            "file_unique_id": f"AgAD{number:06d}"}
        if upload is not None:
            document.update(file_name=upload.filename or "document",
                            mime_type=upload.content_type, file_size=upload.size)
        content: Params = {"document": document}
        if caption:
            content["caption"] = caption
        if _inline(markup):
            content["reply_markup"] = markup
        return self._bot_message(chat_id, content, raw_text=params.get("caption"),
                                 parse_mode=params.get("parse_mode"), reply_markup=markup,
                                 document=upload), None

    async def send_photo(self, params: Params, files: Files) -> Result:
        """An uploaded photo (``tests/fakes/telegram_photos.py`` holds its limits)."""
        chat_id = chat_id_of(params)
        reference = params.get("photo")
        upload = files.get("photo")
        if isinstance(reference, str) and reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
        if upload is None:
            raise bad_request(PHOTO_EMPTY)
        width, height = check_photo(upload.data)
        caption = check_caption(params.get("caption"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        self.flood("sendPhoto", chat_id)
        number = self._next_file
        self._next_file += 1
        content: Params = {"photo": photo_sizes(number, width, height, upload.size)}
        if caption:
            content["caption"] = caption
        if _inline(markup):
            content["reply_markup"] = markup
        return self._bot_message(chat_id, content, raw_text=params.get("caption"),
                                 parse_mode=params.get("parse_mode"), reply_markup=markup,
                                 document=upload), None

    def _editable(self, params: Params) -> StoredMessage:
        chat_id = chat_id_of(params)
        stored = self.store.get(chat_id, message_id_of(params))
        if stored is None or stored.deleted:
            raise bad_request(EDIT_NOT_FOUND)
        if stored.origin != "bot":
            raise bad_request(CANT_EDIT)
        return stored

    def _apply_edit(self, stored: StoredMessage, changes: Params, markup: Any) -> dict[str, Any]:
        stored.history.append(copy.deepcopy(stored.payload))
        stored.payload.update(changes, edit_date=self.now())
        if _inline(markup):
            stored.payload["reply_markup"] = markup
        else:
            stored.payload.pop("reply_markup", None)
        stored.reply_markup = markup
        return copy.deepcopy(stored.payload)

    async def edit_message_text(self, params: Params, files: Files) -> Result:
        stored = self._editable(params)
        if "text" not in stored.payload:
            raise bad_request("Bad Request: there is no text in the message to edit")
        shown = check_text(params.get("text"), params.get("parse_mode"))
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        same_text = (shown, params["text"], params.get("parse_mode")) == (
            stored.visible, stored.raw_text, stored.parse_mode)
        if same_text and _inline(markup) == stored.inline_markup:
            raise bad_request(NOT_MODIFIED)
        self.flood("editMessageText", stored.chat_id)
        stored.raw_text, stored.parse_mode = params["text"], params.get("parse_mode")
        return self._apply_edit(stored, {"text": shown}, markup), None

    async def edit_message_reply_markup(self, params: Params, files: Files) -> Result:
        stored = self._editable(params)
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        if _inline(markup) == stored.inline_markup:
            raise bad_request(NOT_MODIFIED)
        self.flood("editMessageReplyMarkup", stored.chat_id)
        return self._apply_edit(stored, {}, markup), None

    async def delete_message(self, params: Params, files: Files) -> Result:
        chat_id = chat_id_of(params)
        message_id = message_id_of(params)
        stored = self.store.get(chat_id, message_id)
        if (stored is None or stored.deleted
                or self.now() - stored.date > DELETE_WINDOW_SECONDS):
            raise bad_request(DELETE_NOT_FOUND)
        stored.deleted = True
        self.deletions.append((chat_id, message_id))
        return True, None

    async def answer_callback_query(self, params: Params, files: Files) -> Result:
        text = params.get("text")
        if isinstance(text, str) and len(text) > CALLBACK_ANSWER_LIMIT:
            raise bad_request(CALLBACK_TEXT_TOO_LONG)
        query = self.store.callbacks.get(str(params.get("callback_query_id", "")))
        if query is None or query.answered:
            raise bad_request(QUERY_INVALID)
        query.answered = True
        self.callback_answers.append(CallbackAnswer(
            query.id, query.chat_id, text if isinstance(text, str) else None,
            params.get("show_alert") is True, params.get("url"), self.clock.now()))
        return True, None

    async def send_chat_action(self, params: Params, files: Files) -> Result:
        chat_id = chat_id_of(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request(WRONG_ACTION)
        self.chat_actions.append(ChatAction(chat_id, str(action), self.clock.now()))
        return True, None

    async def set_webhook(self, params: Params, files: Files) -> Result:
        url = str(params.get("url") or "")
        if not url:
            return await self.delete_webhook(params, files)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_request(WEBHOOK_URL_INVALID)
        secret = check_secret_token(params.get("secret_token"))
        max_connections = params.get("max_connections")
        webhook = Webhook(url, secret, max_connections if isinstance(max_connections, int) else 40)
        current = self.queue.webhook
        self.queue.set_allowed(params.get("allowed_updates"))
        if params.get("drop_pending_updates") is True:
            self.queue.drop_all()
        elif current is not None and (current.url, current.secret_token) == (url, secret):
            return True, "Webhook is already set"
        self.queue.set_webhook(webhook)
        return True, "Webhook was set"

    async def delete_webhook(self, params: Params, files: Files) -> Result:
        if params.get("drop_pending_updates") is True:
            self.queue.drop_all()
        if self.queue.webhook is None:
            return True, "Webhook is already deleted"
        self.queue.set_webhook(None)
        return True, "Webhook was deleted"

    async def get_webhook_info(self, params: Params, files: Files) -> Result:
        webhook = self.queue.webhook
        info: Params = {"url": webhook.url if webhook else "", "has_custom_certificate": False,
                        "pending_update_count": len(self.queue.pending)}
        if webhook is not None:
            if webhook.last_error_date is not None:
                info["last_error_date"] = webhook.last_error_date
                info["last_error_message"] = webhook.last_error_message
            info["max_connections"] = webhook.max_connections
            info["ip_address"] = "127.0.0.1"
        return info, None

    async def get_updates(self, params: Params, files: Files) -> Result:
        if self.queue.webhook is None:
            self.queue.set_allowed(params.get("allowed_updates"))

        def integer(name: str, default: int) -> int:
            value = params.get(name, default)
            return value if isinstance(value, int) else default

        updates = await self.queue.poll(integer("offset", 0), integer("limit", 100),
                                        integer("timeout", 0), self.closing())
        return copy.deepcopy(updates), None

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        """Commands are kept per scope and language_code ("" for every other language)."""
        scope = params.get("scope")
        kind = scope.get("type", "default") if isinstance(scope, dict) else "default"
        return str(kind), str(params.get("language_code") or "")

    async def set_my_commands(self, params: Params, files: Files) -> Result:
        commands = params.get("commands")
        if not isinstance(commands, list) or not 1 <= len(commands) <= 100:
            raise bad_request("Bad Request: commands must be a list of 1-100 commands")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(name)):
                raise bad_request("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(description)) <= 256:
                raise bad_request("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        language = params.get("language_code")
        if language and not re.fullmatch(r"[a-z]{2}", str(language)):
            raise bad_request("Bad Request: LANGUAGE_CODE_INVALID")
        self.commands_by[self._commands_key(params)] = commands
        self.commands = commands
        return True, None

    async def get_my_commands(self, params: Params, files: Files) -> Result:
        return copy.deepcopy(self.commands_by.get(self._commands_key(params), [])), None

    async def delete_my_commands(self, params: Params, files: Files) -> Result:
        self.commands_by.pop(self._commands_key(params), None)
        self.commands = []
        return True, None

    async def log_out(self, params: Params, files: Files) -> Result:
        return True, None
