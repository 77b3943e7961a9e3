"""Work the caller must not wait for (a reset's notices: the answer time must not tell
whether an account exists). Tasks are kept until done, failures logged, and drained at
shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from domain.notifications import (
    AppointmentNotice,
    Attachment,
    CodePurpose,
    Notifier,
    PersonalDataCopy,
)

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


class BackgroundNotifier:
    """A ``Notifier`` whose calls return at once; the sending happens in a task."""

    def __init__(self, notifier: Notifier, tasks: BackgroundTasks) -> None:
        self._notifier = notifier
        self._tasks = tasks

    def _later(self, name: str, call: Callable[[], Awaitable[None]]) -> None:
        self._tasks.spawn(call(), name=f"notify:{name}")

    async def send_code_sms(self, phone_e164: str, code: str, purpose: CodePurpose,
                            locale: str, valid_minutes: int) -> None:
        self._later("code_sms", lambda: self._notifier.send_code_sms(
            phone_e164, code, purpose, locale, valid_minutes))

    async def send_code_email(self, email: str, code: str, purpose: CodePurpose, locale: str,
                              valid_minutes: int) -> None:
        self._later("code_email", lambda: self._notifier.send_code_email(
            email, code, purpose, locale, valid_minutes))

    async def welcome(self, email: str, name: str, locale: str) -> None:
        self._later("welcome", lambda: self._notifier.welcome(email, name, locale))

    async def login_locked(self, email: str, name: str, until: datetime, locale: str) -> None:
        self._later("login_locked", lambda: self._notifier.login_locked(
            email, name, until, locale))

    async def password_changed(self, email: str, phone_e164: str, name: str, when: datetime,
                               locale: str) -> None:
        self._later("password_changed", lambda: self._notifier.password_changed(
            email, phone_e164, name, when, locale))

    async def contact_changed(self, old_address: str, medium: str, new_address: str,
                              name: str, when: datetime, locale: str) -> None:
        self._later("contact_changed", lambda: self._notifier.contact_changed(
            old_address, medium, new_address, name, when, locale))

    async def new_chat_login(self, email: str, name: str, channel: str, when: datetime,
                             locale: str) -> None:
        self._later("new_chat_login", lambda: self._notifier.new_chat_login(
            email, name, channel, when, locale))

    async def statement_ready(self, email: str, name: str, start: date, end: date,
                              document: Attachment, locale: str) -> None:
        self._later("statement", lambda: self._notifier.statement_ready(
            email, name, start, end, document, locale))

    async def appointment_booked(self, email: str, name: str, notice: AppointmentNotice,
                                 locale: str) -> None:
        self._later("appointment_booked", lambda: self._notifier.appointment_booked(
            email, name, notice, locale))

    async def appointment_booked_sms(self, phone_e164: str, notice: AppointmentNotice,
                                     locale: str) -> None:
        self._later("appointment_booked_sms", lambda: self._notifier.appointment_booked_sms(
            phone_e164, notice, locale))

    async def data_copy(self, email: str, copy: PersonalDataCopy, locale: str) -> None:
        self._later("data_copy", lambda: self._notifier.data_copy(email, copy, locale))

    async def appointment_reminder(self, email: str, name: str, notice: AppointmentNotice,
                                   locale: str) -> None:
        self._later("appointment_reminder", lambda: self._notifier.appointment_reminder(
            email, name, notice, locale))
