"""Every published precalification figure against the service's, as the README's table.

Each case is a salary the INFONAVIT simulator (or the press reporting it) was run with and the
figure it gave; the service computes the same inputs (a 30-year-old man, so the term is 30
years, on a date of the case's year) through
``domain.savings.precalification.estimate.precalify``, the function the chat's simulator calls.
Prints the table in Markdown, then one JSON line.

.venv/bin/python bench/precalification_cases.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.reference import default_reference  # noqa: E402
from domain.savings.precalification.estimate import CreditEstimate, SimulatorInputs, precalify  # noqa: E402


@dataclass(frozen=True)
class Case:
    """One published figure: ``field`` of the estimate for ``salary`` a month on ``on``.
    ``cents`` says whether the source gives cents (else whole pesos, matched within one)."""

    source: str
    on: date
    salary: Decimal
    field: str
    published: Decimal
    cents: bool


def _case(source: str, year: int, salary: str, field: str, published: str) -> Case:
    return Case(source, date(year, 6, 1), Decimal(salary), field, Decimal(published),
                "." in published)


CASES = (
    _case("simulator 2025", 2025, "8364", "band", "2.4"),
    _case("simulator 2025", 2025, "8364", "payment_share", "0.20"),
    _case("simulator 2025", 2025, "8364", "max_monthly_payment", "1650.94"),
    _case("simulator 2025", 2025, "8364", "annual_rate", "0.035"),
    _case("simulator 2025", 2025, "8364", "credit", "364582.34"),
    _case("simulator 2025", 2025, "8364", "monthly_payment", "1637.34"),
    _case("press 2025", 2025, "12000", "credit", "570949"),
    _case("press 2024", 2024, "10000", "credit", "521483"),
    _case("press 2026", 2026, "9582.47", "credit", "602692"),
    _case("press 2026", 2026, "9582.47", "annual_rate", "0.0369"),
    _case("press 2024", 2024, "8000", "credit", "323451"),
)
RATIO_FIELDS = ("band", "payment_share", "annual_rate")


def estimate_for(case: Case) -> CreditEstimate:
    ref = default_reference().for_date(case.on)
    result = precalify(SimulatorInputs(case.salary, 30, "H"), ref)
    assert result.estimate is not None
    return result.estimate


def service_figure(case: Case) -> Decimal:
    value = getattr(estimate_for(case), case.field)
    assert isinstance(value, Decimal)
    return value


def matches(case: Case, figure: Decimal) -> bool:
    """Exact where the source gives cents or a ratio; within the peso where it gives pesos."""
    if case.cents or case.field in RATIO_FIELDS:
        return figure == case.published
    return abs(figure - case.published) < 1


def difference(case: Case, figure: Decimal) -> Decimal:
    """(service - published) / published, in percent to one decimal."""
    diff = ((figure - case.published) / case.published * 100).quantize(Decimal("0.1"))
    return diff if diff else Decimal("0.0")  # no "-0.0"


def main() -> None:
    print("| case | salary / month | figure | published | service | difference |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    rows = []
    for case in CASES:
        figure = service_figure(case)
        diff = difference(case, figure)
        ok = matches(case, figure)
        rows.append({"source": case.source, "salary": str(case.salary), "field": case.field,
                     "published": str(case.published), "service": str(figure),
                     "difference_pct": str(diff), "matches": ok})
        shown = f"{figure:,.4f}".rstrip("0").rstrip(".") if case.field in RATIO_FIELDS \
            else f"{figure:,.2f}"
        published = f"{case.published:,}"
        mark = "" if ok else " (not reproduced)"
        print(f"| {case.source} | {case.salary:,} | {case.field} | {published} | {shown} "
              f"| {diff}%{mark} |")
    summary = {"cases": len(rows), "matching": sum(r["matches"] for r in rows), "rows": rows}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
