"""Logs never carry secrets: every log record, whichever library made it, has the service's
secrets (the Telegram token and webhook secret, the WhatsApp token and app secret, the SMTP
password, the SMS token, the service key) and anything shaped like a Telegram bot token or a
bearer token replaced by ``[redacted]`` before any handler sees it, traceback included.

httpx and python-telegram-bot print every Bot API URL (``…/bot<token>/sendMessage``) at
INFO and DEBUG; their loggers are also quietened to WARNING, so the log is not flooded with
one line per call. The redaction is a log record factory, not a filter on some handlers,
because records of child loggers (``telegram._bot``) skip their parents' filters and
handlers come and go (pytest's, a deployment's); installing it twice adds the secrets to
the factory already installed instead of wrapping it again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

REDACTED = "[redacted]"
QUIET = ("httpx", "httpcore", "telegram", "hpack", "aiosmtplib")
"""Third-party loggers that print request URLs or protocol lines below WARNING."""
_SHAPES = re.compile(r"(?<=/bot)\d{5,}:[A-Za-z0-9_-]{20,}|(?<=Bearer )[A-Za-z0-9._~+/=-]{8,}")
_MIN_SECRET = 6
"""Shorter values would blank out ordinary words."""


class Redactor:
    """The record factory's wrapper: makes the record, then scrubs its text."""

    def __init__(self, make: Callable[..., logging.LogRecord]) -> None:
        self.make = make
        self.secrets: set[str] = set()

    def scrub(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, REDACTED)
        return _SHAPES.sub(REDACTED, text)

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let the handler report it as usual
            return record
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
        return record


def install(secrets: Iterable[str | None]) -> Redactor:
    """Redact these secrets (and token shapes) from every log record from now on."""
    current = logging.getLogRecordFactory()
    redactor = current if isinstance(current, Redactor) else Redactor(current)
    redactor.secrets.update(s for s in secrets if s and len(s) >= _MIN_SECRET)
    logging.setLogRecordFactory(redactor)
    for name in QUIET:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
    return redactor
