import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from domain.reference import (
    InvalidReferenceData,
    ReferenceDataUnavailable,
    default_reference,
    load_reference,
)
from tests.support.paths import ROOT

DATA = ROOT / "domain" / "reference" / "data"
CAP_UMA_DAYS = Decimal("25019.2")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_year_file_loads_and_validates(year: int) -> None:
    ref = default_reference().year(year)
    assert ref.year == year
    assert ref.sources, "each file names its sources"
    assert ref.uma.valid_from == date(year, 2, 1)
    assert ref.minimum_wage.valid_from == date(year, 1, 1)
    assert ref.points.thresholds.keys() == {"T1000", "T100", "REQUIREMENTS"}
    assert ref.points.thresholds["T1000"].minimum_points == 1080
    assert ref.points.thresholds["T1000"].women_bonus == 20
    assert ref.credit.minimum_contribution_months == 6
    assert ref.credit.closing_cost_threshold_uma_monthly == Decimal("2.8")
    assert ref.credit.closing_cost_share == Decimal("0.03")


@pytest.mark.parametrize(
    ("year", "daily", "monthly", "mw", "border"),
    [
        (2024, "108.57", "3300.53", "248.93", "374.89"),
        (2025, "113.14", "3439.46", "278.80", "419.88"),
        (2026, "117.31", "3566.22", "315.04", "440.87"),
    ],
)
def test_reference_values_match_domain_table(
    year: int, daily: str, monthly: str, mw: str, border: str
) -> None:
    ref = default_reference().year(year)
    assert ref.uma.daily == Decimal(daily)
    assert ref.uma.monthly == Decimal(daily) * Decimal("30.4")  # computed, unrounded
    assert ref.uma.monthly_published == Decimal(monthly)
    assert ref.minimum_wage.general_daily == Decimal(mw)
    assert ref.minimum_wage.northern_border_daily == Decimal(border)


def test_cap_2024_is_25019_2_uma_daily_within_a_cent() -> None:
    ref = default_reference().year(2024)
    assert ref.credit.cap == Decimal("2716334.54")
    assert abs(ref.credit.cap - CAP_UMA_DAYS * ref.uma.daily) <= Decimal("0.01")


def test_cap_2025_published_figure_is_a_quarter_peso_off_the_multiple() -> None:
    # 25,019.2 x 113.14 = 2,830,672.288; the published cap is 2,830,672.54 (0.25 above).
    # We keep the published figure; the loader accepts a one-peso tolerance.
    ref = default_reference().year(2025)
    assert ref.credit.cap == Decimal("2830672.54")
    assert abs(ref.credit.cap - CAP_UMA_DAYS * ref.uma.daily) <= Decimal("0.26")


def test_cap_2026_is_the_published_figure_not_an_assumption() -> None:
    ref = default_reference().year(2026)
    assert ref.credit.cap == Decimal("2935002.35")
    assert abs(ref.credit.cap - CAP_UMA_DAYS * ref.uma.daily) <= Decimal("0.01")
    assert ref.credit.cap_assumption is None


@pytest.mark.parametrize(
    ("year", "floor", "up_to_band"),
    [(2024, None, None), (2025, "0.035", "2.4"), (2026, "0.0369", "2.6")],
)
def test_rate_floor_and_its_upper_band_by_year(
    year: int, floor: str | None, up_to_band: str | None
) -> None:
    credit = default_reference().year(year).credit
    assert credit.rate_floor == (None if floor is None else Decimal(floor))
    assert credit.rate_floor_up_to_band == (None if up_to_band is None else Decimal(up_to_band))


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_rule_parameter_is_in_the_year_file_with_its_source(year: int) -> None:
    raw = json.loads((DATA / f"{year}.json").read_text(encoding="utf-8"))
    credit = raw["credit"]
    for part in ("cap", "salary_band", "rounding", "closing_costs", "minimum_income"):
        assert credit[part]["source"] in raw["sources"], part
    assert credit["rate"]["floor"]["source"] in raw["sources"]
    assert [s["share"] for s in credit["payment_share"]] == ["0.20", "0.30"]
    assert [s["source"] for s in credit["payment_share"]] == ["lft_97_iii", "simulator_rule"]
    assert "Ley Federal del Trabajo" in raw["sources"]["lft_97_iii"]["title"]
    assert "2025" not in raw["sources"]["lft_97_iii"]["title"]  # long-standing, not new
    ref = default_reference().year(year).credit
    assert (ref.band_unit_uma, ref.credit_unit_uma_monthly) == (Decimal("0.1"), Decimal(1))
    assert ref.payment_factor_decimals == 6


@pytest.mark.parametrize(
    ("day", "year", "uma_year", "uma", "mw"),
    [
        (date(2025, 1, 1), 2025, 2024, "108.57", "278.80"),
        (date(2025, 1, 31), 2025, 2024, "108.57", "278.80"),
        (date(2025, 2, 1), 2025, 2025, "113.14", "278.80"),
        (date(2024, 12, 31), 2024, 2024, "108.57", "248.93"),
        (date(2026, 1, 31), 2026, 2025, "113.14", "315.04"),
        (date(2026, 2, 1), 2026, 2026, "117.31", "315.04"),
    ],
)
def test_year_chosen_across_31_january_and_1_february(
    day: date, year: int, uma_year: int, uma: str, mw: str
) -> None:
    ref = default_reference().for_date(day)
    assert (ref.year, ref.uma_year) == (year, uma_year)
    assert ref.uma.daily == Decimal(uma)
    assert ref.minimum_wage.general_daily == Decimal(mw)
    assert ref.credit.cap_uma_year == uma_year


@pytest.mark.parametrize("day", [date(2024, 1, 15), date(2027, 3, 1), date(2023, 6, 1)])
def test_dates_without_data_are_refused(day: date) -> None:
    with pytest.raises(ReferenceDataUnavailable):
        default_reference().for_date(day)


def _broken_copy(tmp_path: Path, edit: str) -> Path:
    shutil.copy(DATA / "2025.json", tmp_path / "2025.json")
    raw = json.loads((tmp_path / "2025.json").read_text(encoding="utf-8"))
    if edit == "uma":
        raw["uma"]["monthly_published"] = "3439.00"
    elif edit == "source":
        raw["credit"]["cap"]["source"] = "nowhere"
    elif edit == "cap":
        raw["credit"]["cap"]["value"] = "2900000.00"
    elif edit == "bands":
        raw["points"]["components"]["age"]["bands"][2]["from"] = "20"
    elif edit == "float":
        raw["uma"]["daily"] = 113.14
    elif edit == "lag":
        raw["contribution_lag"]["visible_from"].pop()
    elif edit == "schedule":
        raw["points"]["schedule"][1]["order"] = ["T9"]
    (tmp_path / "2025.json").write_text(json.dumps(raw), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("edit", ["uma", "source", "cap", "bands", "float", "lag", "schedule"])
def test_loader_refuses_inconsistent_data(tmp_path: Path, edit: str) -> None:
    with pytest.raises(InvalidReferenceData):
        load_reference(_broken_copy(tmp_path, edit))


def test_file_name_must_be_its_year(tmp_path: Path) -> None:
    shutil.copy(DATA / "2025.json", tmp_path / "2024.json")
    with pytest.raises(InvalidReferenceData):
        load_reference(tmp_path)


def test_default_reference_is_read_once() -> None:
    assert default_reference() is default_reference()


@pytest.mark.parametrize(("day", "floor", "up_to_band"), [
    (date(2026, 1, 15), "0.035", "2.4"),  # January: 2025's UMA, so 2025's floor and band
    (date(2026, 1, 31), "0.035", "2.4"),
    (date(2026, 2, 1), "0.0369", "2.6"),
    (date(2025, 1, 31), None, None),  # 2024 had no floor
])
def test_the_rate_floor_and_its_band_follow_the_uma_year(
        day: date, floor: str | None, up_to_band: str | None) -> None:
    credit = default_reference().for_date(day).credit
    assert credit.rate_floor == (Decimal(floor) if floor else None)
    assert credit.rate_floor_up_to_band == (Decimal(up_to_band) if up_to_band else None)
