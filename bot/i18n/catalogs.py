"""Message catalogs, formatting of values and Jinja2 templates, per locale.

The catalogs are gettext PO files under ``locales/<locale>/LC_MESSAGES/*.po`` whose
``msgid`` is a message key (``menu.prompt``) and whose ``msgstr`` is the sentence;
es_MX is the source language and en the translation. Every file of a locale is merged,
so each feature can keep its own file. Placeholders use ``str.format`` braces.

A sentence with a count has plural forms (``msgid_plural``/``msgstr[n]``, chosen by the
locale's plural rule, as ``ngettext`` does). Its ``msgid`` is the key and its
``msgid_plural`` names the placeholder that holds the count::

    msgid "error.code.wrong"
    msgid_plural "left"
    msgstr[0] "Te queda {left} intento."
    msgstr[1] "Te quedan {left} intentos."

so flows keep saying ``Msg("error.code.wrong", left=n)`` and the right form is picked.
"""

from __future__ import annotations

import gettext
import logging
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date, format_datetime, format_skeleton, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

from bot.conversation.messages import (
    ClockTime,
    DateTime,
    LongDate,
    Money,
    Msg,
    Percent,
    ShortDate,
    Template,
)
from domain.errors import DomainError

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
SOURCE_LOCALE = "es_MX"


class MissingMessage(KeyError):
    """A key is absent from a catalog: a programming error the catalog test catches."""


@dataclass(frozen=True)
class PluralEntry:
    """A sentence's forms by count; ``count`` names the placeholder holding the count."""

    count: str
    forms: tuple[str, ...]
    rule: Callable[[int], int] = field(compare=False)

    def pick(self, n: object) -> str:
        """The form for ``n`` (a number that is not whole takes the last form)."""
        try:
            number = Decimal(str(n).replace(",", ""))
        except ArithmeticError:
            return self.forms[-1]
        if not number.is_finite() or number != number.to_integral_value():
            return self.forms[-1]
        whole = int(number)
        return self.forms[min(self.rule(abs(whole)), len(self.forms) - 1)]


def load_catalog(directory: Path) -> dict[str, str]:
    """Merge every PO file of one locale into a key -> sentence mapping (a plural entry
    maps to its last form here; ``load_plurals`` has all of them)."""
    messages: dict[str, str] = {}
    for path in sorted(directory.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple | list) else message.id
            if not key:
                continue
            if key in messages:
                raise ValueError(f"{path}: message id {key!r} defined twice")
            if isinstance(message.string, tuple | list):
                messages[key] = next((form for form in reversed(message.string) if form), "")
            else:
                messages[key] = message.string if isinstance(message.string, str) else ""
    return messages


def load_plurals(directory: Path) -> dict[str, PluralEntry]:
    """The plural entries of one locale's PO files, each with the locale's plural rule."""
    plurals: dict[str, PluralEntry] = {}
    for path in sorted(directory.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=directory.parent.name)
        rule = gettext.c2py(catalog.plural_expr)
        for message in catalog:
            if message.id and isinstance(message.id, tuple | list):
                forms = list(message.string) if isinstance(message.string, tuple | list) else []
                while len(forms) > 1 and not forms[-1]:  # CLDR's "many" (es: millions)
                    forms.pop()                         # falls back to the last form given
                plurals[message.id[0]] = PluralEntry(message.id[1], tuple(forms), rule)
    return plurals


@dataclass(frozen=True)
class Catalogs:
    """All locales' messages and template environments, loaded once at start-up."""

    messages: Mapping[str, Mapping[str, str]]
    templates: jinja2.Environment
    plurals: Mapping[str, Mapping[str, PluralEntry]] = field(default_factory=dict)
    _translators: dict[tuple[str, str], Translator] = field(
        default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, root: Path = LOCALES_DIR) -> Catalogs:
        messages = {
            path.name: load_catalog(path / "LC_MESSAGES")
            for path in sorted(root.iterdir())
            if (path / "LC_MESSAGES").is_dir()
        }
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(root / "templates"),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                                default_for_string=False, default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,  # loaded once, like the catalogs: no stat() per render
        )
        plurals = {
            path.name: load_plurals(path / "LC_MESSAGES")
            for path in sorted(root.iterdir())
            if (path / "LC_MESSAGES").is_dir()
        }
        return cls(messages=messages, templates=environment, plurals=plurals)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self.messages)

    def locales_in_order(self, first: str) -> tuple[str, ...]:
        """All locales, ``first`` (the default) leading."""
        return tuple(sorted(self.messages, key=lambda locale: locale != first))

    def translator(self, locale: str, zone: ZoneInfo) -> Translator:
        if locale not in self.messages:
            locale = SOURCE_LOCALE
        key = (locale, zone.key)
        if key not in self._translators:
            self._translators[key] = Translator(self, locale, zone)
        return self._translators[key]


_FORMATTER = string.Formatter()


def _fill(pattern: str, values: Mapping[str, Any]) -> str:
    """``pattern`` filled, without the sentence's period right after a value that already
    ends in one ("a las 8:18 a.m." + "." is not "a.m.."); an ellipsis stays."""
    out: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(pattern):
        if (out and out[-1].endswith(".") and not out[-1].endswith("..")
                and literal.startswith(".") and not literal.startswith("..")):
            literal = literal[1:]
        out.append(literal)
        if name is not None:
            value = _FORMATTER.convert_field(values[name], conversion)
            out.append(_FORMATTER.format_field(value, spec or ""))
    return "".join(out)


class Translator:
    """Renders keys, values and templates for one locale and time zone."""

    def __init__(self, catalogs: Catalogs, locale: str, zone: ZoneInfo) -> None:
        self.catalogs = catalogs
        self.locale = locale
        self.zone = zone
        self._messages = catalogs.messages[locale]
        self._plurals = catalogs.plurals.get(locale, {})

    def text(self, key: str, params: Mapping[str, Any] | None = None) -> str:
        plural = self._plurals.get(key)
        if plural is not None:
            if not params or plural.count not in params:
                raise MissingMessage(f"{key!r} needs the count {plural.count!r}")
            pattern = plural.pick(params[plural.count])
        else:
            try:
                pattern = self._messages[key]
            except KeyError:
                raise MissingMessage(f"{key!r} missing from the {self.locale} catalog") from None
        if not params:
            return pattern
        values = {name: self.value(value) for name, value in params.items()}
        text = pattern.format_map(values)
        if ".." in text and any(isinstance(v, str) and v.endswith(".") for v in values.values()):
            return _fill(pattern, values)  # a value ending in "." before the sentence's own
        return text

    def __call__(self, key: str, /, **params: Any) -> str:
        return self.text(key, params)

    def ngettext(self, key: str, n: int, /, **params: Any) -> str:
        """A plural entry's form for ``n`` (``n`` fills its count placeholder)."""
        plural = self._plurals.get(key)
        if plural is None:
            raise MissingMessage(f"{key!r} has no plural forms in the {self.locale} catalog")
        return self.text(key, {**params, plural.count: n})

    def render(self, content: Msg | Template) -> str:
        if isinstance(content, Msg):
            return self.text(content.key, content.params)
        template = self.catalogs.templates.get_template(f"{content.name}.j2")
        return template.render(_=self, fmt=self.value, **content.params).strip()

    def value(self, value: Any) -> Any:
        """Format one placeholder value for this locale."""
        if isinstance(value, Msg):
            return self.text(value.key, value.params)
        if isinstance(value, DomainError):
            return self.text(value.key, value.params)
        if isinstance(value, list | tuple) and all(
            isinstance(item, Msg | DomainError) for item in value
        ):
            return "\n".join("• " + self.value(item) for item in value)
        if isinstance(value, Money):
            return format_currency(value.amount, "MXN", locale=self.locale)
        if isinstance(value, Percent):
            return format_percent(value.value, "#,##0.##%", locale=self.locale)
        if isinstance(value, LongDate):
            return format_date(value.value, format="long", locale=self.locale)
        if isinstance(value, ShortDate):
            return format_skeleton("MMMEd", value.value, locale=self.locale)
        if isinstance(value, ClockTime):
            return format_time(value.value, format="short", tzinfo=value.value.tzinfo,
                               locale=self.locale)
        if isinstance(value, DateTime):
            return format_datetime(value.value, format="medium", tzinfo=self.zone,
                                   locale=self.locale)
        if isinstance(value, datetime):
            return format_datetime(value, format="medium", tzinfo=self.zone, locale=self.locale)
        if isinstance(value, date):
            return format_date(value, format="long", locale=self.locale)
        if isinstance(value, Decimal | float):
            return format_decimal(value, locale=self.locale)
        return value
