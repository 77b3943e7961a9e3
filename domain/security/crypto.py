"""Field encryption (AES-256-GCM) and keyed look-up hashes (HMAC-SHA256).

One secret (``MICUENTA_SECRET_KEY``) feeds HKDF, which derives an independent key per
purpose, so the key that encrypts records never equals the one that hashes them or the one
that protects conversation state. Ciphertexts are bound to their context (associated data),
so a value cannot be moved from one column or field to another unnoticed.
"""

from __future__ import annotations

import base64
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE = 12
_VERSION = b"\x01"


class DecryptionFailed(ValueError):
    """The ciphertext was altered, belongs to another context, or another key made it."""


def derive_key(secret: str, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"micuenta.v1", info=purpose.encode()
    ).derive(secret.encode())


class FieldCipher:
    """Encrypts short text values into URL-safe tokens and back."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def encrypt(self, plain: str, context: str = "") -> str:
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, plain.encode(), context.encode())
        return base64.urlsafe_b64encode(_VERSION + nonce + sealed).decode()

    def decrypt(self, token: str, context: str = "") -> str:
        try:
            raw = base64.urlsafe_b64decode(token.encode())
            if raw[:1] != _VERSION:
                raise DecryptionFailed("unknown token version")
            nonce, sealed = raw[1 : 1 + _NONCE], raw[1 + _NONCE :]
            return self._aead.decrypt(nonce, sealed, context.encode()).decode()
        except (InvalidTag, ValueError) as error:
            raise DecryptionFailed(str(error) or "invalid token") from error


class LookupHasher:
    """Deterministic keyed hash of a normalised value, for unique indexes and searches."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def digest(self, value: str, kind: str) -> str:
        return hmac.digest(self._key, f"{kind}:{value}".encode(), "sha256").hex()


class Keyring:
    """Every key the service derives from its one secret."""

    def __init__(self, secret: str) -> None:
        if len(secret) < 32:
            raise ValueError("the secret key needs at least 32 characters")
        self.records = FieldCipher(derive_key(secret, "records"))
        self.state = FieldCipher(derive_key(secret, "conversation-state"))
        self.lookup = LookupHasher(derive_key(secret, "lookup"))
        self.tokens = derive_key(secret, "tokens")
        self.codes = derive_key(secret, "one-time-codes")
