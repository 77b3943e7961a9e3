"""Render a ``Reply`` as the exact WhatsApp Cloud API calls, within the platform's limits.

``render_whatsapp`` is pure: it returns the calls in order, so a sender can execute and
retry them one by one (idempotency key: update id + index). A ``GraphCall("messages", p)``
is ``POST {api}/{phone-number-id}/messages`` with JSON body ``p``. A ``GraphCall("media", p,
document=d)`` is the multipart upload ``POST {api}/{phone-number-id}/media`` with the fields of
``p`` plus the file part ``file`` (``d.content``, ``d.filename``, ``d.mime_type``); it answers
``{"id": MEDIA_ID}``, and the next call's ``document.id`` is ``MEDIA_ID_PLACEHOLDER``, which the
sender replaces with that id (``with_media_id``).

Layout of one reply, in order: the text (split at 4096), then the document (caption cut at
1024, the rest as text), or the picture (an ``image`` message after its upload, with its
one-line caption). With options, the last message is interactive (reply buttons or a
list, ``control_kind``) whose body is the last part of the text cut at 1024; a document
message cannot carry options, so it goes first in that case.

What WhatsApp cannot do is left out: ``request_contact`` (the text already asks the user to
type the number) and ``delete_user_message`` (no API deletes a user's message; the flows never
let a password be typed on WhatsApp).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any, Literal

from bot.channels.render_text import (
    ELLIPSIS,
    alias,
    shorten,
    split_text,
    split_text_last,
    unique_titles,
)
from bot.channels.whatsapp.identity import GROUP_PREFIX, is_bsuid
from bot.conversation.messages import Button, OutDocument, OutImage, Reply

TEXT_LIMIT = 4096
BODY_LIMIT = 1024
CAPTION_LIMIT = 1024
MAX_BUTTONS, BUTTON_TITLE, BUTTON_ID = 3, 20, 256  # ids are kept within ROW_ID for both
LIST_ROWS, ROW_TITLE, ROW_DESCRIPTION, ROW_ID, LIST_BUTTON = 10, 24, 72, 200, 20
PAGE_OPTIONS = LIST_ROWS - 1
"""A paged list shows this many options and a "more" row."""
TEMPLATE_PARAMETER = 1024
PAYLOAD = 128
"""Longest option id a quick-reply button's payload carries as is; a longer one goes as its
alias, resolved back like a list row's."""
MORE_PREFIX = "more:"
"""Reserved row id prefix: ``more:N`` asks for page N (``more_page``)."""
MEDIA_ID_PLACEHOLDER = "{media_id}"
"""Stands for the id returned by the preceding ``media`` call; see ``with_media_id``."""
_DESCRIPTION_JOINER = " · "

ControlKind = Literal["button", "list"]


@dataclass(frozen=True)
class GraphCall:
    """One Graph API request: a ``/messages`` JSON body or a ``/media`` upload."""

    kind: Literal["messages", "media"]
    payload: dict[str, Any]
    document: OutDocument | OutImage | None = None
    """The file of a ``media`` upload (a document or a picture)."""


def e164(phone: str) -> str:
    """The recipient as E.164 with "+", as the API requires (``5215512345678`` is accepted)."""
    digits = phone.strip().removeprefix("+")
    if not digits.isdigit():
        raise ValueError(f"not a phone number: {phone!r}")
    return "+" + digits


def address(user: str) -> dict[str, str]:
    """Where a message goes: a phone number in ``to`` (E.164, the wa_id as WhatsApp gave
    it, never rewritten), a business-scoped user id in ``recipient``, a group (``group:``
    and its id) in ``to`` with ``recipient_type`` group."""
    if user.startswith(GROUP_PREFIX):
        return {"recipient_type": "group", "to": user.removeprefix(GROUP_PREFIX)}
    if is_bsuid(user):
        return {"recipient_type": "individual", "recipient": user}
    return {"recipient_type": "individual", "to": e164(user)}


def _message(to: str, kind: str, content: dict[str, Any]) -> GraphCall:
    return GraphCall("messages", {"messaging_product": "whatsapp", **address(to),
                                  "type": kind, kind: content})


def text_message(to: str, body: str) -> GraphCall:
    return _message(to, "text", {"body": body})


def control_kind(buttons: tuple[Button, ...]) -> ControlKind | None:
    """Reply buttons for 1-3 options whose titles are unique and fit 20 characters and that
    have no description (buttons cannot show one); a list otherwise."""
    if not buttons:
        return None
    titles = [b.title for b in buttons]
    fits = all(1 <= len(t) <= BUTTON_TITLE for t in titles)
    unique = len({t.casefold() for t in titles}) == len(titles)
    plain = all(not b.description for b in buttons)
    return "button" if len(buttons) <= MAX_BUTTONS and fits and unique and plain else "list"


def page_count(options: int) -> int:
    """Up to 10 options fit one list; more are paged 9 at a time (plus a "more" row)."""
    return 1 if options <= LIST_ROWS else math.ceil(options / PAGE_OPTIONS)


def more_page(reply_id: str) -> int | None:
    """The page a "more" row asks for (``more:2`` -> 2), or None for any other id."""
    number = reply_id.removeprefix(MORE_PREFIX)
    return int(number) if reply_id.startswith(MORE_PREFIX) and number.isdigit() else None


def reply_id(option_id: str) -> str:
    """The id a button or row carries: the option id when it has 1-200 characters (the
    stricter of the button and row limits), else its stable alias (see ``reply_aliases``)."""
    return option_id if 1 <= len(option_id) <= ROW_ID else alias(option_id)


def reply_aliases(reply: Reply) -> dict[str, str]:
    """Carried id -> option id for the options whose id was replaced by an alias; the
    adapter keeps it to resolve the ``button_reply`` / ``list_reply`` id back."""
    return {reply_id(b.id): b.id for b in reply.buttons if reply_id(b.id) != b.id}


def row_text(button: Button) -> tuple[str, str | None]:
    """Row title and description: the label shortened at a word to 24 with "…"; the
    description is the full label when it was shortened, then the option's own description,
    joined with " · " and shortened likewise to 72."""
    title = shorten(button.title, ROW_TITLE)
    parts = [button.title] if title != " ".join(button.title.split()) else []
    parts += [button.description] if button.description else []
    description = shorten(_DESCRIPTION_JOINER.join(parts), ROW_DESCRIPTION)
    return title, description or None


def list_rows(buttons: tuple[Button, ...], page: int, more_label: str) -> list[dict[str, Any]]:
    """The rows of page `page`: every option when there are at most 10; else 9 options and a
    last row ``more:<next page>`` titled `more_label`, described "2/3"; the last page's
    "more" leads back to page 0. Titles are made unique with " (2)"..."""
    rows = []
    for row_id, title, description in _list_rows(buttons, page, more_label):
        row = {"id": row_id, "title": title}
        if description:
            row["description"] = description
        rows.append(row)
    return rows


ROW_SETS_REMEMBERED = 256


@functools.lru_cache(maxsize=ROW_SETS_REMEMBERED)
def _list_rows(buttons: tuple[Button, ...], page: int,
               more_label: str) -> tuple[tuple[str, str, str | None], ...]:
    """``list_rows`` as (id, title, description), remembered: most replies are the same few
    menus, and shortening and de-duplicating their titles is pure work on every send."""
    pages = page_count(len(buttons))
    shown = buttons if pages == 1 else buttons[page * PAGE_OPTIONS:(page + 1) * PAGE_OPTIONS]
    rows: list[tuple[str, str, str | None]] = [
        (reply_id(button.id), *row_text(button)) for button in shown]
    if pages > 1:
        following = (page + 1) % pages
        rows.append((f"{MORE_PREFIX}{following}", shorten(more_label, ROW_TITLE),
                     f"{following + 1}/{pages}"))
    titles = unique_titles([title for _, title, _ in rows], ROW_TITLE)
    return tuple((row_id, title, description)
                 for (row_id, _, description), title in zip(rows, titles, strict=True))


def list_button_label(label: str | None, default: str) -> str:
    """The list's button: the reply's label when it fits 20, else the default (shortened)."""
    if label and label.strip() and len(label.strip()) <= LIST_BUTTON:
        return label.strip()
    return shorten(default, LIST_BUTTON)


def interactive_message(to: str, body: str, action: dict[str, Any], kind: ControlKind
                        ) -> GraphCall:
    return _message(to, "interactive", {"type": kind, "body": {"text": body}, "action": action})


def button_action(buttons: tuple[Button, ...]) -> dict[str, Any]:
    return {"buttons": [{"type": "reply", "reply": {"id": reply_id(b.id), "title": b.title}}
                        for b in buttons]}


def document_calls(to: str, document: OutDocument) -> list[GraphCall]:
    """Upload, then the document message with the caption's first 1024 (cut at a boundary);
    the rest of a long caption follows as text messages."""
    parts = split_text(document.caption or "", TEXT_LIMIT, first_limit=CAPTION_LIMIT)
    content: dict[str, Any] = {"id": MEDIA_ID_PLACEHOLDER, "filename": document.filename}
    if parts:
        content["caption"] = parts[0]
    upload = GraphCall("media", {"messaging_product": "whatsapp", "type": document.mime_type},
                       document)
    return [upload, _message(to, "document", content)] + [text_message(to, p) for p in parts[1:]]


def image_calls(to: str, image: OutImage) -> list[GraphCall]:
    """Upload the picture, then the image message with its one-line caption."""
    parts = split_text(image.caption, TEXT_LIMIT, first_limit=CAPTION_LIMIT)
    content: dict[str, Any] = {"id": MEDIA_ID_PLACEHOLDER}
    if parts:
        content["caption"] = parts[0]
    upload = GraphCall("media", {"messaging_product": "whatsapp", "type": image.mime_type},
                       image)
    return [upload, _message(to, "image", content)] + [text_message(to, p) for p in parts[1:]]


def with_media_id(call: GraphCall, media_id: str) -> GraphCall:
    """`call` with ``MEDIA_ID_PLACEHOLDER`` replaced by the id the upload returned."""
    kind = call.payload.get("type")
    if kind not in ("document", "image"):
        return call
    content = dict(call.payload[kind])
    if content.get("id") == MEDIA_ID_PLACEHOLDER:
        content["id"] = media_id
    return GraphCall(call.kind, {**call.payload, kind: content}, call.document)


def render_whatsapp(
    reply: Reply, to: str, *, page: int = 0, more_label: str, list_label_default: str
) -> list[GraphCall]:
    """The calls for one reply. `page` > 0 renders only the list of that page (the answer
    to a ``more:N`` row; out of range wraps around; ignored when the options fit one list).
    `more_label` and `list_label_default` are translated by the adapter."""
    address(to)  # refuse what names nobody before rendering anything
    kind = control_kind(reply.buttons)
    document = [] if reply.document is None else document_calls(to, reply.document)
    if reply.image is not None:
        document += image_calls(to, reply.image)
    if kind is None:
        texts = split_text(reply.text, TEXT_LIMIT)
        return [text_message(to, t) for t in texts] + document
    parts = split_text_last(reply.text, TEXT_LIMIT, last_limit=BODY_LIMIT)
    label = list_button_label(reply.list_label, list_label_default)
    body = parts.pop() if parts else label
    if kind == "button":
        action = button_action(reply.buttons)
    else:
        pages = page_count(len(reply.buttons))
        page = page % pages
        rows = list_rows(reply.buttons, page, more_label)
        action = {"button": label, "sections": [{"rows": rows}]}
        if page > 0:  # a later page: the text and document went with page 0
            parts, document = [], []
    calls = document + [text_message(to, t) for t in parts]
    calls.append(interactive_message(to, body, action, kind))
    return calls


def template_parameter(text: str) -> str:
    """A body parameter: on one line (Meta rejects new lines, tabs and runs of spaces),
    at most 1024 characters cut at a word; a blank value becomes "…"."""
    return shorten(text, TEMPLATE_PARAMETER) or ELLIPSIS


def template_text(reply: Reply, room: int) -> str:
    """A reply as a template's body parameter, outside the 24-hour window: a template cannot
    carry the reply's buttons, so its options follow the text, numbered (the user answers
    with the number); all on one line and within ``room`` characters (the body's 1,024 less
    the template's own text), the text shortened first so the options stay whole."""
    words = reply.text or (reply.image.caption if reply.image else "")  # a picture: its caption
    options = " ".join(f"{n}) {b.title}" for n, b in enumerate(reply.buttons, start=1))
    if not options:
        return shorten(words, room) or ELLIPSIS
    options = shorten(options, room)
    left = room - len(options) - 1
    text = shorten(words, left) if left > len(ELLIPSIS) else ""
    return f"{text} {options}" if text else options


def render_template(name: str, language_code: str, parameters: list[str], to: str,
                    payloads: tuple[str, ...] = ()) -> GraphCall:
    """An approved template, the only message allowed outside the 24-hour window.
    ``payloads``: what its quick-reply buttons carry, in order (index 0, 1, ...): a tap
    comes back as a ``button`` message with that payload."""
    template: dict[str, Any] = {"name": name, "language": {"code": language_code}}
    components: list[dict[str, Any]] = []
    if parameters:
        components.append({"type": "body", "parameters": [
            {"type": "text", "text": template_parameter(p)} for p in parameters]})
    components += [{"type": "button", "sub_type": "quick_reply", "index": str(index),
                    "parameters": [{"type": "payload", "payload": payload}]}
                   for index, payload in enumerate(payloads)]
    if components:
        template["components"] = components
    return _message(to, "template", template)


def quick_reply_payloads(reply: Reply, buttons: int) -> tuple[str, ...] | None:
    """The payloads of a template whose ``buttons`` quick-reply buttons are titled 1, 2, ...
    for this reply's options (their ids, aliased when longer than ``PAYLOAD``), or ``None``
    when it has no options or more than the template has buttons."""
    if not reply.buttons or len(reply.buttons) > buttons:
        return None
    return tuple(payload_id(b.id) for b in reply.buttons)


def payload_id(option_id: str) -> str:
    return option_id if 1 <= len(option_id) <= PAYLOAD else alias(option_id)


def payload_aliases(reply: Reply) -> dict[str, str]:
    return {payload_id(b.id): b.id for b in reply.buttons if payload_id(b.id) != b.id}


def mark_read(wamid: str) -> GraphCall:
    """Mark the user's message read and show "typing..." until our answer (up to 25 s)."""
    return GraphCall("messages", {"messaging_product": "whatsapp", "status": "read",
                                  "message_id": wamid, "typing_indicator": {"type": "text"}})
