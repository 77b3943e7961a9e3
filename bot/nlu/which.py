"""Which of a worker's appointments the words name when cancelling: «la de monterrey»,
«la del lunes», «la del convenio», or its folio. Only one may fit; when two do (both on
Monday) or none does, the worker chooses from the list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.nlu.text import fold
from domain.values.days import read_day

_NOT_NAMING = frozenset({"la", "el", "de", "del", "en", "mi", "cita", "cesi", "centro", "the",
                         "my", "at", "on", "in", "a", "las", "los"})
"""Words too common to tell one appointment from another."""

_PROCEDURE_WORDS: dict[str, frozenset[str]] = {
    "return_of_savings": frozenset({"devolucion", "ahorro", "refund", "savings"}),
    "credit_signing": frozenset({"inscripcion", "firma", "signing"}),
    "restructuring": frozenset({"reestructura", "restructuring"}),
    "payment_agreement": frozenset({"convenio", "agreement"}),
    "insurance_release": frozenset({"seguro", "liberacion", "insurance"}),
    "overpayment_refund": frozenset({"exceso", "overpayment"}),
    "credit_cancellation": frozenset({"cancelacion", "cancellation"}),
    "account_recovery": frozenset({"recuperar", "recuperacion", "recovery"}),
}
"""Words that name each procedure in a sentence («la de convenio»)."""


@dataclass(frozen=True)
class Upcoming:
    """One upcoming appointment as the worker recognises it."""

    folio: str
    procedure: str
    place: tuple[str, ...]
    """The centre's name and city."""
    day: date


def appointment_named(text: str, booked: Sequence[Upcoming], today: date) -> str | None:
    """The folio of the one appointment that ``text`` names by its folio, its centre or
    city, its procedure or its day; when several fit, the one that fits in the most of
    these ways («la del lunes en puebla»); None when none fits or no one fits best."""
    words = set(fold(text).split()) - _NOT_NAMING
    day = read_day(text, today, [one.day for one in booked])
    fits = {one.folio: sum((one.folio.casefold() in text.casefold(),
                            bool(words & (_words(one.place) - _NOT_NAMING)),
                            bool(words & _PROCEDURE_WORDS.get(one.procedure, frozenset())),
                            day is not None and one.day == day))
            for one in booked}
    best = max(fits.values(), default=0)
    named = [folio for folio, fit in fits.items() if fit == best]
    return named[0] if best and len(named) == 1 else None

def _words(names: tuple[str, ...]) -> set[str]:
    return {word for name in names for word in fold(name).split()}
