"""What the fake Graph API server remembers: requests, accepted messages, uploads, read marks,
webhook deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakes.fake_base import Attempt


@dataclass
class GraphRequest:
    """One request to /messages or /media: the headers that matter and the parsed body."""

    method: str
    path: str
    authorization: str | None
    content_type: str
    json: Any
    form: dict[str, str]
    files: dict[str, str]
    at: float
    status: int | None = None
    response: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class MediaUpload:
    media_id: str
    filename: str | None
    mime_type: str
    data: bytes


@dataclass
class ReadMark:
    message_id: str
    typing_indicator: bool
    at: float


@dataclass(frozen=True)
class ListRow:
    id: str
    title: str
    description: str | None
    section: str | None


@dataclass
class OutboundMessage:
    """A message our service sent and the API accepted; `failed_code` if it then failed."""

    wamid: str
    to: str
    wa_id: str
    type: str
    payload: dict[str, Any]
    at: float
    failed_code: int | None = None

    def _part(self, *keys: str) -> Any:
        node: Any = self.payload.get(self.type)
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    @property
    def interactive_type(self) -> str | None:
        return self._part("type") if self.type == "interactive" else None

    @property
    def text(self) -> str | None:
        """What the user reads: text body, interactive body, caption, or the template name."""
        if self.type == "text":
            return self._part("body")  # type: ignore[no-any-return]
        if self.type == "interactive":
            return self._part("body", "text")  # type: ignore[no-any-return]
        if self.type == "template":
            return self._part("name")  # type: ignore[no-any-return]
        return self._part("caption")  # type: ignore[no-any-return]

    @property
    def header(self) -> str | None:
        return self._part("header", "text")  # type: ignore[no-any-return]

    @property
    def footer(self) -> str | None:
        return self._part("footer", "text")  # type: ignore[no-any-return]

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """Reply buttons as (id, title)."""
        buttons = self._part("action", "buttons") if self.interactive_type == "button" else None
        return [(b["reply"]["id"], b["reply"]["title"]) for b in buttons or []]

    @property
    def list_button(self) -> str | None:
        return self._part("action", "button") if self.interactive_type == "list" else None

    @property
    def rows(self) -> list[ListRow]:
        sections = self._part("action", "sections") if self.interactive_type == "list" else None
        return [ListRow(r["id"], r["title"], r.get("description"), s.get("title"))
                for s in sections or [] for r in s["rows"]]

    @property
    def options(self) -> list[str]:
        """Button or row titles, in order."""
        return [title for _, title in self.buttons] or [r.title for r in self.rows]

    @property
    def filename(self) -> str | None:
        return self._part("filename") if self.type == "document" else None

    @property
    def media_id(self) -> str | None:
        return self._part("id")  # type: ignore[no-any-return]

    @property
    def template(self) -> str | None:
        return self._part("name") if self.type == "template" else None


@dataclass
class WebhookDelivery:
    """One POST to our webhook (with its retries)."""

    body: bytes
    signature: str
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return any(a.status == 200 for a in self.attempts)

    @property
    def statuses(self) -> list[int | None]:
        return [a.status for a in self.attempts]


@dataclass
class VerifyResult:
    status: int
    text: str
    challenge: str

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.text == self.challenge
