"""Typed, frozen settings read once from an injected environment mapping.

Every variable carries the ``MICUENTA_`` prefix. A bad value raises ``SettingsError``
naming the variable, what was given and what is expected, so an operator can fix it
without reading code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PREFIX = "MICUENTA_"
LOCALES = ("es_MX", "en")
MODES = ("demo", "production")
_TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

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


@dataclass(frozen=True)
class Settings:
    mode: str = "demo"
    database_url: str = "sqlite+aiosqlite:///var/micuenta.db"
    redis_url: str = "memory://"
    redis_cluster: bool = False
    """``MICUENTA_REDIS_URL`` names one node of a Redis Cluster (any: the others are found
    from it); the service then uses the cluster client (``bot/redis_cluster.py``)."""
    secret_key: str | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    port: int = 8080
    locale: str = "es_MX"
    timezone: str = "America/Mexico_City"
    processes: int = 1
    """``serve`` processes sharing the port (more than one needs a real Redis)."""
    session_timeout: int = 600
    anonymous_timeout: int = 1800
    transcript_retention_days: int = 365
    """Transcripts older than this are deleted (an hourly purge in each serve process)."""
    data_dir: Path = Path("var")
    operator_name: str = "Mi Cuenta (demostración)"
    support_phone: str = "800 008 3900"
    public_url: str = ""
    """Where users reach this service (links in messages, the pages' origin check); empty
    means the address ``serve`` listens on (``host`` and ``port``)."""
    telegram_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = field(default=None, repr=False)
    whatsapp_app_secret: str | None = field(default=None, repr=False)
    whatsapp_verify_token: str | None = field(default=None, repr=False)
    whatsapp_token: str | None = field(default=None, repr=False)
    whatsapp_phone_number_id: str | None = None
    whatsapp_api_url: str = "https://graph.facebook.com/v25.0"
    whatsapp_template_name: str | None = None
    """An approved utility template (one body parameter) for replies outside the 24-hour
    window; without it such replies are held with the reason."""
    whatsapp_template_language: str = "es_MX"
    whatsapp_template_text_chars: int = 200
    """Characters of that template's own body text (without its parameter): the reply in
    the parameter gets what is left of the 1,024 of a template's body."""
    whatsapp_rate: int = 80
    """Messages per second our number may send (Meta's default is 80; it can be raised)."""
    inbox_max_attempts: int = 5
    """Deliveries of an inbox entry that keeps failing before it goes to the dead letters
    (``micuenta inbox dead``)."""
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str = "Mi Cuenta <no-responder@micuenta.example>"
    sms_url: str | None = None
    sms_token: str | None = field(default=None, repr=False)
    metrics_port: int | None = None
    """``/metrics`` alone on this port (unset: on the service's port)."""
    metrics_token: str | None = field(default=None, repr=False)
    """``/metrics`` needs ``Authorization: Bearer <token>`` when set."""

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
        """Every secret setting's value (the fields kept out of ``repr``), for the log
        redaction."""
        return [value for item in fields(self) if not item.repr
                and isinstance(value := getattr(self, item.name), str) and value]

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from ``env`` (usually ``os.environ``), validating every value."""
        reader = _Reader(env)
        defaults = cls()
        settings = cls(
            mode=reader.choice("MODE", MODES, defaults.mode),
            database_url=reader.url("DATABASE_URL", defaults.database_url,
                                    ("sqlite+aiosqlite", "postgresql+asyncpg")),
            redis_url=reader.url("REDIS_URL", defaults.redis_url,
                                 ("memory", "redis", "rediss", "unix")),
            redis_cluster=reader.flag("REDIS_CLUSTER", defaults.redis_cluster),
            secret_key=reader.secret_key("SECRET_KEY"),
            host=reader.text("HOST", defaults.host),
            port=reader.integer("PORT", defaults.port, 1, 65535),
            locale=reader.choice("LOCALE", LOCALES, defaults.locale),
            timezone=reader.zone("TIMEZONE", defaults.timezone),
            processes=reader.integer("PROCESSES", defaults.processes, 1, 64),
            session_timeout=reader.integer("SESSION_TIMEOUT", defaults.session_timeout, 60, 86400),
            transcript_retention_days=reader.integer(
                "TRANSCRIPT_RETENTION_DAYS", defaults.transcript_retention_days, 1, 3650),
            anonymous_timeout=reader.integer("ANONYMOUS_TIMEOUT", defaults.anonymous_timeout,
                                             60, 86400),
            data_dir=Path(reader.text("DATA_DIR", str(defaults.data_dir))),
            operator_name=reader.text("OPERATOR_NAME", defaults.operator_name),
            support_phone=reader.text("SUPPORT_PHONE", defaults.support_phone),
            public_url=reader.url("PUBLIC_URL", "", ("http", "https")),
            telegram_token=reader.optional("TELEGRAM_TOKEN"),
            telegram_api_url=reader.url("TELEGRAM_API_URL", defaults.telegram_api_url,
                                        ("http", "https")),
            telegram_webhook_url=reader.optional_url("TELEGRAM_WEBHOOK_URL", ("https", "http")),
            telegram_webhook_secret=reader.pattern("TELEGRAM_WEBHOOK_SECRET", _TELEGRAM_SECRET,
                                                   "1-256 characters of A-Z, a-z, 0-9, _ and -"),
            whatsapp_app_secret=reader.optional("WHATSAPP_APP_SECRET"),
            whatsapp_verify_token=reader.optional("WHATSAPP_VERIFY_TOKEN"),
            whatsapp_token=reader.optional("WHATSAPP_TOKEN"),
            whatsapp_phone_number_id=reader.pattern("WHATSAPP_PHONE_NUMBER_ID",
                                                    re.compile(r"^\d{1,32}$"), "digits only"),
            whatsapp_api_url=reader.url("WHATSAPP_API_URL", defaults.whatsapp_api_url,
                                        ("http", "https")),
            whatsapp_template_name=reader.optional("WHATSAPP_TEMPLATE_NAME"),
            whatsapp_template_language=reader.text("WHATSAPP_TEMPLATE_LANGUAGE",
                                                   defaults.whatsapp_template_language),
            whatsapp_template_text_chars=reader.integer(
                "WHATSAPP_TEMPLATE_TEXT_CHARS", defaults.whatsapp_template_text_chars, 0, 900),
            whatsapp_rate=reader.integer("WHATSAPP_RATE", defaults.whatsapp_rate, 1, 10_000),
            inbox_max_attempts=reader.integer("INBOX_MAX_ATTEMPTS",
                                              defaults.inbox_max_attempts, 1, 1000),
            smtp_host=reader.optional("SMTP_HOST"),
            smtp_port=reader.integer("SMTP_PORT", defaults.smtp_port, 1, 65535),
            smtp_user=reader.optional("SMTP_USER"),
            smtp_password=reader.optional("SMTP_PASSWORD"),
            smtp_from=reader.text("SMTP_FROM", defaults.smtp_from),
            sms_url=reader.optional_url("SMS_URL", ("http", "https")),
            sms_token=reader.optional("SMS_TOKEN"),
            metrics_port=reader.integer("METRICS_PORT", 0, 1, 65535) or None,
            metrics_token=reader.optional("METRICS_TOKEN"),
        )
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


class _Reader:
    """Reads and validates one variable at a time, naming it in every error."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env

    def _raw(self, name: str) -> str | None:
        value = self._env.get(PREFIX + name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def _fail(self, name: str, value: str, expected: str) -> SettingsError:
        return SettingsError(f"{PREFIX}{name}={value!r} is not valid: expected {expected}")

    def text(self, name: str, default: str) -> str:
        return self._raw(name) or default

    def optional(self, name: str) -> str | None:
        return self._raw(name)

    def _parse(self, name: str, default: T, parse: Callable[[str], T], expected: str) -> T:
        raw = self._raw(name)
        if raw is None:
            return default
        try:
            return parse(raw)
        except ValueError:
            raise self._fail(name, raw, expected) from None

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        expected = f"a whole number from {low} to {high}"

        def parse(raw: str) -> int:
            number = int(raw)
            if not low <= number <= high:
                raise ValueError(raw)
            return number

        return self._parse(name, default, parse, expected)

    def flag(self, name: str, default: bool) -> bool:
        def parse(raw: str) -> bool:
            if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("true", "1", "yes")
        return self._parse(name, default, parse, "true or false")

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        def parse(raw: str) -> str:
            if raw not in options:
                raise ValueError(raw)
            return raw

        return self._parse(name, default, parse, "one of " + ", ".join(options))

    def url(self, name: str, default: str, schemes: tuple[str, ...]) -> str:
        return self.optional_url(name, schemes) or default

    def optional_url(self, name: str, schemes: tuple[str, ...]) -> str | None:
        raw = self._raw(name)
        if raw is None:
            return None
        scheme, sep, rest = raw.partition("://")
        if not sep or scheme not in schemes or (not rest and scheme != "memory"):
            raise self._fail(name, raw, "a URL starting with " + " or ".join(
                s + "://" for s in schemes))
        return raw

    def pattern(self, name: str, regex: re.Pattern[str], expected: str) -> str | None:
        raw = self._raw(name)
        if raw is not None and not regex.match(raw):
            raise self._fail(name, raw, expected)
        return raw

    def zone(self, name: str, default: str) -> str:
        def parse(raw: str) -> str:
            try:
                ZoneInfo(raw)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(raw) from None
            return raw

        return self._parse(name, default, parse, "an IANA time zone such as America/Mexico_City")

    def secret_key(self, name: str) -> str | None:
        raw = self._raw(name)
        if raw is not None and len(raw) < 32:
            raise SettingsError(
                f"{PREFIX}{name} is too short ({len(raw)} characters): use at least 32 random "
                "characters, e.g. the output of `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`"
            )
        return raw
