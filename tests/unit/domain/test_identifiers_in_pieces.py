"""A CURP or an RFC written in pieces inside a sentence is read whole
(``domain.identifiers.in_text``)."""

from __future__ import annotations

import pytest

from domain.identifiers import find_curp, find_rfc, has_curp_shape, has_rfc_shape, identity_in

CURP, RFC = "LOHF920417MJCPRR04", "LOHF920417K25"


@pytest.mark.parametrize("typed", [
    "mi curp es LOHF 920417 MJCPRR04", "LOHF-920417-MJCPRR04", "lohf 9204 17mjcprr04",
    "es LOHF920417MJCPRR04.", "LOHF 920417MJCPRR04 gracias",
])
def test_a_curp_in_pieces(typed: str) -> None:
    assert find_curp(typed).upper() == CURP
    assert has_curp_shape(typed) and not has_rfc_shape(typed)


@pytest.mark.parametrize("typed", [
    "mi rfc es lohf 920417 k25", "LOHF-920417-K25", "es el LOHF920417 K25", RFC,
])
def test_an_rfc_in_pieces(typed: str) -> None:
    assert find_rfc(typed).upper() == RFC
    assert has_rfc_shape(typed) and not has_curp_shape(typed)


def test_a_mistyped_one_is_still_found_to_be_counted() -> None:
    assert find_curp("es LOHF920417MJCPRR0") == "LOHF920417MJCPRR0"
    assert not has_curp_shape("es LOHF920417MJCPRR0")


@pytest.mark.parametrize(("text", "kept", "found"), [
    ("03119283525", None, "03119283525"),
    ("si, mi nss es 0311 9283 525 y mi curp LOHF920417MJCPRR04", None,
     "0311 9283 525 LOHF920417MJCPRR04"),
    ("mi curp es LOHF 920417 MJCPRR04", None, "LOHF920417MJCPRR04"),
    ("y mi correo maria@example.com", "LOHF920417MJCPRR04",
     "LOHF920417MJCPRR04 maria@example.com"),
    ("si acepto", None, None),
    ("5512345678", None, None),  # a mobile, not an NSS
])
def test_identity_typed_before_it_is_asked(text: str, kept: str | None,
                                           found: str | None) -> None:
    assert identity_in(text, kept) == found
