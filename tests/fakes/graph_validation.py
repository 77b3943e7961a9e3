"""Checks of `POST /{phone-number-id}/messages` payloads, answered with code 100 and
`error_data.details` naming the problem (limits from CHANNELS.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from typing import Any

from tests.fakes.graph_errors import invalid_parameter, known_error
from tests.fakes.graph_media import check_image_message

E164 = re.compile(r"\+[1-9]\d{7,14}")
BSUID = re.compile(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}")
TEXT_BODY = 4096
BUTTONS_MAX, BUTTON_TITLE, BUTTON_ID = 3, 20, 256
INTERACTIVE_BODY, FOOTER, HEADER_TEXT = 1024, 60, 60
LIST_ROWS, LIST_SECTIONS, ROW_TITLE, ROW_DESCRIPTION, ROW_ID = 10, 10, 24, 72, 200
SECTION_TITLE, LIST_BUTTON = 24, 20
CAPTION = 1024
TEMPLATE_BODY = 1024
PAYLOAD = 128

Checker = Callable[[dict[str, Any], "Context"], None]


@dataclass(frozen=True)
class TemplateSpec:
    """What an approved template has, as Meta checks a send against it: body parameters
    (``None``: not checked), the body's own text (its parameters fill the rest of the
    1,024), and its quick-reply buttons."""

    parameters: int | None = None
    text_chars: int = 0
    quick_replies: int = 0


class Context:
    def __init__(self, media_ids: Container[str],
                 templates: Mapping[str, TemplateSpec] | None) -> None:
        self.media_ids = media_ids
        self.templates = templates


def _require(condition: bool, details: str) -> None:
    if not condition:
        raise invalid_parameter(details)


def _string(value: Any, name: str, limit: int, *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or value == "":
        raise invalid_parameter(f"Param {name} is required")
    _require(len(value) <= limit, f"Param {name} must be at most {limit} characters long")


def _object(parent: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise invalid_parameter(f"Param {name} is required")
    return value


def _array(value: Any, details: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise invalid_parameter(details)
    return value


def _text(body: dict[str, Any], ctx: Context) -> None:
    _string(body.get("body"), "text['body']", TEXT_BODY)


def _buttons(action: dict[str, Any]) -> None:
    buttons = _array(action.get("buttons"), "Param interactive['action']['buttons'] is required")
    _require(len(buttons) <= BUTTONS_MAX,
             f"Param interactive['action']['buttons'] must contain at most {BUTTONS_MAX} "
             "elements")
    titles, ids = [], []
    for index, button in enumerate(buttons):
        reply = button.get("reply") if isinstance(button, dict) else None
        if not isinstance(reply, dict) or button.get("type") != "reply":
            raise invalid_parameter(
                f"Param interactive['action']['buttons'][{index}] must be a reply button")
        title, button_id = reply.get("title"), reply.get("id")
        _require(isinstance(title, str) and 1 <= len(title) <= BUTTON_TITLE,
                 f"Button title length invalid. Min length: 1, Max length: {BUTTON_TITLE}")
        _require(isinstance(button_id, str) and 1 <= len(button_id) <= BUTTON_ID,
                 f"Button id length invalid. Min length: 1, Max length: {BUTTON_ID}")
        titles.append(title)
        ids.append(button_id)
    _require(len(set(titles)) == len(titles), "Button titles must be unique")
    _require(len(set(ids)) == len(ids), "Button ids must be unique")


def _sections(action: dict[str, Any]) -> None:
    label = action.get("button")
    _require(isinstance(label, str) and 1 <= len(label) <= LIST_BUTTON,
             f"Button label length invalid. Min length: 1, Max length: {LIST_BUTTON}")
    sections = _array(action.get("sections"),
                      "Param interactive['action']['sections'] is required")
    _require(len(sections) <= LIST_SECTIONS, f"Too many sections. Max allowed: {LIST_SECTIONS}")
    row_ids: list[str] = []
    for section in sections:
        _require(isinstance(section, dict), "Each section must be an object")
        title = section.get("title")
        if len(sections) > 1 or title is not None:
            _require(isinstance(title, str) and 1 <= len(title) <= SECTION_TITLE,
                     f"Section title length invalid. Min length: 1, Max length: {SECTION_TITLE}"
                     " (required with more than one section)")
        for row in _array(section.get("rows"), "Each section must have rows"):
            _require(isinstance(row, dict), "Each row must be an object")
            _require(isinstance(row.get("title"), str) and 1 <= len(row["title"]) <= ROW_TITLE,
                     f"Row title length invalid. Min length: 1, Max length: {ROW_TITLE}")
            _require(isinstance(row.get("id"), str) and 1 <= len(row["id"]) <= ROW_ID,
                     f"Row id length invalid. Min length: 1, Max length: {ROW_ID}")
            description = row.get("description")
            _require(description is None or (isinstance(description, str)
                                             and len(description) <= ROW_DESCRIPTION),
                     f"Row description length invalid. Max length: {ROW_DESCRIPTION}")
            row_ids.append(row["id"])
    _require(len(row_ids) <= LIST_ROWS,
             f"Total row count exceed max allowed count: {LIST_ROWS}")
    _require(len(set(row_ids)) == len(row_ids), "Row ids must be unique across sections")


def _interactive(body: dict[str, Any], ctx: Context) -> None:
    kind = body.get("type")
    _require(kind in ("button", "list"), "Param interactive['type'] must be one of "
                                         "{button, list}")
    text = _object(body, "body", "interactive['body']").get("text")
    _string(text, "interactive['body']['text']", INTERACTIVE_BODY)
    if "footer" in body:
        footer = _object(body, "footer", "interactive['footer']").get("text")
        _string(footer, "interactive['footer']['text']", FOOTER)
    if "header" in body:
        header = _object(body, "header", "interactive['header']")
        if header.get("type") == "text":
            _string(header.get("text"), "interactive['header']['text']", HEADER_TEXT)
    action = _object(body, "action", "interactive['action']")
    if kind == "button":
        _buttons(action)
    else:
        _sections(action)


def _media(kind: str) -> Checker:
    def check(body: dict[str, Any], ctx: Context) -> None:
        media_id = body.get("id")
        _require(isinstance(media_id, str) and media_id in ctx.media_ids,
                 f"Param {kind}['id'] must be a media id uploaded to this phone number")
        _string(body.get("caption"), f"{kind}['caption']", CAPTION, required=False)
        _string(body.get("filename"), f"{kind}['filename']", 240, required=False)

    return check


def _image(body: dict[str, Any], ctx: Context) -> None:
    _media("image")(body, ctx)
    check_image_message(body, ctx.media_ids)


def _location(body: dict[str, Any], ctx: Context) -> None:
    for key in ("latitude", "longitude"):
        _require(isinstance(body.get(key), int | float), f"Param location['{key}'] is required")


def _template(body: dict[str, Any], ctx: Context) -> None:
    name = body.get("name")
    _require(isinstance(name, str) and name != "", "Param template['name'] is required")
    language = body.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    _require(isinstance(code, str) and code != "",
             "Param template['language']['code'] is required")
    components = body.get("components")
    _require(components is None or isinstance(components, list),
             "Param template['components'] must be an array")
    if ctx.templates is not None and name not in ctx.templates:
        raise known_error(132001, details=f"template name ({name}) does not exist in {code}")
    spec = ctx.templates[str(name)] if ctx.templates is not None else None
    texts, buttons = _template_components(components or [])
    if spec is None:
        return
    if spec.parameters is not None and len(texts) != spec.parameters:
        raise known_error(132000, details=f"body: expected {spec.parameters} parameters, "
                                          f"got {len(texts)}")
    if spec.text_chars + sum(len(p) for p in texts) > TEMPLATE_BODY:
        raise known_error(132005)
    for index in buttons:
        if index >= spec.quick_replies:
            raise known_error(132012, details=f"buttons: the template has no quick-reply "
                                              f"button at index {index}")


def _template_components(components: list[Any]) -> tuple[list[str], list[int]]:
    """The body parameters' texts and the quick-reply buttons' indexes of a template send,
    each component checked as Meta documents it."""
    body: list[str] = []
    indexes: list[int] = []
    for component in components:
        _require(isinstance(component, dict), "Each template component must be an object")
        kind = component.get("type")
        parameters = component.get("parameters")
        _require(isinstance(parameters, list), f"Param template['components'][{kind}]"
                                               "['parameters'] must be an array")
        if kind == "body":
            for parameter in parameters:
                _require(isinstance(parameter, dict) and parameter.get("type") == "text",
                         "Param template body parameters must be of type text")
                value = parameter.get("text")
                _string(value, "template body parameter text", TEMPLATE_BODY)
                _require("\n" not in value and "\t" not in value and " " * 5 not in value,
                         "Param text cannot have new-line/tab characters or more than 4 "
                         "consecutive spaces")
                body.append(value)
        elif kind == "button":
            _require(component.get("sub_type") == "quick_reply",
                     "Param template button sub_type must be one of {quick_reply, url, ...}")
            index = component.get("index")
            _require(isinstance(index, str) and index.isdigit(),
                     "Param template button index must be a string of digits")
            _require(int(index) not in indexes, f"Button index {index} is given twice")
            _require(len(parameters) == 1 and isinstance(parameters[0], dict)
                     and parameters[0].get("type") == "payload",
                     "Param a quick_reply button takes one parameter of type payload")
            _string(parameters[0].get("payload"), "template button payload", PAYLOAD)
            indexes.append(int(index))
        else:
            _require(kind == "header", "Param template component type must be one of "
                                       "{header, body, button}")
    return body, indexes


CHECKERS: dict[str, Checker] = {
    "text": _text, "interactive": _interactive, "template": _template,
    "document": _media("document"), "image": _image, "audio": _media("audio"),
    "video": _media("video"), "sticker": _media("sticker"), "location": _location,
}


def validate_read(payload: dict[str, Any]) -> None:
    _require(payload.get("status") == "read", "Param status must be 'read'")
    _require(isinstance(payload.get("message_id"), str) and payload["message_id"] != "",
             "Param message_id is required")
    indicator = payload.get("typing_indicator")
    _require(indicator is None or (isinstance(indicator, dict)
                                   and indicator.get("type") == "text"),
             "Param typing_indicator['type'] must be 'text'")


def validate_message(
    payload: Any, *, media_ids: Container[str],
    templates: Mapping[str, TemplateSpec] | None) -> str:
    """Raise code 100 for any invalid field; answer the message type ("read" for a read mark)."""
    _require(isinstance(payload, dict), "Request body must be a JSON object")
    product = payload.get("messaging_product")
    _require(product is not None, "The parameter messaging_product is required.")
    _require(product == "whatsapp", "Param messaging_product must be 'whatsapp'")
    if "status" in payload:
        validate_read(payload)
        return "read"
    to, recipient = payload.get("to"), payload.get("recipient")
    recipient_type = payload.get("recipient_type", "individual")
    _require(recipient_type in ("individual", "group"),
             "Param recipient_type must be 'individual' or 'group'")
    if recipient_type == "group":
        _require(isinstance(to, str) and bool(to), "Param to must be the group's id")
    elif to is None:  # a business-scoped user id (2026): `recipient`, no `to`
        _require(isinstance(recipient, str) and BSUID.fullmatch(recipient) is not None,
                 f"Param recipient must be a business-scoped user id, got {recipient!r}")
    else:
        _require(isinstance(to, str) and E164.fullmatch(to) is not None,
                 f"Param to must be a phone number in E.164 format with a leading '+', "
                 f"got {to!r}")
    kind = payload.get("type", "text")
    checker = CHECKERS.get(kind) if isinstance(kind, str) else None
    if checker is None:
        raise invalid_parameter(f"Param type must be one of {{{', '.join(CHECKERS)}}}")
    checker(_object(payload, kind, kind), Context(media_ids, templates))
    return str(kind)
