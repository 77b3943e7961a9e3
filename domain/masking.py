"""Identifiers masked in free text, for transcripts and logs (SECURITY.md "Data").

E-mail addresses keep their first character and domain; CURPs, RFCs, NSSs and phone numbers
keep their last four characters; runs of 5 to 9 digits (one-time codes) are hidden
entirely, since their last four digits would give most of a code away.
"""

from __future__ import annotations

import re

from domain.identifiers import mask, mask_email

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
_RFC = re.compile(r"\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"\+?\d(?:[\s\-.]?\d){9,}")
_SHORT_NUMBER = re.compile(r"(?<![\w*])\d(?:[\s\-]?\d){4,8}\b")
_MASKABLE = re.compile(r"@|\d[\s\-.]?\d")
"""Every pattern above needs an "@" or two digits at most one separator apart: text without
either (menus and prompts, numbered options included) is returned as it is, after one scan
instead of five."""
_SIX_DIGITS = re.compile(r"\d{6}")
"""In every CURP and RFC (the date of birth)."""
_FIVE_DIGITS = re.compile(r"\d(?:[\s\-.]?\d){4}")
"""The start of every long and short number."""


def _keep_last_four(match: re.Match[str]) -> str:
    digits = "".join(char for char in match.group(0) if char.isalnum())
    return mask(digits)


def mask_text(text: str) -> str:
    """Each pass runs only where what it looks for can be: most texts that have something
    to mask have one kind of thing (a phone number in a help text, a code), and the passes
    are slow on long text (about 10 microseconds each on 450 characters)."""
    if not _MASKABLE.search(text):
        return text
    if "@" in text:
        text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    if _SIX_DIGITS.search(text):
        text = _CURP.sub(_keep_last_four, text)
        text = _RFC.sub(_keep_last_four, text)
    if _FIVE_DIGITS.search(text):
        text = _LONG_NUMBER.sub(_keep_last_four, text)
        text = _SHORT_NUMBER.sub(lambda m: "*" * len(m.group(0)), text)
    return text
