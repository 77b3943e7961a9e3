"""WhatsApp webhook payloads: inbound messages, statuses, the batched envelope and signing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable
from typing import Any, Literal

from tests.fakes.fake_base import Clock
from tests.fakes.graph_errors import status_error

SIGNATURE_HEADER = "X-Hub-Signature-256"
SignatureMode = Literal["valid", "missing", "forged", "altered", "wrong_prefix", "empty"]
StatusName = Literal["sent", "delivered", "read", "failed"]


def new_wamid() -> str:
    raw = b"\x15\x02\x00\x11\x18\x12" + secrets.token_bytes(21)
    return "wamid." + base64.b64encode(raw).decode()


def wa_id_of(phone: str) -> str:
    """wa_id as Meta writes it: digits only, no '+'."""
    return "".join(ch for ch in phone if ch.isdigit())


def signature(app_secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()


def signed(raw: bytes, app_secret: str, mode: SignatureMode) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a delivery; every mode but "valid" must be refused by our service."""
    headers = {"Content-Type": "application/json", "User-Agent": "facebookexternalua"}
    good = signature(app_secret, raw)
    if mode == "valid":
        headers[SIGNATURE_HEADER] = good
    elif mode == "forged":
        headers[SIGNATURE_HEADER] = signature("not-the-app-secret", raw)
    elif mode == "altered":  # signed, then the body changed in transit
        headers[SIGNATURE_HEADER] = good
        raw = raw[:-1] + b',"tampered":true}'
    elif mode == "wrong_prefix":
        headers[SIGNATURE_HEADER] = "sha1=" + good.removeprefix("sha256=")
    elif mode == "empty":
        headers[SIGNATURE_HEADER] = "sha256="
    elif mode != "missing":
        raise ValueError(f"unknown signature mode {mode!r}")
    return raw, headers


def encode(payload: dict[str, Any]) -> bytes:
    """Meta sends compact JSON with non-ASCII escaped (\\u00e1): verify on the raw bytes."""
    return json.dumps(payload, separators=(",", ":")).encode()


class InboundFactory:
    """User messages as they appear in `value.messages[]`; wamids unique, timestamps strings."""

    def __init__(self, clock: Clock, last_outbound: Callable[[str], str | None],
                 business_number: str) -> None:
        self._clock = clock
        self._last_outbound = last_outbound
        self._business_number = business_number
        self.names: dict[str, str] = {}
        self.by_wamid: dict[str, dict[str, Any]] = {}
        self._media = 1

    def _message(self, phone: str, kind: str, content: dict[str, Any], *, name: str | None,
                 timestamp: int | None, context: str | None = None) -> dict[str, Any]:
        wa_id = wa_id_of(phone)
        self.names[wa_id] = name or self.names.get(wa_id, "Ana")
        message: dict[str, Any] = {}
        if context:
            message["context"] = {"from": self._business_number, "id": context}
        message.update({"from": wa_id, "id": new_wamid(),
                        "timestamp": str(int(self._clock.now()) if timestamp is None
                                         else timestamp),
                        "type": kind, kind: content})
        self.by_wamid[message["id"]] = message
        return message

    def _media_fields(self, mime_type: str) -> dict[str, Any]:
        self._media += 1
        return {"mime_type": mime_type, "sha256": secrets.token_hex(32),
                "id": str(990_000_000_000_000 + self._media)}

    def text(self, phone: str, body: str, *, name: str | None = None,
             timestamp: int | None = None) -> dict[str, Any]:
        return self._message(phone, "text", {"body": body}, name=name, timestamp=timestamp)

    def button_reply(self, phone: str, reply_id: str, title: str, *, name: str | None = None,
                     timestamp: int | None = None, context: str | None = None) -> dict[str, Any]:
        """A tap on a reply button (context: our message's wamid, default the latest)."""
        content = {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}
        return self._message(phone, "interactive", content, name=name, timestamp=timestamp,
                             context=context or self._last_outbound(wa_id_of(phone)))

    def list_reply(self, phone: str, reply_id: str, title: str, description: str | None = None,
                   *, name: str | None = None, timestamp: int | None = None,
                   context: str | None = None) -> dict[str, Any]:
        reply = {"id": reply_id, "title": title}
        if description is not None:
            reply["description"] = description
        content = {"type": "list_reply", "list_reply": reply}
        return self._message(phone, "interactive", content, name=name, timestamp=timestamp,
                             context=context or self._last_outbound(wa_id_of(phone)))

    def image(self, phone: str, *, caption: str | None = None) -> dict[str, Any]:
        content = self._media_fields("image/jpeg")
        if caption:
            content["caption"] = caption
        return self._message(phone, "image", content, name=None, timestamp=None)

    def sticker(self, phone: str) -> dict[str, Any]:
        content = {**self._media_fields("image/webp"), "animated": False}
        return self._message(phone, "sticker", content, name=None, timestamp=None)

    def audio(self, phone: str, *, voice: bool = True) -> dict[str, Any]:
        content = {**self._media_fields("audio/ogg; codecs=opus"), "voice": voice}
        return self._message(phone, "audio", content, name=None, timestamp=None)

    def location(self, phone: str, latitude: float = 19.432608, longitude: float = -99.133209,
                 *, name: str | None = None, address: str | None = None) -> dict[str, Any]:
        content: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if name:
            content["name"] = name
        if address:
            content["address"] = address
        return self._message(phone, "location", content, name=None, timestamp=None)


def build_status(wamid: str, status: StatusName, recipient_id: str, timestamp: int,
                 *, error_code: int | None = None, details: str | None = None) -> dict[str, Any]:
    """One `value.statuses[]` element for a message we sent."""
    item: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(timestamp),
                            "recipient_id": recipient_id}
    if status in ("sent", "delivered"):
        conversation_id = hashlib.sha256(recipient_id.encode()).hexdigest()[:32]
        conversation: dict[str, Any] = {"id": conversation_id, "origin": {"type": "service"}}
        if status == "sent":
            conversation["expiration_timestamp"] = str(timestamp + 24 * 3600)
        item["conversation"] = conversation
        item["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "service"}
    if status == "failed":
        item["errors"] = [status_error(error_code or 131026, details)]
    return item


def change_value(items: Iterable[dict[str, Any]], metadata: dict[str, str],
                 names: dict[str, str]) -> dict[str, Any]:
    """`entry[].changes[]` carrying these messages (with their contacts) and statuses."""
    messages = [i for i in items if "from" in i]
    statuses = [i for i in items if "status" in i and "from" not in i]
    value: dict[str, Any] = {"messaging_product": "whatsapp", "metadata": dict(metadata)}
    if messages:
        senders = list(dict.fromkeys(m["from"] for m in messages))
        value["contacts"] = [{"profile": {"name": names.get(w, "Ana")}, "wa_id": w}
                             for w in senders]
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {"value": value, "field": "messages"}
