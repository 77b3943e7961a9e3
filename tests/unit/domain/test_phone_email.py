"""Mobile numbers and e-mail addresses: normalisation tables, refusals."""

from __future__ import annotations

import pytest

from domain.identifiers import (
    EmailAccent,
    EmailAddress,
    EmailDomain,
    EmailInvalid,
    EmailManyAt,
    EmailMissingAt,
    EmailSpace,
    InvalidIdentifier,
    MobilePhone,
    PhoneAreaCode,
    PhoneCharacter,
    PhoneCountry,
    PhoneLength,
    parse_email,
    parse_mobile,
)

E164 = "+525512345678"


@pytest.mark.parametrize(
    "typed",
    [
        "5512345678",
        "55 1234 5678",
        "55-1234-5678",
        "55.1234.5678",
        "(55) 1234 5678",
        "(55)1234-5678",
        "+52 55 1234 5678",
        "+525512345678",
        "52 55 1234 5678",
        "525512345678",
        "+52 1 55 1234 5678",  # the old mobile "1", as WhatsApp still shows it
        "5215512345678",
        "+52 (1) 55-1234-5678",
        "044 55 1234 5678",  # the old prefixes for calling a mobile
        "045 55 1234 5678",
        "0052 55 1234 5678",  # the international call prefix
        "0052 1 55 1234 5678",
        "\u202a+52 55 1234 5678\u202c",  # bidi marks around a number copied from WhatsApp
        "５５ １２３４ ５６７８",  # full-width digits
        " 55 1234 5678 \n",
    ],
)
def test_accepted_forms_normalise_to_e164(typed: str) -> None:
    phone = parse_mobile(typed)
    assert phone == MobilePhone(E164)
    assert (str(phone), phone.national) == (E164, "5512345678")


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("33 1234 5678", "+523312345678"),
        ("81-1234-5678", "+528112345678"),
        ("999 123 4567", "+529991234567"),
        ("5255123456", "+525255123456"),  # ten digits: a "52" in front is the area code
    ],
)
def test_other_area_codes(typed: str, e164: str) -> None:
    assert parse_mobile(typed).e164 == e164


@pytest.mark.parametrize(
    ("typed", "error", "params"),
    [
        ("", PhoneLength, {"typed": 0, "needed": 10}),
        ("551234567", PhoneLength, {"typed": 9, "needed": 10}),
        ("551234567890", PhoneLength, {"typed": 12, "needed": 10}),
        ("15512345678", PhoneLength, {"typed": 11, "needed": 10}),  # "1" only after 52
        ("045 55 1234 567", PhoneLength, {"typed": 12, "needed": 10}),
        ("+52 55 1234 567", PhoneLength, {"typed": 9, "needed": 10}),
        ("+52 2 55 1234 5678", PhoneLength, {"typed": 11, "needed": 10}),
        ("+1 555 123 4567", PhoneCountry, {}),
        ("+", PhoneCountry, {}),
        ("+44 20 7946 0958", PhoneCountry, {}),
        ("55 1234 5678 ext 2", PhoneCharacter, {"char": "e"}),
        ("55+1234 5678", PhoneCharacter, {"char": "+"}),
        ("0123456789", PhoneAreaCode, {}),
        ("1234567890", PhoneAreaCode, {}),
    ],
)
def test_refusals(typed: str, error: type[InvalidIdentifier], params: dict) -> None:
    with pytest.raises(error) as caught:
        parse_mobile(typed)
    assert caught.value.params == params


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("juan.perez@gmail.com", "juan.perez@gmail.com"),
        ("Juan.Perez@GMAIL.COM", "Juan.Perez@gmail.com"),  # domain lower-cased, local kept
        ("  maria_lopez85@hotmail.com \n", "maria_lopez85@hotmail.com"),
        ("\u200bana+infonavit@outlook.com.mx", "ana+infonavit@outlook.com.mx"),
        ("j-p@sub.dominio.gob.mx", "j-p@sub.dominio.gob.mx"),
        ("x@y.co", "x@y.co"),
    ],
)
def test_valid_addresses_and_their_normal_form(typed: str, value: str) -> None:
    assert parse_email(typed) == EmailAddress(value)


def test_the_lookup_key_ignores_letter_case() -> None:
    address = parse_email("Juan.Perez@Gmail.com")
    assert address.key == "juan.perez@gmail.com"
    assert (address.local_part, address.domain) == ("Juan.Perez", "gmail.com")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", EmailMissingAt),
        ("juan.perez", EmailMissingAt),
        ("juan@perez@gmail.com", EmailManyAt),
        ("juan @gmail.com", EmailSpace),
        ("juan@gmail .com", EmailSpace),
        ("peña@gmail.com", EmailAccent),
        ("juan@gmaíl.com", EmailAccent),
        ("juan@gmail", EmailDomain),
        ("juan@localhost", EmailDomain),
        ("juan@gmail.", EmailDomain),
        ("juan@", EmailInvalid),
        ("@gmail.com", EmailInvalid),
        ("juan..perez@gmail.com", EmailInvalid),
        ("juan.@gmail.com", EmailInvalid),
        ("juan@-gmail.com", EmailInvalid),
        ("juan@[127.0.0.1]", EmailInvalid),
        ("juan@prueba.test", EmailInvalid),  # special-use domain
        ("juan(casa)@gmail.com", EmailInvalid),
        ("x" * 300 + "@gmail.com", EmailInvalid),
    ],
)
def test_invalid_addresses(typed: str, error: type[InvalidIdentifier]) -> None:
    with pytest.raises(error):
        parse_email(typed)
