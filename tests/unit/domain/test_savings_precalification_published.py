"""Every published precalification figure (DOMAIN.md and issue 15) as an exact check.

The cases live in ``bench/precalification_cases.py``, which prints the README's table; here
each one must match: to the cent where the source gives cents, within the peso where it gives
whole pesos. No case is special-cased: the year files' parameters reproduce all of them.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from decimal import Decimal
from types import ModuleType

import pytest

from domain.savings.contributions import round_half_up
from domain.savings.precalification.arithmetic import annual_rate
from domain.savings.precalification.estimate import SimulatorInputs, precalify
from tests.support.paths import ROOT
from tests.support.savings_builders import ref_on

BENCH = ROOT / "bench" / "precalification_cases.py"


def _cases_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("precalification_cases", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CASES = _cases_module()


@pytest.mark.parametrize("case", CASES.CASES, ids=lambda c: f"{c.on.year}-{c.salary}-{c.field}")
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


def test_the_20_percent_share_holds_up_to_band_2_4_even_above_one_minimum_wage() -> None:
    # 8,000 a month in 2024 is 1.06 minimum wages (248.93 x 30.4 = 7,567.47) at band 2.4: the
    # simulator gave it the 20% share, 98 UMA = 323,451.74 (30% would be 147 UMA, 485,177.62).
    ref = ref_on(date(2024, 6, 1))
    estimate = precalify(SimulatorInputs(Decimal("8000"), 30, "H"), ref).estimate
    assert estimate is not None
    assert (estimate.band, estimate.payment_share) == (Decimal("2.4"), Decimal("0.20"))
    assert estimate.credit == round_half_up(98 * ref.uma.monthly) == Decimal("323451.74")


@pytest.mark.parametrize(("year", "salary", "share"), [
    (2024, "8250", "0.20"),      # band 2.4 is 7,921.27-8,251.32: 8,250 in it, 8,260 out
    (2024, "8260", "0.30"),
    (2026, "9582.47", "0.30"),   # band 2.6, above one minimum wage
    (2026, "9577.21", "0.20"),   # at most one minimum wage, whatever the band
])
def test_above_band_2_4_only_a_minimum_wage_salary_keeps_20_percent(
    year: int, salary: str, share: str
) -> None:
    ref = ref_on(date(year, 6, 1))
    estimate = precalify(SimulatorInputs(Decimal(salary), 30, "H"), ref).estimate
    assert estimate is not None
    assert estimate.payment_share == Decimal(share), estimate.band
