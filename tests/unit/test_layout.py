"""The folder tree states the architecture (issue 16): imports point one way, and no folder
grows into a flat list again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGES = ("bot", "domain")
# The settings are a typed value read once by the composition root; a part built from them
# (the notifier, the channels) may name their type.
ALLOWED = ("bot.app.settings",)
MAX_MODULES = 13  # "about 12" per folder, __init__ not counted

# (importer prefix, forbidden prefixes): the domain knows no chat, the flows no channel,
# the engine no channel, and nothing below the composition root reaches up into it.
FORBIDDEN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("domain", ("bot",)),
    ("bot.flows", ("bot.channels", "bot.handlers", "bot.app", "bot.pipeline")),
    ("bot.conversation", ("bot.channels", "bot.handlers", "bot.app")),
    ("bot.nlu", ("bot.channels", "bot.handlers", "bot.app", "bot.pipeline", "bot.flows")),
    ("bot.i18n", ("bot.channels", "bot.handlers", "bot.app", "bot.pipeline", "bot.flows")),
    ("bot.pipeline", ("bot.handlers", "bot.app", "bot.flows")),
    ("bot.channels", ("bot.handlers", "bot.app", "bot.flows")),
    ("bot.notify", ("bot.channels", "bot.handlers", "bot.app", "bot.flows", "bot.pipeline")),
    ("bot.handoff", ("bot.channels", "bot.handlers", "bot.app")),
)


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize(("importer", "forbidden"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_imports_point_down(importer: str, forbidden: tuple[str, ...]) -> None:
    upward = sorted(
        f"{name} imports {target}"
        for name, path in _modules() if _under(name, importer)
        for target in _imports(path) if any(_under(target, f) for f in forbidden)
        and not any(_under(target, a) for a in ALLOWED)
    )
    assert upward == []


def test_no_folder_is_a_flat_list_again() -> None:
    crowded = {}
    for package in PACKAGES:
        for folder in [ROOT / package, *(p for p in (ROOT / package).rglob("*") if p.is_dir())]:
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            if folder.name != "__pycache__" and len(modules) > MAX_MODULES:
                crowded[str(folder.relative_to(ROOT))] = len(modules)
    assert crowded == {}


def test_every_package_says_what_it_holds() -> None:
    silent = [str(p.relative_to(ROOT)) for package in PACKAGES
              for p in (ROOT / package).rglob("__init__.py")
              if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert silent == []
