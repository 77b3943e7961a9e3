"""Bot API limits and error bodies, with the entity parsing the real server does first.

Descriptions follow tdlib/telegram-bot-api (Client.cpp) and api.telegram.org answers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
CALLBACK_ANSWER_LIMIT = 200
DELETE_WINDOW_SECONDS = 48 * 3600

UNAUTHORIZED = "Unauthorized"
NOT_FOUND = "Not Found"
MESSAGE_TOO_LONG = "Bad Request: message is too long"
TEXT_EMPTY = "Bad Request: message text is empty"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
TEXT_BUTTONS_UNALLOWED = "Bad Request: text buttons are unallowed in the inline keyboard"
MARKUP_UNPARSABLE = "Bad Request: can't parse reply keyboard markup JSON object"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
CANT_EDIT = "Bad Request: message can't be edited"
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CALLBACK_TEXT_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
MESSAGE_ID_EMPTY = "Bad Request: message identifier is not specified"
DOCUMENT_EMPTY = "Bad Request: there is no document in the request"
WRONG_ACTION = "Bad Request: wrong parameter action in request"
WRONG_PARSE_MODE = "Bad Request: unsupported parse_mode"
BLOCKED = "Forbidden: bot was blocked by the user"
SECRET_TOO_LONG = "Bad Request: secret token is too long"
SECRET_UNALLOWED = "Bad Request: secret token contains unallowed characters"
WEBHOOK_URL_INVALID = "Bad Request: invalid webhook URL specified"
CONFLICT_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
CONFLICT_BY_SET_WEBHOOK = "Conflict: terminated by setWebhook request"
CONFLICT_BY_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
SERVER_ERRORS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                 504: "Gateway Timeout"}

CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]*")
_INLINE_ACTIONS = ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                   "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                   "copy_text", "callback_game", "pay")


class ApiError(Exception):
    """A Bot API failure answered as `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status,
                                "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, description)


def too_many_requests(retry_after: int | float) -> ApiError:
    shown = int(retry_after) if float(retry_after).is_integer() else retry_after
    return ApiError(429, f"Too Many Requests: retry after {shown}", {"retry_after": shown})


def server_error(status: int) -> ApiError:
    return ApiError(status, SERVER_ERRORS.get(status, "Internal Server Error"))


def _entities_error(detail: str) -> ApiError:
    return bad_request(f"Bad Request: can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


class _TelegramHTML(HTMLParser):
    TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                      "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote", "tg-time"})

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.stack: list[str] = []
        self._line_starts = [0]
        for match in re.finditer("\n", source):
            self._line_starts.append(match.end())

    def _offset(self) -> int:
        line, column = self.getpos()
        return _byte_offset(self.source, self._line_starts[line - 1] + column)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.TAGS:
            raise _entities_error(f'Unsupported start tag "{tag}" at byte offset {self._offset()}')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _entities_error(f'Unsupported start tag "{tag}/" at byte offset {self._offset()}')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            raise _entities_error(f"Unexpected end tag at byte offset {self._offset()}")
        if self.stack[-1] != tag:
            raise _entities_error(
                f'Unmatched end tag at byte offset {self._offset()}, expected '
                f'"</{self.stack[-1]}>", found "</{tag}>"'
            )
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _parse_html(text: str) -> str:
    parser = _TelegramHTML(text)
    parser.feed(text)
    parser.close()
    if parser.stack:
        tag = parser.stack[-1]
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{tag}"')
    return "".join(parser.parts)


_V2_ENTITY_NAMES = {"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough",
                    "||": "Spoiler", "[": "TextUrl"}
_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


def _parse_markdown_v2(text: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            if i + 1 < n and 0 < ord(text[i + 1]) < 127:
                out.append(text[i + 1])
                i += 2
                continue
            raise _entities_error("Character '\\' is reserved and must be escaped with the "
                                  "preceding '\\'")
        if char == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = text.find(fence, i + len(fence))
            if end < 0:
                name = "Pre" if fence == "```" else "Code"
                raise _entities_error(f"Can't find end of {name} entity at byte offset "
                                      f"{_byte_offset(text, i)}")
            body = text[i + len(fence):end]
            if fence == "```" and "\n" in body:
                body = body.split("\n", 1)[1]
            out.append(body.replace("\\`", "`").replace("\\\\", "\\"))
            i = end + len(fence)
            continue
        marker = text[i:i + 2] if text[i:i + 2] in ("__", "||") else char
        if marker in ("*", "_", "__", "~", "||"):
            if stack and stack[-1][0] == marker:
                stack.pop()
            else:
                stack.append((marker, i))
            i += len(marker)
            continue
        if char == "[":
            stack.append(("[", i))
            i += 1
            continue
        if char == "]" and stack and stack[-1][0] == "[":
            stack.pop()
            if text.startswith("(", i + 1):
                end = text.find(")", i + 2)
                if end < 0:
                    raise _entities_error("Can't find end of a URL at byte offset "
                                          f"{_byte_offset(text, i + 1)}")
                i = end + 1
            else:
                i += 1
            continue
        if char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        if char in _V2_RESERVED:
            raise _entities_error(f"Character '{char}' is reserved and must be escaped with the "
                                  f"preceding '\\'")
        out.append(char)
        i += 1
    if stack:
        marker, at = stack[-1]
        raise _entities_error(f"Can't find end of {_V2_ENTITY_NAMES[marker]} entity at byte "
                              f"offset {_byte_offset(text, at)}")
    return "".join(out)


def _parse_markdown(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            i += 2
        elif char in "*_`":
            fence = "```" if text.startswith("```", i) else char
            end = text.find(fence, i + len(fence))
            if end < 0:
                raise _entities_error("Can't find end of the entity starting at byte offset "
                                      f"{_byte_offset(text, i)}")
            out.append(text[i + len(fence):end])
            i = end + len(fence)
        elif char == "[" and (close := text.find("](", i)) > 0 and text.find(")", close) > 0:
            out.append(text[i + 1:close])
            i = text.find(")", close) + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user sees once `parse_mode` markup is applied (or the parse error)."""
    mode = (parse_mode or "").lower()
    if mode in ("", "none"):
        return text
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown(text)
    raise bad_request(WRONG_PARSE_MODE)


def check_text(text: Any, parse_mode: str | None) -> str:
    """Message text: 1-4096 characters after entity parsing; returns the visible text."""
    if not isinstance(text, str) or not text:
        raise bad_request(TEXT_EMPTY)
    shown = visible_text(text, parse_mode).strip()
    if not shown:
        raise bad_request(TEXT_EMPTY)
    if len(shown) > TEXT_LIMIT:
        raise bad_request(MESSAGE_TOO_LONG)
    return shown


def check_caption(caption: Any, parse_mode: str | None) -> str | None:
    """Caption: 0-1024 characters after entity parsing."""
    if caption is None or caption == "":
        return None
    shown = visible_text(str(caption), parse_mode).strip()
    if len(shown) > CAPTION_LIMIT:
        raise bad_request(CAPTION_TOO_LONG)
    return shown or None


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(MARKUP_UNPARSABLE)
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode()) if isinstance(data, str) else 0
        if not 1 <= size <= CALLBACK_DATA_BYTES:
            raise bad_request(BUTTON_DATA_INVALID)
    elif "url" in button:
        if not re.match(r"(https?|tg)://\S+$", str(button["url"])):
            raise bad_request(BUTTON_URL_INVALID)
    elif not any(key in button for key in _INLINE_ACTIONS):
        raise bad_request(TEXT_BUTTONS_UNALLOWED)


def check_reply_markup(markup: Any) -> None:
    """Inline keyboards (callback_data 1-64 bytes), reply keyboards, removal, force reply."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request(MARKUP_UNPARSABLE)
    for kind in ("inline_keyboard", "keyboard"):
        if kind in markup:
            rows = markup[kind]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                owner = "InlineKeyboardMarkup" if kind == "inline_keyboard" else (
                    "ReplyKeyboardMarkup")
                raise bad_request(
                    f'Bad Request: field "{kind}" of the {owner} should be an Array of Arrays')
            for row in rows:
                for button in row:
                    if kind == "inline_keyboard":
                        _check_inline_button(button)
                    elif not isinstance(button, str | dict):
                        raise bad_request(MARKUP_UNPARSABLE)
            return
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return
    raise bad_request(MARKUP_UNPARSABLE)


def check_secret_token(secret: Any) -> str | None:
    """setWebhook secret_token: 1-256 characters of A-Za-z0-9_- (empty means none)."""
    if secret is None or secret == "":
        return None
    secret = str(secret)
    if len(secret) > 256:
        raise bad_request(SECRET_TOO_LONG)
    if not _SECRET_CHARS.fullmatch(secret):
        raise bad_request(SECRET_UNALLOWED)
    return secret
