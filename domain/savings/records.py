"""What the savings and credit rules read from a worker's record.

Plain frozen values: the persistence layer maps its rows onto these, the rules never see a
database. Money is ``Decimal`` in pesos with cents as stored by the source; nothing here is
rounded or validated beyond the types, the rules that read a field document what they expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

Sex = Literal["H", "M"]
"""As in the CURP: ``H`` hombre (man), ``M`` mujer (woman)."""


class WorkerType(StrEnum):
    PERMANENT = "permanent"
    EVENTUAL = "eventual"


class Regime(StrEnum):
    ROA = "ROA"  # employed: payroll deduction
    REA = "REA"  # no employer: pays directly


class CreditStatus(StrEnum):
    IN_PROCESS = "in_process"
    CURRENT = "current"
    IN_ARREARS = "in_arrears"
    EXTENSION = "extension"  # prórroga after job loss
    UNEMPLOYMENT_COVER = "unemployment_cover"
    RESTRUCTURED = "restructured"
    PAID_OFF = "paid_off"
    CANCELLED = "cancelled"


CLOSED_CREDIT_STATUSES: frozenset[CreditStatus] = frozenset(
    {CreditStatus.PAID_OFF, CreditStatus.CANCELLED}
)


class MovementKind(StrEnum):
    """How a movement changes the housing savings; the amount carries its own sign."""

    EMPLOYER_CONTRIBUTION = "employer_contribution"  # built from ``Contribution`` rows
    VOLUNTARY_CONTRIBUTION = "voluntary_contribution"
    RETURNS = "returns"
    CREDIT_APPLICATION = "credit_application"  # negative: savings applied to a credit


@dataclass(frozen=True)
class Contribution:
    """One employer's 5% contribution for one bimester (1 Jan-Feb ... 6 Nov-Dec).

    ``amount`` is what the employer reported (5% of ``daily_salary`` x ``days``);
    ``paid_on`` is ``None`` while the employer has not paid it.
    """

    year: int
    bimester: int
    employer_registration: str
    employer_name: str
    daily_salary: Decimal
    days: int
    amount: Decimal
    paid_on: date | None


@dataclass(frozen=True)
class Movement:
    """A dated change of the housing savings other than an employer contribution.

    ``amount`` is signed as it affects the balance (a credit application is negative);
    ``description_key`` is a catalog key for the concept shown to the worker.
    """

    date: date
    kind: MovementKind
    amount: Decimal
    description_key: str


@dataclass(frozen=True)
class CreditSummary:
    """A worker's housing credit as the record holds it: what it is (number, status,
    regime) and its figures on the day the record was read. Records written before the
    figures existed read back with the defaults (no figures)."""

    number: str
    status: CreditStatus
    regime: Regime
    granted_on: date | None = None
    original_amount: Decimal = Decimal("0")
    """The debt when the credit was granted, in pesos."""
    balance: Decimal = Decimal("0")
    """What is owed today, in pesos."""
    monthly_payment: Decimal = Decimal("0")
    annual_rate: Decimal = Decimal("0")
    term_years: int = 0
    missed_payments: int = 0
    """Monthly payments due and not paid (in arrears when more than zero)."""
    relief_until: date | None = None
    """The last day of an extension (prórroga) or of the unemployment cover in force."""
    extension_months_used: int = 0
    """Months of extension used in all (at most 12 continuous, 24 in all)."""
    closed_on: date | None = None
    """The day the credit was paid off or cancelled."""

    @property
    def is_open(self) -> bool:
        """True while the credit is in process or not yet paid off or cancelled."""
        return self.status not in CLOSED_CREDIT_STATUSES


@dataclass(frozen=True)
class WorkerRecord:
    """A worker's record as of the moment it was read.

    ``daily_salary`` is the registered (integrated) daily salary. ``subcuenta_balance`` and
    ``voluntary_balance`` are the balances at the date the caller passes as ``as_of`` to the
    statement rules. ``historical_fund_1972_1992`` and ``historical_fund_1992_1997`` are zero
    for workers without them. ``border_zone`` selects the northern-border minimum wage.
    """

    nss: str
    curp: str
    rfc: str
    first_name: str
    last_name_father: str
    last_name_mother: str
    birth_date: date
    sex: Sex
    daily_salary: Decimal
    employer_registration: str
    employer_name: str
    relationship_active: bool
    relationship_start: date | None
    worker_type: WorkerType
    subcuenta_balance: Decimal
    voluntary_balance: Decimal = Decimal("0")
    historical_fund_1972_1992: Decimal = Decimal("0")
    historical_fund_1992_1997: Decimal = Decimal("0")
    contributions: tuple[Contribution, ...] = ()
    movements: tuple[Movement, ...] = ()
    credit: CreditSummary | None = None
    pension_in_process: bool = False
    border_zone: bool = False

    @property
    def full_name(self) -> str:
        parts = (self.first_name, self.last_name_father, self.last_name_mother)
        return " ".join(p for p in parts if p)


def age_on(birth_date: date, on: date) -> int:
    """Whole years completed on ``on``."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (1 if before_birthday else 0)
