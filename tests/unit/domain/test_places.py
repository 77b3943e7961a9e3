"""A state or centre from what a worker types: short names, no accents, typos, inside a
sentence, in English; nothing for words that name no place."""

from __future__ import annotations

import pytest

from domain.appointments.centres import CENTRE_STATE_CODES, default_centres
from domain.appointments.places import STATES, Place, find_place


@pytest.mark.parametrize(("typed", "place"), [
    ("nuevo leon", Place("NL")),
    ("Nuevo León", Place("NL")),
    ("nuevo lein", Place("NL")),
    ("NL", Place("NL")),
    ("edomex", Place("MC")),
    ("edo mex", Place("MC")),
    ("cdmx", Place("DF")),
    ("df", Place("DF")),
    ("ciudad de mexico", Place("DF")),
    ("I live in Mexico City", Place("DF")),
    ("jalisco", Place("JC")),
    ("jalsico", Place("JC")),
    ("en sonora por favor", Place("SR")),
    ("baja california sur", Place("BS")),
    ("baja california", Place("BC")),
    ("durango", Place("DG")),
    ("vivo en monterey", Place("NL", "mty-centro")),
    ("guadalajra", Place("JC", "gdl-palomar")),
    ("gomez palacio", Place("DG", "gomez-palacio")),
    ("apodaka", Place("NL", "apodaca-milimex")),
    ("san juan del rio", Place("QT", "sjr-centro")),
    ("vivo en saltilo", Place("CM", "saltillo-la-fragua")),
    ("coahuila", Place("CM")),
])
def test_a_typed_place_is_found(typed: str, place: Place) -> None:
    assert find_place(typed, default_centres()) == place


@pytest.mark.parametrize("typed", ["hola", "no se", "sin idea", "ver opciones", "", "123"])
def test_words_that_name_no_place_find_nothing(typed: str) -> None:
    assert find_place(typed, default_centres()) is None


def test_every_state_is_known_by_its_name() -> None:
    assert set(STATES) == set(CENTRE_STATE_CODES)
    for code, (name, *_) in STATES.items():
        assert find_place(name.lower(), default_centres()) == Place(code), name


@pytest.mark.parametrize(("typed", "city"), [
    ("gdl", "Guadalajara"), ("vivo en zapopan", "Guadalajara"), ("en mty", "Monterrey"),
    ("tj", "Tijuana"), ("cd juarez", "Ciudad Juárez"), ("vallarta", "Puerto Vallarta"),
])
def test_city_nicknames_and_neighbours_name_a_centre(typed: str, city: str) -> None:
    catalog = default_centres()
    place = find_place(typed, catalog)
    assert place is not None and place.centre_id is not None, typed
    assert catalog.by_id(place.centre_id).city == city


@pytest.mark.parametrize(("typed", "state"), [("ecatepec", "MC"), ("benito juarez", "DF"),
                                               ("torreon", "CM")])
def test_a_big_city_without_a_centre_names_its_state(typed: str, state: str) -> None:
    assert find_place(typed, default_centres()) == Place(state)


@pytest.mark.parametrize(("typed", "city"), [
    ("coyoacan", "Tlalpan"), ("el que este mas cerca de coyoacan", "Tlalpan"),
    ("vivo en la gam", "Azcapotzalco"), ("tlahuac", "Iztapalapa"), ("xochimilco", "Tlalpan"),
])
def test_a_mexico_city_borough_without_a_centre_names_the_one_next_to_it(typed: str,
                                                                        city: str) -> None:
    catalog = default_centres()
    place = find_place(typed, catalog, "DF")
    assert place is not None and place.centre_id is not None, typed
    assert catalog.by_id(place.centre_id).city == city
