"""A domain one or two keystrokes from a common provider is that provider mistyped; real
providers and company domains are left as typed."""

from __future__ import annotations

import pytest

from domain.identifiers import likely_meant, parse_email


@pytest.mark.parametrize(("typed", "meant"), [
    ("maria@gmial.com", "maria@gmail.com"),
    ("maria@gmail.con", "maria@gmail.com"),
    ("a@hotmal.com", "a@hotmail.com"),
    ("a@outlok.com", "a@outlook.com"),
    ("a@yaho.com.mx", "a@yahoo.com.mx"),
    ("Ana.Perez@GMAL.com", "Ana.Perez@gmail.com"),
])
def test_a_slip_from_a_common_provider(typed: str, meant: str) -> None:
    found = likely_meant(parse_email(typed))
    assert found is not None and found.value == meant


@pytest.mark.parametrize("typed", ["a@gmail.com", "a@yahoo.com.mx", "a@mail.com",
                                   "a@empresa.com.mx", "a@ibm.com", "a@icloud.com",
                                   "a@proton.me"])
def test_real_providers_and_company_domains_stand(typed: str) -> None:
    assert likely_meant(parse_email(typed)) is None
