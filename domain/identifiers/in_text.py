"""Identifiers inside a sentence: «mi nss es 0311 9283 525», «mi curp es GAMA...», «es
luis@correo.com». Each ``find_*`` returns the part of the text that looks like the
identifier, or the text unchanged when nothing does, so the ``parse_*`` function that
follows still names exactly what to fix."""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"\+?\d[\d \-.]*\d")
_WORD = re.compile(r"[A-Za-zÑñ0-9]+")
_EMAIL = re.compile(r"\S+@\S+")


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _digit_run(text: str, lengths: range) -> str | None:
    for run in _DIGIT_RUN.findall(text):
        if len([c for c in run if c.isdigit()]) in lengths:
            return run.strip()
    return None


def find_nss(text: str) -> str:
    if not _has_letters(text):
        return text
    return _digit_run(text, range(9, 14)) or text


def find_mobile(text: str) -> str:
    if not _has_letters(text):
        return text
    return _digit_run(text, range(8, 15)) or text


def find_email(text: str) -> str:
    found = _EMAIL.findall(text)
    if len(found) == 1:
        return found[0].strip(".,;:!?¡¿()<>\"'")
    return text


def _word(text: str, lengths: range) -> str:
    words = text.split()
    if len(words) <= 1:
        return text
    candidates = [word for word in _WORD.findall(text)
                  if len(word) in lengths and any(c.isdigit() for c in word)]
    return candidates[-1] if len(candidates) >= 1 else text


def find_curp(text: str) -> str:
    return _word(text, range(17, 20))


def find_rfc(text: str) -> str:
    return _word(text, range(12, 14))
