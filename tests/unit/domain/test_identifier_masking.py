"""Masking helpers, and value objects that never print an identifier in ``repr``."""

from __future__ import annotations

import pytest

from domain.identifiers import (
    mask,
    mask_email,
    mask_phone,
    parse_curp,
    parse_email,
    parse_mobile,
    parse_nss,
    parse_rfc,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("12345678903", "******8903"),
        ("GOMC850315HDFRRR07", "******RR07"),
        ("GODE561231GR8", "******1GR8"),
        ("12345678", "******5678"),
        ("1234567", "******"),  # too short to show a quarter of it safely: all hidden
        ("", "******"),
    ],
)
def test_mask_shows_only_the_last_four(value: str, masked: str) -> None:
    assert mask(value) == masked


def test_mask_phone_keeps_the_country_code() -> None:
    assert mask_phone("+525512345678") == "+52******5678"


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("juan.perez@gmail.com", "j******@gmail.com"),
        ("j@gmail.com", "******@gmail.com"),
        ("not an address", "******ress"),
    ],
)
def test_mask_email_keeps_one_letter_and_the_domain(address: str, masked: str) -> None:
    assert mask_email(address) == masked


def test_repr_of_every_value_is_masked() -> None:
    values = {
        "12345678903": parse_nss("12345678903"),
        "GOMC850315HDFRRR07": parse_curp("GOMC850315HDFRRR07"),
        "GODE561231GR8": parse_rfc("GODE561231GR8"),
        "5512345678": parse_mobile("5512345678"),
        "juan.perez": parse_email("juan.perez@gmail.com"),
    }
    for secret, value in values.items():
        assert secret not in repr(value)
        assert secret in str(value)
    assert repr(values["GOMC850315HDFRRR07"]) == "Curp(******RR07)"
    # The parsed birth date is no secret from the value, but stays out of its repr too.
    assert "1985" not in repr(values["GOMC850315HDFRRR07"])
