"""Writes a serve process owes Redis: records of what already happened outside it.

Some writes record a fact Redis cannot learn any other way: an inbox entry was handled (its
acknowledgement), a reply went to the platform (the mark a late failure needs, a Telegram
keyboard shown), a send lock this process may hold must be let go. When Redis does not
answer (restarted, failing over) the fact is still true, and forgetting it means doing the
work again: a message handled twice, a reply sent twice. So such a write is kept here and
sent again, in the order the facts happened, until Redis answers.

A write is tried at once when nothing older is waiting; otherwise it waits its turn behind
the older ones (a later fact never lands before an earlier one). A write that fails for
another reason than Redis being away (a script error) is logged and dropped: sending it
again would fail the same way. The process, when it stops, gives the queue a few seconds
(``flush``); what is still owed then is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from bot.ops.outage import redis_away

log = logging.getLogger(__name__)

Write = Callable[[], Awaitable[object]]


class Unrecorded:
    def __init__(self, retry_s: float = 0.1, max_retry_s: float = 1.0) -> None:
        self.retry_s = retry_s
        self.max_retry_s = max_retry_s
        self._owed: deque[tuple[str, Write]] = deque()
        self._task: asyncio.Task[None] | None = None
        self._empty = asyncio.Event()
        self._empty.set()
        self.recorded_late = 0
        """Writes that reached Redis only after waiting here."""

    def __len__(self) -> int:
        return len(self._owed)

    async def write(self, what: str, write: Write) -> bool:
        """Send ``write`` now if nothing is owed, else (or if Redis does not answer) keep
        it for later; ``True`` when it was recorded now."""
        if not self._owed:
            try:
                await write()
                return True
            except Exception as error:
                if not redis_away(error):
                    log.error("could not record %s (%s); dropped", what, type(error).__name__)
                    return False
                log.warning("could not record %s (%s): kept until Redis answers", what,
                            type(error).__name__)
        self.keep(what, write)
        return False

    def keep(self, what: str, write: Write) -> None:
        """Owe ``write``: sent after everything owed before it, until Redis answers."""
        self._owed.append((what, write))
        self._empty.clear()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._pay(), name="unrecorded")

    async def _pay(self) -> None:
        delay = self.retry_s
        while self._owed:
            what, write = self._owed[0]
            try:
                await write()
            except Exception as error:
                if redis_away(error):
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.max_retry_s)
                    continue
                log.error("could not record %s (%s); dropped", what, type(error).__name__)
            else:
                self.recorded_late += 1
                delay = self.retry_s
            self._owed.popleft()
        self._empty.set()

    async def flush(self, patience_s: float) -> int:
        """Wait (up to ``patience_s``) for what is owed to be recorded; how much is left.
        What is left is logged: the facts it recorded will be redone (a reply may go twice)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._empty.wait(), patience_s)
        left = len(self._owed)
        if left:
            log.error("stopping with %d writes Redis never answered: %s", left,
                      ", ".join(sorted({what for what, _ in self._owed})))
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return left
