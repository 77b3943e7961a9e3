"""The demo outbox: e-mails and SMS kept in memory and logged instead of sent.

In demo mode nothing leaves the machine, yet a worker trying the service must see the
codes: every message is logged at WARNING, marked ``DEMO OUTBOX (not sent)``, text
included (the recipient masked, like every address in a log). The last ``capacity``
messages are kept for ``micuenta chat``, which prints ``drain_new()`` after each turn, and
for the console's outbox page (``messages()``). It refuses to exist in production.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.identifiers import mask_email, mask_phone
from domain.notifications import EmailMessage, SmsMessage

log = logging.getLogger(__name__)

MARK = "DEMO OUTBOX (not sent)"


class OutboxInProduction(RuntimeError):
    """The demo outbox was asked for with ``mode="production"``."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class OutboxEntry:
    """One message the outbox took, numbered from 1 in arrival order."""

    number: int
    at: datetime
    message: EmailMessage | SmsMessage

    @property
    def channel(self) -> str:
        return "email" if isinstance(self.message, EmailMessage) else "sms"

    @property
    def to(self) -> str:
        return self.message.to

    @property
    def subject(self) -> str | None:
        return self.message.subject if isinstance(self.message, EmailMessage) else None

    @property
    def text(self) -> str:
        return self.message.text


class DemoOutbox:
    """Both an ``EmailSender`` and an ``SmsSender``; only in demo mode."""

    def __init__(self, mode: str = "demo", capacity: int = 200,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        if mode == "production":
            raise OutboxInProduction(
                "the demo outbox never runs in production: set MICUENTA_SMTP_* and "
                "MICUENTA_SMS_* so that messages are really sent")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._entries: deque[OutboxEntry] = deque(maxlen=capacity)
        self._clock = clock
        self._count = 0
        self._shown = 0

    async def send(self, message: EmailMessage | SmsMessage) -> None:
        self._count += 1
        entry = OutboxEntry(self._count, self._clock(), message)
        self._entries.append(entry)
        if isinstance(message, EmailMessage):
            attached = "".join(f"\n[{a.filename}]" for a in message.attachments)
            log.warning("%s #%d e-mail to %s\nSubject: %s\n\n%s%s", MARK, entry.number,
                        mask_email(message.to), message.subject, message.text, attached)
        else:
            log.warning("%s #%d SMS to %s: %s", MARK, entry.number, mask_phone(message.to),
                        message.text)

    def messages(self) -> tuple[OutboxEntry, ...]:
        """Every message still kept, oldest first."""
        return tuple(self._entries)

    def drain_new(self) -> tuple[OutboxEntry, ...]:
        """The messages not returned by an earlier call, oldest first."""
        new = tuple(entry for entry in self._entries if entry.number > self._shown)
        self._shown = self._count
        return new

    def __len__(self) -> int:
        return len(self._entries)
