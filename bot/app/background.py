"""Work the caller must not wait for (a reset's notices: the answer time must not tell
whether an account exists). Tasks are kept until done, failures logged, and drained at
shutdown."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from domain.notifications import Notifier

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Awaitable[Any], name: str) -> None:
        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("background task %s failed", name)

        task = asyncio.create_task(guarded(), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


NOTIFIER_METHODS = frozenset(name for name, value in vars(Notifier).items()
                             if inspect.iscoroutinefunction(value))
"""What a ``Notifier`` does, read from the protocol itself (a method added there is
forwarded with no change here)."""


class BackgroundNotifier:
    """A ``Notifier`` whose calls return at once; the sending happens in a task.

    Every method of the ``Notifier`` protocol is forwarded the same way, by ``__getattr__``;
    ``background_notifier`` gives it its type.
    """

    def __init__(self, notifier: Notifier, tasks: BackgroundTasks) -> None:
        self._notifier = notifier
        self._tasks = tasks

    def __getattr__(self, name: str) -> Callable[..., Awaitable[None]]:
        if name not in NOTIFIER_METHODS:
            raise AttributeError(name)
        send = getattr(self._notifier, name)

        async def later(*args: Any, **kwargs: Any) -> None:
            self._tasks.spawn(send(*args, **kwargs), name=f"notify:{name}")

        later.__name__ = name
        return later


def background_notifier(notifier: Notifier, tasks: BackgroundTasks) -> Notifier:
    """``notifier``, each of whose calls returns at once and sends in a task of ``tasks``."""
    return cast(Notifier, BackgroundNotifier(notifier, tasks))
