"""Normalisation shared by the identifier parsers, and masking for logs and transcripts.

Every parser first *compacts* what the worker typed: Unicode NFKC (full-width digits become
ASCII), invisible format characters dropped (the bidi marks WhatsApp puts around a copied
phone number, zero-width spaces), then spaces, dashes and dots removed. CURP and RFC are
also upper-cased with their accented vowels made plain (Ñ stays Ñ).
"""

from __future__ import annotations

import unicodedata

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_DOTS = frozenset(".\u00b7\u2024\u2027\u30fb")
_PLAIN_VOWELS = str.maketrans("ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜ", "AAAAAEEEEIIIIOOOOOUUUU")
_STARS = "******"


def _is_separator(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        char.isspace()
        or category == "Cf"  # invisible format characters
        or category == "Pd"  # every kind of dash
        or char == "\u2212"  # minus sign
        or char in _DOTS
    )


def compact(text: str, *, drop: str = "") -> str:
    """NFKC, then remove invisible characters, spaces, dashes, dots and any of ``drop``."""
    normalised = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normalised if not _is_separator(ch) and ch not in drop)


def compact_code(text: str) -> str:
    """Compact, upper-case and make accented vowels plain: for CURP and RFC (Ñ stays Ñ)."""
    return compact(text).upper().translate(_PLAIN_VOWELS)


def shown(char: str) -> str:
    """The character as it can be quoted back; invisible ones by code point (``U+200B``)."""
    if unicodedata.category(char)[0] in "CZ":
        return f"U+{ord(char):04X}"
    return char


def mask(value: str) -> str:
    """``******1234``: always six stars (hiding the length) and the last four characters.

    Values shorter than eight characters are masked whole, so that no more than half of
    anything is ever shown.
    """
    if len(value) < 8:
        return _STARS
    return _STARS + value[-4:]


def mask_phone(e164: str) -> str:
    """``+52******5678``: the country code stays, the national number is masked."""
    if e164.startswith("+52"):
        return "+52" + mask(e164[3:])
    return mask(e164)


def mask_email(address: str) -> str:
    """``j******@gmail.com``: the first character of the local part and the domain."""
    local, at, domain = address.rpartition("@")
    if not at:
        return mask(address)
    if len(local) < 2:
        return f"{_STARS}@{domain}"
    return f"{local[0]}{_STARS}@{domain}"
