"""The words that name what a step asked for, folded (no accents, lower case): how a
correction says which answer was wrong («me equivoqué en la curp», «me equivoqué de
estado», «wrong e-mail»). Flows name their revisable steps with these
(``Flow.revisable``); ``bot.nlu.answers.read_revision`` reads them."""

from __future__ import annotations

from bot.nlu.text import fold

NSS = ("nss", "seguro social", "numero de seguridad social", "numero de seguro social",
       "social security", "imss")
CURP = ("curp",)
RFC = ("rfc", "homoclave")
EMAIL = ("correo", "email", "e mail", "mail", "correo electronico", "address")
MOBILE = ("celular", "cel", "telefono", "numero", "numero de celular", "movil", "mobile",
          "phone", "cell", "number")

PROCEDURE = ("tramite", "procedure")
STATE = ("estado", "entidad", "state")
CENTRE = ("centro", "oficina", "modulo", "cesi", "sucursal", "centre", "center", "office")
DAY = ("dia", "fecha", "day", "date")
TIME = ("hora", "horario", "time")

SALARY = ("sueldo", "salario", "ingreso", "ingresos", "gano", "salary", "income", "wage",
          "me pagan", "al dia", "diario", "diarios", "a la semana", "semanal", "semanales",
          "a la quincena", "quincenal", "quincenales", "cada quince dias", "cada 15 dias",
          "al mes", "mensual", "mensuales", "al ano", "a day", "a week", "a month", "a year",
          "daily", "weekly", "monthly", "i earn", "i make")
AGE = ("edad", "anos", "age", "years", "years old")
YEARS = ("anos", "ano", "years", "year")
SEX = ("sexo", "genero", "mujer", "hombre", "sex", "gender", "woman", "man")
BALANCE = ("subcuenta", "ahorro", "ahorrado", "ahorrados", "ahorrada", "ahorre", "saldo", "savings",
           "balance", "saved")

SUMMARY = ("resumen", "summary")
PERIOD = ("periodo", "period")
PAYMENT = ("pago", "pagar", "mensualidad", "mensual", "liquidar", "concepto", "otra cantidad",
           "payment", "monthly", "pay off")


def names(text: str | None, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``words`` (whole words, folded: «mi sueldo» names
    ``SALARY``)."""
    padded = f" {fold(text or '')} "
    return any(f" {word} " in padded for word in words)
