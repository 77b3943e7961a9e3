"""Password storage: argon2id round trip, parameters, no truncation, NFKC, rehash."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError

from domain.security.passwords import hash_password, needs_rehash, verify_password

PASSWORD = "Buen4-Vida-Tranquila"
PHC = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password(PASSWORD)


def test_round_trip(stored: str) -> None:
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "x")
    assert not verify_password(stored, "")
    assert not needs_rehash(stored)


def test_argon2id_with_at_least_the_minimum_parameters(stored: str) -> None:
    match = PHC.match(stored)
    assert match, stored
    memory_kib, time_cost, parallelism = (int(group) for group in match.groups())
    assert memory_kib >= 19456
    assert time_cost >= 2
    assert parallelism >= 1
    assert PASSWORD not in stored


def test_salted_two_hashes_of_one_password_differ(stored: str) -> None:
    assert hash_password(PASSWORD) != stored


def test_a_long_password_is_not_truncated() -> None:
    password = ("Buen4-Vida-Tranquila-" * 5)[:100]
    stored = hash_password(password)
    assert verify_password(stored, password)
    assert not verify_password(stored, password[:99])


def test_the_nfkc_form_is_what_is_hashed() -> None:
    stored = hash_password("Ｂｕｅｎ４-Ｖｉｄａ")  # full-width, as some keyboards send it
    assert verify_password(stored, "Buen4-Vida")


def test_weaker_old_hashes_still_verify_and_ask_for_a_rehash() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    assert verify_password(old, PASSWORD)
    assert needs_rehash(old)


def test_a_corrupt_stored_hash_is_a_fault_not_a_wrong_password() -> None:
    with pytest.raises(InvalidHashError):
        verify_password("not-a-hash", PASSWORD)
