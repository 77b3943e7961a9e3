"""The statement as a PDF document (fpdf2), with no sentence of its own.

Every word comes from ``labels`` (already translated by the caller; the keys are
``PDF_LABELS`` plus the statement's movement and fund keys, see ``required_labels``), money
from the caller's ``money`` function and dates from ``format_date``, so the domain stays
locale-free. The NSS is masked here (last 4 digits), so the full number never reaches the
document. Text uses the core Helvetica font (latin-1: every Spanish letter and sign renders);
characters outside latin-1 are replaced (dashes and quotes by their ASCII kin, the rest by
"?"). The document date is ``as_of``, never the clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from domain.errors import DomainError
from domain.savings.statement import Statement

PDF_LABELS: tuple[str, ...] = (
    "pdf.title",
    "pdf.worker",
    "pdf.nss",
    "pdf.period",
    "pdf.as_of",
    "pdf.opening_balance",
    "pdf.closing_balance",
    "pdf.movements",
    "pdf.col.date",
    "pdf.col.concept",
    "pdf.col.amount",
    "pdf.col.balance",
    "pdf.no_movements",
    "pdf.totals",
    "pdf.total.employer_contributions",
    "pdf.total.voluntary_contributions",
    "pdf.total.returns",
    "pdf.total.credit_applications",
    "pdf.total.net",
    "pdf.contributions",
    "pdf.col.bimester",
    "pdf.col.employer",
    "pdf.col.daily_salary",
    "pdf.col.days",
    "pdf.col.paid_on",
    "pdf.pending",
    "pdf.bimester",  # template with {number} and {year}
    "pdf.period_opening",  # template with {start} and {end}
    "pdf.pays",  # template with {number} and {year}: the bimester a contribution pays
    "pdf.paid_later",  # template with {number}, {year} and {paid_on}
    "pdf.historical_funds",
    "pdf.footer",
)
_ASCII_KIN = {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
              "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u202f": " ", "\u2009": " "}
LINE = 6.0


class MissingPdfLabels(DomainError):
    key = "error.savings.missing_pdf_labels"


def mask_nss(nss: str) -> str:
    """All but the last 4 digits replaced by asterisks."""
    digits = "".join(ch for ch in nss if ch.isdigit())
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def required_labels(statement: Statement) -> frozenset[str]:
    keys = set(PDF_LABELS) | {line.description_key for line in statement.lines}
    return frozenset(keys | {fund.key for fund in statement.historical_funds})


def latin1(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(_ASCII_KIN.get(ch, ch) for ch in text)
    return text.encode("latin-1", errors="replace").decode("latin-1")


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("helvetica", size=7)
        self.multi_cell(0, 3.5, self.footer_text, align="C", new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.cell(0, 3.5, f"{self.page_no()}/{{nb}}", align="C")


def render_statement_pdf(
    statement: Statement,
    *,
    worker_name: str,
    nss: str,
    labels: Mapping[str, str],
    money: Callable[[Decimal], str],
    format_date: Callable[[date], str] = date.isoformat,
) -> bytes:
    """The statement as PDF bytes; ``nss`` is the full NSS, masked on the document."""
    missing = required_labels(statement) - labels.keys()
    if missing:
        raise MissingPdfLabels(keys=", ".join(sorted(missing)))

    def t(key: str) -> str:
        return latin1(labels[key])

    pdf = _Document(format="Letter")
    pdf.footer_text = t("pdf.footer")
    pdf.set_creation_date(datetime.combine(statement.as_of, datetime.min.time(), UTC))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=15)
    pdf.cell(0, 10, t("pdf.title"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    span = f"{format_date(statement.start)} - {format_date(statement.end)}"
    header = (
        ("pdf.worker", worker_name),
        ("pdf.nss", mask_nss(nss)),
        ("pdf.period", span),
        ("pdf.as_of", format_date(statement.as_of)),
        ("pdf.opening_balance", money(statement.opening)),
        ("pdf.closing_balance", money(statement.closing)),
    )
    for key, value in header:
        _pair(pdf, t(key), latin1(value))
    _section(pdf, t("pdf.movements"))
    _row(pdf, [t("pdf.col.date"), t("pdf.col.concept"), t("pdf.col.amount"),
               t("pdf.col.balance")], (28, 92, 35, 35), bold=True)
    for period in statement.periods:
        # headed by its dates, not as a bimester: a contribution paid in January pays the
        # November-December bimester, and says so on its own line
        heading = t("pdf.period_opening").format(start=format_date(period.start),
                                                 end=format_date(period.end))
        _row(pdf, ["", heading, "", money(period.opening)], (28, 92, 35, 35), bold=True)
        balance = period.opening
        for line in period.lines:
            balance += line.amount
            pays = None
            if line.bimester is not None:
                pays = t("pdf.pays").format(number=line.bimester.number, year=line.bimester.year)
            concept = " ".join(filter(None, (labels[line.description_key], pays,
                                             line.employer_registration)))
            _row(pdf, [format_date(line.date), concept, money(line.amount), money(balance)],
                 (28, 92, 35, 35))
    if not statement.lines:
        pdf.set_font("helvetica", size=9)
        pdf.cell(0, LINE, t("pdf.no_movements"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _section(pdf, t("pdf.totals"))
    totals = statement.totals
    for key, amount in (
        ("pdf.opening_balance", statement.opening),
        ("pdf.total.employer_contributions", totals.employer_contributions),
        ("pdf.total.voluntary_contributions", totals.voluntary_contributions),
        ("pdf.total.returns", totals.returns),
        ("pdf.total.credit_applications", totals.credit_applications),
        ("pdf.total.net", totals.net),
        ("pdf.closing_balance", statement.closing),
    ):
        _pair(pdf, t(key), latin1(money(amount)))
    _contributions(pdf, statement, t, money, format_date)
    if statement.historical_funds:
        _section(pdf, t("pdf.historical_funds"))
        for fund in statement.historical_funds:
            _pair(pdf, t(fund.key), latin1(money(fund.balance)))
    return bytes(pdf.output())


def _contributions(
    pdf: FPDF,
    statement: Statement,
    t: Callable[[str], str],
    money: Callable[[Decimal], str],
    format_date: Callable[[date], str],
) -> None:
    if not statement.contributions:
        return
    _section(pdf, t("pdf.contributions"))
    widths = (24, 70, 28, 14, 27, 27)
    _row(pdf, [t("pdf.col.bimester"), t("pdf.col.employer"), t("pdf.col.daily_salary"),
               t("pdf.col.days"), t("pdf.col.amount"), t("pdf.col.paid_on")], widths, bold=True)
    for c in statement.contributions:
        shown_paid = c.paid_on is not None and c.paid_on <= statement.as_of
        paid = format_date(c.paid_on) if c.paid_on and shown_paid else t("pdf.pending")
        bimester = t("pdf.bimester").format(number=c.bimester, year=c.year)
        employer = f"{c.employer_registration} {c.employer_name}"
        _row(pdf, [bimester, latin1(employer), money(c.daily_salary), str(c.days),
                   money(c.amount), latin1(paid)], widths)
    # the paid rows add up to the movements' employer total: the same figure, from Totals
    _row(pdf, ["", t("pdf.total.employer_contributions"), "", "",
               money(statement.totals.employer_contributions), ""], widths, bold=True)
    pdf.set_font("helvetica", size=8)
    for c in statement.paid_later:
        assert c.paid_on is not None
        note = t("pdf.paid_later").format(number=c.bimester, year=c.year,
                                          paid_on=latin1(format_date(c.paid_on)))
        pdf.multi_cell(0, LINE, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("helvetica", style="B", size=11)
    pdf.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pair(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("helvetica", style="B", size=9)
    pdf.cell(55, LINE, label)
    pdf.set_font("helvetica", size=9)
    pdf.cell(0, LINE, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _row(pdf: FPDF, cells: list[str], widths: tuple[int, ...], bold: bool = False) -> None:
    pdf.set_font("helvetica", style="B" if bold else "", size=8)
    for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
        text = latin1(text)
        while i == 1 and text and pdf.get_string_width(text) > width - 2:
            text = text[:-1]  # only the free-text column; figures are never cut
        last = i == len(cells) - 1
        pdf.cell(width, LINE, text, border="B", align="L" if i < 2 else "R",
                 new_x=XPos.LMARGIN if last else XPos.RIGHT,
                 new_y=YPos.NEXT if last else YPos.TOP)
