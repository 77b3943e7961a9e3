"""The appointments flow's tests run in the accounts' world (``tests/accounts/conftest.py``):
the demo workers and accounts seeded, a real SMTP server and SMS gateway."""

from tests.accounts.conftest import world  # noqa: F401  (the fixture, reused here)
