"""Every identifier and password error key has its sentence in both catalogs, with
placeholders that are exactly the error's parameters."""

from __future__ import annotations

import string
from pathlib import Path
from typing import TypeVar

import pytest
from babel.messages.pofile import read_po

from domain.identifiers import InvalidIdentifier
from domain.passwords import PasswordRuleViolation, WeakPassword

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("es_MX", "en")
Error = TypeVar("Error", InvalidIdentifier, PasswordRuleViolation)


def _catalog(language: str, name: str) -> dict[str, str]:
    with (LOCALES / language / "LC_MESSAGES" / f"{name}.po").open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.locale is not None and str(catalog.locale) == language
    return {str(m.id): str(m.string) for m in catalog if m.id}


def _family(cls: type[Error]) -> list[type[Error]]:
    found = [cls]
    for sub in cls.__subclasses__():
        found.extend(_family(sub))
    return found


def _placeholders(sentence: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(sentence) if field}


FAMILIES = {
    "identifiers": [(cls.key, cls.fields) for cls in _family(InvalidIdentifier)],
    "passwords": [(cls.key, cls.fields) for cls in _family(PasswordRuleViolation)]
    + [(WeakPassword.key, ("violations",))],
}


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_key_has_a_sentence_with_its_parameters(language: str, name: str) -> None:
    messages = _catalog(language, name)
    for key, fields in FAMILIES[name]:
        assert messages.get(key), f"{key} missing from {language}/{name}.po"
        assert _placeholders(messages[key]) == set(fields), key
        messages[key].format(**{field: "x" for field in fields})


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_both_catalogs_have_the_same_keys_and_nothing_else(name: str) -> None:
    spanish, english = (_catalog(language, name) for language in LANGUAGES)
    assert set(spanish) == set(english) == {key for key, _ in FAMILIES[name]}
