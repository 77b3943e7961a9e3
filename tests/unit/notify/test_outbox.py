"""The demo outbox: bounded, shows each message once, logs it marked, refuses production."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.notify.outbox import MARK, DemoOutbox, OutboxInProduction
from domain.notifications import EmailMessage, SmsMessage

START = datetime(2026, 3, 5, 18, 0, tzinfo=UTC)


class Ticks:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def sms(n: int) -> SmsMessage:
    return SmsMessage("+525512345678", f"mensaje {n}")


def test_refuses_production() -> None:
    with pytest.raises(OutboxInProduction):
        DemoOutbox("production")


async def test_keeps_the_last_n_with_their_time() -> None:
    outbox = DemoOutbox(capacity=3, clock=Ticks())
    for n in range(5):
        await outbox.send(sms(n))
    entries = outbox.messages()
    assert [e.text for e in entries] == ["mensaje 2", "mensaje 3", "mensaje 4"]
    assert [e.number for e in entries] == [3, 4, 5]
    assert entries[0].at == START + timedelta(seconds=3)
    assert len(outbox) == 3


async def test_drain_new_returns_each_message_once() -> None:
    outbox = DemoOutbox()
    assert outbox.drain_new() == ()
    await outbox.send(sms(1))
    await outbox.send(EmailMessage("ana@example.mx", "Asunto", "Texto\n", "<p>Texto</p>"))
    first = outbox.drain_new()
    assert [(e.channel, e.to, e.subject) for e in first] == [
        ("sms", "+525512345678", None), ("email", "ana@example.mx", "Asunto")]
    assert outbox.drain_new() == ()
    await outbox.send(sms(3))
    assert [e.text for e in outbox.drain_new()] == ["mensaje 3"]
    assert len(outbox.messages()) == 3, "draining does not forget"


async def test_drain_new_after_overflow_gives_what_is_kept() -> None:
    outbox = DemoOutbox(capacity=2)
    for n in range(4):
        await outbox.send(sms(n))
    assert [e.text for e in outbox.drain_new()] == ["mensaje 2", "mensaje 3"]


async def test_logs_each_message_marked_with_its_text(caplog: pytest.LogCaptureFixture) -> None:
    outbox = DemoOutbox()
    with caplog.at_level("WARNING", logger="bot.notify.outbox"):
        await outbox.send(SmsMessage("+525512345678", "Tu código es 482913"))
        await outbox.send(EmailMessage("ana@example.mx", "Tu código", "Es 771020\n", "<p/>"))
    sms_log, email_log = (r.getMessage() for r in caplog.records)
    assert MARK in sms_log and "482913" in sms_log and "+52******5678" in sms_log
    assert MARK in email_log and "771020" in email_log and "Tu código" in email_log
    assert "ana@example.mx" not in email_log, "addresses are masked even in demo"
    assert all(r.levelname == "WARNING" for r in caplog.records)
