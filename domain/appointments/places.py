"""Finding a state or a centre from what a worker types: «nuevo leon», «edomex», «cdmx»,
«jalsico», «vivo en monterey». Typed on a phone, so without accents, in lower case, with
typos and inside a sentence.

Every state is known (the 32 of the CURP codes, with the short names people use), whether
or not the catalog has a centre there: a worker in a state without a sourced centre is told
so instead of "not found". A centre is found by its city. The match is on the words typed:
each run of one to four words is compared with every name (Damerau-Levenshtein, so a swap of
two letters is one typo); names of four letters or fewer («cdmx», «nl») must be typed
exactly. The closest name wins; then the longer phrase («ciudad de mexico» is not «mexico»);
then a state over a centre's city («durango» is the state, whose centres are then listed).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from domain.appointments.centres import CentreCatalog

STATES: dict[str, tuple[str, ...]] = {
    # CURP code: official name first, then the names and abbreviations people type (not
    # those that are also everyday words: «sin», «son», «ver», «pue»)
    "AS": ("Aguascalientes", "ags"),
    "BC": ("Baja California", "bc", "baja california norte"),
    "BS": ("Baja California Sur", "bcs"),
    "CC": ("Campeche",),
    "CL": ("Colima",),
    "CM": ("Coahuila", "coah", "coahuila de zaragoza"),
    "CS": ("Chiapas",),
    "CH": ("Chihuahua", "chih"),
    "DF": ("Ciudad de México", "cdmx", "df", "distrito federal", "mexico df", "cd mx",
           "cd de mexico", "mexico city"),
    "DG": ("Durango", "dgo"),
    "GT": ("Guanajuato", "gto"),
    "GR": ("Guerrero",),
    "HG": ("Hidalgo", "hgo"),
    "JC": ("Jalisco", "jal"),
    "MC": ("Estado de México", "edomex", "edo mex", "edo de mexico", "mexico", "state of mexico"),
    "MN": ("Michoacán", "mich", "michoacan de ocampo"),
    "MS": ("Morelos",),
    "NT": ("Nayarit",),
    "NL": ("Nuevo León", "nl"),
    "OC": ("Oaxaca", "oax"),
    "PL": ("Puebla",),
    "QT": ("Querétaro", "qro"),
    "QR": ("Quintana Roo", "qroo", "q roo"),
    "SP": ("San Luis Potosí", "slp"),
    "SL": ("Sinaloa",),
    "SR": ("Sonora",),
    "TC": ("Tabasco",),
    "TS": ("Tamaulipas", "tamps"),
    "TL": ("Tlaxcala", "tlax"),
    "VZ": ("Veracruz",),
    "YN": ("Yucatán", "yuc"),
    "ZS": ("Zacatecas", "zac"),
}

NICKNAMES: dict[str, str] = {
    # what people call a city (or the city next door, in the same metropolitan area) ->
    # the catalog's city, or a state's CURP code where the catalog has no centre there
    "gdl": "Guadalajara", "guanatos": "Guadalajara", "zapopan": "Guadalajara",
    "tlaquepaque": "Guadalajara", "tonala": "Guadalajara", "tlajomulco": "Guadalajara",
    "mty": "Monterrey", "san pedro garza garcia": "Monterrey", "santa catarina": "Monterrey",
    "escobedo": "Monterrey", "san nico": "San Nicolás de los Garza",
    "tj": "Tijuana", "tijuas": "Tijuana", "rosarito": "Tijuana",
    "juarez": "Ciudad Juárez", "cd juarez": "Ciudad Juárez", "juaritos": "Ciudad Juárez",
    "vallarta": "Puerto Vallarta", "pto vallarta": "Puerto Vallarta",
    "los cabos": "San José del Cabo", "cabo san lucas": "San José del Cabo",
    "cd del carmen": "Ciudad del Carmen", "cd obregon": "Ciudad Obregón",
    "cd victoria": "Ciudad Victoria", "cd valles": "Ciudad Valles", "tuxtla": "Tuxtla Gutiérrez",
    "izcalli": "Cuautitlán Izcalli", "cuautitlan": "Cuautitlán Izcalli",
    "jalapa": "Xalapa", "coatza": "Coatzacoalcos", "cuerna": "Cuernavaca",
    "sjr": "San Juan del Río", "pachuca de soto": "Pachuca", "playa del carmen": "Cancún",
    "ecatepec": "MC", "naucalpan": "MC", "neza": "MC", "nezahualcoyotl": "MC",
    "chalco": "MC", "texcoco": "MC", "coacalco": "MC", "tecamac": "MC", "ixtapaluca": "MC",
    # Mexico City's boroughs without a centre -> the borough of the centre next to them
    "coyoacan": "Tlalpan", "xochimilco": "Tlalpan", "milpa alta": "Tlalpan",
    "gam": "Azcapotzalco", "gustavo a madero": "Azcapotzalco", "tlahuac": "Iztapalapa",
    "iztacalco": "Venustiano Carranza", "miguel hidalgo": "Cuauhtémoc",
    "cuajimalpa": "Álvaro Obregón", "magdalena contreras": "Álvaro Obregón",
    "benito juarez": "DF",
    "torreon": "CM", "piedras negras": "CM", "los mochis": "Los Mochis",
}

MIN_SIMILARITY = 0.8
SHORT = 4
"""Names this long or shorter match only when typed exactly."""
MAX_WORDS = 4
FILLER = frozenset("en el la los de del estado ciudad vivo soy estoy quiero cita por favor "
                   "me queda mas cerca aqui in the state city i live".split())


@dataclass(frozen=True)
class Place:
    """What the words named: a state (``centre_id`` None) or one centre (and its state)."""

    state_code: str
    centre_id: str | None = None


def fold(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch if ch.isalnum() else " " for ch in decomposed
                    if not unicodedata.combining(ch))
    return " ".join(plain.split())


def state_name(code: str) -> str:
    return STATES[code][0]


def find_place(typed: str, catalog: CentreCatalog, state_code: str | None = None) -> Place | None:
    """The state or centre ``typed`` names best, or None when nothing is near enough.
    With ``state_code`` a centre of that state wins a tie with any other name."""
    words = fold(typed).split()
    if not words:
        return None
    names = _names(catalog)
    best: tuple[float, int, int, Place] | None = None
    for phrase in _phrases(words):
        for name, place in names:
            score = _similarity(phrase, name)
            if score < MIN_SIMILARITY:
                continue
            key = (score, len(phrase), _preference(place, state_code))
            if best is None or key > best[:3]:
                best = (*key, place)
    return best[3] if best else None


_PLAIN_WORDS = frozenset({"centro", "norte", "sur", "oriente", "poniente", "plaza"})
"""What is left of a centre's name without its city, too common to name it («centro»)."""


def _names(catalog: CentreCatalog) -> list[tuple[str, Place]]:
    names = [(fold(name), Place(code)) for code, spellings in STATES.items()
             for name in spellings]
    by_city = {fold(centre.city): Place(centre.state_code, centre.id)
               for centre in catalog.centres}
    names += list(by_city.items())
    for centre in catalog.centres:  # «balderas», «el de ermita»: a centre by its own name
        own = " ".join(fold(centre.name).removeprefix("cesi ").replace(fold(centre.city), " ")
                       .split())
        if len(own) > SHORT and own not in _PLAIN_WORDS and own not in by_city:
            names.append((own, Place(centre.state_code, centre.id)))
    for nickname, target in NICKNAMES.items():
        place = Place(target) if target in STATES else by_city.get(fold(target))
        if place is not None:  # a city the catalog has no centre in is left out
            names.append((fold(nickname), place))
    return names


def names_the_state(typed: str, code: str) -> bool:
    """Whether ``typed`` names the state ``code`` itself («cdmx», «estado de mexico»), not a
    place in it («neza», «benito juarez»)."""
    said = f" {fold(typed)} "
    return any(f" {fold(name)} " in said for name in STATES[code])


def _phrases(words: list[str]) -> set[str]:
    """Every run of 1-``MAX_WORDS`` words, and the same with the filler words dropped."""
    kept = [word for word in words if word not in FILLER] or words
    phrases: set[str] = set()
    for sequence in (words, kept):
        for size in range(1, MAX_WORDS + 1):
            for start in range(len(sequence) - size + 1):
                phrases.add(" ".join(sequence[start:start + size]))
    return phrases


def _similarity(phrase: str, name: str) -> float:
    if len(name) <= SHORT or len(phrase) <= SHORT:
        return 1.0 if phrase == name else 0.0
    return DamerauLevenshtein.normalized_similarity(phrase, name)


def _preference(place: Place, state_code: str | None) -> int:
    """On equal similarity: a centre of the state being looked at, then a state, then any
    other centre."""
    if place.centre_id is not None and place.state_code == state_code:
        return 2
    return 1 if place.centre_id is None else 0
