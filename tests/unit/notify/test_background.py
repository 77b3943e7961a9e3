"""The background notifier: every ``Notifier`` method returns at once, the real call runs
later in a task with the same arguments, and a failure there is logged, not raised."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from bot.app.background import NOTIFIER_METHODS, BackgroundTasks, background_notifier
from domain.notifications import Notifier


class HeldNotifier:
    """Records each call once ``release`` is set (so a caller that waited would hang)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> None:
            await self.release.wait()
            if name == "welcome":
                raise RuntimeError("SMTP down")
            self.calls.append((name, args, kwargs))
        return call


def test_every_method_of_the_protocol_is_forwarded() -> None:
    declared = {name for name, value in vars(Notifier).items()
                if inspect.iscoroutinefunction(value)}
    assert declared == NOTIFIER_METHODS and len(declared) >= 12


async def test_calls_return_at_once_and_send_later_with_their_arguments(
        caplog: pytest.LogCaptureFixture) -> None:
    held = HeldNotifier()
    tasks = BackgroundTasks()
    notifier = background_notifier(held, tasks)  # type: ignore[arg-type]
    for name in sorted(NOTIFIER_METHODS):
        await asyncio.wait_for(getattr(notifier, name)(name, 1, locale="en"), 0.5)
    assert held.calls == [], "nothing sent before the tasks run"
    held.release.set()
    await tasks.drain()
    expected = sorted(NOTIFIER_METHODS - {"welcome"})
    assert sorted(held.calls) == [(name, (name, 1), {"locale": "en"}) for name in expected]
    assert "background task notify:welcome failed" in caplog.text


def test_only_the_protocol_s_methods_exist() -> None:
    notifier = background_notifier(HeldNotifier(), BackgroundTasks())  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        notifier.send_fax  # type: ignore[attr-defined]  # noqa: B018
