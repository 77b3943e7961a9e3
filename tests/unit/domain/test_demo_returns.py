"""The demo records' returns are earned on the savings of their day: a credit's share of the
savings, and every employer contribution paid after it was granted, went to the credit and
earn nothing (Luis's statements showed returns of 26% in 2024 and 19% in 2025, worked out on
money his credit had taken in 2023)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.demo import PERSONAS, RETURN_RATE, build_record
from domain.savings.records import MovementKind, WorkerRecord

TODAY = date(2026, 12, 7)


def _events(record: WorkerRecord) -> list[tuple[date, int, Decimal, MovementKind | None]]:
    """Every change to the savings in the order it happened (returns last on their day)."""
    paid = [(c.paid_on, 0, c.amount, None) for c in record.contributions if c.paid_on]
    moved = [(m.date, 1 if m.kind is MovementKind.RETURNS else 0, m.amount, m.kind)
             for m in record.movements]
    return sorted(paid + moved, key=lambda event: (event[0], event[1]))


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.case for p in PERSONAS])
def test_each_years_returns_are_earned_on_that_days_balance(persona: object) -> None:
    record = build_record(persona, TODAY)  # type: ignore[arg-type]
    balance = Decimal("0")
    for _day, _order, amount, kind in _events(record):
        if kind is MovementKind.RETURNS:
            assert amount == (balance * RETURN_RATE).quantize(Decimal("0.01"))
        balance += amount
    assert balance == record.subcuenta_balance


def test_a_credit_is_paid_by_the_contributions_after_it_was_granted() -> None:
    persona = next(p for p in PERSONAS if p.credit is not None)
    record = build_record(persona, TODAY)
    assert record.credit is not None and record.credit.granted_on is not None
    granted = record.credit.granted_on
    applied = {(m.date, -m.amount) for m in record.movements
               if m.kind is MovementKind.CREDIT_APPLICATION and m.date > granted}
    after = {(c.paid_on, c.amount) for c in record.contributions
             if c.paid_on is not None and c.paid_on > granted}
    assert after and applied == after
