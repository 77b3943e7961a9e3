"""Whether an error means a dependency is away (the database or Redis refused, reset or
timed out) rather than that the message is bad or the code is wrong.

A turn that fails that way is not answered with an apology: the turn is given up unsaved,
the inbox entry stays pending and is handled again once the dependency is back (issue 17:
PostgreSQL down for 10 s loses no message). The workers never send such an entry to the
dead letters, however often it fails: the outage is not the message's fault.
"""

from __future__ import annotations

from redis.exceptions import ClusterDownError, ReadOnlyError, RedisClusterException, TryAgainError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

_AWAY = (ConnectionError, TimeoutError, PoolTimeout, OperationalError,
         InterfaceError, RedisConnectionError, RedisTimeoutError)


def dependency_away(error: BaseException) -> bool:
    """True for a refused, reset or timed-out connection to the database or Redis,
    however deeply the driver wrapped it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _AWAY):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if type(current).__module__.startswith("asyncpg") and \
                type(current).__name__ in _ASYNCPG_AWAY:
            return True
        current = current.__cause__ or current.__context__
    return False


_REDIS_PASSING = (ClusterDownError, TryAgainError, ReadOnlyError, RedisClusterException, OSError)
"""Besides a refused, reset or timed-out connection (``dependency_away``), what Redis says
while it is coming back or failing over: no master for a slot yet (``CLUSTERDOWN``,
``TRYAGAIN``, a slot not covered), a demoted master (``READONLY``)."""


def redis_away(error: BaseException) -> bool:
    """True when a Redis command failed because Redis is away or in transition: the same
    command is worth sending again once it answers (a script error, or a wrong argument,
    is not)."""
    return dependency_away(error) or isinstance(error, _REDIS_PASSING)


_ASYNCPG_AWAY = frozenset({
    "ConnectionDoesNotExistError", "ConnectionFailureError", "CannotConnectNowError",
    "AdminShutdownError", "CrashShutdownError", "TooManyConnectionsError",
    "InterfaceError", "InternalClientError",
})
