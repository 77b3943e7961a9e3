"""The statement's sections add up: movements, totals and the contribution table show the
same employer contributions to the cent, also in the PDF, and openings and closings chain.

The reported case: a 2019 statement showed 9,507.72 under Movimientos and 9,569.21 in the
bimester table, because the table listed the contributions *of* 2019's bimesters (2019-B6,
paid in January 2020, included; 2018-B6, paid in January 2019, left out) while the movements
listed the ones *paid* in 2019. A raise in the year makes the two differ.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from domain.demo import demo_records
from domain.savings.contributions import Bimester, next_payment, payment_due
from domain.savings.records import MovementKind, WorkerRecord
from domain.savings.statement import Statement, statement_for_year
from domain.savings.statement_pdf import render_statement_pdf
from tests.support.savings_builders import record, series
from tests.unit.domain.test_savings_pdf import labels, money

AS_OF = date(2026, 11, 28)


def raised_in_the_year() -> WorkerRecord:
    """400 a day until 2018-B6, 420 from 2019-B1: the two readings of 2019 differ."""
    before = series(Bimester(2018, 1), 6, Decimal("400"))
    after = series(Bimester(2019, 1), 12, Decimal("420"))
    return record(contributions=before + after, subcuenta_balance=Decimal("90000"))


def assert_sections_agree(statement: Statement) -> None:
    movements = sum((x.amount for x in statement.lines
                     if x.kind is MovementKind.EMPLOYER_CONTRIBUTION), Decimal(0))
    table = sum((c.amount for c in statement.paid_contributions), Decimal(0))
    assert movements == table == statement.totals.employer_contributions
    by_period = sum((p.totals.employer_contributions for p in statement.periods), Decimal(0))
    assert by_period == statement.totals.employer_contributions
    assert statement.opening + statement.totals.net == statement.closing
    for before, after in zip(statement.periods, statement.periods[1:], strict=False):
        assert before.closing == after.opening
    for period in statement.periods:
        assert period.opening + period.totals.net == period.closing


def test_a_raise_in_the_year_no_longer_splits_the_sections() -> None:
    statement = statement_for_year(raised_in_the_year(), 2019, AS_OF)
    assert_sections_agree(statement)
    paid = [(c.year, c.bimester) for c in statement.paid_contributions]
    assert paid[0] == (2018, 6) and (2019, 6) not in paid  # the movements' own payments


def test_the_pdf_shows_one_employer_total_in_both_sections() -> None:
    statement = statement_for_year(raised_in_the_year(), 2019, AS_OF)
    pdf = render_statement_pdf(statement, worker_name="María José Peña Núñez",
                               nss="12345678903", labels=labels("es_MX"), money=money)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    total = money(statement.totals.employer_contributions)
    rows = [line for line in text.splitlines() if "Aportaciones patronales" in line]
    assert len(rows) == 2, rows  # the Totals section and the table's total row
    assert all(total in row for row in rows), rows


DEMO_STATEMENTS = [
    (persona, year)
    for persona, (_, worker) in enumerate(demo_records(AS_OF))
    for year in (2019, 2024, 2025, 2026)
    if worker.contributions and year >= min(c.year for c in worker.contributions)
]


@pytest.mark.parametrize(("persona", "year"), DEMO_STATEMENTS)
def test_every_demo_statement_adds_up(persona: int, year: int) -> None:
    worker = demo_records(AS_OF)[persona][1]
    assert_sections_agree(statement_for_year(worker, year, AS_OF))


def test_each_employer_movement_names_the_bimester_it_pays() -> None:
    # the movements were headed «Bim. 1 de 2019» over the payment of 2018's sixth bimester,
    # while the chat and the table call that payment 6/2018; and 2019-B6, paid in January
    # 2020, was nowhere in the 2019 statement
    statement = statement_for_year(raised_in_the_year(), 2019, AS_OF)
    pdf = render_statement_pdf(statement, worker_name="María José Peña Núñez",
                               nss="12345678903", labels=labels("es_MX"), money=money,
                               format_date=lambda day: day.strftime("%d/%m/%Y"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    lines = text.splitlines()
    january = next(line for line in lines if line.startswith("17/01/2019"))
    assert "Aportación patronal del bim. 6/2018" in january
    assert "Saldo inicial del 01/01/2019 al 28/02/2019 $" in text
    headings = [line for line in lines if line.startswith("Bim. ")]
    assert [line.split()[1] for line in headings] == [
        f"{c.bimester}/{c.year}" for c in statement.contributions]  # the table's rows only
    assert ("La aportación del bim. 6/2019 se pagó el 17/01/2020: está en los movimientos "
            "del estado de cuenta que incluye esa fecha.") in " ".join(lines)


def test_the_payment_due_and_the_next_payment() -> None:
    assert payment_due(Bimester(2026, 6)) == date(2027, 1, 17)
    assert payment_due(Bimester(2026, 1)) == date(2026, 3, 17)
    worker = raised_in_the_year()  # each bimester paid on the 17th of the month after it
    assert next_payment(worker.contributions, date(2020, 1, 16)) == Bimester(2019, 6)
    assert next_payment(worker.contributions, date(2020, 1, 17)) == Bimester(2020, 1)
    assert next_payment((), date(2026, 12, 4)) == Bimester(2026, 6)
