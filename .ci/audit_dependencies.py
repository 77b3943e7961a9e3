"""Known vulnerabilities in the installed dependencies, from PyPI's advisory data.

Run with the project's interpreter (``.venv/bin/python .ci/audit_dependencies.py``): every
installed distribution but the project itself is looked up in PyPI's JSON API, whose
``vulnerabilities`` field carries the OSV advisories (PYSEC, GHSA) for a release. This is
the data ``pip-audit -s pypi`` reads; pip-audit itself cannot be used here because it asks
for the per-release endpoint (``/pypi/<name>/<version>/json``), which the PyPI this machine
and CI reach does not serve (404), and OSV's own API is out of reach. So: the per-release
endpoint when it answers; otherwise the project endpoint, which describes the newest
release and is therefore exact when the newest is what is installed. A distribution older
than the newest, with no per-release answer, is listed as not audited (the exit code does
not count it: nothing is known against it, nor for it).

Exit 1 when any installed release has a known vulnerability that is not withdrawn; 2 when
PyPI could not be reached at all.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from typing import Any

PYPI = "https://pypi.org/pypi"
SELF = {"micuenta"}


def _get(url: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            body: dict[str, Any] = json.load(answer)
            return body
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def audit(name: str, version: str) -> tuple[str, str, list[dict[str, Any]] | None]:
    """(name, version, advisories); advisories ``None`` when nothing could be said."""
    exact = _get(f"{PYPI}/{name}/{version}/json")
    if exact is not None:
        return name, version, exact.get("vulnerabilities", [])
    project = _get(f"{PYPI}/{name}/json")
    if project is not None and project["info"]["version"] == version:
        return name, version, project.get("vulnerabilities", [])
    return name, version, None


def main() -> int:
    installed = sorted({(d.metadata["Name"].lower(), d.version) for d in metadata.distributions()
                        if d.metadata["Name"] and d.metadata["Name"].lower() not in SELF})
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda item: audit(*item), installed))
    except (urllib.error.URLError, TimeoutError) as error:
        print(f"audit: PyPI could not be reached: {error}", file=sys.stderr)
        return 2
    found = [(name, version, advisory) for name, version, advisories in results
             for advisory in advisories or [] if not advisory.get("withdrawn")]
    unaudited = [f"{name} {version}" for name, version, advisories in results
                 if advisories is None]
    for name, version, advisory in found:
        fixed = ", ".join(advisory.get("fixed_in") or []) or "no fixed release"
        print(f"audit: VULNERABLE {name} {version}: {advisory.get('id')} "
              f"({', '.join(advisory.get('aliases') or [])}); fixed in {fixed}")
    if unaudited:
        print("audit: not audited (older than PyPI's newest release, no per-release data): "
              + ", ".join(unaudited))
    print(f"audit: {len(results) - len(unaudited)} of {len(results)} distributions audited, "
          f"{len(found)} known vulnerabilities")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
