"""The local SMS gateway itself: it speaks the protocol strictly, so adapters cannot cheat."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import ClientSession

from tests.fakes.sms_gateway import SmsGateway

PHONE = "+525512345678"


async def post(http: ClientSession, gateway: SmsGateway, body: Any, *,
               token: str | None = None, raw: bytes | None = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token or gateway.token}"}
    if raw is not None:
        request = http.post(gateway.sms_url, data=raw, headers=headers)
    else:
        request = http.post(gateway.sms_url, json=body, headers=headers)
    async with request as response:
        return response.status, await response.json()


async def test_takes_a_valid_message(gateway: SmsGateway, http: ClientSession) -> None:
    status, body = await post(http, gateway, {"to": PHONE, "text": "Tu código: 123456"})
    assert (status, body) == (202, {"id": "sms-1", "status": "queued"})
    assert [m.text for m in gateway.messages_to(PHONE)] == ["Tu código: 123456"]


async def test_needs_the_bearer_token(gateway: SmsGateway, http: ClientSession) -> None:
    status, _ = await post(http, gateway, {"to": PHONE, "text": "x"}, token="other")
    assert status == 401
    async with http.post(gateway.sms_url, json={"to": PHONE, "text": "x"}) as response:
        assert response.status == 401
    assert gateway.messages == []


@pytest.mark.parametrize("body", [
    {"to": "5512345678", "text": "x"},
    {"to": "+15551234567", "text": "x"},
    {"to": "+52551234567", "text": "x"},
    {"to": PHONE, "text": "  "},
    {"to": PHONE},
    {"text": "x"},
    [PHONE, "x"],
])
async def test_refuses_bad_bodies(gateway: SmsGateway, http: ClientSession, body: Any) -> None:
    status, answer = await post(http, gateway, body)
    assert status == 400 and "error" in answer
    assert gateway.messages == []


async def test_refuses_what_is_not_json(gateway: SmsGateway, http: ClientSession) -> None:
    status, _ = await post(http, gateway, None, raw=b"to=+525512345678")
    assert status == 400


async def test_last_code_is_the_last_six_digits_of_the_last_sms(
        gateway: SmsGateway, http: ClientSession) -> None:
    assert gateway.last_code(PHONE) is None
    await post(http, gateway, {"to": PHONE, "text": "111111 y luego 222222, vence en 10"})
    assert gateway.last_code(PHONE) == "222222"
    await post(http, gateway, {"to": PHONE, "text": "sin código; 1234567 no cuenta"})
    assert gateway.last_code(PHONE) is None


async def test_injections_last_for_the_next_k_calls(gateway: SmsGateway,
                                                   http: ClientSession) -> None:
    gateway.inject_server_error(2, status=500)
    gateway.inject_rate_limit(1, retry_after=7)
    statuses = [(await post(http, gateway, {"to": PHONE, "text": "x"}))[0] for _ in range(4)]
    assert statuses == [500, 500, 429, 202]
    gateway.inject_rate_limit(1, retry_after=7)
    async with http.post(gateway.sms_url, json={"to": PHONE, "text": "x"},
                         headers={"Authorization": f"Bearer {gateway.token}"}) as response:
        assert response.headers["Retry-After"] == "7"
    gateway.inject_server_error(None)
    gateway.clear_injections()
    assert (await post(http, gateway, {"to": PHONE, "text": "x"}))[0] == 202
