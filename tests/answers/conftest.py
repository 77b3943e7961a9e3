"""The answers' tests run in the accounts' world (``tests/accounts/conftest.py``)."""

from tests.accounts.conftest import world  # noqa: F401  (the fixture, reused here)
