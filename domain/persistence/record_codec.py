"""``WorkerRecord`` <-> JSON, the plain text that is encrypted into ``workers.record_enc``."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from domain.savings.records import (
    Contribution,
    CreditStatus,
    CreditSummary,
    Movement,
    MovementKind,
    Regime,
    WorkerRecord,
    WorkerType,
)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_to_json(record: WorkerRecord) -> str:
    return json.dumps(_plain(record), separators=(",", ":"), ensure_ascii=False)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def record_from_json(raw: str) -> WorkerRecord:
    body = json.loads(raw)
    contributions = tuple(
        Contribution(
            year=c["year"], bimester=c["bimester"],
            employer_registration=c["employer_registration"], employer_name=c["employer_name"],
            daily_salary=Decimal(c["daily_salary"]), days=c["days"], amount=Decimal(c["amount"]),
            paid_on=_day(c["paid_on"]),
        )
        for c in body.pop("contributions")
    )
    movements = tuple(
        Movement(date=date.fromisoformat(m["date"]), kind=MovementKind(m["kind"]),
                 amount=Decimal(m["amount"]), description_key=m["description_key"])
        for m in body.pop("movements")
    )
    credit = body.pop("credit")
    money = ("daily_salary", "subcuenta_balance", "voluntary_balance",
             "historical_fund_1972_1992", "historical_fund_1992_1997")
    for name in money:
        body[name] = Decimal(body[name])
    return WorkerRecord(
        **{**body,
           "birth_date": date.fromisoformat(body["birth_date"]),
           "relationship_start": _day(body["relationship_start"]),
           "worker_type": WorkerType(body["worker_type"])},
        contributions=contributions,
        movements=movements,
        credit=_credit(credit) if credit else None,
    )


_CREDIT_MONEY = ("original_amount", "balance", "monthly_payment", "annual_rate")
_CREDIT_DAYS = ("granted_on", "relief_until", "closed_on")


def _credit(body: dict[str, Any]) -> CreditSummary:
    """A credit as stored; what an older record lacks keeps its default."""
    known = {f.name for f in fields(CreditSummary)}
    values: dict[str, Any] = {k: v for k, v in body.items() if k in known}
    values["status"] = CreditStatus(values["status"])
    values["regime"] = Regime(values["regime"])
    for name in _CREDIT_MONEY:
        if name in values:
            values[name] = Decimal(values[name])
    for name in _CREDIT_DAYS:
        if name in values:
            values[name] = _day(values[name])
    return CreditSummary(**values)
