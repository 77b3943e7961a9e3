"""How often an amount of pay comes, said beside it: «gano 350 al día», «4,500 a la
quincena», «2 mil a la semana», «120 mil al año». The precalification takes a monthly
income; pay said per day, week, fortnight or year is turned into the monthly figure (and
the worker is told which one was used), never read as monthly."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from domain.values.numbers import words_to_digits


class PayPeriod(StrEnum):
    DAY = "day"
    WEEK = "week"
    FORTNIGHT = "fortnight"
    MONTH = "month"
    YEAR = "year"


_EVERY = r"(?:al|a la|por|x|cada|el|la|a|per|an?|each|every)"
_PATTERNS: tuple[tuple[PayPeriod, re.Pattern[str]], ...] = (
    (PayPeriod.FORTNIGHT, re.compile(
        r"\b(?:" + _EVERY + r" )?(?:quincenas?|catorcenas?|fortnight)\b|\bquincenal(?:es|mente)?\b"
        r"|\bcatorcenal(?:es)?\b|\b(?:cada|every) (?:15|14|two|2) (?:dias|days)\b"
        r"|\b(?:cada|every) (?:2|two|dos|other) (?:semanas|weeks)\b|\bevery other week\b"
        r"|\bbi-?weekly\b")),
    (PayPeriod.DAY, re.compile(
        r"\b" + _EVERY + r" (?:dia|day|jornada)\b|\bdiari[oa]s?\b|\bdaily\b")),
    (PayPeriod.WEEK, re.compile(
        r"\b" + _EVERY + r" (?:semana|week)\b|\bsemanal(?:es|mente)?\b|\bweekly\b")),
    (PayPeriod.YEAR, re.compile(
        r"\b" + _EVERY + r" (?:ano|year)\b|\banual(?:es|mente)?\b|\byearly\b|\bannual(?:ly)?\b")),
    (PayPeriod.MONTH, re.compile(
        r"\b" + _EVERY + r" (?:mes|month)\b|\bmensual(?:es|mente)?\b|\bmonthly\b")),
)
_PER_MONTH = {PayPeriod.FORTNIGHT: Decimal(2), PayPeriod.MONTH: Decimal(1),
              PayPeriod.YEAR: Decimal(1) / Decimal(12)}
_CENT = Decimal("0.01")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def split_pay_period(text: str) -> tuple[str, PayPeriod | None]:
    """``text`` without the words that say how often the pay comes, and that period
    (``None`` when none is said: the amount is taken as the step asks, monthly). Two
    different periods named («350 al día, unos 10 mil al mes») are none: the amounts
    then decide (a sentence with two amounts is refused)."""
    folded = _folded(words_to_digits(text))
    named = [(period, pattern) for period, pattern in _PATTERNS if pattern.search(folded)]
    if len(named) != 1:
        return text, None
    period, pattern = named[0]
    return pattern.sub(" ", folded), period


def monthly_pay(amount: Decimal, period: PayPeriod | None, days_a_month: Decimal) -> Decimal:
    """``amount`` paid every ``period`` as a monthly figure, to the cent: a day is
    ``days_a_month`` of them (the Institute's 30.4), a week seven days, a fortnight half
    a month (Mexican payroll pays «quincenas» twice a month)."""
    if period is None or period is PayPeriod.MONTH:
        return amount
    if period is PayPeriod.DAY:
        monthly = amount * days_a_month
    elif period is PayPeriod.WEEK:
        monthly = amount * days_a_month / Decimal(7)
    else:
        monthly = amount * _PER_MONTH[period]
    return monthly.quantize(_CENT, rounding=ROUND_HALF_UP)
