"""Every user-visible sentence lives in the catalogs, complete in es_MX and en."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import domain
from bot.i18n.catalogs import LOCALES_DIR, Catalogs
from domain.errors import DomainError
from tests.support.paths import ROOT

CATALOGS = Catalogs.load()
KEY = re.compile(r"^[a-z0-9_.:/@\-]*$")


def test_both_locales_exist() -> None:
    assert set(CATALOGS.locales) == {"es_MX", "en"}


def test_every_message_is_translated_in_every_locale() -> None:
    all_keys = set().union(*(set(messages) for messages in CATALOGS.messages.values()))
    for locale, messages in CATALOGS.messages.items():
        missing = sorted(all_keys - set(messages))
        empty = sorted(key for key, text in messages.items() if not text.strip())
        assert not missing, f"{locale} lacks {missing}"
        assert not empty, f"{locale} has empty translations for {empty}"


FOREIGN_QUOTES = {"es_MX": ("“", "”"), "en": ("«", "»")}
BILINGUAL = {"terminal.hint"}
"""Said in both languages at once: each half quotes its own way."""


def test_each_locale_quotes_its_own_way() -> None:
    """Spanish quotes «así», English “like this”: «Reset password» in an English sentence
    and “{char}” in a Spanish one read as the other language's."""
    for locale, messages in CATALOGS.messages.items():
        wrong = sorted(key for key, text in messages.items() if key not in BILINGUAL
                       and any(mark in text for mark in FOREIGN_QUOTES[locale]))
        assert not wrong, f"{locale} quotes the other language's way in {wrong}"


def _fields(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def test_placeholders_agree_between_locales() -> None:
    source = CATALOGS.messages["es_MX"]
    for locale, messages in CATALOGS.messages.items():
        for key, text in messages.items():
            assert _fields(text) == _fields(source[key]), f"{locale} {key}"


def _python_files(*folders: str) -> Iterator[Path]:
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def _msg_keys(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Msg"
                and node.args and isinstance(node.args[0], ast.Constant)):
            yield node.args[0].value


def test_every_key_used_in_code_and_templates_exists() -> None:
    source = CATALOGS.messages["es_MX"]
    used: set[str] = set()
    for path in _python_files("bot", "domain"):
        used.update(_msg_keys(ast.parse(path.read_text())))
    for path in (LOCALES_DIR / "templates").glob("*.j2"):
        used.update(re.findall(r'_\("([^"]+)"', path.read_text()))
    missing = sorted(key for key in used if key not in source)
    assert not missing, f"keys used but not in the catalogs: {missing}"


def _domain_errors() -> Iterator[type[DomainError]]:
    for module in pkgutil.walk_packages(domain.__path__, "domain."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    pending = [DomainError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        yield cls


def _families() -> dict[str, list[type[DomainError]]]:
    """Every domain error, by the module that declares it (its family)."""
    families: dict[str, list[type[DomainError]]] = {}
    for cls in _domain_errors():
        families.setdefault(cls.__module__, []).append(cls)
    return families


FAMILIES = _families()
OWN_FILES = {"identifiers": ("domain.identifiers.errors",),
             "passwords": ("domain.security.passwords",),
             "references": ("domain.credits.errors",)}
"""Families whose sentences live in a catalog file of their own, and nothing else there."""


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("locale", sorted(CATALOGS.messages))
def test_every_error_has_a_sentence_that_uses_exactly_its_fields(locale: str,
                                                                  family: str) -> None:
    """The one check of every error family (identifiers, passwords, references, accounts,
    codes, savings...): the key has a sentence in every locale, and where the error
    declares ``fields`` (the parameters it is raised with), the sentence's placeholders
    are exactly those."""
    messages = CATALOGS.messages[locale]
    for cls in FAMILIES[family]:
        sentence = messages.get(cls.key)
        assert sentence, f"{cls.__qualname__}: {cls.key} has no sentence in {locale}"
        fields = getattr(cls, "fields", None)
        if fields is not None:
            assert _fields(sentence) == set(fields), f"{cls.__qualname__}: {cls.key}"


@pytest.mark.parametrize("name", sorted(OWN_FILES))
@pytest.mark.parametrize("locale", sorted(CATALOGS.messages))
def test_a_family_with_its_own_catalog_file_holds_exactly_its_keys_there(
        locale: str, name: str) -> None:
    with (LOCALES_DIR / locale / "LC_MESSAGES" / f"{name}.po").open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.locale is not None and str(catalog.locale) == locale
    keys = {cls.key for family in OWN_FILES[name] for cls in FAMILIES[family]}
    assert {str(message.id) for message in catalog if message.id} == keys


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body
            opening = first[0] if first else None
            if isinstance(opening, ast.Expr) and isinstance(opening.value, ast.Constant):
                ids.add(id(opening.value))
        # an attribute docstring: a bare string right after an assignment
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for index, child in enumerate(body[1:], start=1):
            previous = body[index - 1]
            if (isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant)
                    and isinstance(previous, ast.Assign | ast.AnnAssign)):
                ids.add(id(child.value))
    return ids


FRAMEWORK = {"base.py", "data.py", "__init__.py"}
FLOW_MODULES = sorted(p for p in (ROOT / "bot" / "flows").rglob("*.py") if p.name not in FRAMEWORK)


@pytest.mark.parametrize("path", FLOW_MODULES, ids=lambda p: p.name)
def test_flows_hold_no_user_visible_string_literal(path: Path) -> None:
    tree = ast.parse(path.read_text())
    docstrings = _docstrings(tree)
    offending = [
        (node.lineno, node.value) for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings and not KEY.match(node.value)
    ]
    assert not offending, f"user-visible literals (use a catalog key): {offending}"


def test_the_literal_check_catches_a_sentence(tmp_path: Path) -> None:
    tree = ast.parse('def ask():\n    """Doc."""\n    return Say("Escribe tu NSS")\n')
    docstrings = _docstrings(tree)
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str) and id(n) not in docstrings and not KEY.match(n.value)]
    assert found == ["Escribe tu NSS"]
