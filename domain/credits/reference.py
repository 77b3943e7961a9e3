"""The service's own payment reference, printed on store payment slips: 19 digits.

Layout (positions 1-based)::

    1-10   the credit number
    11     the payment concept (``PaymentConcept``: 1 monthly, 2 to be current,
           3 pay off, 4 other amount)
    12-16  the expiry date, condensed
    17     the amount check
    18-19  the check digits

Every part comes from a published algorithm:

- Condensed date, from Bancomer's (BBVA México) reference algorithms ("fecha condensada"):
  ``(year - 1988) * 372 + (month - 1) * 31 + (day - 1)``, zero-padded here to five digits,
  which lasts until 2256. Every month counts 31 days, so values such as 30 February exist
  and are refused when read.
- Amount check, Bancomer's "importe condensado": the amount in cents written as digits
  (1,637.34 -> ``163734``), each digit multiplied by the weights 7, 3, 1, 7, 3, 1, ...
  starting from the rightmost digit, the products summed, the sum mod 10. The reference
  does not hold the amount: a store or the back office checks the amount paid against it
  (``PaymentReference.accepts``).
- Check digits, ISO 7064 MOD 97-10 (the IBAN check) over positions 1-17, computed by
  python-stdnum. It catches every single mistyped digit and every swap of two adjacent
  digits, so ``read_reference`` can tell a typing error (``ReferenceCheck``) from a
  well-formed number this service never issued (``ReferenceUnknown``).

``issue_reference`` raises ``ValueError`` for impossible arguments (programming errors);
``read_reference`` raises an ``InvalidReference`` for what a worker typed, after compacting
it as the identifier parsers do (full-width digits become ASCII; spaces, dashes, dots and
invisible characters are dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum

from stdnum.iso7064 import mod_97_10

from domain.credits.errors import (
    ReferenceCharacter,
    ReferenceCheck,
    ReferenceExpired,
    ReferenceLength,
    ReferenceUnknown,
)
from domain.identifiers import DIGITS, compact, mask, shown

REFERENCE_LENGTH = 19
CREDIT_NUMBER_LENGTH = 10
EPOCH_YEAR = 1988
"""Day 0 of the condensed date is 1 January 1988."""
CONDENSED_DATE_LIMIT = 100_000
"""The condensed date takes five digits."""

_MONTH_DAYS = 31
_YEAR_DAYS = 12 * _MONTH_DAYS
_AMOUNT_WEIGHTS = (7, 3, 1)
_CONCEPT = 10
_DATE = slice(11, 16)
_AMOUNT_CHECK = 16
_GROUP = 4


class PaymentConcept(IntEnum):
    """What the payment is for: the option the worker picked."""

    MONTHLY = 1
    TO_BE_CURRENT = 2
    PAYOFF = 3
    OTHER = 4


_CONCEPT_DIGITS = frozenset(concept.value for concept in PaymentConcept)


@dataclass(frozen=True, slots=True)
class PaymentReference:
    """A valid reference; build it with ``issue_reference`` or ``read_reference``.

    ``repr`` is masked (the digits hold the credit number), so it can be logged.
    """

    credit_number: str
    concept: PaymentConcept
    expires_on: date
    amount_check: int
    digits: str

    def __repr__(self) -> str:
        return (f"PaymentReference({mask(self.digits)}, {self.concept.name}, "
                f"expires_on={self.expires_on.isoformat()})")

    def grouped(self) -> str:
        """The digits in groups of four from the left, as printed on the slip."""
        return " ".join(self.digits[i : i + _GROUP] for i in range(0, len(self.digits), _GROUP))

    def accepts(self, amount: Decimal) -> bool:
        """Whether ``amount`` matches the amount check; an amount that is not a positive
        number of whole cents never does."""
        return _cents(amount) is not None and amount_check_digit(amount) == self.amount_check

    def valid_on(self, day: date) -> bool:
        return day <= self.expires_on


def condensed_date(day: date) -> int:
    return (day.year - EPOCH_YEAR) * _YEAR_DAYS + (day.month - 1) * _MONTH_DAYS + day.day - 1


def date_from_condensed(value: int) -> date:
    """The day a condensed date stands for; ``ReferenceUnknown`` when it is no real day
    (30 February, 31 April). ``ValueError`` when ``value`` does not fit in five digits."""
    if not 0 <= value < CONDENSED_DATE_LIMIT:
        raise ValueError(f"a condensed date is 0 to {CONDENSED_DATE_LIMIT - 1}, not {value}")
    years, rest = divmod(value, _YEAR_DAYS)
    months, days = divmod(rest, _MONTH_DAYS)
    try:
        return date(EPOCH_YEAR + years, months + 1, days + 1)
    except ValueError:
        raise ReferenceUnknown() from None


def amount_check_digit(amount: Decimal) -> int:
    """Bancomer's importe condensado: weights 7, 3, 1 from the rightmost digit of the
    amount in cents, sum mod 10."""
    cents = _cents(amount)
    if cents is None:
        raise ValueError(f"an amount is positive with at most two decimals, not {amount}")
    total = sum(
        int(digit) * _AMOUNT_WEIGHTS[index % len(_AMOUNT_WEIGHTS)]
        for index, digit in enumerate(reversed(str(cents)))
    )
    return total % 10


def issue_reference(
    credit_number: str, concept: PaymentConcept, amount: Decimal, expires_on: date
) -> PaymentReference:
    """The reference for paying ``amount`` towards ``credit_number`` until ``expires_on``."""
    if len(credit_number) != CREDIT_NUMBER_LENGTH or any(c not in DIGITS for c in credit_number):
        raise ValueError(f"a credit number is {CREDIT_NUMBER_LENGTH} ASCII digits")
    concept = PaymentConcept(concept)
    if expires_on.year < EPOCH_YEAR:
        raise ValueError(f"a reference cannot expire before {EPOCH_YEAR}")
    condensed = condensed_date(expires_on)
    if condensed >= CONDENSED_DATE_LIMIT:
        raise ValueError(f"{expires_on} is too far away for a five-digit condensed date")
    amount_check = amount_check_digit(amount)
    body = f"{credit_number}{concept.value}{condensed:05d}{amount_check}"
    return PaymentReference(
        credit_number=credit_number,
        concept=concept,
        expires_on=expires_on,
        amount_check=amount_check,
        digits=body + mod_97_10.calc_check_digits(body),
    )


def read_reference(text: str, today: date) -> PaymentReference:
    """Validate what a worker typed (spaces, dashes and dots allowed between digits), or
    raise the error that says what to fix."""
    digits = compact(text)
    if len(digits) != REFERENCE_LENGTH:
        raise ReferenceLength(typed=len(digits), needed=REFERENCE_LENGTH)
    for position, char in enumerate(digits, start=1):
        if char not in DIGITS:
            raise ReferenceCharacter(position=position, char=shown(char))
    if not mod_97_10.is_valid(digits):
        raise ReferenceCheck()
    concept_digit = int(digits[_CONCEPT])
    if concept_digit not in _CONCEPT_DIGITS:
        raise ReferenceUnknown()
    expires_on = date_from_condensed(int(digits[_DATE]))
    if today > expires_on:
        raise ReferenceExpired(expired_on=expires_on)
    return PaymentReference(
        credit_number=digits[:_CONCEPT],
        concept=PaymentConcept(concept_digit),
        expires_on=expires_on,
        amount_check=int(digits[_AMOUNT_CHECK]),
        digits=digits,
    )


def _cents(amount: Decimal) -> int | None:
    """``amount`` in cents, or None unless it is a positive number of whole cents."""
    if not amount.is_finite() or amount <= 0:
        return None
    cents = amount.scaleb(2)
    if cents != cents.to_integral_value():
        return None
    return int(cents)
