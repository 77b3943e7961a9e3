"""One crafted input per identifier error: the specific class, with exactly its params."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.errors import DomainError
from domain.identifiers import (
    CurpCharacter,
    CurpCheckDigit,
    CurpConsonantExpected,
    CurpDate,
    CurpDigitExpected,
    CurpEnye,
    CurpLength,
    CurpLetterExpected,
    CurpNotInText,
    CurpSex,
    CurpState,
    EmailAccent,
    EmailDomain,
    EmailInvalid,
    EmailManyAt,
    EmailMissingAt,
    EmailNotInText,
    EmailSpace,
    InvalidIdentifier,
    NssCharacter,
    NssCheckDigit,
    NssLength,
    NssNotInText,
    PhoneAreaCode,
    PhoneCharacter,
    PhoneCountry,
    PhoneLength,
    PhoneNotInText,
    RfcCharacter,
    RfcCheckDigit,
    RfcCompany,
    RfcDate,
    RfcDigitExpected,
    RfcGeneric,
    RfcHomoclaveMissing,
    RfcLength,
    RfcLetterExpected,
    RfcNotInText,
    find_curp,
    find_email,
    find_mobile,
    find_nss,
    find_rfc,
    parse_curp,
    parse_email,
    parse_mobile,
    parse_nss,
    parse_rfc,
)

Case = tuple[Callable[[str], object], str, type[InvalidIdentifier], dict[str, Any]]

CASES: list[Case] = [
    # NSS: valid is 12345678903
    (parse_nss, "1234567890", NssLength, {"typed": 10, "needed": 11}),
    (parse_nss, "123456789012", NssLength, {"typed": 12, "needed": 11}),
    (parse_nss, "", NssLength, {"typed": 0, "needed": 11}),
    # the digits counted, not the letters: «you typed 16» for a password with two digits
    (parse_nss, "Mango!Trueno58x", NssLength, {"typed": 2, "needed": 11}),
    (parse_nss, "1234567890O", NssCharacter, {"position": 11, "char": "O"}),
    (parse_nss, "12345678904", NssCheckDigit, {}),
    # CURP: valid is GOMC850315HDFRRR07
    (parse_curp, "GOMC850315HDFRRR0", CurpLength, {"typed": 17, "needed": 18}),
    (parse_curp, "G0MC850315HDFRRR07", CurpLetterExpected, {"position": 2, "char": "0"}),
    (parse_curp, "GOMC85O315HDFRRR07", CurpDigitExpected, {"position": 7, "char": "O"}),
    (parse_curp, "GOMC850315HDFRRR0O", CurpDigitExpected, {"position": 18, "char": "O"}),
    (parse_curp, "GOMC850315HDFRER07", CurpConsonantExpected, {"position": 15, "char": "E"}),
    (parse_curp, "NUÑE850315HDFRRR07", CurpEnye, {"position": 3}),
    (parse_curp, "GOMC850315HDFRRR*7", CurpCharacter, {"position": 17, "char": "*"}),
    (parse_curp, "GOMC850315FDFRRR07", CurpSex, {"char": "F"}),
    (parse_curp, "GOMC850315HZZRRR07", CurpState, {"code": "ZZ"}),
    (parse_curp, "BOXW310231HNERXN09", CurpDate, {"date": "310231"}),
    (parse_curp, "GOMC850315HDFRRR08", CurpCheckDigit, {}),
    # RFC: valid is GODE561231GR8
    (parse_rfc, "GODE561231GR", RfcLength, {"typed": 12, "needed": 13}),
    (parse_rfc, "GODE561231GR8X", RfcLength, {"typed": 14, "needed": 13}),
    (parse_rfc, "MAB9307148T4", RfcCompany, {}),
    (parse_rfc, "GODE561231", RfcHomoclaveMissing, {}),
    (parse_rfc, "XAXX010101000", RfcGeneric, {}),
    (parse_rfc, "XEXX010101000", RfcGeneric, {}),
    (parse_rfc, "GOD3561231GR8", RfcLetterExpected, {"position": 4, "char": "3"}),
    (parse_rfc, "GODE5612E1GR8", RfcDigitExpected, {"position": 9, "char": "E"}),
    (parse_rfc, "GODE561231G_8", RfcCharacter, {"position": 12, "char": "_"}),
    (parse_rfc, "GODE560230GR8", RfcDate, {"date": "560230"}),
    (parse_rfc, "GODE561231GR7", RfcCheckDigit, {}),
    (parse_rfc, "GODE561231GRB", RfcCheckDigit, {}),
    # Mobile phone
    (parse_mobile, "55 1234 567", PhoneLength, {"typed": 9, "needed": 10}),
    (parse_mobile, "+52 55 1234 56789", PhoneLength, {"typed": 11, "needed": 10}),
    (parse_mobile, "55 1234 567O", PhoneCharacter, {"char": "O"}),
    (parse_mobile, "+1 212 555 0100", PhoneCountry, {}),
    (parse_mobile, "0155 1234 56", PhoneAreaCode, {}),
    # E-mail
    (parse_email, "juan.gmail.com", EmailMissingAt, {}),
    (parse_email, "juan@@gmail.com", EmailManyAt, {}),
    (parse_email, "juan perez@gmail.com", EmailSpace, {}),
    (parse_email, "josé@gmail.com", EmailAccent, {}),
    (parse_email, "juan@gmail", EmailDomain, {"domain": "gmail"}),
    (parse_email, "juan@gmail..com", EmailDomain, {"domain": "gmail..com"}),
    (parse_email, ".juan@gmail.com", EmailInvalid, {}),
    # words with no try at the identifier, read as the flows read a message
    (lambda text: parse_nss(find_nss(text)), "no lo se", NssNotInText, {}),
    (lambda text: parse_curp(find_curp(text)), "me equivoque en la curp", CurpNotInText, {}),
    (lambda text: parse_rfc(find_rfc(text)), "cuanto tiempo tarda", RfcNotInText, {}),
    (lambda text: parse_mobile(find_mobile(text)), "cinco cinco", PhoneNotInText, {}),
    (lambda text: parse_email(find_email(text)), "no tengo correo", EmailNotInText, {}),
]


@pytest.mark.parametrize(("parse", "text", "error", "params"), CASES)
def test_crafted_input_raises_its_specific_error(
    parse: Callable[[str], object], text: str, error: type[InvalidIdentifier], params: dict
) -> None:
    with pytest.raises(error) as caught:
        parse(text)
    assert type(caught.value) is error
    assert dict(caught.value.params) == params
    assert set(params) == set(error.fields)


def _all_subclasses(cls: type[InvalidIdentifier]) -> set[type[InvalidIdentifier]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def test_every_identifier_error_has_a_crafted_case() -> None:
    covered = {case[2] for case in CASES}
    assert _all_subclasses(InvalidIdentifier) == covered


def test_errors_are_domain_errors_with_distinct_keys() -> None:
    errors = _all_subclasses(InvalidIdentifier)
    assert all(issubclass(error, DomainError) for error in errors)
    keys = [error.key for error in errors]
    assert len(keys) == len(set(keys))


def test_error_text_carries_the_key_but_not_what_was_typed() -> None:
    error = CurpDate(date="850231")
    assert str(error) == "error.curp.date"
    assert "850231" not in str(error)
    assert error.params == {"date": "850231"}


def test_an_invisible_character_is_quoted_by_its_code_point() -> None:
    with pytest.raises(NssCharacter) as caught:
        parse_nss("1234567890\x07")
    assert caught.value.params == {"position": 11, "char": "U+0007"}


def test_invisible_format_characters_are_dropped_before_counting() -> None:
    # A soft hyphen and bidi marks (copied from WhatsApp) are Unicode "format" characters.
    assert parse_nss("\u202a1234567890\u00ad3\u202c").value == "12345678903"
