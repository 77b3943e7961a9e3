"""The notices' composer, in the service's catalogs (no server needed)."""

from __future__ import annotations

import pytest

from bot.i18n.catalogs import Catalogs
from bot.notify.composer import Composer

CATALOGS = Catalogs.load()


@pytest.fixture
def composer() -> Composer:
    return Composer(CATALOGS, "Mi Cuenta (demostración)", "800 008 3900",
                    "America/Mexico_City")
