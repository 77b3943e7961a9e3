"""The centres file: what it holds, the catalog's look-ups, every broken-file check, and what
to bring to each procedure."""

import json
from pathlib import Path
from typing import Any

import pytest

from domain.appointments.centres import default_centres, load_centres
from domain.appointments.procedures import CREDIT_MATTERS, Procedure, requirements

DATA = Path(__file__).resolve().parents[2] / "domain" / "appointments" / "data" / "centres.json"


def test_the_shipped_file_loads_with_its_sources() -> None:
    catalog = default_centres()
    assert [c.id for c in catalog.centres] == [
        "cdmx-balderas", "mty-centro", "gdl-palomar", "tij-monarca"
    ]
    assert (catalog.slot_minutes, catalog.book_from_days, catalog.book_until_days) == (30, 1, 30)
    assert "domain_notes" in {s.id for s in catalog.sources}
    assert load_centres(DATA) == catalog


def test_the_file_lists_what_it_assumes() -> None:
    assumptions = json.loads(DATA.read_text(encoding="utf-8"))["assumptions"]
    for item in ("slot_minutes", "desks", "book_from_days", "mty-centro.saturday_hours"):
        assert item in assumptions


def test_states_are_sorted_by_name() -> None:
    assert default_centres().states() == (
        ("BC", "Baja California"),
        ("DF", "Ciudad de México"),
        ("JC", "Jalisco"),
        ("NL", "Nuevo León"),
    )


def test_centres_in_a_state() -> None:
    catalog = default_centres()
    assert [c.id for c in catalog.in_state("NL")] == ["mty-centro"]
    assert catalog.in_state("YN") == ()


def test_a_centre_by_id() -> None:
    centre = default_centres().by_id("mty-centro")
    assert centre.address == "Mariano Escobedo 733, Centro, Monterrey, N.L."
    assert str(centre.zone) == "America/Monterrey"
    assert [t.isoformat("minutes") for t in centre.weekday_hours] == ["08:30", "18:00"]
    assert centre.saturday_hours is not None
    assert centre.desks == 3
    assert default_centres().by_id("gdl-palomar").saturday_hours is None


def test_an_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        default_centres().by_id("mid-centro")


def broken(tmp_path: Path, change: Any) -> Path:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "centres.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def _set(index: int, key: str, value: Any) -> Any:
    return lambda raw: raw["centres"][index].__setitem__(key, value)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_set(0, "weekday_hours", ["14:30", "08:30"]), r"'cdmx-balderas'.*weekday_hours reversed"),
        (_set(1, "saturday_hours", ["13:00", "09:00"]), r"'mty-centro'.*saturday_hours reversed"),
        (_set(2, "zone", "America/Guadalajara"), r"'gdl-palomar'.*unknown zone"),
        (_set(3, "desks", 0), r"'tij-monarca'.*desks"),
        (_set(3, "id", "cdmx-balderas"), r"'cdmx-balderas'.*duplicate id"),
        (_set(0, "state_code", "XX"), r"'cdmx-balderas'.*unknown state code"),
        (_set(0, "weekday_hours", ["8:30", "14:30"]), r"'cdmx-balderas'.*HH:MM"),
        (_set(0, "weekday_hours", ["08:30", "08:45"]), r"'cdmx-balderas'.*shorter than one slot"),
        (_set(0, "source", "hearsay"), r"'cdmx-balderas'.*unknown source"),
        (lambda raw: raw["centres"][0].pop("address"), r"'cdmx-balderas'.*address"),
        (lambda raw: raw.__setitem__("slot_minutes", 0), r"slot_minutes"),
        (lambda raw: raw.__setitem__("book_until_days", 0), r"book_until_days"),
        (lambda raw: raw.__setitem__("centres", []), r"no centres"),
    ],
)
def test_a_broken_file_is_refused_naming_the_problem(
    tmp_path: Path, change: Any, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        load_centres(broken(tmp_path, change))


def test_a_second_name_for_the_same_state_is_refused(tmp_path: Path) -> None:
    def rename(raw: Any) -> None:
        raw["centres"][2]["state_code"] = "DF"

    with pytest.raises(ValueError, match=r"'gdl-palomar'.*another name for state DF"):
        load_centres(broken(tmp_path, rename))


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "centres.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="centres.json"):
        load_centres(path)


@pytest.mark.parametrize("procedure", list(Procedure))
def test_every_procedure_brings_an_id_and_the_nss(procedure: Procedure) -> None:
    assert requirements(procedure)[:2] == ("appointments.bring.id", "appointments.bring.nss")


@pytest.mark.parametrize("procedure", sorted(CREDIT_MATTERS))
def test_credit_matters_bring_the_credit_number(procedure: Procedure) -> None:
    assert "appointments.bring.credit_number" in requirements(procedure)
    assert "appointments.bring.pension_resolution" not in requirements(procedure)


def test_return_of_savings_brings_the_pension_resolution() -> None:
    assert requirements(Procedure.RETURN_OF_SAVINGS) == (
        "appointments.bring.id",
        "appointments.bring.nss",
        "appointments.bring.pension_resolution",
    )


def test_account_recovery_brings_only_id_and_nss() -> None:
    assert Procedure.ACCOUNT_RECOVERY not in CREDIT_MATTERS
    assert requirements(Procedure.ACCOUNT_RECOVERY) == (
        "appointments.bring.id",
        "appointments.bring.nss",
    )
