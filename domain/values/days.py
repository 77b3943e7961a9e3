"""A day or a time of day in a sentence, picked among those on offer: «mejor el martes»,
«el lunes 15», «mañana», «el 15», «15 de diciembre»; «a las 10», «10:30», «4 de la
tarde», «10 y media»; a part of the day («en la tarde», «temprano», «lo más temprano
posible»). Nothing is guessed beyond what is offered: the first offered day (or time) that
fits everything the sentence says, else None."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from domain.values.numbers import words_to_digits
from domain.values.periods import MONTH_WORDS, month_numbers

D = TypeVar("D", date, datetime)

_WEEKDAYS = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
    "domingo": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_RELATIVE = {"hoy": 0, "today": 0, "manana": 1, "tomorrow": 1}
_NUMBER = re.compile(r"(?<![\d:.])(\d{1,2})(?![\d:.])")
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?(?!\d)")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", words_to_digits(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


_TIME_OF_DAY = re.compile(
    r"\b(a las?|a eso de las?|como a las?|tipo|at|around|by)\s+\d{1,2}(\s*[:.h]\s*\d{2})?"
    r"(\s*(am|pm|a m|p m|hrs?|horas?|de la (manana|tarde|noche)))?\b"
    r"|\b\d{1,2}(\s*[:.]\s*\d{2})?\s*(am|pm|a m|p m|hrs|horas)\b|\b\d{1,2}:\d{2}\b")
"""A time of day said with the day («el martes a las 10»): its number is no day of the
month."""


def time_of_day_said(text: str) -> str | None:
    """The words of a time said with a day («a las 10» in «el martes a las 10»), if any."""
    found = _TIME_OF_DAY.search(_folded(text))
    return found.group(0) if found else None


def read_day(text: str, today: date, offered: Sequence[date]) -> date | None:
    """The offered day ``text`` names, by weekday, day of the month, month or «mañana» (a
    time said with it left out)."""
    plain = _TIME_OF_DAY.sub(" ", _folded(text))
    words = re.findall(r"[a-z]+", plain)
    if "pasado" in words and "manana" in words:
        return _first(offered, lambda day: day == today + timedelta(days=2))
    relative = [ahead for word, ahead in _RELATIVE.items() if word in words]
    if relative and not any(word in _WEEKDAYS for word in words):
        wanted = today + timedelta(days=relative[0])
        return _first(offered, lambda day: day == wanted)
    weekdays = {_WEEKDAYS[word] for word in words if word in _WEEKDAYS}
    months = set(month_numbers(plain))
    numbers = {int(n) for n in _NUMBER.findall(plain) if 1 <= int(n) <= 31}
    slashed = re.search(r"(\d{1,2})\s*/\s*(\d{1,2})", plain)
    if slashed:
        numbers, months = {int(slashed.group(1))}, {int(slashed.group(2))}
    if len(weekdays) > 1 or len(numbers) > 1 or not (weekdays or numbers or months):
        return None
    return _first(offered, lambda day: (not weekdays or day.weekday() in weekdays)
                  and (not numbers or day.day in numbers)
                  and (not months or day.month in months))


class PartOfDay(StrEnum):
    FIRST = "first"
    """«lo más temprano posible», «el primero que haya», «cualquiera»."""
    LAST = "last"
    MORNING = "morning"
    AFTERNOON = "afternoon"


NOON = 12
_PARTS: tuple[tuple[PartOfDay, re.Pattern[str]], ...] = (
    (PartOfDay.FIRST, re.compile(
        r"\b(lo mas temprano|la mas temprano|(el|la) (mas )?primer[oa]?|primer horario"
        r"|cualquier[ao]?|(el|la) que (sea|haya)|lo mas pronto|lo antes posible|earliest"
        r"|soonest|as soon as possible|asap|(the )?first|any( time)?|whichever|closest|nearest"
        r"|lo mas cercano|la mas cercana|el mas cercano|(the )?next (available|free)"
        r"|(el|la) (proxim[oa]|siguiente) (que haya|disponible|libre))\b")),
    (PartOfDay.LAST, re.compile(r"\b(lo mas tarde|(el|la) ultim[oa]|latest|(the )?last)\b")),
    (PartOfDay.MORNING, re.compile(
        r"\b((en|por|de) la manana|temprano|matutino|(in the )?morning|early)\b")),
    (PartOfDay.AFTERNOON, re.compile(
        r"\b((en|por|de) la tarde|tarde|vespertino|despues de comer|(in the )?afternoon"
        r"|late)\b")),
)


def read_part_of_day(text: str) -> PartOfDay | None:
    """The part of the day ``text`` asks for, when it names no clock time."""
    plain = _fold_only(text)
    found = [part for part, pattern in _PARTS if pattern.search(plain)]
    if not found:
        return None
    if found[0] is not PartOfDay.FIRST and _CLOCK.search(_without_day_of_month(text)):
        return None  # «a las 4 de la tarde»: a time
    return found[0]


_DAY_NUMBER = re.compile(
    r"\b\d{1,2}\s*/\s*\d{1,2}\b"
    r"|\b(?:" + "|".join(_WEEKDAYS) + r"|el|al|del|dia|pal|para el|the|on the)\s+\d{1,2}"
    r"(?:st|nd|rd|th)?\b(?!\s*(?:[:./h]\s*\d|de la|am\b|pm\b|a m\b|p m\b|hrs?\b|horas?\b))"
    r"|\b\d{1,2}\s+(?:de\s+)?" + MONTH_WORDS + r"\b|\b" + MONTH_WORDS
    + r"\s+\d{1,2}(?:st|nd|rd|th)?\b")
"""A number that is a day of the month: after a weekday or «el», «al», «para el» («jueves
10», «el 15», «al 15»; not followed by what makes it a time: «el 4 de la tarde»), with a
month («15 de diciembre», «december 15»), or as «15/12»."""


def _without_day_of_month(text: str) -> str:
    """``text`` folded, its days of the month dropped: what is left of its numbers may be a
    clock time."""
    return _DAY_NUMBER.sub(" ", _folded(text))


def times_in_part(part: PartOfDay, offered: Sequence[D]) -> list[D]:
    """The offered times of that part of the day (in order)."""
    items = list(offered)
    if not items:
        return []
    if part is PartOfDay.FIRST:
        return items[:1]
    if part is PartOfDay.LAST:
        return items[-1:]
    morning = part is PartOfDay.MORNING
    return [item for item in items
            if isinstance(item, datetime) and (item.hour < NOON) is morning]


def names_a_day(text: str) -> bool:
    """A weekday, «hoy» or «mañana» (the day, not «en la mañana»)."""
    plain = re.sub(r"\b(en|por|de) la manana\b", " ", _fold_only(text))
    return bool(set(re.findall(r"[a-z]+", plain)) & (set(_WEEKDAYS) | set(_RELATIVE)))


def names_a_date(text: str) -> bool:
    """A weekday, «hoy», «mañana» or a number («el 15»): words that meant a day, even one
    not on offer (to tell «that day is not free» from «choose a day»)."""
    return names_a_day(text) or bool(re.search(r"\d", _folded(text)))


_CLOCK_PART = re.compile(r"\b(a las|a la|las|at)\s+\d{1,2}([:.]\d{2})?(\s*(am|pm|a m|p m|hrs?|"
                         r"horas))?\b")


def names_a_calendar_day(text: str) -> bool:
    """A day of the month: «el 15 de enero», «el 11», «jueves 10 en la tarde» (no «a las»):
    at the times, a day, never 11:00 (it booked «el 15 de enero» at 3 p.m.); «el 11 de la
    mañana» is a time."""
    rest = _CLOCK_PART.sub(" ", _folded(text))  # «el 15 a las 10»: the 15th, at 10
    return bool(_DAY_NUMBER.search(rest))


def names_a_time(text: str) -> bool:
    """A clock time («a las 10», «diez y media», «4 pm»), offered or not."""
    return bool(_CLOCK.search(_folded(text)))


def names_when(text: str) -> bool:
    """Words that say when («el lunes en la tarde», «mañana temprano», «a las 10», «el
    15»): said
    before the day is asked, they are kept for it (a time, for the chosen day's times)."""
    return names_a_day(text) or read_part_of_day(text) is not None \
        or time_of_day_said(text) is not None or names_a_calendar_day(text)


def _fold_only(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def read_clock(text: str) -> list[tuple[int, int]] | None:
    """The times of day ``text`` may mean, as (hour, minute) on 24 hours: «a las 10» is
    10:00 or 22:00, «4 de la tarde» only 16:00, «10:15» 10:15 or 22:15; None for none."""
    plain = _folded(text).replace("y media", ":30").replace("y cuarto", ":15")
    plain = plain.replace("and a half", ":30")
    found = _CLOCK.findall(re.sub(r"\s+:", ":", plain))
    if len(found) != 1:
        return None
    hour, minute = int(found[0][0]), int(found[0][1] or 0)
    if hour > 23 or minute > 59:
        return None
    afternoon = re.search(r"\b(pm|p m|tarde|afternoon|evening)\b", plain) is not None
    if afternoon and hour < 12:
        return [(hour + 12, minute)]
    return [(hour, minute)] if afternoon or hour >= 12 else [(hour, minute), (hour + 12, minute)]


def read_time(text: str, offered: Sequence[datetime]) -> datetime | None:
    """The offered time ``text`` names («a las 10», «10:30», «4 pm», «4 de la tarde»)."""
    for clock in read_clock(text) or []:
        exact = next((moment for moment in offered if (moment.hour, moment.minute) == clock),
                     None)
        if exact is not None:
            return exact
    return None


def _first(offered: Sequence[D], fits: Callable[[D], bool]) -> D | None:
    return next((item for item in offered if fits(item)), None)


_MOVED_TO = re.compile(
    r"\b(?:al|a|para|pa|pal|hacia|to|for|until|till)\s+(?=(?:el |la |the |dia |day )?(?:"
    + "|".join(_WEEKDAYS) + r"|manana|hoy|pasado|tomorrow|today|next|proxim|siguiente|\d|"
    + MONTH_WORDS + r"\b))")


def moved_to(text: str) -> str:
    """Of words that say a day and the day it changes to («del jueves al viernes»,
    «cámbiala del 10 al 12», «move it from monday to friday»), those from the new one on;
    ``text`` whole when no day follows an «al», «para», «pal», «to» after another day."""
    folded = _fold_only(text)
    found = list(_MOVED_TO.finditer(folded))
    if not found or not names_a_date(folded[:found[-1].start()]):
        return text
    return folded[found[-1].start():]


def said_together(before: str | None, typed: str) -> str:
    """What was said about when, with ``typed`` added («el viernes», then «en la tarde»):
    ``typed`` alone when both name a day (the later one is a mind changed)."""
    if before is None or (names_a_day(before) and names_a_day(typed)):
        return typed
    return f"{before} {typed}"
