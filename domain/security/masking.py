"""Identifiers masked in free text, for transcripts and logs (SECURITY.md "Data").

E-mail addresses keep their first character and domain; CURPs, RFCs, NSSs and phone numbers
keep their last four characters; runs of 5 to 9 digits (one-time codes) are hidden
entirely, since their last four digits would give most of a code away.

Masking sees what the parsers see: the parsers (``domain.identifiers``) take NFKC text,
drop invisible characters and every space, dash and dot between the characters of an
identifier. So the text is first normalised the same way (NFKC, invisible characters
dropped, every dash made "-", every dot ".", runs of spaces one space, no spaces around
"@") and the patterns accept any run of separators between characters: "0311–9283–525",
"3187  6846  093" or "ana @ example.com" are masked as the parsers would read them.
"""

from __future__ import annotations

import re
import unicodedata

from domain.identifiers import mask, mask_email

_SEP = r"[\s\-.]*"
"""What the parsers drop between the characters of an identifier (after ``normalise``)."""
_NUMBER_SEP = r"[\s\-.()]*"
"""Phone numbers also drop parentheses."""
_LETTER = "[A-ZÑÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜ]"
_VOWEL = "[AEIOUXÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜ]"


_DATE = (r"\d", r"\d", "[01]", r"\d", r"(?:[0-2]" + _SEP + r"\d|3" + _SEP + "[01])")
"""YYMMDD, as far as a pattern can tell (the parsers check the calendar)."""


def _spaced(*parts: str) -> str:
    """One pattern per character, any run of separators between them."""
    return _SEP.join(parts)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CURP = re.compile(r"(?<!\w)" + _spaced(
    _LETTER, _VOWEL, _LETTER, _LETTER, *_DATE, "[HMX]", *[_LETTER] * 5,
    "[A-Z0-9]", r"\d") + r"(?!\w)", re.IGNORECASE)
_RFC = re.compile(r"(?<!\w)(?:" + _LETTER + _SEP + "){2,3}" + _spaced(
    _LETTER, *_DATE, *["[A-Z0-9]"] * 3) + r"(?!\w)", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"\+?\d(?:" + _NUMBER_SEP + r"\d){9,}")
_SHORT_NUMBER = re.compile(r"(?<![\w*])\d(?:[\s\-]*\d){4,8}\b")
_MASKABLE = re.compile(r"@|\d[\s\-.()]*\d")
"""Every pattern above needs an "@" or two digits with only separators between them: text
without either (menus and prompts, numbered options included) is returned as it is, after
one scan instead of five."""
_SIX_DIGITS = re.compile(r"\d(?:[\s\-.]*\d){5}")
"""In every CURP and RFC (the date of birth)."""
_FIVE_DIGITS = re.compile(r"\d(?:[\s\-.()]*\d){4}")
"""The start of every long and short number."""

_DOTS = str.maketrans(dict.fromkeys("\u00b7\u2024\u2027\u30fb", "."))
_SPACES = re.compile(r"[^\S\n]{2,}")
_AROUND_AT = re.compile(r"\s*@\s*")


def _plain(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width and bidi marks
        return ""
    if category == "Pd" or char == "\u2212":  # every dash, and the minus sign
        return "-"
    folded = unicodedata.normalize("NFKC", char)
    if folded.isalnum() or folded.isspace() or folded == "@":  # full-width digits, "＠"
        return folded
    return char  # the rest as written ("…" stays one character)


class _PlainTable(dict[int, str]):
    """``_plain`` of each character as a ``str.translate`` table, filled as characters are
    met: a reply in Spanish has a handful of distinct accented characters, and working out
    each one's Unicode category and NFKC form once, instead of on every character of every
    text, cut the transcripts' masking to a third (README, "Figures behind the design").
    At most ``LIMIT`` characters are kept, so text made of every character there is cannot
    grow it further."""

    LIMIT = 4096

    def __missing__(self, code: int) -> str:
        plain = _plain(chr(code)).translate(_DOTS)
        if len(self) < self.LIMIT:
            self[code] = plain
        return plain


_PLAIN = _PlainTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
"""ASCII characters are their own ``_plain``: only the runs of other ones are looked up."""


def _plain_run(match: re.Match[str]) -> str:
    return match.group(0).translate(_PLAIN)


def normalise(text: str) -> str:
    """The text as the parsers read it, keeping its layout (lines, single spaces)."""
    if not text.isascii():
        text = _NON_ASCII.sub(_plain_run, unicodedata.normalize("NFC", text))
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if "@" in text:
        text = _AROUND_AT.sub("@", text)
    return text


def _keep_last_four(match: re.Match[str]) -> str:
    digits = "".join(char for char in match.group(0) if char.isalnum())
    return mask(digits)


def mask_text(text: str) -> str:
    """Each pass runs only where what it looks for can be: most texts that have something
    to mask have one kind of thing (a phone number in a help text, a code), and the passes
    are slow on long text (about 10 microseconds each on 450 characters)."""
    text = normalise(text)
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


_MONEY = re.compile(r"(?:\$|MXN|MN)\s?\d[\d,]*(?:\.\d+)?"
                    r"|\d[\d,]*(?:\.\d+)?\s?(?:pesos|MXN|UMA|VSM)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_AGE = re.compile(r"\b\d{1,3}(?=\s?(?:años|years)\b)", re.IGNORECASE)


def mask_figures(text: str) -> str:
    """Money amounts (balances, salaries, payments) and ages hidden: what the bot tells a
    worker about their money is not for every agent who opens the transcript. A worker's
    own messages keep them (what they write to an agent they chose to share)."""
    if not _DIGIT.search(text):  # both patterns need one
        return text
    text = _MONEY.sub(lambda m: "$***" if m.group(0).lstrip().startswith("$") else "***", text)
    return _AGE.sub("**", text)
