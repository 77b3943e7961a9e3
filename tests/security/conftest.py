"""Attack tests run in the accounts' world (real SMTP, SMS gateway, Redis, database) with
the HTTP app on a test server and the console's staff enrolled."""

from __future__ import annotations

from tests.accounts import conftest as accounts
from tests.console import conftest as console

world = accounts.world  # the fixtures, reused here
web = accounts.web
staff = console.staff
