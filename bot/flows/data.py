"""Flow data <-> JSON-ready dicts, encrypting the fields marked sensitive.

Identifiers a user types during a flow (NSS, CURP, RFC, e-mail, phone) are kept in the
conversation state so nothing is lost between steps, but Redis must never hold them in
clear. A field annotated ``Sensitive`` is encrypted with the state key on the way out and
decrypted on the way in; its ciphertext is bound to the flow and field name.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, TypeVar, get_args, get_origin, get_type_hints

from domain.security.crypto import DecryptionFailed, FieldCipher

SENSITIVE = "sensitive"
Sensitive = Annotated[str | None, SENSITIVE]
"""A flow-data field holding an identifier or contact datum (encrypted in the state)."""

T = TypeVar("T")


_FIELDS: dict[type, tuple[frozenset[str], frozenset[str]]] = {}
"""Per flow-data class: (all field names, sensitive field names). A memo of class facts,
filled on first use; reading type hints on every message was the engine's hot spot."""


def _fields(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    known = _FIELDS.get(cls)
    if known is None:
        hints = get_type_hints(cls, include_extras=True)
        sensitive = frozenset(
            name for name, hint in hints.items()
            if get_origin(hint) is Annotated and SENSITIVE in get_args(hint)[1:]
        )
        known = (frozenset(f.name for f in dataclasses.fields(cls)), sensitive)
        _FIELDS[cls] = known
    return known


def dump_data(data: Any, cipher: FieldCipher, flow: str) -> dict[str, Any]:
    """Flow data fields hold JSON-native values (str, numbers, bool, None, lists, dicts),
    so a shallow copy is enough and cheaper than ``dataclasses.asdict``."""
    names, sensitive = _fields(type(data))
    body = {name: getattr(data, name) for name in names}
    for name in sensitive:
        value = body.get(name)
        if value is not None:
            body[name] = cipher.encrypt(value, f"{flow}.{name}")
    return body


def load_data(cls: type[T], body: dict[str, Any], cipher: FieldCipher, flow: str) -> T:
    """Rebuild the flow's data; unknown keys (from an older release) are ignored and a
    value that cannot be decrypted is dropped, so the flow asks for it again."""
    names, sensitive = _fields(cls)
    values = {name: value for name, value in body.items() if name in names}
    for name in sensitive:
        token = values.get(name)
        if token is not None:
            try:
                values[name] = cipher.decrypt(token, f"{flow}.{name}")
            except DecryptionFailed:
                values[name] = None
    return cls(**values)
