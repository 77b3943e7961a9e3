"""A background task of a serve process that runs until it is stopped (the transcripts'
writer, the timers' poller)."""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod


class BackgroundLoop(ABC):
    """Runs ``_run`` as one task: ``start`` twice starts it once; ``stop`` cancels it and
    waits for it to end."""

    loop_name = "background"
    _task: asyncio.Task[None] | None = None

    @abstractmethod
    async def _run(self) -> None:
        """The loop's body; it runs until cancelled."""

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self.loop_name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
