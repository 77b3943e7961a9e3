"""Where the service's secret comes from: the setting, or in demo mode a local key file."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from bot.app.settings import Settings

log = logging.getLogger(__name__)


def resolve_secret(settings: Settings) -> str:
    """``MICUENTA_SECRET_KEY`` if set; in demo mode a key generated once into
    ``<data dir>/secret.key`` (kept, so encrypted demo data stays readable)."""
    if settings.secret_key:
        return settings.secret_key
    if not settings.is_demo:
        raise RuntimeError("MICUENTA_SECRET_KEY is required outside demo mode")
    path = Path(settings.data_dir) / "secret.key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")
    log.warning(
        "DEMO MODE: generated a secret key in %s. Set MICUENTA_SECRET_KEY in production; "
        "losing this file makes the stored demo data unreadable.", path)
    return secret
