"""Text rules shared by the channel renderers: splitting long text at natural boundaries,
shortening labels at a word, unique titles and short stable aliases for long ids.

Splitting never truncates: every character of the input is in exactly one part (only the
whitespace at a cut is dropped). A part ends at the last boundary that fits, trying in order
a paragraph break (a blank line), a line break, the end of a sentence, a space; only a single
word longer than the limit is cut mid-word.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

from bot.conversation.messages import Button

Measure = Callable[[str], int]
"""How a platform counts the length of a text (characters, UTF-16 code units...)."""

ELLIPSIS = "…"
ALIAS_PREFIX = "h:"
_ALIAS_HEX = 16

_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n\s*"),  # paragraph: a blank line
    re.compile(r"\n\s*"),  # line
    re.compile(r"(?<=[.!?…])\s+"),  # sentence: after . ! ? … and before whitespace
    re.compile(r"\s+"),  # word
)
_TRAILING_PUNCTUATION = " \t,;:.-–—·"


def characters(text: str) -> int:
    """Length in Unicode code points (WhatsApp's count)."""
    return len(text)


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units: an emoji outside the BMP counts 2. Telegram measures
    entities in these units; counting them too keeps a part within the limit either way."""
    return len(text.encode("utf-16-le")) // 2


def _max_prefix(text: str, limit: int, measure: Measure) -> int:
    """The largest `k` with ``measure(text[:k]) <= limit`` (measures count each char >= 1)."""
    if measure(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut_head(text: str, limit: int, measure: Measure) -> tuple[str, str]:
    """Split stripped `text` into a head within `limit`, ending at the best boundary, and the
    rest."""
    end = _max_prefix(text, limit, measure)
    if end >= len(text):
        return text, ""
    for pattern in _BOUNDARIES:
        cut: re.Match[str] | None = None
        for match in pattern.finditer(text):
            if match.start() > end:
                break
            if match.start() > 0:
                cut = match
        if cut is not None:
            return text[:cut.start()].rstrip(), text[cut.end():]
    return text[:end], text[end:]  # one word longer than the limit


def _tail_start(text: str, limit: int, measure: Measure) -> int:
    """Where the longest tail of stripped `text` within `limit` starts, at the best boundary."""
    shortest = len(text) - _max_prefix(text[::-1], limit, measure)
    for pattern in _BOUNDARIES:
        for match in pattern.finditer(text):
            if match.end() >= shortest and match.start() > 0:
                return match.end()
    return shortest  # one word longer than the limit


def split_text(
    text: str, limit: int, *, first_limit: int | None = None, measure: Measure = characters
) -> list[str]:
    """Parts of at most `limit` (the first at most `first_limit`, e.g. a caption), cut at the
    best boundary; a blank text has no parts."""
    parts: list[str] = []
    rest = text.strip()
    cap = limit if first_limit is None else first_limit
    while rest:
        head, rest = _cut_head(rest, cap, measure)
        parts.append(head)
        rest = rest.strip()
        cap = limit
    return parts


def split_text_last(
    text: str, limit: int, *, last_limit: int, measure: Measure = characters
) -> list[str]:
    """Parts of at most `limit` whose last one fits `last_limit` (e.g. the body of a message
    with buttons): the last part is the longest tail that starts at the best boundary."""
    text = text.strip()
    if not text:
        return []
    if measure(text) <= last_limit:
        return [text]
    start = _tail_start(text, last_limit, measure)
    return split_text(text[:start], limit, measure=measure) + [text[start:].strip()]


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters: whitespace collapsed; a longer text is cut at
    the last word that leaves room for "…" (mid-word only when the first word is too long)."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    room = limit - len(ELLIPSIS)
    space = line.rfind(" ", 0, room + 1)
    head = line[:space] if space > 0 else line[:room]
    head = head.rstrip(_TRAILING_PUNCTUATION) or line[:room]
    return head + ELLIPSIS


def unique_titles(titles: Iterable[str], limit: int) -> list[str]:
    """Titles made unique (ignoring case) in order: a repeated title gets " (2)", " (3)"...
    after its text, shortened so the whole stays within `limit`."""
    seen: set[str] = set()
    unique: list[str] = []
    for title in titles:
        candidate, number = title, 1
        while candidate.casefold() in seen:
            number += 1
            suffix = f" ({number})"
            candidate = shorten(title, limit - len(suffix)) + suffix
        seen.add(candidate.casefold())
        unique.append(candidate)
    return unique


def alias(value: str) -> str:
    """A short stable stand-in for an id too long for a platform field: ``h:`` + 16 hex
    digits of its SHA-256. The renderer reports the mapping so the adapter can resolve it."""
    return ALIAS_PREFIX + hashlib.sha256(value.encode()).hexdigest()[:_ALIAS_HEX]


def with_descriptions(text: str, buttons: Iterable[Button]) -> str:
    """``text`` followed by a line per option that has a description («• Pago mensual —
    $5,648.22»), for a channel whose buttons show only their label (a Telegram button, a
    terminal's numbered line): the amount or the address beside an option is not lost."""
    lines = [f"• {button.title} — {button.description}" for button in buttons
             if button.description]
    if not lines:
        return text
    return "\n\n".join(part for part in (text, "\n".join(lines)) if part)
