"""Which of a worker's appointments the words name when cancelling: «la de monterrey»,
«la del lunes», «la del convenio», or its folio. Only one may fit; when two do (both on
Monday) or none does, the worker chooses from the list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.nlu.answers import asks_to_fix_record
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
    "data_correction": frozenset({"correccion", "corregir", "correction", "datos"}),
}
"""Words that name each procedure in a sentence («la de convenio»)."""

_PROCEDURE_SAID: dict[str, re.Pattern[str]] = {
    "return_of_savings": re.compile(
        r"\b(pension\w*|jubil\w*|(retirar|sacar|cobrar) (mi|el|todo mi) (ahorro|dinero)"
        r"|devolucion de (mi )?ahorro|withdraw (my )?savings|retir(e|ing|ement)"
        r"|(me )?(devuelvan|regresen|entreguen|paguen) (mi|el|todo mi) (ahorro|dinero|fondo)"
        r"|devolucion de (mi )?(dinero|fondo|subcuenta)|(get|have) my (savings|money) back)\b"),
    "overpayment_refund": re.compile(
        r"\b(de mas|en exceso|sobrepago|pague mas|overpa\w*|paid too much"
        r"|charged (me )?too much)\b"),
    "credit_cancellation": re.compile(
        r"\b((liberar|liberacion de|cancelar|cancelacion de) (mi |la )?hipoteca"
        r"|termine de pagar|ya (pague|liquide) (mi casa|mi credito|todo)|carta de cancelacion"
        r"|release (my |the )?mortgage|finished paying)\b"),
    "insurance_release": re.compile(
        r"\b(fallec\w*|murio|muerte|defuncion|invalidez|died|death|disability)\b"),
    "restructuring": re.compile(r"\b(reestructur\w*|restructur\w*|bajar (la |mi )?mensualidad)\b"),
    "payment_agreement": re.compile(r"\b(convenio|payment agreement)\b"),
    "data_correction": re.compile(
        r"\b((correccion|corregir|arreglar|actualizar|actualizacion) (de )?(mis |los )?datos"
        r"|(correct|fix|update) my (data|details|record)|data correction)\b"),
    "credit_signing": re.compile(
        r"\b(inscrib\w*|inscripcion|firmar (mi |el )?credito|firma de (mi |el )?credito"
        r"|(tramitar|tramite de|sacar|pedir|solicitar|solicitud de|ejercer|iniciar|formalizar"
        r"|hacer valido|usar) (mi |un |el |una |la )?(credito|hipoteca|prestamo)"
        r"|(comprar|construir|remodelar|ampliar) (una |mi )?(casa|vivienda|departamento)"
        r"|(credito|prestamo) nuevo|nuevo credito|primer credito|sign (my |the )?credit|"
        r"new (credit|loan|mortgage)|(apply|applying) for (a |my |the )?"
        r"(credit|loan|mortgage)|(get|take out|start) (a |my |the )?(credit|loan|mortgage)"
        r"|buy (a |my )?(house|home))\b"),
}
"""What people say about the situation each procedure is for («me cobraron de más», «ya
terminé de pagar mi casa», «me voy a pensionar»), not only its name."""


def procedure_in(text: str | None) -> str | None:
    """The one procedure ``text`` describes (``Procedure`` value), or None when it describes
    none or several."""
    folded = fold(text or "")
    found = [name for name, said in _PROCEDURE_SAID.items() if said.search(folded)]
    if not found and asks_to_fix_record(text):  # «es para corregir mi curp», «mi nombre
        found = ["data_correction"]  # está mal»: a datum of the record, at a centre
    return found[0] if len(found) == 1 else None


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
