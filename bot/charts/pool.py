"""The chart process: drawing runs in a separate process so no conversation waits for it.

matplotlib holds the GIL while it lays a figure out; in a thread of the serving process it
would stall the event loop for the length of a drawing. One ``spawn``ed worker process
(nothing of the serving process's sockets or threads is inherited), started on the first
chart and warmed (matplotlib imported, fonts loaded) by its initializer. Built by the app
factory, closed with the container.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from bot.charts.figure import Figure


def _draw(figure: Figure) -> bytes:
    """In the worker: matplotlib is imported there, never in the serving process."""
    from bot.charts.draw import draw

    return draw(figure)


def _warm() -> None:
    _draw(Figure("hbars", "", ("a",), (1.0,), ("1",)))


class ChartPool:
    def __init__(self, executor: Executor | None = None, workers: int = 1) -> None:
        self._executor = executor or ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm)
        self._warming: Future[None] | None = None

    def warm(self) -> Future[None]:
        """Start the worker now (once), so the first chart a worker asks for does not pay
        for the process and matplotlib's import: the service calls it when it starts."""
        if self._warming is None:
            self._warming = self._executor.submit(_warm)
        return self._warming

    async def draw(self, figure: Figure) -> bytes:
        """The PNG of ``figure``. A caller that stops waiting (a timeout) leaves the drawing
        to finish in the worker; its result is dropped."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _draw, figure)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
