"""Normalisation of what users type, for matching words to commands and options."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s/]")


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", plain)).strip()


def clean(text: str, limit: int = 4096) -> str:
    """Drop control and bidi-override characters and trim; keep at most ``limit`` chars."""
    kept = "".join(
        char for char in text
        if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    return kept.strip()[:limit]
