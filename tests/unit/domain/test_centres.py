"""The centres file: what it holds, the catalog's look-ups, every broken-file check, and what
to bring to each procedure."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from domain.appointments.centres import CENTRE_STATE_CODES, default_centres, load_centres
from domain.appointments.places import fold
from domain.appointments.procedures import (
    CREDIT_MATTERS,
    Blocker,
    Procedure,
    blocker,
    needs_pension_resolution,
    requirements,
)
from domain.savings.records import CreditStatus, CreditSummary, Regime, WorkerRecord, WorkerType
from tests.support.paths import ROOT

DATA = ROOT / "domain" / "appointments" / "data" / "centres.json"


def test_the_shipped_file_loads_with_its_sources() -> None:
    catalog = default_centres()
    assert len(catalog.centres) == 83
    assert (catalog.slot_minutes, catalog.book_from_days, catalog.book_until_days) == (30, 1, 30)
    assert "domain_notes" in {s.id for s in catalog.sources}
    assert load_centres(DATA) == catalog


def test_the_file_lists_what_it_assumes() -> None:
    assumptions = json.loads(DATA.read_text(encoding="utf-8"))["assumptions"]
    for item in ("slot_minutes", "desks", "book_from_days", "hours_assumed", "saturday_hours",
                 "zones"):
        assert item in assumptions


# Zone per state (IANA); Tamaulipas' border cities have their own (America/Matamoros), Ciudad
# Juárez its own (America/Ciudad_Juarez), and no centre is in the states' other zones
# (Chihuahua's other border towns, Coahuila's border strip, Bahía de Banderas).
ZONES = {"BC": "America/Tijuana", "BS": "America/Mazatlan", "SL": "America/Mazatlan",
         "NT": "America/Mazatlan", "SR": "America/Hermosillo", "QR": "America/Cancun",
         "CH": "America/Chihuahua", "NL": "America/Monterrey", "DG": "America/Monterrey",
         "CM": "America/Monterrey", "TS": "America/Monterrey"}
BORDER = {"matamoros", "reynosa", "nuevo-laredo"}
OWN_ZONE = {"ciudad-juarez": "America/Ciudad_Juarez"}
USUAL_HOURS = ("08:30", "14:30")


def test_every_centre_has_a_source_an_address_a_zone_and_hours() -> None:
    catalog = default_centres()
    with_url = {s.id for s in catalog.sources if s.url}
    for centre in catalog.centres:
        assert centre.source in with_url, f"{centre.id}: a public source with its address"
        assert centre.address and centre.city in centre.address, centre.id
        zone = OWN_ZONE.get(centre.id) or (
            "America/Matamoros" if centre.id in BORDER
            else ZONES.get(centre.state_code, "America/Mexico_City"))
        assert str(centre.zone) == zone, centre.id
        opens, closes = (t.isoformat("minutes") for t in centre.weekday_hours)
        if centre.hours_assumed:
            assert (opens, closes) == USUAL_HOURS, f"{centre.id}: the usual hours assumed"
            assert centre.saturday_hours is None, centre.id


def test_every_state_has_a_centre_and_old_addresses_are_marked() -> None:
    """The aim is every state (DOMAIN.md: about 103 centres, in every state). Where only the
    2010 table gives an address, the centre is marked dated with that date, so that the
    worker is told to confirm it; a newer source's address is not."""
    catalog = default_centres()
    assert {code for code, _ in catalog.states()} == set(CENTRE_STATE_CODES)
    for centre in catalog.centres:
        if centre.source == "yurhii_2010_cesis":
            assert (centre.dated, centre.address_as_of) == (True, "2010-01-15"), centre.id
    assert not catalog.by_id("gdl-palomar").dated
    assert catalog.by_id("saltillo-la-fragua").dated, "a 2018 source"
    assert catalog.by_id("merida-centro").address_as_of is None, "an undated source"
    coatzacoalcos = catalog.by_id("coatzacoalcos")
    assert (coatzacoalcos.dated, coatzacoalcos.as_of_year) == (True, "2021"), "a 2021 source"
    coverage = json.loads(DATA.read_text(encoding="utf-8"))["coverage"]
    assert coverage.startswith(f"{len(catalog.centres)} centres in 32 of the 32 states")


@pytest.mark.parametrize(("state", "centre_id", "address"), [
    ("AS", "aguascalientes", "Sierra Pintada 102, Planta Baja, Fracc. Bosques del Prado, "
                             "C.P. 20127, Aguascalientes, Ags."),
    ("BS", "la-paz", "Ignacio Altamirano 722, esq. Nicolas Bravo, Col. Guerrero, C.P. 23000, "
                     "La Paz, B.C.S."),
    ("CC", "campeche", None), ("CS", "tuxtla-gutierrez", None), ("MC", "toluca", None),
    ("GT", "leon", None), ("HG", "pachuca", None),
    ("MS", "cuernavaca", None), ("NT", "tepic", None), ("OC", "oaxaca", None),
    ("PL", "puebla", "Av 25 Oriente 1012, Col. Bellavista, C.P. 72500, Puebla, Pue."),
    ("QR", "cancun", None), ("SL", "culiacan", None), ("SR", "hermosillo", None),
    ("TC", "villahermosa", None), ("TS", "reynosa", None), ("TL", "tlaxcala", None),
    ("VZ", "xalapa", None), ("ZS", "zacatecas", None),
])
def test_a_centre_in_each_state_that_had_none(
        state: str, centre_id: str, address: str | None) -> None:
    centre = default_centres().by_id(centre_id)
    assert centre.state_code == state and centre.dated and centre.hours_assumed
    assert centre in default_centres().in_state(state)
    if address is not None:
        assert centre.address == address


def test_acapulco_has_the_2024_location_of_its_delegation() -> None:
    """Guerrero's centre had only the 2010 table's address, on the Costera, which a 2018 source
    says the Institute left for a new building; two 2024 sources place the delegation on the
    bulevar de Las Naciones in La Poza (no number, no hours): current, with the usual hours."""
    catalog = default_centres()
    centre = catalog.by_id("acapulco")
    assert centre.address == "Bulevar de las Naciones, La Poza, Zona Diamante, Acapulco, Gro."
    assert (centre.source, centre.address_as_of, centre.dated) == (
        "elsoldeacapulco_2024_naciones", "2024-06", False)
    assert centre.hours_assumed and centre.saturday_hours is None
    assert [c.id for c in catalog.in_state("GR")] == ["acapulco"]
    assumptions = json.loads(DATA.read_text(encoding="utf-8"))["assumptions"]
    assert "quadratin_2024_acapulco" in assumptions["acapulco.address"]
    assert "quadratin_2024_acapulco" in {s.id for s in catalog.sources}


def _street(address: str) -> str:
    """An address without accents, case, punctuation and abbreviation dots: «Av. Juárez 22,
    Centro» and «AV JUAREZ 22 CENTRO» are the same place."""
    return fold(address).replace("av ", "").replace("avenida ", "")


def test_no_centre_is_listed_twice() -> None:
    """Matched by address (and by city and street number, for a street spelt differently),
    and no 2010 address in a city a newer source covers: there the office has moved, and the
    old address would be the same centre twice."""
    centres = default_centres().centres
    streets = [_street(c.address) for c in centres]
    assert len(set(streets)) == len(streets)
    first_parts = [(fold(c.city), _street(c.address.split(",")[0])) for c in centres]
    assert len(set(first_parts)) == len(first_parts)
    newer = {fold(c.city) for c in centres if c.source != "yurhii_2010_cesis"}
    for centre in centres:
        if centre.source == "yurhii_2010_cesis":
            assert fold(centre.city) not in newer, centre.id


@pytest.mark.parametrize(("centre_id", "state", "city", "zone"), [
    ("ensenada", "BC", "Ensenada", "America/Tijuana"),
    ("ciudad-juarez", "CH", "Ciudad Juárez", "America/Ciudad_Juarez"),
    ("monclova", "CM", "Monclova", "America/Monterrey"),
    ("cdmx-barranca-del-muerto", "DF", "Álvaro Obregón", "America/Mexico_City"),
    ("cdmx-tabacalera", "DF", "Cuauhtémoc", "America/Mexico_City"),
    ("cdmx-coapa", "DF", "Tlalpan", "America/Mexico_City"),
    ("cdmx-ermita", "DF", "Iztapalapa", "America/Mexico_City"),
    ("cdmx-la-viga", "DF", "Venustiano Carranza", "America/Mexico_City"),
    ("cdmx-vallejo", "DF", "Azcapotzalco", "America/Mexico_City"),
    ("morelia", "MN", "Morelia", "America/Mexico_City"),
    ("uruapan", "MN", "Uruapan", "America/Mexico_City"),
    ("zamora", "MN", "Zamora", "America/Mexico_City"),
    ("puerto-vallarta", "JC", "Puerto Vallarta", "America/Mexico_City"),
    ("san-nicolas", "NL", "San Nicolás de los Garza", "America/Monterrey"),
    ("ciudad-valles", "SP", "Ciudad Valles", "America/Mexico_City"),
])
def test_the_2010_centres_of_cities_no_newer_source_covers(
        centre_id: str, state: str, city: str, zone: str) -> None:
    centre = default_centres().by_id(centre_id)
    assert (centre.state_code, centre.city, str(centre.zone)) == (state, city, zone)
    assert (centre.source, centre.as_of_year, centre.dated) == ("yurhii_2010_cesis", "2010", True)
    assert centre.hours_assumed and centre.saturday_hours is None
    assert centre.desks == (3 if state == "DF" else 2), "3 desks in Mexico City (assumptions)"


def test_addresses_a_newer_source_says_have_moved_are_left_out() -> None:
    """Torreón and Piedras Negras moved in 2018 (El Heraldo de Saltillo) to addresses no
    source gives: their 2010 addresses would send a worker to an empty office."""
    cities = {c.city for c in default_centres().centres}
    assert not {"Torreón", "Piedras Negras"} & cities
    assert "Calle Anahuac 701" not in {c.address.split(",")[0] for c in default_centres().centres}


def test_states_are_sorted_by_name() -> None:
    names = [name for _, name in default_centres().states()]
    assert names[:6] == ["Aguascalientes", "Baja California", "Baja California Sur", "Campeche",
                         "Chiapas", "Chihuahua"]
    assert names[-3:] == ["Veracruz", "Yucatán", "Zacatecas"]
    assert names.index("Michoacán") < names.index("Morelos") < names.index("Nayarit")


def test_centres_in_a_state() -> None:
    catalog = default_centres()
    assert [c.id for c in catalog.in_state("NL")] == [
        "mty-centro", "apodaca-milimex", "garcia-villa-nogales", "guadalupe-santa-cruz",
        "san-nicolas"]
    assert [c.id for c in catalog.in_state("SR")] == [
        "ciudad-obregon", "guaymas", "hermosillo", "nogales", "san-luis-rio-colorado"]


def test_a_centre_by_id() -> None:
    centre = default_centres().by_id("mty-centro")
    assert centre.address == "Mariano Escobedo 733, Centro, Monterrey, N.L."
    assert str(centre.zone) == "America/Monterrey"
    assert [t.isoformat("minutes") for t in centre.weekday_hours] == ["08:30", "18:00"]
    assert [t.isoformat("minutes") for t in centre.saturday_hours or ()] == ["08:30", "14:30"]
    assert not centre.hours_assumed, "the source gives them"
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
        (_set(5, "zone", "America/Guadalajara"), r"'gdl-palomar'.*unknown zone"),
        (_set(6, "desks", 0), r"'tij-monarca'.*desks"),
        (_set(6, "id", "cdmx-balderas"), r"'cdmx-balderas'.*duplicate id"),
        (_set(0, "state_code", "XX"), r"'cdmx-balderas'.*unknown state code"),
        (_set(0, "weekday_hours", ["8:30", "14:30"]), r"'cdmx-balderas'.*HH:MM"),
        (_set(0, "weekday_hours", ["08:30", "08:45"]), r"'cdmx-balderas'.*shorter than one slot"),
        (_set(0, "source", "hearsay"), r"'cdmx-balderas'.*unknown source"),
        (_set(0, "hours_assumed", "yes"), r"'cdmx-balderas'.*hours_assumed"),
        (_set(0, "address_as_of", "1 Oct 2024"), r"'cdmx-balderas'.*address_as_of"),
        (_set(0, "confidence", "high"), r"'cdmx-balderas'.*confidence"),
        (_set(7, "confidence", "dated"), r"'mxl-centro-civico'.*dated address needs"),
        (lambda raw: raw["centres"][0].pop("city"), r"'cdmx-balderas'.*city"),
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
        raw["centres"][5]["state_code"] = "DF"

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


def _record(**changes: Any) -> WorkerRecord:
    base = WorkerRecord(
        nss="12345678901", curp="X" * 18, rfc="X" * 13, first_name="Ana", last_name_father="A",
        last_name_mother="B", birth_date=date(1970, 1, 1), sex="M", daily_salary=Decimal("500"),
        employer_registration="Y", employer_name="Z", relationship_active=True,
        relationship_start=date(2000, 1, 1), worker_type=WorkerType.PERMANENT,
        subcuenta_balance=Decimal("1000"))
    return replace(base, **changes)


OPEN = CreditSummary("1", CreditStatus.CURRENT, Regime.ROA)
PAID = CreditSummary("1", CreditStatus.PAID_OFF, Regime.ROA)
IN_PROCESS = CreditSummary("1", CreditStatus.IN_PROCESS, Regime.ROA)


@pytest.mark.parametrize(("procedure", "record", "expected"), [
    (Procedure.RETURN_OF_SAVINGS, _record(), Blocker.STILL_WORKING),
    (Procedure.RETURN_OF_SAVINGS, _record(pension_in_process=True), None),
    (Procedure.RETURN_OF_SAVINGS, _record(relationship_active=False), None),
    (Procedure.PAYMENT_AGREEMENT, _record(), Blocker.NO_CREDIT),
    (Procedure.PAYMENT_AGREEMENT, _record(credit=OPEN), None),
    (Procedure.RESTRUCTURING, _record(credit=PAID), Blocker.CREDIT_CLOSED),
    (Procedure.INSURANCE_RELEASE, _record(credit=PAID), Blocker.CREDIT_CLOSED),
    (Procedure.CREDIT_CANCELLATION, _record(credit=PAID), None),
    (Procedure.OVERPAYMENT_REFUND, _record(credit=PAID), None),
    (Procedure.OVERPAYMENT_REFUND, _record(), Blocker.NO_CREDIT),
    # registering and signing a credit is how one begins: none on the record, or the one
    # in process; an active credit rules it out (it was «es para quien tiene un crédito»)
    (Procedure.CREDIT_SIGNING, _record(), None),
    (Procedure.CREDIT_SIGNING, _record(credit=IN_PROCESS), None),
    (Procedure.CREDIT_SIGNING, _record(credit=PAID), None),
    (Procedure.CREDIT_SIGNING, _record(credit=OPEN), Blocker.HAS_CREDIT),
    (Procedure.ACCOUNT_RECOVERY, _record(), None),
])
def test_what_the_record_must_show_for_each_procedure(
        procedure: Procedure, record: WorkerRecord, expected: Blocker | None) -> None:
    assert blocker(procedure, record) is expected


def test_only_the_return_of_savings_asks_for_the_pension_resolution() -> None:
    assert [p for p in Procedure if needs_pension_resolution(p)] == [Procedure.RETURN_OF_SAVINGS]
