"""Identifiers inside a sentence: «mi nss es 0311 9283 525», «mi curp es GAMA...», «es
luis@correo.com». Each ``find_*`` returns the part of the text that looks like the
identifier (or like a mistyped one: the longest run of digits, the longest word with a
digit), so the ``parse_*`` function that follows names exactly what to fix. Text with no try
at the identifier at all («me equivoque en la curp», «no tengo correo», «what is that»)
raises the kind's ``*NotInText`` error: counting the letters of a sentence as a CURP's
characters («escribiste 19») would tell the worker nothing."""

from __future__ import annotations

import re

from domain.identifiers.errors import (
    CurpNotInText,
    EmailNotInText,
    NssNotInText,
    PhoneNotInText,
    RfcNotInText,
)

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


def _digits_in(text: str, lengths: range, missing: type[Exception]) -> str:
    if not any(char.isdigit() for char in text):
        raise missing()
    if not _has_letters(text) or len(text.split()) <= 1:
        return text  # the whole of it was the try: its parse says what is wrong
    runs = _DIGIT_RUN.findall(text) or [char for char in text if char.isdigit()]
    return _digit_run(text, lengths) or max(runs, key=lambda run: sum(map(str.isdigit, run)))


def find_nss(text: str) -> str:
    return _digits_in(text, range(9, 14), NssNotInText)


def find_mobile(text: str) -> str:
    return _digits_in(text, range(8, 15), PhoneNotInText)


_SPACED_AT = re.compile(r"(?<=[\w.+-])\s*@\s*(?=[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b)")
"""«maria @ gmail.com», «maria@ gmail.com»: an address typed with spaces around its @."""


def at_joined(text: str) -> str:
    """``text`` with the spaces around an address's @ dropped («maria @ gmail.com»)."""
    return _SPACED_AT.sub("@", text)


def find_email(text: str) -> str:
    text = at_joined(text)
    found = _EMAIL.findall(text)
    if len(found) == 1:
        return found[0].strip(".,;:!?¡¿()<>\"'")
    if not found and (len(text.split()) > 1 or "." not in text):
        raise EmailNotInText()  # words, or one word that is no address at all
    return text


_CURP_SHAPE = re.compile(r"[A-ZÑ]{4}\d{6}[A-Z]{6}[A-Z0-9]\d", re.IGNORECASE)
_RFC_SHAPE = re.compile(r"[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}", re.IGNORECASE)
_MAX_PIECES = 5
"""A CURP or RFC written in pieces («LOHF 920417 MJCPRR04», «lohf-920417-k25»)."""


def _in_pieces(words: list[str], shape: re.Pattern[str]) -> str | None:
    """The one run of two or more consecutive words that together have ``shape``."""
    found = {"".join(words[start:end])
             for start in range(len(words))
             for end in range(start + 2, min(start + _MAX_PIECES, len(words)) + 1)
             if shape.fullmatch("".join(words[start:end]))}
    return found.pop() if len(found) == 1 else None


def _word(text: str, lengths: range, missing: type[Exception],
          shape: re.Pattern[str]) -> str:
    words = _WORD.findall(text)
    with_digits = [word for word in words if any(c.isdigit() for c in word)]
    if not with_digits:
        raise missing()  # a CURP and an RFC both carry the birth date
    whole = [word for word in with_digits if shape.fullmatch(word)]
    if whole:
        return whole[-1]
    pieces = _in_pieces(words, shape)
    if pieces is not None:
        return pieces
    if len(text.split()) <= 1:
        return text
    candidates = [word for word in with_digits if len(word) in lengths]
    return candidates[-1] if candidates else max(with_digits, key=len)


def find_curp(text: str) -> str:
    return _word(text, range(17, 20), CurpNotInText, _CURP_SHAPE)


def find_rfc(text: str) -> str:
    return _word(text, range(12, 14), RfcNotInText, _RFC_SHAPE)


_WHOLE_CURP = re.compile(r"\b[A-Za-zÑñ]{4}\d{6}[A-Za-z]{6}[A-Za-z0-9]\d\b")
_WHOLE_RFC = re.compile(r"\b[A-Za-zÑñ&]{4}\d{6}[A-Za-z0-9]{3}\b")
_WHOLE_EMAIL = re.compile(r"[^\s@,;:()<>]+@[^\s@,;:()<>]+\.[A-Za-z]{2,}")


def _one(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.findall(text)
    return found[0] if len(found) == 1 else None


def whole_curp(text: str) -> str | None:
    """The one CURP written whole in ``text`` (a message that gave another value too:
    «03119283525 LOHF920417MJCPRR04»), or None."""
    return _one(_WHOLE_CURP, text)


def whole_rfc(text: str) -> str | None:
    """The one RFC with homoclave written whole in ``text``, or None."""
    return _one(_WHOLE_RFC, text)


def whole_email(text: str) -> str | None:
    """The one e-mail address written whole in ``text`` (spaces around its @ dropped), or
    None."""
    return _one(_WHOLE_EMAIL, at_joined(text))


_WHOLE_MOBILE = re.compile(r"(?<![\w+])(?:\+?52[ \-.]?)?(?:1[ \-.]?)?(\d{2,3}[ \-.]?\d{3,4}[ \-.]?"
                           r"\d{4})(?![\w])")


def whole_mobile(text: str) -> str | None:
    """The one ten-digit mobile number written whole in ``text`` («cel 55 1234 5678»,
    «+52 55 1234 5678»), apart from any word (an RFC's or a CURP's digits are not one) and
    from an NSS's eleven digits; or None."""
    found = [match for match in _WHOLE_MOBILE.findall(text)
             if sum(char.isdigit() for char in match) == 10]
    return found[0] if len(found) == 1 else None


def _shaped(text: str, shape: re.Pattern[str]) -> bool:
    words = _WORD.findall(text)
    return any(shape.fullmatch(word) for word in words) or _in_pieces(words, shape) is not None


def has_curp_shape(text: str) -> bool:
    """A CURP's shape somewhere in ``text`` (whole or in pieces): at the RFC step, the
    worker gave the other identifier."""
    return _shaped(text, _CURP_SHAPE)


def has_rfc_shape(text: str) -> bool:
    """An RFC's shape (with homoclave) somewhere in ``text``, whole or in pieces."""
    return _shaped(text, _RFC_SHAPE)


def nss_in(text: str) -> str | None:
    """The run of 11 digits (spaces or dashes between them allowed) in ``text``, or None."""
    return _digit_run(text, range(11, 12))


def identity_in(text: str, kept: str | None = None) -> str | None:
    """The NSS, CURP, RFC and e-mail written in ``text``, each whole, after ``kept`` (what
    was found earlier; a value kept already is not added twice), separated by spaces:
    identity data a worker typed before it was asked for, to be taken when its step comes.
    None when there is none, nor kept."""
    words = _WORD.findall(text)
    found = [nss_in(text),
             whole_curp(text) or (_in_pieces(words, _CURP_SHAPE) if has_curp_shape(text)
                                  else None),
             whole_rfc(text) or (_in_pieces(words, _RFC_SHAPE) if has_rfc_shape(text)
                                 else None),
             whole_email(text)]
    parts = [kept] + [part for part in found if part and part not in (kept or "")]
    kept_and_new = [part for part in parts if part]
    return " ".join(kept_and_new) if kept_and_new else None
