"""The channel-neutral message model.

``Inbound`` is what any adapter hands the engine. Flows answer with ``Say`` objects that hold
message *keys* (``Msg``) and options; the engine renders them in the user's language into
``Reply`` objects with plain strings, which the adapters turn into their channel's format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Contact:
    """A phone contact shared by the user; ``is_own`` is decided by the adapter."""

    phone: str
    is_own: bool


@dataclass(frozen=True)
class Inbound:
    channel: str
    user_id: str
    message_id: str
    timestamp: datetime
    text: str | None = None
    button_id: str | None = None
    contact: Contact | None = None
    unsupported: str | None = None
    """Kind of content we cannot read (photo, sticker, voice, location, edit...)."""
    language_hint: str | None = None
    display_name: str | None = None
    internal: bool = False
    """Made by the service itself (a password page was submitted), never by a channel: only
    such a message may carry an ``event:`` id. Channels build inbound messages with the
    default, so a forged callback or reply id naming an event is a stale option."""

    @property
    def conversation_key(self) -> str:
        return f"{self.channel}:{self.user_id}"


# --- what flows say: keys, not sentences --------------------------------------------------


class Msg:
    """A catalog message key with the values that fill its placeholders."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params: Mapping[str, Any] = params

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {dict(self.params)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True)
class Template:
    """A longer message rendered from ``locales/templates/<name>.j2``."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Money:
    amount: Decimal


@dataclass(frozen=True)
class Percent:
    """A rate given as a fraction (0.035 means 3.5 %)."""

    value: Decimal


@dataclass(frozen=True)
class LongDate:
    value: date


@dataclass(frozen=True)
class DateTime:
    value: datetime


@dataclass(frozen=True)
class ShortDate:
    """A day with its weekday, short: "lun, 7 dic" / "Mon, Dec 7" (options of a list)."""

    value: date


@dataclass(frozen=True)
class ClockTime:
    """The time of day of an aware datetime in its own zone ("9:30 a.m."): an appointment
    is at the centre's local time, whatever the conversation's zone."""

    value: datetime


@dataclass(frozen=True)
class Option:
    id: str
    label: Msg
    description: Msg | None = None


@dataclass(frozen=True)
class Document:
    filename: str
    mime_type: str
    content: bytes = field(repr=False)
    caption: Msg | None = None


@dataclass(frozen=True)
class Chart:
    """A picture of figures the text also gives in words (``bot/charts``): what to draw, as
    keys and values; the engine translates it and draws it off the event loop. ``caption``
    says in one line what the picture shows (screen readers, slow connections); ``alt`` is
    the longer description."""

    kind: str
    """``bars`` (one stacked column against a line), ``columns`` or ``hbars``."""
    name: str
    """The file name's stem, e.g. ``puntos``."""
    title: Msg
    caption: Msg
    alt: Msg
    labels: tuple[Msg, ...]
    values: tuple[Decimal, ...]
    money: bool = False
    line: Decimal | None = None
    line_label: Msg | None = None
    note: Msg | None = None
    """A footnote under the picture, shown when a label ends in "*" (what the star means)."""


@dataclass(frozen=True)
class Say:
    """One message a flow wants sent."""

    text: Msg | Template
    options: tuple[Option, ...] = ()
    document: Document | None = None
    chart: Chart | None = None
    """A picture; ``text`` is then ignored (the chart's caption goes with it). A picture that
    cannot be drawn in time is left out: the answer in words is in the other messages."""
    request_contact: bool = False
    delete_user_message: bool = False
    free_text: bool = True
    """Whether typed text that matches no option is passed to the step (else it is a miss)."""
    secret_input: bool = False
    """The answer to this prompt is a secret (a password): never logged or kept, and deleted
    from the chat where the channel allows."""


# --- what adapters receive: rendered strings ----------------------------------------------


@dataclass(frozen=True)
class Button:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class OutDocument:
    filename: str
    mime_type: str
    content: bytes = field(repr=False)
    caption: str | None = None


@dataclass(frozen=True)
class OutImage:
    """A picture (PNG) with its one-line caption and its alt text."""

    filename: str
    mime_type: str
    content: bytes = field(repr=False)
    caption: str
    alt: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    list_label: str | None = None
    """Label of the control that opens the options when they are shown as a list."""
    document: OutDocument | None = None
    image: OutImage | None = None
    """Sent as a photo, ``text`` being empty (the caption travels with the image)."""
    request_contact: str | None = None
    """When set, the label of a "share my phone number" button (channels that support it)."""
    delete_user_message: bool = False
