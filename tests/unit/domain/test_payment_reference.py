"""Payment reference: hand-computed parts, every typing error caught, each error path, the
round trip, and the catalog sentences of its errors."""

from __future__ import annotations

import string
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.iso7064 import mod_97_10

from bot.i18n.catalogs import Catalogs
from domain.credits.errors import (
    InvalidReference,
    ReferenceCharacter,
    ReferenceCheck,
    ReferenceExpired,
    ReferenceLength,
    ReferenceUnknown,
)
from domain.credits.reference import (
    REFERENCE_LENGTH,
    PaymentConcept,
    PaymentReference,
    amount_check_digit,
    condensed_date,
    date_from_condensed,
    issue_reference,
    read_reference,
)
from domain.errors import DomainError

DIGITS = string.digits
CREDIT = "1423456789"
EXPIRES = date(2026, 11, 29)
AMOUNT = Decimal("1637.34")
# 1423456789 | 1 (monthly) | 14474 (2026-11-29) | 4 (1,637.34) | 77 (MOD 97-10)
VECTOR = "1423456789114474477"
ERRORS: list[type[InvalidReference]] = [InvalidReference, *InvalidReference.__subclasses__()]


def _issued() -> PaymentReference:
    return issue_reference(CREDIT, PaymentConcept.MONTHLY, AMOUNT, EXPIRES)


def _with_check_digits(body: str) -> str:
    """17 digits completed by MOD 97-10: well-formed, whatever the body says."""
    return body + mod_97_10.calc_check_digits(body)


# --- condensed date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "condensed"),
    [
        (date(1988, 1, 1), 0),
        (date(1988, 1, 31), 30),  # 0 + 0 + 30
        (date(1988, 12, 31), 371),  # 0 + 11 * 31 + 30
        (date(1989, 1, 1), 372),  # 1 * 372
        (date(1997, 5, 23), 3494),  # Bancomer's example: 9 * 372 + 4 * 31 + 22
        (date(2026, 11, 29), 14474),  # 38 * 372 + 10 * 31 + 28 = 14136 + 310 + 28
        (date(2256, 10, 25), 99999),  # 268 * 372 + 9 * 31 + 24: the last five-digit day
    ],
)
def test_condensed_date_by_hand(day: date, condensed: int) -> None:
    assert condensed_date(day) == condensed
    assert date_from_condensed(condensed) == day


@pytest.mark.parametrize("year", [2026, 2028, 2030])
def test_every_day_of_a_year_round_trips(year: int) -> None:
    day = date(year, 1, 1)
    while day.year == year:
        assert date_from_condensed(condensed_date(day)) == day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    "condensed",
    [
        38 * 372 + 1 * 31 + 29,  # 30 February 2026
        38 * 372 + 1 * 31 + 30,  # 31 February 2026
        39 * 372 + 1 * 31 + 28,  # 29 February 2027 (not a leap year)
        38 * 372 + 3 * 31 + 30,  # 31 April 2026
        38 * 372 + 10 * 31 + 30,  # 31 November 2026
    ],
)
def test_a_day_no_calendar_has_is_unknown(condensed: int) -> None:
    with pytest.raises(ReferenceUnknown):
        date_from_condensed(condensed)


def test_29_february_of_a_leap_year_is_a_day() -> None:
    assert date_from_condensed(40 * 372 + 1 * 31 + 28) == date(2028, 2, 29)


@pytest.mark.parametrize("condensed", [-1, 100_000])
def test_a_condensed_date_takes_five_digits(condensed: int) -> None:
    with pytest.raises(ValueError):
        date_from_condensed(condensed)


# --- amount check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "check"),
    [
        # 5000 from the right: 0*7 + 0*3 + 0*1 + 5*7 = 35 -> 5
        (Decimal("50.00"), 5),
        (Decimal("50"), 5),
        (Decimal("50.000"), 5),
        # 163734 from the right: 4*7 + 3*3 + 7*1 + 3*7 + 6*3 + 1*1 = 28+9+7+21+18+1 = 84 -> 4
        (Decimal("1637.34"), 4),
        # Bancomer's example, 425650: 0*7 + 5*3 + 6*1 + 5*7 + 2*3 + 4*1 = 66 -> 6
        (Decimal("4256.50"), 6),
        # 1: 1*7 = 7 -> 7
        (Decimal("0.01"), 7),
        # 800000: 0*7 + 0*3 + 0*1 + 0*7 + 0*3 + 8*1 = 8 -> 8
        (Decimal("8000.00"), 8),
        # 1637.35 is one cent more than 1637.34: 5*7 instead of 4*7, 84 + 7 = 91 -> 1
        (Decimal("1637.35"), 1),
    ],
)
def test_amount_check_by_hand(amount: Decimal, check: int) -> None:
    assert amount_check_digit(amount) == check


@pytest.mark.parametrize(
    "amount", ["0", "0.00", "-50.00", "12.345", "0.001", "NaN", "Infinity", "-Infinity"]
)
def test_an_amount_is_positive_whole_cents(amount: str) -> None:
    with pytest.raises(ValueError):
        amount_check_digit(Decimal(amount))


# --- issue and read --------------------------------------------------------------------


def test_issued_reference_has_the_documented_layout() -> None:
    reference = _issued()
    assert reference.digits == VECTOR
    assert len(reference.digits) == REFERENCE_LENGTH
    assert int(VECTOR) % 97 == 1, "ISO 7064 MOD 97-10: the whole number is 1 mod 97"


def test_issue_then_read_gives_back_every_field() -> None:
    read = read_reference(VECTOR, today=date(2026, 11, 1))
    assert read == _issued()
    assert read.credit_number == CREDIT
    assert read.concept is PaymentConcept.MONTHLY
    assert read.expires_on == EXPIRES
    assert read.amount_check == 4
    assert read.digits == VECTOR


def test_grouped_is_fours_from_the_left_and_reads_back() -> None:
    reference = _issued()
    assert reference.grouped() == "1423 4567 8911 4474 477"
    assert read_reference(reference.grouped(), today=EXPIRES) == reference


@pytest.mark.parametrize(
    "typed",
    [
        "1423-4567-8911-4474-477",
        "1423.4567.8911.4474.477",
        "  1423456789114474477\n",
        "14 23 45-67.89 11 44 74 477",
        "１４２３４５６７８９１１４４７４４７７",
    ],
)
def test_separators_and_wide_digits_are_accepted(typed: str) -> None:
    assert read_reference(typed, today=EXPIRES).digits == VECTOR


def test_repr_hides_the_credit_number() -> None:
    assert CREDIT not in repr(_issued())


@pytest.mark.parametrize(
    ("concept", "digit"),
    [
        (PaymentConcept.MONTHLY, "1"),
        (PaymentConcept.TO_BE_CURRENT, "2"),
        (PaymentConcept.PAYOFF, "3"),
        (PaymentConcept.OTHER, "4"),
    ],
)
def test_concept_is_position_11(concept: PaymentConcept, digit: str) -> None:
    reference = issue_reference(CREDIT, concept, AMOUNT, EXPIRES)
    assert reference.digits[10] == digit
    assert read_reference(reference.digits, today=EXPIRES).concept is concept


def test_accepts_the_issued_amount_only() -> None:
    reference = _issued()
    assert reference.accepts(AMOUNT)
    assert reference.accepts(Decimal("1637.340"))
    assert not reference.accepts(AMOUNT + Decimal("0.01"))
    assert not reference.accepts(AMOUNT - Decimal("0.01"))
    assert not reference.accepts(Decimal("0"))
    assert not reference.accepts(Decimal("1637.341"))


def test_valid_until_the_end_of_its_expiry_day() -> None:
    reference = _issued()
    assert reference.valid_on(EXPIRES - timedelta(days=30))
    assert reference.valid_on(EXPIRES)
    assert not reference.valid_on(EXPIRES + timedelta(days=1))


@pytest.mark.parametrize(
    ("credit", "expires", "amount"),
    [
        ("142345678", EXPIRES, AMOUNT),  # 9 digits
        ("14234567890", EXPIRES, AMOUNT),  # 11 digits
        ("142345678O", EXPIRES, AMOUNT),  # a letter O
        ("１４２３４５６７８９", EXPIRES, AMOUNT),  # not ASCII
        (CREDIT, date(1987, 12, 31), AMOUNT),  # before the condensed date's day 0
        (CREDIT, date(2256, 10, 26), AMOUNT),  # condensed 100000: six digits
        (CREDIT, EXPIRES, Decimal("0")),
        (CREDIT, EXPIRES, Decimal("10.005")),
    ],
)
def test_impossible_arguments_are_programming_errors(
    credit: str, expires: date, amount: Decimal
) -> None:
    with pytest.raises(ValueError):
        issue_reference(credit, PaymentConcept.OTHER, amount, expires)


# --- every typing error is caught ------------------------------------------------------

credit_numbers = st.text(alphabet=DIGITS, min_size=10, max_size=10)
amounts = st.integers(5_000, 10_000_000).map(lambda cents: Decimal(cents).scaleb(-2))
expiry_days = st.dates(date(2024, 1, 1), date(2060, 12, 31))
references = st.builds(
    issue_reference, credit_numbers, st.sampled_from(PaymentConcept), amounts, expiry_days
)


@settings(max_examples=100)
@given(
    credit=credit_numbers,
    concept=st.sampled_from(PaymentConcept),
    amount=amounts,
    expires=expiry_days,
)
def test_issue_then_read_round_trips(
    credit: str, concept: PaymentConcept, amount: Decimal, expires: date
) -> None:
    reference = issue_reference(credit, concept, amount, expires)
    read = read_reference(reference.grouped(), today=expires)
    assert read == reference
    assert (read.credit_number, read.concept, read.expires_on) == (credit, concept, expires)
    assert read.accepts(amount)


@settings(max_examples=50)
@given(reference=references)
def test_every_single_digit_substitution_is_caught(reference: PaymentReference) -> None:
    # MOD 97-10: a substitution changes the number by d * 10^k with 0 < |d| <= 9; 97 is
    # prime and divides neither, so the remainder is no longer 1.
    digits = reference.digits
    for position, old in enumerate(digits):
        for new in DIGITS.replace(old, ""):
            typed = digits[:position] + new + digits[position + 1 :]
            with pytest.raises(ReferenceCheck):
                read_reference(typed, today=reference.expires_on)


@settings(max_examples=50)
@given(reference=references)
def test_every_adjacent_transposition_is_caught(reference: PaymentReference) -> None:
    # Swapping a and b at 10^(k+1), 10^k changes the number by 9 * (a - b) * 10^k, and
    # 0 < 9 * |a - b| <= 81 < 97.
    digits = reference.digits
    for position in range(len(digits) - 1):
        first, second = digits[position], digits[position + 1]
        if first == second:
            continue
        typed = digits[:position] + second + first + digits[position + 2 :]
        with pytest.raises(ReferenceCheck):
            read_reference(typed, today=reference.expires_on)


# --- each error with its fields --------------------------------------------------------

CASES: list[tuple[str, date, type[InvalidReference], dict[str, object]]] = [
    ("142345678911447447", EXPIRES, ReferenceLength, {"typed": 18, "needed": 19}),
    ("14234567891144744770", EXPIRES, ReferenceLength, {"typed": 20, "needed": 19}),
    ("", EXPIRES, ReferenceLength, {"typed": 0, "needed": 19}),
    ("1423 4567 8911 4474 47", EXPIRES, ReferenceLength, {"typed": 18, "needed": 19}),
    ("1423 4567 8911 4474 47O", EXPIRES, ReferenceCharacter, {"position": 19, "char": "O"}),
    ("1423 4S67 8911 4474 477", EXPIRES, ReferenceCharacter, {"position": 6, "char": "S"}),
    ("I423456789114474477", EXPIRES, ReferenceCharacter, {"position": 1, "char": "I"}),
    ("1423456789114474478", EXPIRES, ReferenceCheck, {}),
    ("1423456789114474747", EXPIRES, ReferenceCheck, {}),  # positions 17 and 18 swapped
    (_with_check_digits("14234567895144744"), EXPIRES, ReferenceUnknown, {}),  # concept 5
    (_with_check_digits("14234567890144744"), EXPIRES, ReferenceUnknown, {}),  # concept 0
    (_with_check_digits("14234567891141964"), EXPIRES, ReferenceUnknown, {}),  # 30 Feb 2026
    (_with_check_digits("14234567891142594"), EXPIRES, ReferenceUnknown, {}),  # 31 Apr 2026
    (VECTOR, EXPIRES + timedelta(days=1), ReferenceExpired, {"expired_on": EXPIRES}),
    (VECTOR, date(2027, 6, 1), ReferenceExpired, {"expired_on": EXPIRES}),
]


@pytest.mark.parametrize(("typed", "today", "error", "params"), CASES)
def test_crafted_input_raises_its_specific_error(
    typed: str, today: date, error: type[InvalidReference], params: dict[str, object]
) -> None:
    with pytest.raises(error) as caught:
        read_reference(typed, today=today)
    assert type(caught.value) is error
    assert dict(caught.value.params) == params
    assert set(params) == set(error.fields)


def test_the_expiry_day_itself_is_still_valid() -> None:
    assert read_reference(VECTOR, today=EXPIRES).expires_on == EXPIRES


def test_length_is_checked_before_characters_and_characters_before_check_digits() -> None:
    with pytest.raises(ReferenceLength):
        read_reference("1423456789O14474477X", today=EXPIRES)
    with pytest.raises(ReferenceCharacter):
        read_reference("142345678911447447O", today=EXPIRES)


def test_every_reference_error_has_a_crafted_case() -> None:
    covered = {case[2] for case in CASES}
    assert set(InvalidReference.__subclasses__()) == covered


def test_errors_are_domain_errors_with_distinct_keys() -> None:
    assert all(issubclass(error, DomainError) for error in ERRORS)
    assert len({error.key for error in ERRORS}) == len(ERRORS)


def test_error_text_carries_the_key_but_not_what_was_typed() -> None:
    error = ReferenceCharacter(position=6, char="S")
    assert str(error) == "error.reference.character"
    assert error.params == {"position": 6, "char": "S"}
    with pytest.raises(ReferenceCheck) as caught:
        read_reference("1423456789114474478", today=EXPIRES)
    assert CREDIT not in str(caught.value)


# --- catalog sentences -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es_MX", "Esa referencia venció el 29 de noviembre de 2026."),
        ("en", "That reference expired on November 29, 2026."),
    ],
)
def test_expired_sentence_shows_the_date_in_words(language: str, expected: str) -> None:
    translator = Catalogs.load().translator(language, ZoneInfo("America/Mexico_City"))
    text = translator.value(ReferenceExpired(expired_on=EXPIRES))
    assert text.startswith(expected)
