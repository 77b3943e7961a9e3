"""The rules and use cases import no SQLAlchemy (nor Redis, nor the bot): they take the
``domain.uow.UnitOfWork`` protocol, and only ``domain.persistence`` implements it on a
database. Checked in a fresh interpreter, where nothing else has loaded those packages."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import domain
for module in pkgutil.walk_packages(domain.__path__, "domain."):
    if not module.name.startswith("domain.persistence"):
        importlib.import_module(module.name)
print(sorted({name.split(".")[0] for name in sys.modules}
             & {"sqlalchemy", "alembic", "redis", "bot", "aiohttp", "telegram"}))
"""


def test_nothing_in_the_domain_but_persistence_loads_a_database_or_the_bot() -> None:
    loaded = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            check=True, timeout=120).stdout.strip()
    assert loaded == "[]"
