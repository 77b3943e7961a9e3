import io
from datetime import date
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from domain.savings.contributions import Bimester
from domain.savings.records import Movement, MovementKind
from domain.savings.statement import Statement, build_statement
from domain.savings.statement_pdf import (
    MissingPdfLabels,
    latin1,
    mask_nss,
    render_statement_pdf,
    required_labels,
)
from tests.support.paths import ROOT
from tests.support.savings_builders import NSS, record, series

LOCALES = ROOT / "locales"
AS_OF = date(2025, 8, 10)


def labels(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "savings.po").open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): str(m.string) for m in catalog if m.id}


def money(value: Decimal) -> str:
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def statement() -> Statement:
    worker = record(
        contributions=series(Bimester(2024, 6), 3),
        movements=(
            Movement(date(2025, 2, 15), MovementKind.CREDIT_APPLICATION, Decimal("-2000.00"),
                     "movement.credit_application"),
            Movement(date(2025, 6, 30), MovementKind.RETURNS, Decimal("1234.56"),
                     "movement.returns"),
        ),
        subcuenta_balance=Decimal("31234.56"),
        historical_fund_1992_1997=Decimal("4321.00"),
    )
    return build_statement(worker, Bimester(2025, 1), Bimester(2025, 4), AS_OF)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(("lang", "title"), [("es_MX", "Estado de cuenta"), ("en", "Statement")])
def test_pdf_holds_name_masked_nss_and_totals(lang: str, title: str) -> None:
    st = statement()
    pdf = render_statement_pdf(
        st, worker_name="María José Peña Núñez", nss=NSS, labels=labels(lang), money=money
    )
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert title in text
    assert "María José Peña Núñez" in text
    assert "*******8903" in text
    assert NSS not in text and NSS not in pdf.decode("latin-1")
    assert money(st.opening) in text and money(st.closing) in text
    assert money(st.totals.employer_contributions) in text
    assert "-$2,000.00" in text and "$1,234.56" in text
    assert "$4,321.00" in text  # historical fund
    assert labels(lang)["pdf.footer"] in text
    assert st.totals.net == st.closing - st.opening


def test_pdf_date_comes_from_the_statement_not_the_clock() -> None:
    pdf = render_statement_pdf(statement(), worker_name="A", nss=NSS, labels=labels("en"),
                               money=money)
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None and metadata.creation_date is not None
    assert metadata.creation_date.date() == AS_OF


def test_every_required_label_must_be_given() -> None:
    st = statement()
    partial = {k: v for k, v in labels("en").items() if k != "pdf.footer"}
    with pytest.raises(MissingPdfLabels):
        render_statement_pdf(st, worker_name="A", nss=NSS, labels=partial, money=money)
    assert "movement.returns" in required_labels(st)


def test_a_long_statement_spans_pages() -> None:
    worker = record(contributions=series(Bimester(2015, 1), 60), subcuenta_balance=Decimal("1"))
    st = build_statement(worker, Bimester(2015, 1), Bimester(2025, 4), AS_OF)
    pdf = render_statement_pdf(st, worker_name="A", nss=NSS, labels=labels("es_MX"), money=money)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    assert f"1/{len(reader.pages)}" in reader.pages[0].extract_text()


def test_mask_and_latin1_helpers() -> None:
    assert mask_nss("12345678903") == "*******8903"
    assert mask_nss("123 456 789 03") == "*******8903"
    assert latin1("Peña – “Núñez” 1\u202f000") == 'Peña - "Núñez" 1 000'
    assert latin1("日本") == "??"
