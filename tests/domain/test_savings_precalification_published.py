"""Every published precalification figure (DOMAIN.md and issue 15) as an exact check.

The cases live in ``bench/precalification_cases.py``, which prints the README's table; here
each one must match: to the cent where the source gives cents, within the peso where it gives
whole pesos. The one published figure the rule as written does not reproduce is checked for
what it is, so a change that silently "fixes" it per case fails too.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from domain.contributions import round_half_up
from domain.precalification import SimulatorInputs, precalify
from domain.precalification_math import annual_rate, credit_amount
from tests.domain.savings_builders import ref_on

BENCH = Path(__file__).resolve().parents[2] / "bench" / "precalification_cases.py"
NOT_REPRODUCED = ("press 2024", Decimal("8000"))


def _cases_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precalification_cases", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CASES = _cases_module()
REPRODUCED = [c for c in CASES.CASES if (c.source, c.salary) != NOT_REPRODUCED]


@pytest.mark.parametrize("case", REPRODUCED, ids=lambda c: f"{c.on.year}-{c.salary}-{c.field}")
def test_published_figure_is_reproduced(case: object) -> None:
    figure = CASES.service_figure(case)
    assert CASES.matches(case, figure), (figure, case)
    assert CASES.difference(case, figure) == 0


@pytest.mark.parametrize(
    ("year", "salary", "umas"),
    [(2025, "8364", 106), (2025, "12000", 166), (2024, "10000", 158), (2026, "9582.47", 169)],
)
def test_each_published_credit_is_whole_monthly_umas(year: int, salary: str, umas: int) -> None:
    ref = ref_on(date(year, 6, 1))
    estimate = precalify(SimulatorInputs(Decimal(salary), 30, "H"), ref).estimate
    assert estimate is not None
    assert estimate.credit == round_half_up(umas * ref.uma.monthly)


def test_the_2026_floor_covers_a_minimum_wage_worker() -> None:
    ref = ref_on(date(2026, 6, 1))
    minimum_wage = ref.minimum_wage.general_daily * Decimal("30.4")
    assert round_half_up(minimum_wage / ref.uma.monthly) == Decimal("2.69")
    estimate = precalify(SimulatorInputs(minimum_wage, 30, "H"), ref).estimate
    assert estimate is not None
    assert (estimate.band, estimate.annual_rate) == (Decimal("2.6"), Decimal("0.0369"))
    assert estimate.payment_share == Decimal("0.20")


def test_2024_has_no_floor() -> None:
    credit = ref_on(date(2024, 6, 1)).credit
    assert credit.rate_floor is None
    assert annual_rate(Decimal("2.1"), credit) == Decimal("0.0355")  # the table, not 3.5%


def test_the_2024_8000_case_is_not_reproduced_and_why() -> None:
    # 8,000 is 1.06 minimum wages of 2024 (248.93 x 30.4 = 7,567.47): the rule gives the 30%
    # share, 147 UMA = 485,177.62, 50.0% above the published 323,451. The published figure is
    # 98 UMA (323,451.74), what the 20% share gives at the same band and rate.
    ref = ref_on(date(2024, 6, 1))
    case = next(c for c in CASES.CASES if (c.source, c.salary) == NOT_REPRODUCED)
    figure = CASES.service_figure(case)
    assert figure == round_half_up(147 * ref.uma.monthly) == Decimal("485177.62")
    assert CASES.difference(case, figure) == Decimal("50.0")
    rate = annual_rate(Decimal("2.4"), ref.credit)
    at_20 = credit_amount(Decimal("0.20") * Decimal("2.4") * ref.uma.monthly, rate, 360,
                          ref.uma.monthly, ref.credit)
    assert at_20 == 98 * ref.uma.monthly
    assert round_half_up(at_20) == Decimal("323451.74")
