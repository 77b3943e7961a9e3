"""WhatsApp webhook payloads: inbound messages, statuses, the batched envelope and signing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any, Literal

from tests.fakes.fake_base import Clock
from tests.fakes.graph_errors import status_error

SIGNATURE_HEADER = "X-Hub-Signature-256"
BSUID = re.compile(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}")
SignatureMode = Literal["valid", "missing", "forged", "altered", "wrong_prefix", "empty"]
StatusName = Literal["sent", "delivered", "read", "failed"]


def new_wamid() -> str:
    raw = b"\x15\x02\x00\x11\x18\x12" + secrets.token_bytes(21)
    return "wamid." + base64.b64encode(raw).decode()


def wa_id_of(phone: str) -> str:
    """wa_id as Meta writes it: digits only, no '+'. A business-scoped user id (``US.1349…``)
    or a group id (``group:…``) is kept as it is: it names the user (the group)."""
    if BSUID.fullmatch(phone) or phone.startswith("group:"):
        return phone
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

    def quick_reply(self, phone: str, payload: str, text: str, *,
                    context: str | None = None) -> dict[str, Any]:
        """A tap on a template's quick-reply button: its title and the payload we sent."""
        return self._message(phone, "button", {"payload": payload, "text": text}, name=None,
                             timestamp=None,
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

    def from_user_id(self, bsuid: str, body: str, *, phone: str | None = None,
                     name: str | None = None) -> dict[str, Any]:
        """A text from a user with a business-scoped user id (2026): with their phone too,
        or (a username-only user) without it."""
        message = self._message(phone or bsuid, "text", {"body": body}, name=name,
                                timestamp=None)
        message["from_user_id"] = bsuid
        if phone is None:
            del message["from"]
            self.names[bsuid] = self.names.pop(wa_id_of(bsuid), name or "Ana")
        return message

    def changed_number(self, old: str, new: str) -> dict[str, Any]:
        """The ``user_changed_number`` system message (sent from the old number)."""
        old_id, new_id = wa_id_of(old), wa_id_of(new)
        system = {"body": f"User {self.names.get(old_id, 'Ana')} changed from {old_id} to "
                          f"{new_id}", "wa_id": new_id, "type": "user_changed_number"}
        return self._message(old, "system", system, name=None, timestamp=None)

    def in_group(self, group_id: str, phone: str, body: str) -> dict[str, Any]:
        """A text a member writes in a group the business is in (Groups API)."""
        message = self._message(phone, "text", {"body": body}, name=None, timestamp=None)
        message["group_id"] = group_id
        return message

    def reaction(self, phone: str, wamid: str, emoji: str | None) -> dict[str, Any]:
        """A reaction to a message (``emoji`` None: the reaction taken back)."""
        content: dict[str, Any] = {"message_id": wamid}
        if emoji is not None:
            content["emoji"] = emoji
        return self._message(phone, "reaction", content, name=None, timestamp=None)

    def revoke(self, phone: str, wamid: str) -> dict[str, Any]:
        return self._message(phone, "revoke", {"original_message_id": wamid}, name=None,
                             timestamp=None)

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
    messages = [i for i in items if "from" in i or "from_user_id" in i]
    statuses = [i for i in items if "status" in i and i not in messages]
    value: dict[str, Any] = {"messaging_product": "whatsapp", "metadata": dict(metadata)}
    if messages:
        contacts: dict[str, dict[str, Any]] = {}
        for m in messages:
            if m.get("type") == "system":  # system messages come without contacts
                continue
            sender = m.get("from") or m["from_user_id"]
            contact: dict[str, Any] = {"profile": {"name": names.get(sender, "Ana")}}
            if "from" in m:
                contact["wa_id"] = m["from"]
            if "from_user_id" in m:
                contact["user_id"] = m["from_user_id"]
            contacts.setdefault(sender, contact)
        if contacts:
            value["contacts"] = list(contacts.values())
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {"value": value, "field": "messages"}
