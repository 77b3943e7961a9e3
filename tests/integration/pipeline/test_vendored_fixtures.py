"""Payloads others captured (``tests/fixtures/``: pywa's WhatsApp Cloud API webhooks,
teloxide's Telegram updates), each run through our webhook (signed, or with the secret
header, as the platform sends it), the parser and the engine. Every one gets a 200 and
either the reply or the silence ``tests/fixtures/expected.json`` says (the table of
``tests/fixtures/README.md``).

Each is sent to a fresh conversation (the sender's state, its send rate and any group's
daily pointer are cleared first; for WhatsApp the user "wrote now": the fixtures are
dated), with its platform id made unique: the fixtures reuse a few wamids and update_ids,
which the inbox would otherwise drop as duplicates, and a WhatsApp body addressed to our
phone number id (pywa captured them on its own numbers; the service answers only what was
written to its number). Nothing else is changed."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import aiohttp

from tests.integration.pipeline.conftest import WEBHOOK_SECRET, Service
from tests.support.paths import TESTS

FIXTURES = TESTS / "fixtures"
EXPECTED: dict[str, str] = json.loads((FIXTURES / "expected.json").read_text())
SETTLE_S = 0.15


def whatsapp_fixtures() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((FIXTURES / "pywa").glob("*.json")):
        for name, payload in json.loads(path.read_text()).items():
            found.append((f"pywa/{path.stem}/{name}", payload))
    return found


def telegram_fixtures() -> list[tuple[str, dict[str, Any]]]:
    return [(f"teloxide/{path.stem}", json.loads(path.read_text()))
            for path in sorted((FIXTURES / "teloxide").glob("*.json"))]


def _unique_ids(payload: dict[str, Any], n: int, phone_number_id: str) -> dict[str, Any]:
    payload = copy.deepcopy(payload)
    for entry in payload.get("entry", []):
        for change in entry.get("changes", []):
            metadata = change.get("value", {}).get("metadata")
            if isinstance(metadata, dict) and "phone_number_id" in metadata:
                metadata["phone_number_id"] = phone_number_id
            for message in change.get("value", {}).get("messages", []):
                message["id"] = f"{message['id']}.{n}"
    return payload


async def _outcome(service: Service, sent_before: int, sent: Any) -> list[str]:
    """The texts sent after ``sent_before`` once the service is idle: the inbox empty (an
    entry leaves its stream when handled) and nobody due in the outbox."""
    redis, inbox = service.container.redis, service.channels.inbox
    deadline = asyncio.get_running_loop().time() + 10
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
        left = sum([await redis.xlen(inbox.stream(p)) for p in range(inbox.partitions)])
        if not left and not sum([await redis.zcard(key)
                                    for key in service.container.outbox.ready_keys]):
            break
    await asyncio.sleep(SETTLE_S)
    return [text or "" for text in sent()[sent_before:]]


def _matches(expected: str, texts: list[str]) -> bool:
    kind, _, needle = expected.partition(": ")
    if kind == "silence":
        return texts == []
    return bool(texts) and any(needle in text for text in texts)


async def _fresh(service: Service, conversations: list[str]) -> None:
    redis = service.container.redis
    store = service.container.engine.store
    for conversation in conversations:  # a first contact each time
        await redis.delete(store.state_key(conversation), f"prof:{store.tag(conversation)}")
    for pattern in ("*group-pointer:*", "rate:*"):  # and the pair rate: one user sends them all
        async for key in redis.scan_iter(match=pattern):
            await redis.delete(key)


async def test_every_whatsapp_fixture_gets_a_200_and_its_documented_outcome(
        whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    seen: dict[str, list[str]] = {}
    for n, (name, payload) in enumerate(whatsapp_fixtures()):
        assert name in EXPECTED, f"{name} is not in tests/fixtures/expected.json"
        await _fresh(whatsapp, ["whatsapp:972987654321", "whatsapp:16505551234"])
        wa.open_window("972987654321")  # the fixtures are dated 2023-2025: they wrote now
        before = len(wa.sent)
        delivery = await wa.deliver_payload(_unique_ids(payload, n, wa.phone_number_id),
                                          max_attempts=1)
        assert delivery.statuses == [200], name
        texts = await _outcome(whatsapp, before, lambda: [m.text for m in wa.sent])
        seen[name] = texts
    wrong = {name: texts for name, texts in seen.items() if not _matches(EXPECTED[name], texts)}
    assert wrong == {}, json.dumps({n: (EXPECTED[n], t) for n, t in wrong.items()},
                                   ensure_ascii=False, indent=1)
    assert await whatsapp.channels.inbox.pending() == 0
    assert "micuenta_inbox_dead_letters_total{" not in whatsapp.metrics


async def test_every_telegram_fixture_gets_a_200_and_its_documented_outcome(
        telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    url = telegram.url + "/webhooks/telegram"
    seen: dict[str, list[str]] = {}
    async with aiohttp.ClientSession() as session:
        for n, (name, update) in enumerate(telegram_fixtures()):
            assert name in EXPECTED, f"{name} is not in tests/fixtures/expected.json"
            chats = {body["chat"]["id"] for body in update.values()
                     if isinstance(body, dict) and isinstance(body.get("chat"), dict)}
            await _fresh(telegram, [f"telegram:{chat}" for chat in chats])
            before = len(tg.calls_to("sendMessage"))
            update = {**update, "update_id": 900_000_000 + n}
            async with session.post(url, json=update, headers={
                    "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}) as response:
                assert response.status == 200, name
            seen[name] = await _outcome(telegram, before, lambda: [
                str(call.params.get("text", "")) for call in tg.calls_to("sendMessage")])
    wrong = {name: texts for name, texts in seen.items() if not _matches(EXPECTED[name], texts)}
    assert wrong == {}, json.dumps({n: (EXPECTED[n], t) for n, t in wrong.items()},
                                   ensure_ascii=False, indent=1)
    assert await telegram.channels.inbox.pending() == 0
    assert "micuenta_inbox_dead_letters_total{" not in telegram.metrics


def test_the_readme_documents_every_expected_outcome() -> None:
    readme = (FIXTURES / "README.md").read_text()
    for name, outcome in EXPECTED.items():
        kind, _, needle = outcome.partition(": ")
        assert f"| `{name}` | {kind} |" in readme, name
