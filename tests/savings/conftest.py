"""The savings flows' tests run in the accounts' world: a real SMTP server and SMS gateway,
the demo workers and accounts seeded (``tests/accounts/conftest.py``). Helpers: ``support``."""

from tests.accounts.conftest import world  # noqa: F401  (the fixture, reused here)
