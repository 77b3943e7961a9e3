"""Plain builders for the savings tests: records and contribution series."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from domain.reference import ReferenceYear, default_reference
from domain.savings.contributions import Bimester, employer_contribution
from domain.savings.records import Contribution, WorkerRecord, WorkerType

NSS = "12345678903"


def ref_on(day: date) -> ReferenceYear:
    return default_reference().for_date(day)


def paid_on(bimester: Bimester) -> date:
    """The 17th of the month after the bimester (the usual payment date)."""
    following = bimester.end.replace(day=1)
    month = following.month + 1
    year = following.year + (1 if month == 13 else 0)
    return date(year, 1 if month == 13 else month, 17)


def series(
    first: Bimester,
    count: int,
    daily_salary: Decimal = Decimal("400"),
    employer: str = "Y1234567890",
) -> tuple[Contribution, ...]:
    out = []
    current = first
    for _ in range(count):
        out.append(
            Contribution(
                year=current.year,
                bimester=current.number,
                employer_registration=employer,
                employer_name="Comercializadora Peñón, S.A.",
                daily_salary=daily_salary,
                days=current.days,
                amount=employer_contribution(daily_salary, current.days, Decimal("0.05")),
                paid_on=paid_on(current),
            )
        )
        current = current.next()
    return tuple(out)


BASE = WorkerRecord(
    nss=NSS,
    curp="GOMC850315HDFRRR07",
    rfc="GODE561231GR8",
    first_name="María José",
    last_name_father="Peña",
    last_name_mother="Núñez",
    birth_date=date(1990, 6, 15),
    sex="M",
    daily_salary=Decimal("400"),
    employer_registration="Y1234567890",
    employer_name="Comercializadora Peñón, S.A.",
    relationship_active=True,
    relationship_start=date(2020, 1, 1),
    worker_type=WorkerType.PERMANENT,
    subcuenta_balance=Decimal("30000.00"),
)


def record(**changes: Any) -> WorkerRecord:
    return replace(BASE, **changes)
