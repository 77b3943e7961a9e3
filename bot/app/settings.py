"""Typed, frozen settings read once from an injected environment mapping.

Each setting is declared once, as a field of ``Settings``: its name gives the variable
(``port`` is ``MICUENTA_PORT``), its ``setting(...)`` the default, the check that parses
and validates the text, and whether it is a secret (kept out of ``repr``, out of error
messages and, through ``secret_values``, out of the logs). A bad value raises
``SettingsError`` naming the variable, what was given and what is expected, so an operator
can fix it without reading code. Nothing else in the service reads the environment: the
composition root hands ``os.environ`` to ``Settings.from_env`` (a test enforces it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PREFIX = "MICUENTA_"
TEST_PREFIX = PREFIX + "TEST_"
"""The test suite's own variables (its Redis and PostgreSQL): not settings of the service."""
LOCALES = ("es_MX", "en")
MODES = ("demo", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_SPEC = "micuenta.setting"

T = TypeVar("T")


def served_url(host: str, port: int) -> str:
    """The address ``serve`` answers on, as a link: a wildcard host is reached as localhost
    from this machine (behind a proxy, set ``MICUENTA_PUBLIC_URL``)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


class Invalid(ValueError):
    """Raised by a check: what is expected, and what is wrong (the variable is added by
    ``from_env``, and the value with it only when it is not a secret)."""

    def __init__(self, expected: str, problem: str = "is not valid") -> None:
        super().__init__(expected)
        self.expected = expected
        self.problem = problem


Check = Callable[[str], T]
"""Parses one variable's text (already stripped, never empty) or raises ``Invalid``."""


@dataclass(frozen=True)
class _Spec:
    check: Check[Any]
    secret: bool


def setting(default: T, check: Check[T], *, secret: bool = False) -> T:
    """Declare a setting: its default (used when the variable is unset or blank), the check
    of a given value, and whether the value is a secret."""
    return field(default=default, repr=not secret, metadata={_SPEC: _Spec(check, secret)})


def variable(name: str) -> str:
    """The environment variable of the setting ``name``."""
    return PREFIX + name.upper()


# --- checks ------------------------------------------------------------------------------


def text(raw: str) -> str:
    return raw


def integer(low: int, high: int) -> Check[int]:
    def check(raw: str) -> int:
        try:
            number = int(raw)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise Invalid(f"a whole number from {low} to {high}")
        return number
    return check


def flag(raw: str) -> bool:
    if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
        raise Invalid("true or false")
    return raw.lower() in ("true", "1", "yes")


def choice(*options: str, fold: Callable[[str], str] = str) -> Check[str]:
    """One of ``options``, compared after ``fold`` (e.g. ``str.upper``)."""
    def check(raw: str) -> str:
        if fold(raw) not in options:
            raise Invalid("one of " + ", ".join(options))
        return fold(raw)
    return check


def url(*schemes: str) -> Check[str]:
    def check(raw: str) -> str:
        scheme, sep, rest = raw.partition("://")
        if not sep or scheme not in schemes or (not rest and scheme != "memory"):
            raise Invalid("a URL starting with " + " or ".join(s + "://" for s in schemes))
        return raw
    return check


def pattern(regex: re.Pattern[str], expected: str) -> Check[str]:
    def check(raw: str) -> str:
        if not regex.match(raw):
            raise Invalid(expected)
        return raw
    return check


def zone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("an IANA time zone such as America/Mexico_City") from None
    return raw


def path(raw: str) -> Path:
    return Path(raw)


def long_secret(raw: str) -> str:
    if len(raw) < 32:
        raise Invalid("at least 32 random characters, e.g. the output of `python -c 'import "
                      "secrets; print(secrets.token_urlsafe(32))'`",
                      problem=f"is too short ({len(raw)} characters)")
    return raw


# --- the settings ------------------------------------------------------------------------

_HTTP = url("http", "https")


@dataclass(frozen=True)
class Settings:
    mode: str = setting("demo", choice(*MODES))
    database_url: str = setting("sqlite+aiosqlite:///var/micuenta.db",
                                url("sqlite+aiosqlite", "postgresql+asyncpg"))
    redis_url: str = setting("memory://", url("memory", "redis", "rediss", "unix"))
    redis_cluster: bool = setting(False, flag)
    """``MICUENTA_REDIS_URL`` names one node of a Redis Cluster (any: the others are found
    from it); the service then uses the cluster client (``bot/pipeline/redis_cluster.py``)."""
    secret_key: str | None = setting(None, long_secret, secret=True)
    host: str = setting("127.0.0.1", text)
    port: int = setting(8080, integer(1, 65535))
    locale: str = setting("es_MX", choice(*LOCALES))
    timezone: str = setting("America/Mexico_City", zone)
    processes: int = setting(1, integer(1, 64))
    """``serve`` processes sharing the port (more than one needs a real Redis)."""
    child_process: bool = setting(False, flag)
    """Set by ``serve`` for the extra processes it starts (not for operators)."""
    session_timeout: int = setting(600, integer(60, 86400))
    anonymous_timeout: int = setting(1800, integer(60, 86400))
    transcript_retention_days: int = setting(365, integer(1, 3650))
    """Transcripts older than this are deleted (an hourly purge in each serve process)."""
    data_dir: Path = setting(Path("var"), path)
    log_level: str = setting("INFO", choice(*LOG_LEVELS, fold=str.upper))
    operator_name: str = setting("Mi Cuenta (demostración)", text)
    support_phone: str = setting("800 008 3900", text)
    public_url: str = setting("", _HTTP)
    """Where users reach this service (links in messages, the pages' origin check); empty
    means the address ``serve`` listens on (``host`` and ``port``)."""
    telegram_token: str | None = setting(None, text, secret=True)
    telegram_api_url: str = setting("https://api.telegram.org/bot", _HTTP)
    telegram_webhook_url: str | None = setting(None, url("https", "http"))
    telegram_webhook_secret: str | None = setting(
        None, pattern(_TELEGRAM_SECRET, "1-256 characters of A-Z, a-z, 0-9, _ and -"),
        secret=True)
    whatsapp_app_secret: str | None = setting(None, text, secret=True)
    whatsapp_verify_token: str | None = setting(None, text, secret=True)
    whatsapp_token: str | None = setting(None, text, secret=True)
    whatsapp_phone_number_id: str | None = setting(None, pattern(re.compile(r"^\d{1,32}$"),
                                                                 "digits only"))
    whatsapp_api_url: str = setting("https://graph.facebook.com/v25.0", _HTTP)
    whatsapp_template_name: str | None = setting(None, text)
    """An approved utility template (one body parameter) for replies outside the 24-hour
    window; without it such replies are held with the reason."""
    whatsapp_template_language: str = setting("es_MX", text)
    whatsapp_template_text_chars: int = setting(200, integer(0, 900))
    """Characters of that template's own body text (without its parameter): the reply in
    the parameter gets what is left of the 1,024 of a template's body."""
    whatsapp_template_buttons_name: str | None = setting(None, text)
    """An approved template like ``whatsapp_template_name`` (one body parameter, the same
    language and own text length) that also has quick-reply buttons titled 1, 2, 3, ... in
    order: outside the 24-hour window a reply with options (no more than it has buttons)
    goes as this one, its options numbered in the body and each button carrying its
    option, so a tap answers as the option would."""
    whatsapp_template_buttons: int = setting(3, integer(1, 10))
    """How many quick-reply buttons that template has (WhatsApp allows up to 10)."""
    whatsapp_rate: int = setting(80, integer(1, 10_000))
    """Messages per second our number may send (Meta's default is 80; it can be raised)."""
    inbox_max_attempts: int = setting(5, integer(1, 1000))
    """Deliveries of an inbox entry that keeps failing before it goes to the dead letters
    (``micuenta inbox dead``)."""
    smtp_host: str | None = setting(None, text)
    smtp_port: int = setting(587, integer(1, 65535))
    smtp_user: str | None = setting(None, text)
    smtp_password: str | None = setting(None, text, secret=True)
    smtp_from: str = setting("Mi Cuenta <no-responder@micuenta.example>", text)
    sms_url: str | None = setting(None, _HTTP)
    sms_token: str | None = setting(None, text, secret=True)
    backup_keep_days: int = setting(14, integer(0, 3650))
    """Days of daily backups kept; 0 turns the in-process daily backup off (use the
    systemd timer of ``deploy/`` instead)."""
    backup_at: str = setting("03:30", pattern(re.compile(r"^([01]\d|2[0-3]):[0-5]\d$"),
                                              "a time of day as HH:MM"))
    """Local time (``timezone``) after which the day's backup is taken."""
    metrics_port: int | None = setting(None, integer(1, 65535))
    """``/metrics`` alone on this port (unset: on the service's port)."""
    metrics_token: str | None = setting(None, text, secret=True)
    """``/metrics`` needs ``Authorization: Bearer <token>`` when set."""
    staff_password: str | None = setting(None, text, secret=True)
    """The password of ``micuenta staff add`` (asked on the terminal when unset)."""

    def __post_init__(self) -> None:
        if not self.public_url:
            object.__setattr__(self, "public_url", served_url(self.host, self.port))
        else:
            object.__setattr__(self, "public_url", self.public_url.rstrip("/"))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"

    def secret_values(self) -> list[str]:
        """Every secret setting's value, for the log redaction."""
        return [value for item in fields(self) if item.metadata[_SPEC].secret
                and isinstance(value := getattr(self, item.name), str) and value]

    @classmethod
    def variables(cls) -> list[str]:
        """Every variable the service reads, in declaration order."""
        return [variable(item.name) for item in fields(cls)]

    @classmethod
    def unknown(cls, env: Mapping[str, str]) -> list[str]:
        """``MICUENTA_`` variables in ``env`` that are no setting (a typo, or one retired),
        each with the closest setting when there is one: for a warning at start."""
        known = [item.name.upper() for item in fields(cls)]
        found = []
        for name in sorted(env):
            if name.startswith(PREFIX) and not name.startswith(TEST_PREFIX) \
                    and name.removeprefix(PREFIX) not in known:
                close = difflib.get_close_matches(name.removeprefix(PREFIX), known, n=1)
                found.append(f"{name} (did you mean {PREFIX}{close[0]}?)" if close else name)
        return found

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from ``env`` (usually ``os.environ``), validating every value."""
        given: dict[str, Any] = {}
        for item in fields(cls):
            name = variable(item.name)
            raw = (env.get(name) or "").strip()
            if not raw:
                continue
            spec: _Spec = item.metadata[_SPEC]
            try:
                given[item.name] = spec.check(raw)
            except Invalid as error:
                shown = name if spec.secret else f"{name}={raw!r}"
                raise SettingsError(
                    f"{shown} {error.problem}: expected {error.expected}") from None
        settings = cls(**given)
        if settings.mode == "production":
            _check_production(settings)
        if settings.processes > 1 and settings.redis_url.startswith("memory"):
            raise SettingsError(
                f"MICUENTA_PROCESSES={settings.processes} needs a shared Redis: set "
                "MICUENTA_REDIS_URL to a redis:// server (memory:// lives in one process)")
        if settings.redis_cluster and not settings.redis_url.startswith(("redis:", "rediss:")):
            raise SettingsError(
                "MICUENTA_REDIS_CLUSTER=true needs MICUENTA_REDIS_URL to name a node of the "
                "cluster (redis://host:port)")
        return settings


def _check_production(settings: Settings) -> None:
    missing = []
    if not settings.secret_key:
        missing.append("MICUENTA_SECRET_KEY")
    if settings.redis_url.startswith("memory"):
        missing.append("MICUENTA_REDIS_URL (a real redis:// server, not memory://)")
    if settings.database_url.startswith("sqlite"):
        missing.append("MICUENTA_DATABASE_URL (PostgreSQL)")
    if not settings.smtp_host:
        missing.append("MICUENTA_SMTP_HOST")
    if not (settings.sms_url and settings.sms_token):
        missing.append("MICUENTA_SMS_URL and MICUENTA_SMS_TOKEN")
    if missing:
        raise SettingsError(
            "MICUENTA_MODE=production refuses to start without: " + ", ".join(missing)
        )
