"""The service centres (CESI) that take appointments, read once from ``data/centres.json``.

``default_centres()`` reads the shipped file on first use and keeps the result;
``load_centres(path)`` reads another file (tests). Values the file does not take from
shared/DOMAIN.md are listed under its ``assumptions``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.identifiers.curp import STATE_CODES
from domain.reference.model import Source
from domain.reference.parse import ParseError, num, text

Hours = tuple[time, time]
CENTRE_STATE_CODES = STATE_CODES - {"NE"}  # NE (born abroad) is no place for a centre
_AS_OF = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class InvalidCentreData(ParseError):
    """The centres file breaks its schema; the message names the centre and the problem."""


@dataclass(frozen=True)
class Centre:
    id: str
    name: str
    city: str
    address: str
    state_code: str
    state_name: str
    zone: ZoneInfo
    weekday_hours: Hours
    saturday_hours: Hours | None  # None: closed on Saturdays
    desks: int  # appointments that fit one slot
    hours_assumed: bool
    """The centre's source gives no hours: the usual ones are assumed (see the file)."""
    source: str
    address_as_of: str | None = None
    """The date of the address's source (YYYY, YYYY-MM or YYYY-MM-DD); None: undated."""
    dated: bool = False
    """The address is old (before 2023): the worker is told to confirm it before going."""

    @property
    def as_of_year(self) -> str | None:
        return self.address_as_of[:4] if self.address_as_of else None


@dataclass(frozen=True)
class CentreCatalog:
    centres: tuple[Centre, ...]
    slot_minutes: int
    book_from_days: int  # 1: no same-day booking
    book_until_days: int
    sources: tuple[Source, ...]

    def states(self) -> tuple[tuple[str, str], ...]:
        """(code, name) of the states having centres, sorted by name (accents ignored)."""
        names = {c.state_code: c.state_name for c in self.centres}
        return tuple(sorted(names.items(), key=lambda item: _sort_key(item[1])))

    def in_state(self, code: str) -> tuple[Centre, ...]:
        return tuple(c for c in self.centres if c.state_code == code)

    def by_id(self, centre_id: str) -> Centre:
        for centre in self.centres:
            if centre.id == centre_id:
                return centre
        raise KeyError(centre_id)


def load_centres(path: Path | Traversable | None = None) -> CentreCatalog:
    source = path if path is not None else _default_path()
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
        return _parse(raw)
    except InvalidCentreData:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidCentreData(f"{source.name}: {exc!r}") from exc


@functools.cache
def default_centres() -> CentreCatalog:
    """The shipped centres file, read once per process."""
    return load_centres()


def _default_path() -> Traversable:
    return files("domain.appointments").joinpath("data", "centres.json")


def _parse(raw: Any) -> CentreCatalog:
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        raise InvalidCentreData("schema_version must be 1")
    sources = tuple(
        Source(sid, text(s, "title"), s.get("url")) for sid, s in raw["sources"].items()
    )
    assumptions = raw["assumptions"]
    if not isinstance(assumptions, dict) or not all(
        isinstance(v, str) and v for v in assumptions.values()
    ):
        raise InvalidCentreData("assumptions must map each item to a non-empty sentence")
    slot_minutes = _count(raw, "slot_minutes", minimum=1)
    book_from = _count(raw, "book_from_days", minimum=0)
    book_until = _count(raw, "book_until_days", minimum=book_from)
    known_sources = {s.id for s in sources}
    centres: list[Centre] = []
    state_names: dict[str, str] = {}
    for entry in raw["centres"]:
        centre = _parse_centre(entry, slot_minutes, known_sources)
        if any(c.id == centre.id for c in centres):
            raise _problem(centre.id, "duplicate id")
        if state_names.setdefault(centre.state_code, centre.state_name) != centre.state_name:
            raise _problem(centre.id, f"another name for state {centre.state_code}")
        centres.append(centre)
    if not centres:
        raise InvalidCentreData("no centres")
    return CentreCatalog(tuple(centres), slot_minutes, book_from, book_until, sources)


def _parse_centre(entry: Any, slot_minutes: int, known_sources: set[str]) -> Centre:
    centre_id = text(entry, "id")
    try:
        return _build_centre(entry, centre_id, slot_minutes, known_sources)
    except ParseError as exc:
        raise _problem(centre_id, str(exc)) from None
    except (KeyError, TypeError) as exc:
        raise _problem(centre_id, f"missing or malformed {exc}") from None


def _build_centre(
    entry: Any, centre_id: str, slot_minutes: int, known_sources: set[str]
) -> Centre:
    state_code = text(entry, "state_code")
    if state_code not in CENTRE_STATE_CODES:
        raise InvalidCentreData(f"unknown state code {state_code!r}")
    zone_name = text(entry, "zone")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidCentreData(f"unknown zone {zone_name!r}") from None
    desks = _count(entry, "desks", minimum=1)
    if entry.get("source") not in known_sources:
        raise InvalidCentreData(f"unknown source {entry.get('source')!r}")
    saturday = entry["saturday_hours"]
    hours_assumed = entry["hours_assumed"]
    if not isinstance(hours_assumed, bool):
        raise InvalidCentreData("hours_assumed must be true or false")
    as_of = entry.get("address_as_of")
    if as_of is not None and not (isinstance(as_of, str) and _AS_OF.fullmatch(as_of)):
        raise InvalidCentreData(f"address_as_of must be YYYY, YYYY-MM or YYYY-MM-DD, not {as_of!r}")
    confidence = entry.get("confidence", "current")
    if confidence not in ("current", "dated"):
        raise InvalidCentreData(f"confidence must be 'current' or 'dated', not {confidence!r}")
    if confidence == "dated" and as_of is None:
        raise InvalidCentreData("a dated address needs its address_as_of")
    return Centre(
        id=centre_id,
        name=text(entry, "name"),
        city=text(entry, "city"),
        address=text(entry, "address"),
        state_code=state_code,
        state_name=text(entry, "state_name"),
        zone=zone,
        weekday_hours=_hours(entry["weekday_hours"], "weekday_hours", slot_minutes),
        saturday_hours=(
            None if saturday is None else _hours(saturday, "saturday_hours", slot_minutes)
        ),
        desks=desks,
        hours_assumed=hours_assumed,
        source=entry["source"],
        address_as_of=as_of,
        dated=confidence == "dated",
    )


def _problem(centre_id: str, what: str) -> InvalidCentreData:
    return InvalidCentreData(f"centre {centre_id!r}: {what}")


def _hours(value: Any, what: str, slot_minutes: int) -> Hours:
    if not isinstance(value, list) or len(value) != 2:
        raise InvalidCentreData(f"{what} must be [opening, closing]")
    try:
        opens, closes = (_hhmm(v) for v in value)
    except ValueError:
        raise InvalidCentreData(f"{what} must be HH:MM times, not {value!r}") from None
    if closes <= opens:
        raise InvalidCentreData(f"{what} reversed: opens {value[0]}, closes {value[1]}")
    if _minutes(closes) - _minutes(opens) < slot_minutes:
        raise InvalidCentreData(f"{what} {value[0]}-{value[1]} shorter than one slot")
    return opens, closes


def _hhmm(value: Any) -> time:
    if not isinstance(value, str) or len(value) != 5:
        raise ValueError(value)
    return datetime.strptime(value, "%H:%M").time()


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _count(node: Any, key: str, minimum: int) -> int:
    value = num(node, key)
    if value < minimum:
        raise InvalidCentreData(f"{key} must be an integer >= {minimum}, not {value!r}")
    return value


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
