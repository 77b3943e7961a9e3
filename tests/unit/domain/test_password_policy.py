"""Password policy: each rule by name, all rules at once, NFKC, lengths, lists, personal data."""

from __future__ import annotations

import pytest

from domain.security.passwords import (
    MAX_LENGTH,
    MIN_COMMON_PASSWORDS,
    PasswordCommon,
    PasswordContainsCurp,
    PasswordContainsEmail,
    PasswordContainsName,
    PasswordContainsNss,
    PasswordContainsRfc,
    PasswordContainsServiceName,
    PasswordNoDigit,
    PasswordNoLowercase,
    PasswordNoSpecial,
    PasswordNoUppercase,
    PasswordRuleViolation,
    PasswordTooLong,
    PasswordTooShort,
    PersonalData,
    WeakPassword,
    check_password,
    common_passwords,
    ensure_strong_password,
)

GOOD = "Buen4-Vida-Tranquila"
WORKER = PersonalData(
    nss="12345678903",
    curp="GOMC850315HDFRRR07",
    rfc="GODE561231GR8",
    names=("José Luis", "de la Peña", "Ramírez"),
    email="tigre.azul77@gmail.com",
)


def kinds(password: str, personal: PersonalData | None = None) -> list[type]:
    return [type(violation) for violation in check_password(password, personal)]


def test_a_good_password_breaks_no_rule() -> None:
    assert check_password(GOOD, WORKER) == []
    ensure_strong_password(GOOD, WORKER)


@pytest.mark.parametrize(
    ("password", "rule", "params"),
    [
        ("Ab1-xyz", PasswordTooShort, {"minimum": 8}),
        ("Ab1-" + "x" * (MAX_LENGTH - 3), PasswordTooLong, {"maximum": MAX_LENGTH}),
        ("buen4-vida-tranquila", PasswordNoUppercase, {}),
        ("BUEN4-VIDA-TRANQUILA", PasswordNoLowercase, {}),
        ("Buena-Vida-Tranquila", PasswordNoDigit, {}),
        ("Buen4VidaTranquila", PasswordNoSpecial, {}),
        ("Buen4VidaTranquila\x00", PasswordNoSpecial, {}),  # a control character is no symbol
        ("P@ssw0rd", PasswordCommon, {}),
    ],
)
def test_each_composition_rule_is_named(
    password: str, rule: type[PasswordRuleViolation], params: dict
) -> None:
    violations = check_password(password)
    assert [type(v) for v in violations] == [rule]
    assert violations[0].params == params


def test_space_counts_as_a_special_character() -> None:
    assert check_password("Buen4 Vida Tranquila") == []


def test_every_broken_rule_is_named_at_once() -> None:
    assert kinds("juan", PersonalData(names=("Juan Pérez",))) == [
        PasswordTooShort,
        PasswordNoUppercase,
        PasswordNoDigit,
        PasswordNoSpecial,
        PasswordContainsName,
    ]
    assert kinds("infonavit12345678903", WORKER) == [
        PasswordNoUppercase,
        PasswordNoSpecial,
        PasswordContainsNss,
        PasswordContainsServiceName,
    ]


def test_ensure_raises_weak_password_carrying_all_violations() -> None:
    with pytest.raises(WeakPassword) as caught:
        ensure_strong_password("abc")
    error = caught.value
    assert error.key == "error.password.weak"
    assert [type(v) for v in error.violations] == [
        PasswordTooShort,
        PasswordNoUppercase,
        PasswordNoDigit,
        PasswordNoSpecial,
    ]
    assert error.params["violations"] == error.violations
    assert "abc" not in str(error) and "error.password.too_short" in str(error)


def test_length_and_classes_are_judged_after_nfkc() -> None:
    # Full-width letters are the same password as ASCII ones once NFKC-normalised.
    assert kinds("Ｐ＠ｓｓｗ０ｒｄ") == [PasswordCommon]
    # Seven code points, but the ligatures "ﬀ" become "ff": ten characters, long enough.
    assert check_password("ﬀﬀﬀA1!x") == []


@pytest.mark.parametrize("length", [8, 64, 100, MAX_LENGTH])
def test_long_passwords_are_accepted(length: int) -> None:
    password = (GOOD * 10)[:length]
    assert len(password) == length
    assert check_password(password) == []


def test_the_public_list_is_big_enough_and_holds_the_examples_we_use() -> None:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    public = FREQUENCY_LISTS["passwords"]
    assert len(public) >= MIN_COMMON_PASSWORDS
    for entry in ("p@ssw0rd", "pa$$w0rd", "1qaz@wsx", "123456", "password1"):
        assert entry in public
    assert len(common_passwords()) >= len(public)


@pytest.mark.parametrize(
    "password",
    [
        "P@ssw0rd",  # zxcvbn's list, rank ~4,800
        "Pa$$w0rd",
        "1qaz@WSX",
        "Contraseña1!",  # our Spanish additions
        "CONTRASENA123!",
        "Mexico123!",
        "Hola1234!",
        "TeAmo123!",
        "Chivas123!",
    ],
)
def test_common_passwords_are_refused_whatever_their_case(password: str) -> None:
    assert PasswordCommon in kinds(password)


def test_a_password_only_near_a_listed_one_is_not_called_common() -> None:
    assert "p@ssw0rd!" not in common_passwords()
    assert PasswordCommon not in kinds("P@ssw0rd!")


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Mi#12345678903", PasswordContainsNss),
        ("Mi#123-456-789-03", PasswordContainsNss),  # separators do not hide it
        ("x!gomc850315hdfrrr07A", PasswordContainsCurp),
        ("GODE-561231-GR8x!", PasswordContainsRfc),
        ("Jose#Segura2024", PasswordContainsName),  # accents do not matter: José
        ("Lluvia#Luis2024", PasswordContainsName),
        ("Pena!Negra2024", PasswordContainsName),  # Peña, accent-insensitive
        ("RAMIREZ-2024-x", PasswordContainsName),
        ("Tigre-Azul77!", PasswordContainsEmail),  # e-mail local part, separators ignored
        ("Infonavit#2025", PasswordContainsServiceName),
        ("Mi-Cuenta#2025", PasswordContainsServiceName),
        ("ÍNFONAVIT#x2025", PasswordContainsServiceName),
    ],
)
def test_personal_data_inside_is_refused(password: str, rule: type) -> None:
    assert kinds(password, WORKER) == [rule]


def test_short_words_and_particles_of_names_are_not_searched() -> None:
    # "de", "la" are shorter than 3 letters; "del" is a particle, not a name.
    person = PersonalData(names=("María del Carmen", "de la O", "Li"))
    assert check_password("Delfin#Lado2024", person) == []
    assert PasswordContainsName in kinds("Carmen#2024x", person)


def test_unknown_personal_data_is_simply_skipped() -> None:
    assert check_password(GOOD, PersonalData()) == []
    assert check_password(GOOD, PersonalData(nss="", email="@x.com")) == []
