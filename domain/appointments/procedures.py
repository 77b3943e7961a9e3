"""The procedures done in person at a service centre, and what to bring to each.

What to bring is a tuple of catalog keys (the sentences live under ``locales/``): an official
ID (INE or passport) and the NSS always, the credit number for credit matters, the pension
resolution for the return of savings.
"""

from __future__ import annotations

from enum import StrEnum


class Procedure(StrEnum):
    RETURN_OF_SAVINGS = "return_of_savings"
    CREDIT_SIGNING = "credit_signing"  # credit registration and signing
    RESTRUCTURING = "restructuring"
    PAYMENT_AGREEMENT = "payment_agreement"
    INSURANCE_RELEASE = "insurance_release"  # for disability or death
    OVERPAYMENT_REFUND = "overpayment_refund"
    CREDIT_CANCELLATION = "credit_cancellation"
    ACCOUNT_RECOVERY = "account_recovery"  # when the e-mail is lost


CREDIT_MATTERS: frozenset[Procedure] = frozenset(
    {
        Procedure.CREDIT_SIGNING,
        Procedure.RESTRUCTURING,
        Procedure.PAYMENT_AGREEMENT,
        Procedure.INSURANCE_RELEASE,
        Procedure.OVERPAYMENT_REFUND,
        Procedure.CREDIT_CANCELLATION,
    }
)

BRING_ID = "appointments.bring.id"
BRING_NSS = "appointments.bring.nss"
BRING_CREDIT_NUMBER = "appointments.bring.credit_number"
BRING_PENSION_RESOLUTION = "appointments.bring.pension_resolution"


def requirements(procedure: Procedure) -> tuple[str, ...]:
    """Catalog keys of what the worker brings to the appointment, in the order to show them."""
    extra: tuple[str, ...] = ()
    if procedure in CREDIT_MATTERS:
        extra = (BRING_CREDIT_NUMBER,)
    elif procedure is Procedure.RETURN_OF_SAVINGS:
        extra = (BRING_PENSION_RESOLUTION,)
    return (BRING_ID, BRING_NSS, *extra)
