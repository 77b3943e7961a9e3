"""The credit use cases behind one object: see the credit, make a payment slip, check a
reference. Each call reads the logged-in account's worker record in its own unit of work
and applies the rules on the Mexico City date of ``now``; nothing is written (a slip is
its reference: the digits carry everything needed to check it later)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from domain.credits.expiry import SLIP_VALID_FOR, slip_expiry
from domain.credits.payments import PaymentOption, check_other_amount, payment_options
from domain.credits.reference import (
    PaymentConcept,
    PaymentReference,
    issue_reference,
    read_reference,
)
from domain.errors import DomainError
from domain.savings.records import CreditSummary
from domain.savings.service import load_account_record
from domain.uow import UnitOfWork


class NoCredit(DomainError):
    key = "error.credit.none"


class NothingToPay(DomainError):
    """The credit is in process, paid off or cancelled, or that option does not apply."""

    key = "error.credit.nothing_to_pay"


class ReferenceOfAnotherCredit(DomainError):
    """A valid reference, but not for the logged-in worker's credit."""

    key = "error.reference.other_credit"


@dataclass(frozen=True)
class CreditView:
    credit: CreditSummary | None
    today: date
    options: tuple[PaymentOption, ...]


@dataclass(frozen=True)
class PaymentSlip:
    reference: PaymentReference
    amount: Decimal
    discount: Decimal
    cut_at_month_end: bool = False
    """The slip expires before its week because a payoff amount holds only to the month's
    last business day."""


@dataclass
class CreditService:
    uow: Callable[[], UnitOfWork]
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("America/Mexico_City"))

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    async def view(self, account_id: str, now: datetime) -> CreditView:
        _, record = await load_account_record(self.uow(), account_id)
        credit = record.credit
        options = payment_options(credit) if credit is not None else ()
        return CreditView(credit, self.today(now), options)

    async def slip(self, account_id: str, concept: PaymentConcept, now: datetime,
                   amount: Decimal | None = None) -> PaymentSlip:
        """A payment slip for one of today's options (``amount`` for another amount)."""
        view = await self.view(account_id, now)
        if view.credit is None:
            raise NoCredit()
        option = next((o for o in view.options if o.concept is concept), None)
        if option is None:
            raise NothingToPay()
        if option.amount is None:
            if amount is None:
                raise ValueError("another amount needs the amount typed")
            to_pay = check_other_amount(view.credit, amount)
        else:
            to_pay = option.amount
        expires = slip_expiry(view.today, concept)
        reference = issue_reference(view.credit.number, concept, to_pay, expires)
        return PaymentSlip(reference, to_pay, option.discount,
                           expires < view.today + SLIP_VALID_FOR)

    async def check(self, account_id: str, typed: str, now: datetime) -> PaymentReference:
        """A reference typed by the worker, read and checked against their credit."""
        reference = read_reference(typed, self.today(now))
        view = await self.view(account_id, now)
        if view.credit is None or view.credit.number != reference.credit_number:
            raise ReferenceOfAnotherCredit()
        return reference
