"""What a worker may pay on their credit today, and how much (DOMAIN.md "Credits and
payments").

- The monthly payment; during the unemployment cover the worker pays 10% of it.
- The amount to be current: the monthly payments due and not paid.
- The amount to pay the credit off: the balance, with 50% off when the balance is at most
  25% of the original debt.
- Another amount, typed by the worker: at least the 50 pesos authorised stores accept and at
  most the payoff amount.

A credit in process, paid off or cancelled has nothing to pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

from domain.credits.reference import PaymentConcept
from domain.errors import DomainError
from domain.savings.records import CreditStatus, CreditSummary

CENTS = Decimal("0.01")
STORE_MINIMUM = Decimal("50")
"""The smallest payment authorised stores take."""
CODI_MAXIMUM = Decimal("8000")
"""The largest payment CoDi takes at once."""
PAYOFF_DISCOUNT_THRESHOLD = Decimal("0.25")
PAYOFF_DISCOUNT = Decimal("0.50")
UNEMPLOYMENT_COVER_SHARE = Decimal("0.10")
NOTHING_TO_PAY = frozenset({CreditStatus.IN_PROCESS, CreditStatus.PAID_OFF,
                            CreditStatus.CANCELLED})


class OtherAmountOutOfRange(DomainError):
    """An amount typed for "another amount" below the stores' minimum or above what pays the
    credit off. The flow shows both limits as money."""

    key: ClassVar[str] = "error.credit.amount_out_of_range"

    def __init__(self, minimum: Decimal, maximum: Decimal) -> None:
        super().__init__(minimum=minimum, maximum=maximum)
        self.minimum, self.maximum = minimum, maximum


@dataclass(frozen=True)
class PaymentOption:
    concept: PaymentConcept
    amount: Decimal | None
    """``None`` for another amount: the worker types it."""
    discount: Decimal = Decimal("0")
    """Taken off the balance to reach ``amount`` (the payoff discount)."""


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def monthly_due(credit: CreditSummary) -> Decimal:
    """The payment of one month: 10% of it while the unemployment cover runs."""
    if credit.status is CreditStatus.UNEMPLOYMENT_COVER:
        return _cents(credit.monthly_payment * UNEMPLOYMENT_COVER_SHARE)
    return credit.monthly_payment


def to_be_current(credit: CreditSummary) -> Decimal:
    """The monthly payments due and not paid."""
    return _cents(credit.monthly_payment * credit.missed_payments)


def payoff(credit: CreditSummary) -> tuple[Decimal, Decimal]:
    """(what pays the credit off today, the discount included in it)."""
    if credit.balance <= credit.original_amount * PAYOFF_DISCOUNT_THRESHOLD:
        discount = _cents(credit.balance * PAYOFF_DISCOUNT)
        return credit.balance - discount, discount
    return credit.balance, Decimal("0")


def payment_options(credit: CreditSummary) -> tuple[PaymentOption, ...]:
    if credit.status in NOTHING_TO_PAY or credit.balance <= 0:
        return ()
    options = [PaymentOption(PaymentConcept.MONTHLY, monthly_due(credit))]
    if credit.missed_payments > 0:
        options.append(PaymentOption(PaymentConcept.TO_BE_CURRENT, to_be_current(credit)))
    amount, discount = payoff(credit)
    options.append(PaymentOption(PaymentConcept.PAYOFF, amount, discount))
    if amount >= STORE_MINIMUM:  # else no other amount fits between the limits
        options.append(PaymentOption(PaymentConcept.OTHER, None))
    return tuple(options)


def check_other_amount(credit: CreditSummary, amount: Decimal) -> Decimal:
    """The amount, in cents, if a store can take it and it does not pay more than is owed."""
    maximum, _ = payoff(credit)
    amount = _cents(amount)
    if amount < STORE_MINIMUM or amount > maximum:
        raise OtherAmountOutOfRange(STORE_MINIMUM, maximum)
    return amount


def options_to_text(options: tuple[PaymentOption, ...]) -> str:
    """Options as "concept=amount" joined by ";" (no amount for another amount), to be kept
    between two messages of a conversation."""
    return ";".join(f"{int(o.concept)}={o.amount if o.amount is not None else ''}"
                    for o in options)


def options_from_text(text: str | None) -> tuple[PaymentOption, ...]:
    options = []
    for item in (text or "").split(";"):
        if item:
            concept, _, amount = item.partition("=")
            options.append(PaymentOption(PaymentConcept(int(concept)),
                                         Decimal(amount) if amount else None))
    return tuple(options)
