"""Every read of the environment goes through ``Settings`` (``bot/app/settings.py``).

The service's modules (and the benches, which run it) may hand ``os.environ`` to
``Settings.from_env`` (or ``Settings.unknown``), pass a copy of it on to a child process
(``{**os.environ, ...}``, ``dict(os.environ)``) or write a library's own switch
(``os.environ[...] = ...``); any other use of ``os.environ`` or ``os.getenv`` is a setting
declared outside ``Settings`` and fails here, naming the file and line.
"""

from __future__ import annotations

import ast

from tests.support.paths import ROOT

CHECKED = ("bot", "domain", "bench")


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in ("environ", "environb")
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def _allowed(node: ast.AST, parent: ast.AST) -> bool:
    if isinstance(parent, ast.Call) and node in parent.args:
        function = parent.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(
            function, "id", "")
        return name in ("from_env", "unknown", "dict")
    if isinstance(parent, ast.Dict):  # ``{**os.environ, ...}``: a child process's environment
        return any(key is None and value is node
                   for key, value in zip(parent.keys, parent.values, strict=True))
    if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
        return True
    return False


def environment_reads(source: str, filename: str) -> list[str]:
    """``file:line`` of every read of the environment outside the allowed uses."""
    tree = ast.parse(source, filename)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if _is_environ(node) and not _allowed(node, parents[node]):
            found.append((node.lineno, f"os.{node.attr}"))  # type: ignore[attr-defined]
        elif isinstance(node, ast.Attribute) and node.attr in ("getenv", "getenvb") \
                and isinstance(node.value, ast.Name) and node.value.id == "os":
            found.append((node.lineno, f"os.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                alias.name in ("environ", "environb", "getenv", "getenvb")
                for alias in node.names):
            found.append((node.lineno, "from os import ..."))
    return [f"{filename}:{line}: {what}" for line, what in sorted(found)]


def test_no_module_reads_the_environment_outside_the_settings() -> None:
    found = [read for folder in CHECKED for path in sorted((ROOT / folder).rglob("*.py"))
             for read in environment_reads(path.read_text(), str(path.relative_to(ROOT)))]
    assert found == [], "declare these in bot/app/settings.py and read them from Settings"


def test_the_check_sees_each_kind_of_read() -> None:
    """The check itself can fail: each way of reading the environment is found."""
    source = "\n".join([
        "import os",
        "from os import getenv",
        "a = os.environ.get('MICUENTA_LOG_LEVEL', 'INFO')",
        "b = os.getenv('X')",
        "c = os.environ['Y']",
        "d = 'Z' in os.environ",
        "os.environ.setdefault('PTB_TIMEDELTA', '1')",
        "settings = Settings.from_env(os.environ)",
        "child = {**os.environ, 'MICUENTA_PORT': '1'}",
        "copy = dict(os.environ)",
        "os.environ['PTB_TIMEDELTA'] = '1'",
    ])
    assert [read.split(": ")[0] for read in environment_reads(source, "m.py")] == [
        "m.py:2", "m.py:3", "m.py:4", "m.py:5", "m.py:6", "m.py:7"]
