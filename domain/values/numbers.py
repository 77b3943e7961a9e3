"""Numbers written as words or with a multiplier, turned into digits so the other readers
only look for digits: «ocho mil» -> 8000, «mil quinientos» -> 1500, «8 mil» -> 8000,
«8k» -> 8000, «1.5 millones» -> 1500000, «treinta y cinco» -> 35. Spanish and English
number words are read by ``text2num``; the multipliers after digits are ours."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from text_to_num import alpha2digit

_MULTIPLIED = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(mil|k|mill[oó]n|millones|thousand|million|millions|m)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"\b(una|unas|unos|uno|un|a|an)\b(?!\s+(mil|mill[oó]n|millones|hundred"
                      r"|thousand|million)\b)")
_PRONOUN_ONE = re.compile(
    r"\b(the|this|that|which|other|another|each|every|any|same|first|second|third|last|next|"
    r"new|current|monthly|minimum|whole|full|usual|normal|regular|my|your|its) (one)\b")
"""«the monthly one», «that one»: «one» standing for a thing named before, no number."""
_HALF = re.compile(r"\b(medio|media)\s+(mill[oó]n|mil)\b")
_THOUSANDS_AND = re.compile(
    r"(?<![\d.,])(\d*[1-9]\d*000)\s+(?:y\s+)?(?!000)(\d{1,3})\b(?![\d.,]|\s*(mil|k))")
"""«5000 500» (from «5 mil 500»): 5500, not the «12 500» of a number typed with a space."""
_FACTORS = {"mil": 1000, "k": 1000, "thousand": 1000, "millon": 1_000_000,
            "millón": 1_000_000, "millones": 1_000_000, "million": 1_000_000,
            "millions": 1_000_000, "m": 1_000_000}


_UNACCENTED = re.compile(r"\b(veinti|dieci)(dos|tres|seis)\b")
"""«veintidos», «dieciseis» as typed without accents: text2num reads only «veintidós»."""
_ACCENTED = {"dos": "dós", "tres": "trés", "seis": "séis"}


def _plain(text: str) -> str:
    """Lower case; accents kept (text2num reads «dieciséis») and put back where a worker
    left them out («veintitres»), odd spaces made plain."""
    plain = unicodedata.normalize("NFC", text).replace("\u00a0", " ").lower()
    return _UNACCENTED.sub(lambda m: m.group(1) + _ACCENTED[m.group(2)], plain)


def _multiply(match: re.Match[str]) -> str:
    number = Decimal(match.group(1).replace(",", ""))
    value = number * _FACTORS[match.group(2).lower()]
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def words_to_digits(text: str) -> str:
    """``text`` with every number written in words (Spanish or English) or with a
    multiplier after digits replaced by its digits."""
    plain = _HALF.sub(lambda m: "500000" if m.group(2).startswith("mill") else "500",
                      _plain(text))  # «medio millón»: half of one
    plain = _ARTICLE.sub(r"qq\1qq", plain)  # «un hijo», «unos 20 mil»: no number
    plain = _PRONOUN_ONE.sub(r"\1 qq\2qq", plain)  # «the monthly one»: no number
    plain = alpha2digit(plain, "es", threshold=1)
    plain = alpha2digit(plain, "en", threshold=1)
    plain = re.sub(r"qq(\w+?)qq", r"\1", plain)
    # «12 1500» is what the word readers leave of «12 mil quinientos»: thousands and the rest
    plain = re.sub(r"(?<![\d.,])(\d{1,3})\s+1(?!000)(\d{3})\b(?!\s*(mil|k|mill))",
                   lambda m: m.group(1) + " mil " + str(int(m.group(2))), plain)
    # «8 1000» is what the word readers leave of «8 mil»: a multiplier after digits
    plain = re.sub(r"(\d)\s+(1000000|1000)\b",
                   lambda m: m.group(1) + (" millones" if len(m.group(2)) > 4 else " mil"),
                   plain)
    plain = _MULTIPLIED.sub(_multiply, plain)
    # «5 mil 500», «mil 500»: the thousands, then what comes after them, one amount
    return _THOUSANDS_AND.sub(lambda m: str(int(m.group(1)) + int(m.group(2))), plain)
