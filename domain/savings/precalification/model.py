"""Inputs, results and errors of the precalification
(see ``domain.savings.precalification.estimate``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from domain.errors import DomainError
from domain.reference.model import RuleSetRef
from domain.savings.records import Sex


class InvalidSimulatorInput(DomainError):
    key = "error.savings.invalid_simulator_input"


class IncomeBelowMinimum(DomainError):
    """A monthly income (the worker's or a co-borrower's) under one minimum wage a month."""

    key = "error.savings.income_below_minimum"


class CoBorrowerIncomeBelowMinimum(IncomeBelowMinimum):
    key = "error.savings.co_borrower_income_below_minimum"


class TermNotAvailable(DomainError):
    key = "error.savings.term_not_available"


class PaymentAboveCapacity(DomainError):
    key = "error.savings.payment_above_capacity"


@dataclass(frozen=True)
class SimulatorInputs:
    """What the anonymous simulator asks; ``continuous_months`` is checked only when given."""

    monthly_salary: Decimal
    age: int
    sex: Sex
    subcuenta_balance: Decimal = Decimal("0")
    continuous_months: int | None = None
    border_zone: bool = False


@dataclass(frozen=True)
class WhatIf:
    """Changes without starting over: a shorter term, a co-borrower's monthly income (see
    ``assumption.co_borrower``), a lower monthly payment than the maximum, or another
    monthly salary than the record's («¿y si gano 15 mil?» on the worker's own estimate:
    the age, sex, savings and months stay the record's)."""

    term_years: int | None = None
    co_borrower_monthly_income: Decimal | None = None
    monthly_payment: Decimal | None = None
    monthly_salary: Decimal | None = None


@dataclass(frozen=True)
class Reason:
    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    todo: str | None = None
    """The catalog key of what to do first, for a reason that stops the application."""


@dataclass(frozen=True)
class CreditEstimate:
    monthly_salary: Decimal
    uma_multiple: Decimal  # salary / UMA monthly, to cents
    band: Decimal  # the same cut down to the band unit (0.1): what the rule reads
    annual_rate: Decimal  # fraction: 0.035 is 3.5%
    term_years: int
    max_term_years: int
    payment_share: Decimal
    max_monthly_payment: Decimal
    monthly_payment: Decimal  # credit x the payment factor (at most the capacity)
    credit: Decimal
    capped: bool
    closing_costs: Decimal
    subcuenta_balance: Decimal
    total: Decimal
    co_borrower_monthly_income: Decimal | None
    co_borrower: CoBorrowerCredit | None = None


@dataclass(frozen=True)
class CoBorrowerCredit:
    """The co-borrower's part of ``CreditEstimate.credit`` (Unamos Créditos: two credits,
    each by its holder's own income and rate, added up)."""

    credit: Decimal
    annual_rate: Decimal
    monthly_payment: Decimal


@dataclass(frozen=True)
class Precalification:
    """``estimate`` is None when no term is possible or the worker cannot apply at all.
    Requirements the worker can still meet (months of contributions, points) are ``reasons``
    with a ``todo`` next to an estimate for when they are met."""

    estimate: CreditEstimate | None
    reasons: tuple[Reason, ...]
    assumptions: tuple[str, ...]
    rules: RuleSetRef
    threshold_id: str | None = None

    @property
    def eligible(self) -> bool:
        return self.estimate is not None and not self.reasons
