"""Documents in the worker's language: the housing account statement as a PDF.

The ``StatementRenderer`` of the savings service. Every word on the page comes from the
catalogs (``pdf.*`` and the movement and fund keys), money is Babel's format for the locale
("$1,234.56" in es_MX) and dates use the medium format ("17 nov 2026"), which fits the
table's date column. The file name is a catalog pattern too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency

from bot.i18n.catalogs import Catalogs
from domain.savings.contributions import Bimester
from domain.savings.reports import RenderedDocument
from domain.savings.statement import Statement
from domain.savings.statement_pdf import render_statement_pdf, required_labels

PDF = "application/pdf"


class StatementPrinter:
    def __init__(self, catalogs: Catalogs, zone: ZoneInfo) -> None:
        self.catalogs = catalogs
        self.zone = zone

    def render(self, statement: Statement, worker_name: str, nss: str,
               locale: str) -> RenderedDocument:
        _ = self.catalogs.translator(locale, self.zone)
        tag = _.locale
        labels = {key: _(key) for key in required_labels(statement)}

        def money(amount: Decimal) -> str:
            return format_currency(amount, "MXN", locale=tag)

        def day(value: date) -> str:
            return format_date(value, "medium", locale=tag)

        content = render_statement_pdf(statement, worker_name=worker_name, nss=nss,
                                       labels=labels, money=money, format_date=day)
        filename = _("pdf.filename", first=_slug(statement.first), last=_slug(statement.last))
        return RenderedDocument(filename, PDF, content)


def _slug(bimester: Bimester) -> str:
    return f"{bimester.year}-{bimester.number}"
