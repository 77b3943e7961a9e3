"""The HTTP SMS adapter against the local gateway: protocol, retries, session ownership."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import ClientSession

from bot.notify.sms import HttpSmsSender
from domain.notifications import NotificationFailed, SmsMessage
from tests.fakes.sms_gateway import SmsGateway

PHONE = "+525512345678"
MESSAGE = SmsMessage(PHONE, "Mi Cuenta Infonavit: 123456 es tu codigo.")


def sender_for(gateway: SmsGateway, http: ClientSession, **options: float) -> HttpSmsSender:
    settings = {"timeout": 5.0, "attempts": 4, "backoff": 0.001, "max_delay": 0.01, **options}
    return HttpSmsSender(gateway.sms_url, gateway.token, session=http,
                         timeout=settings["timeout"], attempts=int(settings["attempts"]),
                         backoff=settings["backoff"], max_delay=settings["max_delay"])


async def test_delivers_with_the_bearer_token(gateway: SmsGateway, http: ClientSession) -> None:
    await sender_for(gateway, http).send(MESSAGE)
    assert [m.text for m in gateway.messages_to(PHONE)] == [MESSAGE.text]
    assert gateway.last_code(PHONE) == "123456"
    assert gateway.statuses == [202]


async def test_two_503_then_success_delivers_once(gateway: SmsGateway,
                                                  http: ClientSession) -> None:
    gateway.inject_server_error(2, status=503)
    await sender_for(gateway, http).send(MESSAGE)
    assert gateway.statuses == [503, 503, 202]
    assert len(gateway.messages_to(PHONE)) == 1


async def test_failing_always_raises_after_the_bounded_attempts(
        gateway: SmsGateway, http: ClientSession) -> None:
    gateway.inject_server_error(None, status=502)
    with pytest.raises(NotificationFailed) as failed:
        await sender_for(gateway, http, attempts=3).send(MESSAGE)
    assert failed.value.params == {"channel": "sms", "recipient": "+52******5678",
                                   "attempts": 3, "reason": "HTTP 502"}
    assert gateway.statuses == [502, 502, 502]
    assert gateway.messages == []


async def test_429_is_retried(gateway: SmsGateway, http: ClientSession) -> None:
    gateway.inject_rate_limit(1, retry_after=0.001)
    await sender_for(gateway, http).send(MESSAGE)
    assert gateway.statuses == [429, 202]


async def test_retry_after_is_honoured_up_to_the_cap(gateway: SmsGateway,
                                                     http: ClientSession) -> None:
    gateway.inject_rate_limit(1, retry_after=3600)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await sender_for(gateway, http, max_delay=0.05).send(MESSAGE)
    assert 0.04 <= loop.time() - started < 1
    assert gateway.statuses == [429, 202]


async def test_a_400_is_not_retried(gateway: SmsGateway, http: ClientSession) -> None:
    with pytest.raises(NotificationFailed) as failed:
        await sender_for(gateway, http).send(SmsMessage("+15551234567", "hola"))
    assert failed.value.params["attempts"] == 1
    assert failed.value.params["reason"] == "HTTP 400"
    assert gateway.statuses == [400]


async def test_a_wrong_token_is_not_retried(gateway: SmsGateway, http: ClientSession) -> None:
    sender = HttpSmsSender(gateway.sms_url, "wrong-token", session=http, backoff=0.001)
    with pytest.raises(NotificationFailed):
        await sender.send(MESSAGE)
    assert gateway.statuses == [401]


async def test_a_slow_answer_times_out_and_is_retried(gateway: SmsGateway,
                                                      http: ClientSession) -> None:
    gateway.inject_delay(0.3)
    await sender_for(gateway, http, timeout=0.05).send(MESSAGE)
    assert len(gateway.messages_to(PHONE)) == 1
    for _ in range(100):
        if gateway.requests[0].abandoned:
            break
        await asyncio.sleep(0.01)
    assert gateway.requests[0].abandoned, "the gateway saw the client give up"
    assert len(gateway.messages_to(PHONE)) == 1


async def test_timeouts_for_ever_raise(gateway: SmsGateway, http: ClientSession) -> None:
    gateway.inject_delay(0.2, count=2)
    with pytest.raises(NotificationFailed) as failed:
        await sender_for(gateway, http, timeout=0.03, attempts=2).send(MESSAGE)
    assert failed.value.params["reason"] == "timeout"


async def test_gateway_down_raises(closed_port: int, http: ClientSession) -> None:
    sender = HttpSmsSender(f"http://127.0.0.1:{closed_port}/v1/sms", "t", session=http,
                           attempts=2, backoff=0.001)
    with pytest.raises(NotificationFailed) as failed:
        await sender.send(MESSAGE)
    assert failed.value.params["attempts"] == 2


async def test_owns_its_session_only_when_started(gateway: SmsGateway) -> None:
    async with HttpSmsSender(gateway.sms_url, gateway.token) as sender:
        await sender.send(MESSAGE)
    assert len(gateway.messages) == 1
    with pytest.raises(RuntimeError):
        await sender.send(MESSAGE)


async def test_a_given_session_stays_open(gateway: SmsGateway, http: ClientSession) -> None:
    sender = HttpSmsSender(gateway.sms_url, gateway.token, session=http)
    await sender.start()
    await sender.close()
    assert not http.closed
    await sender.send(MESSAGE)
    assert len(gateway.messages) == 1


def test_repr_hides_the_token() -> None:
    assert "secret-token" not in repr(HttpSmsSender("http://127.0.0.1/sms", "secret-token"))
