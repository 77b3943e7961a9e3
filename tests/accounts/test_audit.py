"""The audit log (SECURITY.md "Suspicious activity"): login failures and the lock, wrong
codes, a login from a new chat, written with pseudonymous subjects, counted in the metrics;
no identifier, code or password in any row."""

from __future__ import annotations

from domain.persistence.audit import AuditEntry
from tests.accounts.conftest import CARMEN, World
from tests.accounts.test_login import log_in


async def _rows(world: World) -> list[AuditEntry]:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        return list(reversed(await uow.audit.recent(limit=1000)))


def _count(world: World, kind: str) -> float:
    value = world.container.metrics.registry.get_sample_value(
        "micuenta_suspicious_events_total", {"kind": kind})
    return value or 0.0


async def test_failures_locks_and_new_chats_are_audited_without_identifiers(
        world: World) -> None:
    chat = world.chat("5215500000901")
    await log_in(world, chat, password="Equivocada#1")
    for attempt in range(2, 6):
        await chat.send(f"Equivocada#{attempt}")
    world.clock.advance(minutes=16)
    await chat.send(CARMEN["password"])
    await chat.send("000000")  # a wrong SMS code
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    rows = await _rows(world)
    kinds = [row.kind for row in rows]
    assert kinds.count("login_failed") == 4 and kinds.count("login_locked") == 1
    assert kinds[-2:] == ["code_failed", "new_chat_login"]
    failed = [row for row in rows if row.kind.startswith("login_")]
    assert len({row.subject for row in failed}) == 1, "one identifier, one pseudonym"
    assert failed[0].subject.startswith("login:")
    assert _count(world, "login_failed") == 4 and _count(world, "login_locked") == 1
    assert _count(world, "new_chat_login") == 1
    everything = " ".join(f"{row.subject} {row.detail}" for row in rows)
    nss = world.person("existing_account")["nss"]
    for secret in (nss, CARMEN["email"], CARMEN["mobile"], CARMEN["password"], "Equivocada#2",
                   "000000"):
        assert secret not in everything, secret
