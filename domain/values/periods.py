"""A statement period in a sentence, as bimesters: «1/2025 a 3/2026», «del 2 al 4 de
2025», «bimestre 3 del 2024», «de enero a abril» (this year unless one is named), «marzo
a junio de 2024». Returns the bimesters as (year, number) pairs in the order written; the
caller checks the numbers and years (a «7/2025» is returned for it to refuse)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from domain.values.numbers import words_to_digits

Pair = tuple[int, int]

_SLASHED = re.compile(r"\bb?\s*(\d{1,2})\s*/\s*(\d{4})\b")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_SMALL = re.compile(r"(?<![\d/])(\d{1,2})(?![\d/])")
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "ene": 1, "feb": 2, "mar": 3, "abr": 4, "jun": 6, "jul": 7, "ago": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dic": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "apr": 4, "aug": 8, "dec": 12,
}
_WORD = re.compile(r"[a-z]+")
MONTH_WORDS = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
"""A regex alternation of the month names and short names (folded text)."""


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", words_to_digits(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


_RELATIVE = (
    (re.compile(r"\b(el |del )?(ano|year) (antepasado|before last)\b|\bantepasado\b"), 2),
    (re.compile(r"\b(el |del )?(ano (pasado|anterior)|last year|previous year|past year)\b"), 1),
    (re.compile(r"\b(el |del )?(este ano|ano actual|ano en curso|this year|current year)\b"), 0),
)


def with_years(text: str, this_year: int) -> str:
    """``text`` with the years said relative to today written as digits: «el año pasado»
    -> 2025, «este año» -> 2026, «el antepasado», «last year», «this year»."""
    plain = _folded(text)
    for pattern, back in _RELATIVE:
        plain = pattern.sub(f" {this_year - back} ", plain)
    return _MONTH_SHORT_YEAR.sub(lambda m: _whole_year(m, this_year), plain)


_MONTH_SHORT_YEAR = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\s+((?:de |del |of |')"
    r")(\d{2})\b(?![\d:/.])")
"""«marzo del 24», «march of '24»: a month and its year by two digits («march 24» is a day,
and so is «24 de marzo»)."""
FIRST_YEAR = 1997
"""The housing subcuenta as statements show it starts in 1997: no year said by two digits
is read before it («98» is 1998, «96» none)."""


def whole_year(short: int, this_year: int) -> int | None:
    """A year said by its last two digits, written whole: this century's up to this year,
    the last century's back to ``FIRST_YEAR``; ``None`` before it."""
    year = (2000 if short <= this_year % 100 else 1900) + short
    return year if year >= FIRST_YEAR else None


def _whole_year(match: re.Match[str], this_year: int) -> str:
    year = whole_year(int(match.group(3)), this_year)
    return match.group(0) if year is None else f"{match.group(1)} {match.group(2)}{year}"


def month_numbers(text: str) -> list[int]:
    """The months named in ``text``, in order (Spanish or English, whole or short)."""
    return [_MONTHS[word] for word in _WORD.findall(_folded(text)) if word in _MONTHS]


def names_a_year(text: str, this_year: int) -> bool:
    """Whether ``text`` holds a four-digit year (in digits, in words or said relative to
    today: «el año pasado»)."""
    return bool(_YEAR.search(with_years(text, this_year)))


_RECENT = re.compile(
    r"\b(?:ultim[oa]s?|last|past|previous)\s+(?:(\d{1,2})\s+)?"
    r"(mes|meses|months?|bimestres?|bimesters?|anos|years)\b")
"""«los últimos 6 meses», «el último bimestre», «last 3 bimesters», «los ultimos 2 años»."""
_PREVIOUS_BIMESTER = re.compile(
    r"\b(bimestres? (pasado|anterior)|(pasado|anterior) bimestre|previous bimester|"
    r"bimester before)\b")
"""«el bimestre pasado», «el bimestre anterior»: the bimester before today's."""
_LAST_MONTH = re.compile(r"\b(mes pasado|mes anterior|last month|previous month)\b")
"""«el del mes pasado»: the bimester that holds last month."""
_BIMESTER_WORD = re.compile(r"\b(bimestres?|bimesters?|bim)\b")
MONTHS_IN_BIMESTER = 2
BIMESTERS_IN_YEAR = 6


def read_recent(text: str, today: date) -> tuple[Pair, Pair] | None:
    """The bimesters of a span counted back from today's («los últimos 6 meses»: this
    bimester and the two before it), or None when ``text`` counts no such span. A singular
    year («el último año») is left to the calendar («el año pasado»), as people mean both."""
    folded = _folded(text)
    back = 1 if _PREVIOUS_BIMESTER.search(folded) else None
    if back is None and _LAST_MONTH.search(folded):
        back = 1 if today.month % MONTHS_IN_BIMESTER else 0  # May: April's is March-April
    if back is not None:
        index = today.year * BIMESTERS_IN_YEAR + (today.month - 1) // MONTHS_IN_BIMESTER - back
        pair = (index // BIMESTERS_IN_YEAR, index % BIMESTERS_IN_YEAR + 1)
        return pair, pair
    found = _RECENT.search(folded)
    if found is None:
        return None
    count = int(found.group(1) or 1)
    unit = found.group(2)
    if unit.startswith(("mes", "month")):
        bimesters = -(-count // MONTHS_IN_BIMESTER)
    elif unit.startswith("bimest"):
        bimesters = count
    else:
        bimesters = count * BIMESTERS_IN_YEAR
    if not 1 <= bimesters <= 20 * BIMESTERS_IN_YEAR:
        return None
    last = today.year * BIMESTERS_IN_YEAR + (today.month - 1) // MONTHS_IN_BIMESTER
    first = last - bimesters + 1
    return ((first // BIMESTERS_IN_YEAR, first % BIMESTERS_IN_YEAR + 1),
            (last // BIMESTERS_IN_YEAR, last % BIMESTERS_IN_YEAR + 1))


_UP_TO_NOW = re.compile(
    r"\b(a la fecha|hasta (hoy|ahora|ahorita|la fecha|el dia de hoy)|a hoy|al dia de hoy|"
    r"(to|until|till|through) (now|today|date)|to date|so far)\b")
_SINCE = re.compile(r"\b(desde|since|a partir de|starting)\b")


def _read_up_to_now(text: str, this_year: int, today: date) -> tuple[Pair, Pair] | None:
    """«de marzo 2024 a la fecha», «since january 2025»: from the bimester named to
    today's (it was that one bimester alone)."""
    folded = _folded(text)
    to_now = _UP_TO_NOW.search(folded)
    if not to_now and not _SINCE.search(folded):
        return None
    start = read_period(_UP_TO_NOW.sub(" ", folded), this_year)
    if start is None or (not to_now and start[0] != start[1]):  # «desde enero hasta marzo»
        return None
    return start[0], (today.year, (today.month + 1) // MONTHS_IN_BIMESTER)


def read_period(text: str, this_year: int, today: date | None = None,
                bimesters_asked: bool = False) -> tuple[Pair, Pair] | None:
    """The first and last bimester written in ``text``, or None when it names no period
    (or too many). With ``today``, a span counted back from it too («los últimos 6
    meses»). ``bimesters_asked``: the question was which bimesters, so small numbers
    without the word are bimesters («del 3 al 5», «el 4»; not «los primeros» alone)."""
    recent = read_recent(text, today) if today is not None else None
    if recent is not None:
        return recent
    if today is not None:
        up_to_now = _read_up_to_now(text, this_year, today)
        if up_to_now is not None:
            return up_to_now
    plain = with_years(text, this_year)
    slashed = _SLASHED.findall(plain)
    if slashed:
        if len(slashed) > 2:
            return None
        pairs = [(int(year), int(number)) for number, year in slashed]
        return pairs[0], pairs[-1]
    years = [int(year) for year in _YEAR.findall(plain)]
    months = month_numbers(plain)
    if months:
        if len(months) > 2 or len(years) > 2:
            return None
        first_year = years[0] if years else this_year
        last_year = years[-1] if years else this_year
        return ((first_year, (months[0] + 1) // 2), (last_year, (months[-1] + 1) // 2))
    small = [int(number) for number in _SMALL.findall(_YEAR.sub(" ", plain))]
    if not years and today is not None \
            and ((bimesters_asked and (len(small) == 2 or any(c.isdigit() for c in text)))
                 or _BIMESTER_WORD.search(_folded(text))) \
            and 1 <= len(small) <= 2 and all(1 <= n <= BIMESTERS_IN_YEAR for n in small):
        # «el bimestre 5», no year: the latest such bimester up to today's
        now = (today.month - 1) // MONTHS_IN_BIMESTER + 1
        year = this_year if small[-1] <= now else this_year - 1
        return (year, small[0]), (year, small[-1])
    if len(years) == 2 and len(small) == 2 \
            and (bimesters_asked or _BIMESTER_WORD.search(_folded(text))):
        # «del bimestre 3 de 2022 al 2 de 2023»: each number with its year
        return (years[0], small[0]), (years[1], small[1])
    if len(years) != 1 or not 1 <= len(small) <= 2:
        return None
    return (years[0], small[0]), (years[0], small[-1])
