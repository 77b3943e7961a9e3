"""The unit of work in memory (``domain.uow.UnitOfWork``), for the use cases' unit tests.

    database = MemoryDatabase()
    service = AccountService(uow=lambda: database.unit_of_work(keyring), ...)

What it keeps is what the SQL repositories keep, as frozen values in dicts; a block that
leaves without ``commit()`` leaves nothing behind. ``tests/integration/test_repository_contract.py``
runs the same checks on it and on the SQL unit of work, so the two behave alike.
"""

from tests.support.memory.uow import ConcurrentWrites, InMemoryUnitOfWork, MemoryDatabase

__all__ = ["ConcurrentWrites", "InMemoryUnitOfWork", "MemoryDatabase"]
