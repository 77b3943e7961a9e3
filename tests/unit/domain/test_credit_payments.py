"""What a worker may pay on a credit in each status, the payoff discount at its boundary,
another amount's limits, and credits read back from records written before the figures."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from domain.credits.payments import (
    OtherAmountOutOfRange,
    PaymentOption,
    check_other_amount,
    options_from_text,
    options_to_text,
    payment_options,
    payoff,
)
from domain.credits.reference import PaymentConcept
from domain.demo import PERSONAS, build_record
from domain.persistence.record_codec import record_from_json, record_to_json
from domain.savings.records import CreditStatus, CreditSummary, Regime

CREDIT = CreditSummary("1423456789", CreditStatus.CURRENT, Regime.ROA,
                       granted_on=date(2023, 5, 20), original_amount=Decimal("400000.00"),
                       balance=Decimal("300000.00"), monthly_payment=Decimal("4000.00"),
                       annual_rate=Decimal("0.1045"), term_years=30)


def _concepts(credit: CreditSummary) -> list[PaymentConcept]:
    return [option.concept for option in payment_options(credit)]


def test_a_current_credit_offers_the_month_the_payoff_and_another_amount() -> None:
    assert payment_options(CREDIT) == (
        PaymentOption(PaymentConcept.MONTHLY, Decimal("4000.00")),
        PaymentOption(PaymentConcept.PAYOFF, Decimal("300000.00")),
        PaymentOption(PaymentConcept.OTHER, None),
    )


def test_arrears_add_what_is_due() -> None:
    late = dataclasses.replace(CREDIT, status=CreditStatus.IN_ARREARS, missed_payments=3)
    assert payment_options(late)[1] == PaymentOption(PaymentConcept.TO_BE_CURRENT,
                                                     Decimal("12000.00"))


def test_the_unemployment_cover_leaves_a_tenth_of_the_month() -> None:
    covered = dataclasses.replace(CREDIT, status=CreditStatus.UNEMPLOYMENT_COVER,
                                  monthly_payment=Decimal("4321.15"))
    assert payment_options(covered)[0].amount == Decimal("432.12")  # 432.115, half up


@pytest.mark.parametrize("status", [CreditStatus.IN_PROCESS, CreditStatus.PAID_OFF,
                                    CreditStatus.CANCELLED])
def test_nothing_to_pay_in_process_paid_off_or_cancelled(status: CreditStatus) -> None:
    assert payment_options(dataclasses.replace(CREDIT, status=status)) == ()


def test_a_record_without_figures_has_nothing_to_pay() -> None:
    assert payment_options(CreditSummary("1423456789", CreditStatus.CURRENT, Regime.ROA)) == ()


@pytest.mark.parametrize(("balance", "amount", "discount"), [
    ("100000.01", "100000.01", "0"),  # just over 25% of 400,000: no discount
    ("100000.00", "50000.00", "50000.00"),  # exactly 25%: half off
    ("33333.33", "16666.66", "16666.67"),  # the discount rounds half up, the rest is owed
])
def test_the_payoff_discount_starts_at_a_quarter_of_the_original_debt(
        balance: str, amount: str, discount: str) -> None:
    credit = dataclasses.replace(CREDIT, balance=Decimal(balance))
    assert payoff(credit) == (Decimal(amount), Decimal(discount))


def test_another_amount_goes_from_the_store_minimum_to_the_payoff() -> None:
    assert check_other_amount(CREDIT, Decimal("50")) == Decimal("50.00")
    assert check_other_amount(CREDIT, Decimal("300000.00")) == Decimal("300000.00")
    for wrong in ("49.99", "300000.01"):
        with pytest.raises(OtherAmountOutOfRange) as refused:
            check_other_amount(CREDIT, Decimal(wrong))
        assert (refused.value.minimum, refused.value.maximum) == (Decimal("50"),
                                                                  Decimal("300000.00"))


def test_a_payoff_under_the_store_minimum_leaves_no_other_amount() -> None:
    small = dataclasses.replace(CREDIT, balance=Decimal("90.00"))  # 45.00 after the discount
    assert _concepts(small) == [PaymentConcept.MONTHLY, PaymentConcept.PAYOFF]


def test_options_survive_being_kept_as_text() -> None:
    late = dataclasses.replace(CREDIT, status=CreditStatus.IN_ARREARS, missed_payments=2)
    options = payment_options(late)
    assert options_from_text(options_to_text(options)) == tuple(
        dataclasses.replace(option, discount=Decimal("0")) for option in options)
    assert options_from_text(None) == ()


def test_the_demo_credit_is_amortised_and_reads_back() -> None:
    luis = next(p for p in PERSONAS if p.credit is not None)
    record = build_record(luis, date(2026, 11, 29))
    credit = record.credit
    assert credit is not None
    assert credit.monthly_payment == Decimal("5648.22")
    assert Decimal("600000") < credit.balance < credit.original_amount
    assert record_from_json(record_to_json(record)) == record


def test_a_record_written_before_the_figures_reads_with_none() -> None:
    luis = next(p for p in PERSONAS if p.credit is not None)
    body = json.loads(record_to_json(build_record(luis, date(2026, 11, 29))))
    body["credit"] = {"number": "1423456789", "status": "current", "regime": "ROA"}
    credit = record_from_json(json.dumps(body)).credit
    assert credit == CreditSummary("1423456789", CreditStatus.CURRENT, Regime.ROA)
