"""The procedures done in person at a service centre, what each needs before it can be
booked, and what to bring to each.

What to bring is a tuple of catalog keys (the sentences live under ``locales/``): an official
ID (INE or passport) and the NSS always, the credit number for credit matters, the pension
resolution for the return of savings.

What a procedure needs is checked before the state is asked (``blocker``): the return of
savings needs a pension resolution, which a worker still working and with no pension in
process cannot have; credit matters need a credit on the worker's record (restructuring, a
payment agreement and the insurance release an open one; an overpayment refund or the
cancellation may follow a paid-off credit). The registration and signing of a credit is the
opposite: it is how a credit begins, so it is for a worker with none on the record (or the
one in process), and an active credit rules it out (one credit at a time).
"""

from __future__ import annotations

from enum import StrEnum

from domain.savings.records import CreditStatus, WorkerRecord


class Procedure(StrEnum):
    RETURN_OF_SAVINGS = "return_of_savings"
    CREDIT_SIGNING = "credit_signing"  # credit registration and signing
    RESTRUCTURING = "restructuring"
    PAYMENT_AGREEMENT = "payment_agreement"
    INSURANCE_RELEASE = "insurance_release"  # for disability or death
    OVERPAYMENT_REFUND = "overpayment_refund"
    CREDIT_CANCELLATION = "credit_cancellation"
    ACCOUNT_RECOVERY = "account_recovery"  # when the e-mail is lost
    DATA_CORRECTION = "data_correction"  # name, CURP, RFC, birth date on the record
    """Done in person as well as by phone and online (Expansión, 2025-10-28, "Trámites
    Infonavit según tu estatus": "Corrección de datos ... disponible de manera presencial");
    the service tells workers to bring the right document to a centre, so it books it."""


CREDIT_MATTERS: frozenset[Procedure] = frozenset(
    {
        Procedure.RESTRUCTURING,
        Procedure.PAYMENT_AGREEMENT,
        Procedure.INSURANCE_RELEASE,
        Procedure.OVERPAYMENT_REFUND,
        Procedure.CREDIT_CANCELLATION,
    }
)

OPEN_CREDIT_MATTERS: frozenset[Procedure] = frozenset(
    {Procedure.RESTRUCTURING, Procedure.PAYMENT_AGREEMENT, Procedure.INSURANCE_RELEASE}
)


class Blocker(StrEnum):
    """Why the worker's record rules a procedure out (a catalog key suffix)."""

    STILL_WORKING = "still_working"
    NO_CREDIT = "no_credit"
    CREDIT_CLOSED = "credit_closed"
    HAS_CREDIT = "has_credit"


def needs_pension_resolution(procedure: Procedure) -> bool:
    """The worker is asked whether they have their pension resolution before the state."""
    return procedure is Procedure.RETURN_OF_SAVINGS


def blocker(procedure: Procedure, record: WorkerRecord) -> Blocker | None:
    """What on the record rules the procedure out, or None when it can be booked."""
    if procedure is Procedure.RETURN_OF_SAVINGS:
        working = record.relationship_active and not record.pension_in_process
        return Blocker.STILL_WORKING if working else None
    if procedure is Procedure.CREDIT_SIGNING:
        active = record.credit is not None and record.credit.is_open \
            and record.credit.status is not CreditStatus.IN_PROCESS
        return Blocker.HAS_CREDIT if active else None
    if procedure in CREDIT_MATTERS and record.credit is None:
        return Blocker.NO_CREDIT
    if procedure in OPEN_CREDIT_MATTERS and record.credit is not None \
            and not record.credit.is_open:
        return Blocker.CREDIT_CLOSED
    return None


BRING_ID = "appointments.bring.id"
BRING_NSS = "appointments.bring.nss"
BRING_CREDIT_NUMBER = "appointments.bring.credit_number"
BRING_PENSION_RESOLUTION = "appointments.bring.pension_resolution"
BRING_CREDIT_APPLICATION = "appointments.bring.credit_application"
BRING_CORRECT_DOCUMENT = "appointments.bring.correct_document"


def requirements(procedure: Procedure) -> tuple[str, ...]:
    """Catalog keys of what the worker brings to the appointment, in the order to show them."""
    extra: tuple[str, ...] = ()
    if procedure in CREDIT_MATTERS:
        extra = (BRING_CREDIT_NUMBER,)
    elif procedure is Procedure.RETURN_OF_SAVINGS:
        extra = (BRING_PENSION_RESOLUTION,)
    elif procedure is Procedure.CREDIT_SIGNING:
        extra = (BRING_CREDIT_APPLICATION,)
    elif procedure is Procedure.DATA_CORRECTION:
        extra = (BRING_CORRECT_DOCUMENT,)
    return (BRING_ID, BRING_NSS, *extra)
