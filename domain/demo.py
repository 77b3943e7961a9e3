"""Demo workers: realistic, valid (check digits included) and covering the cases to try.

The records are built from a few facts per person (names, birth date, sex, salary, years of
work) relative to ``today``, so the history always reaches the present. Identifiers are made
the way RENAPO and SAT make them, with the check digits from ``domain.identifiers``.
"""

from __future__ import annotations

import asyncio
import functools
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from domain.identifiers import curp_check_digit, luhn_check_digit, rfc_check_digit
from domain.savings.contributions import (
    Bimester,
    bimester_range,
    employer_contribution,
    payment_due,
)
from domain.savings.precalification.arithmetic import payment_for, present_value
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
from domain.security.passwords import hash_password

if TYPE_CHECKING:
    from domain.uow import UnitOfWork

SHARE = Decimal("0.05")
CENTS = Decimal("0.01")
YEARLY_RAISE = Decimal("0.04")
RETURN_RATE = Decimal("0.06")
_VOWELS = "AEIOU"


@dataclass(frozen=True)
class Persona:
    """The facts a demo worker is built from."""

    case: str
    first_name: str
    last_name_father: str
    last_name_mother: str
    birth_date: date
    sex: str
    state: str
    daily_salary: Decimal
    years_worked: int
    subdelegation: str
    homoclave: str
    relationship_active: bool = True
    worker_type: WorkerType = WorkerType.PERMANENT
    employer: tuple[str, str] = ("Y5412345108", "Comercializadora del Bajío SA de CV")
    credit: CreditSummary | None = None
    pension_in_process: bool = False
    historical_1992_1997: Decimal = Decimal("0")
    voluntary_yearly: Decimal = Decimal("0")
    gap_bimesters: int = 0
    """Unpaid bimesters at the end (left the job, or a new job not yet reported)."""


PERSONAS: tuple[Persona, ...] = (
    Persona("active_woman", "María Fernanda", "López", "Hernández", date(1992, 4, 17), "M",
            "JC", Decimal("520.00"), 9, "03", "K2"),
    Persona("active_man_older_with_historical_fund", "José Luis", "Ramírez", "Torres",
            date(1973, 9, 2), "H", "DF", Decimal("1250.00"), 29, "39", "T7",
            historical_1992_1997=Decimal("18450.35"), voluntary_yearly=Decimal("2400")),
    Persona("no_active_relationship", "Ana Karen", "Martínez", "Cruz", date(1998, 1, 30), "M",
            "NL", Decimal("410.00"), 4, "43", "P9", relationship_active=False,
            gap_bimesters=5),
    Persona("with_credit", "Luis Alberto", "García", "Mendoza", date(1984, 11, 12), "H",
            "PL", Decimal("780.00"), 15, "21", "H4",
            credit=CreditSummary("1423456789", CreditStatus.CURRENT, Regime.ROA)),
    Persona("existing_account", "Carmen", "Sánchez", "Flores", date(1968, 6, 21), "M", "VZ",
            Decimal("690.00"), 31, "31", "M3", historical_1992_1997=Decimal("9210.10")),
    Persona("curp_rfc_mismatch_to_try", "Pedro", "Hernández", "Ruiz", date(1995, 3, 8), "H",
            "GT", Decimal("455.00"), 6, "12", "AB"),
    Persona("new_worker_few_contributions", "Sofía", "Reyes", "Ortiz", date(2003, 7, 19), "M",
            "YN", Decimal("330.00"), 0, "33", "Q1", worker_type=WorkerType.EVENTUAL),
    Persona("minimum_wage_man", "Juan Carlos", "Pérez", "Gómez", date(1979, 12, 3), "H", "MC",
            Decimal("315.04"), 12, "15", "D6"),
    Persona("pension_in_process", "Roberto", "Vázquez", "Morales", date(1961, 2, 14), "H",
            "SL", Decimal("880.00"), 35, "24", "X2", pension_in_process=True,
            historical_1992_1997=Decimal("25120.00")),
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0303")


def _first_internal(word: str, letters: str, fallback: str = "X") -> str:
    return next((c for c in _plain(word)[1:] if c in letters), fallback)


def _consonants() -> str:
    return "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in _VOWELS)


def make_curp(persona: Persona) -> str:
    father, mother = _plain(persona.last_name_father), _plain(persona.last_name_mother)
    given = _plain(persona.first_name.split()[0])
    if given in {"JOSE", "MARIA"} and " " in persona.first_name:
        given = _plain(persona.first_name.split()[1])
    head = father[0] + _first_internal(father, _VOWELS) + mother[0] + given[0]
    consonants = (_first_internal(father, _consonants()) + _first_internal(mother, _consonants())
                  + _first_internal(given, _consonants()))
    born = persona.birth_date
    differentiator = "0" if born.year < 2000 else "A"
    body = (head + born.strftime("%y%m%d") + persona.sex + persona.state + consonants
            + differentiator)
    return body + curp_check_digit(body)


def make_rfc(persona: Persona) -> str:
    body = make_curp(persona)[:10] + persona.homoclave
    return body + rfc_check_digit(body)


def make_nss(persona: Persona) -> str:
    """Subdelegation, year of affiliation (at 19 for every demo worker, so the NSS does not
    change with the date of the seed), year of birth, a sequence, the Luhn digit."""
    sequence = sum(ord(char) * (index + 1) for index, char in enumerate(persona.case))
    affiliated = persona.birth_date.year + 19
    body = (persona.subdelegation + f"{affiliated % 100:02d}" + persona.birth_date.strftime("%y")
            + f"{sequence % 10_000:04d}")
    return body + luhn_check_digit(body)


def _history(persona: Persona, first: Bimester, last_paid: Bimester) -> list[Contribution]:
    registration, name = persona.employer
    history = []
    for bimester in bimester_range(first, last_paid):
        years_back = last_paid.year - bimester.year
        salary = (persona.daily_salary / (1 + YEARLY_RAISE) ** years_back).quantize(
            Decimal("0.01"))
        paid_on = payment_due(bimester)
        history.append(Contribution(
            year=bimester.year, bimester=bimester.number, employer_registration=registration,
            employer_name=name, daily_salary=salary, days=bimester.days,
            amount=employer_contribution(salary, bimester.days, SHARE), paid_on=paid_on))
    return history


def _last_paid(today: date) -> Bimester:
    """The latest bimester whose payment date (the 17th of the next odd month) has passed."""
    candidate = Bimester.of(today).previous()
    while True:
        month = candidate.number * 2 + 1
        due = (date(candidate.year, month, 17) if month <= 12
               else date(candidate.year + 1, 1, 17))
        if due <= today:
            return candidate
        candidate = candidate.previous()


def _movements(persona: Persona, contributions: list[Contribution], first_year: int,
               today: date, granted_on: date | None) -> list[Movement]:
    """The record's movements in the order they happen: each year's voluntary contribution
    and returns (on the balance of that day), and with a credit, part of the savings applied
    to it on the day it was granted and every employer contribution paid after that (which
    pays the credit, not the savings: returns are never earned on money that went to it)."""
    movements: list[Movement] = []
    balance = Decimal("0")
    for year in range(first_year, today.year + 1):
        events: list[tuple[date, int, Decimal]] = [
            (c.paid_on, 0, c.amount) for c in contributions
            if c.paid_on is not None and c.paid_on.year == year]
        if persona.voluntary_yearly and year < today.year:
            events.append((date(year, 6, 30), 1, persona.voluntary_yearly))
        if granted_on is not None and granted_on.year == year:
            events.append((granted_on, 2, Decimal("0")))
        for day, kind, amount in sorted(events):
            if kind == 2:  # the credit granted: part of the savings goes to it
                applied = (balance * CREDIT_SHARE_OF_SAVINGS).quantize(Decimal("0.01"))
                movements.append(Movement(day, MovementKind.CREDIT_APPLICATION, -applied,
                                          "movement.credit_application"))
                balance -= applied
                continue
            balance += amount
            if kind == 1:
                movements.append(Movement(day, MovementKind.VOLUNTARY_CONTRIBUTION, amount,
                                          "movement.voluntary_contribution"))
            elif granted_on is not None and day > granted_on:  # the employer's 5% pays it
                movements.append(Movement(day, MovementKind.CREDIT_APPLICATION, -amount,
                                          "movement.credit_application"))
                balance -= amount
        if year < today.year:
            returns = (balance * RETURN_RATE).quantize(Decimal("0.01"))
            movements.append(Movement(date(year, 12, 31), MovementKind.RETURNS, returns,
                                      "movement.returns"))
            balance += returns
    return movements


def build_record(persona: Persona, today: date) -> WorkerRecord:
    last_paid = _last_paid(today)
    for _ in range(persona.gap_bimesters):
        last_paid = last_paid.previous()
    bimesters = max(2, persona.years_worked * 6)
    first = last_paid
    for _ in range(bimesters - 1):
        first = first.previous()
    contributions = _history(persona, first, last_paid)
    credit = persona.credit
    granted_on = date(today.year - 3, 5, 20) if credit is not None else None
    movements = _movements(persona, contributions, first.year, today, granted_on)
    balance = sum((c.amount for c in contributions), Decimal("0")) \
        + sum((m.amount for m in movements), Decimal("0"))
    if credit is not None and granted_on is not None:
        credit = demo_credit_figures(credit, granted_on, today)
    movements.sort(key=lambda m: m.date)
    registration_start = first.start
    return WorkerRecord(
        nss=make_nss(persona),
        curp=make_curp(persona),
        rfc=make_rfc(persona),
        first_name=persona.first_name,
        last_name_father=persona.last_name_father,
        last_name_mother=persona.last_name_mother,
        birth_date=persona.birth_date,
        sex="M" if persona.sex == "M" else "H",
        daily_salary=persona.daily_salary,
        employer_registration=persona.employer[0],
        employer_name=persona.employer[1],
        relationship_active=persona.relationship_active,
        relationship_start=registration_start if persona.relationship_active else None,
        worker_type=persona.worker_type,
        subcuenta_balance=balance,
        voluntary_balance=Decimal("0"),
        historical_fund_1992_1997=persona.historical_1992_1997,
        contributions=tuple(contributions),
        movements=tuple(movements),
        credit=credit,
        pension_in_process=persona.pension_in_process,
    )


CREDIT_SHARE_OF_SAVINGS = Decimal("0.55")
"""The part of the savings a demo credit took when it was granted."""
DEMO_CREDIT_AMOUNT = Decimal("620000.00")
DEMO_CREDIT_RATE = Decimal("0.1045")
DEMO_CREDIT_YEARS = 30


def demo_credit_figures(credit: CreditSummary, granted_on: date, today: date) -> CreditSummary:
    """A credit granted on ``granted_on`` and paid every month since: its payment and what
    is left to pay today, amortised the way an annuity is."""
    months = DEMO_CREDIT_YEARS * 12
    paid = max(0, (today.year - granted_on.year) * 12 + today.month - granted_on.month)
    payment = payment_for(DEMO_CREDIT_AMOUNT, DEMO_CREDIT_RATE, months).quantize(CENTS)
    left = present_value(payment, DEMO_CREDIT_RATE, months - paid).quantize(CENTS)
    return replace(credit, granted_on=granted_on, original_amount=DEMO_CREDIT_AMOUNT,
                   balance=left, monthly_payment=payment, annual_rate=DEMO_CREDIT_RATE,
                   term_years=DEMO_CREDIT_YEARS)


def demo_records(today: date) -> list[tuple[Persona, WorkerRecord]]:
    return [(persona, build_record(persona, today)) for persona in PERSONAS]


def identity(persona: Persona, record: WorkerRecord) -> dict[str, Any]:
    """What ``micuenta seed --demo`` prints for one demo worker."""
    shown: dict[str, Any] = {
        "case": persona.case,
        "name": record.full_name,
        "nss": record.nss,
        "curp": record.curp,
        "rfc": record.rfc,
        "sex": record.sex,
        "birth_date": record.birth_date.isoformat(),
        "daily_salary": str(record.daily_salary),
        "relationship_active": record.relationship_active,
        "credit": record.credit.number if record.credit else None,
    }
    if persona.case == "curp_rfc_mismatch_to_try":
        other = next(p for p in PERSONAS if p.case == "active_woman")
        shown["try_wrong_curp"] = make_curp(other)
        shown["try_wrong_rfc"] = make_rfc(other)
    return shown


DEMO_ACCOUNT = {
    "case": "existing_account",
    "email": "carmen.sanchez@example.com",
    "mobile": "+525511112222",
    "password": "Tamarindo#Lluvia7",
}
"""The demo account that exists from the start (to try login, reset, "account exists")."""

DEMO_ACCOUNTS = (
    DEMO_ACCOUNT,
    {"case": "no_active_relationship", "email": "ana.martinez@example.com",
     "mobile": "+525522223333", "password": "Guayaba#Nube42"},
    {"case": "with_credit", "email": "luis.garcia@example.com",
     "mobile": "+525533334444", "password": "Mango!Trueno58"},
    {"case": "new_worker_few_contributions", "email": "sofia.reyes@example.com",
     "mobile": "+525544445555", "password": "Papaya%Cielo71"},
    {"case": "pension_in_process", "email": "roberto.vazquez@example.com",
     "mobile": "+525566667777", "password": "Nopal$Brisa36"},
)
"""Every account that exists from the start: Carmen, and workers whose points cannot be
shown (no active relationship, an open credit, a pension in process) or who do not meet
the requirement yet (few contributions), to try the savings flows."""


async def seed_demo(uow: UnitOfWork, now: datetime) -> list[dict[str, Any]]:
    """Load (or refresh) every demo worker and the demo accounts; returns the identities."""
    accounts = {account["case"]: account for account in DEMO_ACCOUNTS}
    identities = []
    async with uow:
        for persona, record in demo_records(now.date()):
            stored = await uow.workers.put(record, now)
            shown = identity(persona, record)
            account = accounts.get(persona.case)
            if account is not None:
                await _demo_account(uow, stored.id, account, now)
                shown.update({k: account[k] for k in ("email", "mobile", "password")})
            identities.append(shown)
        await uow.commit()
    return identities


@functools.lru_cache(maxsize=len(DEMO_ACCOUNTS))
def _demo_hash(password: str) -> str:
    """Hashed once per process: every seed (each test's) would otherwise pay argon2 again."""
    return hash_password(password)


async def _demo_account(uow: UnitOfWork, worker_id: str, demo: dict[str, str],
                        now: datetime) -> None:
    if await uow.accounts.by_worker(worker_id) is not None:
        return
    account = await uow.accounts.add(worker_id=worker_id, email=demo["email"],
                                     mobile=demo["mobile"], locale="es_MX",
                                     consent_at=now, now=now)
    hashed = await asyncio.to_thread(_demo_hash, demo["password"])
    await uow.accounts.set_password(account.id, hashed, now)
    await uow.accounts.activate(account.id, now)
