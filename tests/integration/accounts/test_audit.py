"""The audit log (SECURITY.md "Suspicious activity"): login failures and the lock, wrong
codes, a login from a new chat, written with pseudonymous subjects, counted in the metrics;
no identifier, code or password in any row."""

from __future__ import annotations

from domain.persistence.audit import AuditEntry
from tests.integration.accounts.test_login import log_in
from tests.support.world import CARMEN, World


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
    await log_in(world, chat)  # the lock ended the login: a new one
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


async def test_many_identifiers_from_one_chat_lock_its_lookups_and_are_audited(
        world: World) -> None:
    """Five NSS that match nobody: the chat may not look up anyone for 30 minutes, even a
    real NSS, and the audit log says so; another chat is not affected."""
    unknown = ["12987654329", "11987654313", "12987612343", "03987654302", "41987654369"]
    chat = world.chat("5215500001101")
    await chat.send("hola")
    await chat.press("Registro")
    await chat.press("Acepto")
    for nss in unknown[:4]:
        await chat.send(nss)
        assert chat.last[0].text.startswith("No encontramos a ningún trabajador con ese NSS.")
    await chat.send(unknown[4])
    assert chat.last[0].text.startswith("Probaste muchos datos de identidad desde este "
                                        "chat. Por seguridad espera 30 minutos")
    maria = world.person("active_woman")
    await chat.send(maria["nss"])
    assert chat.last[0].text.startswith("Probaste muchos datos"), "even a real one"
    other = world.chat("5215500001102")
    await other.send("hola")
    await other.press("Registro")
    await other.press("Acepto")
    await other.send(maria["nss"])
    assert other.text.startswith("Ahora escribe tu CURP")
    [entry] = [e for e in await _rows(world) if e.kind == "enumeration"]
    assert entry.detail == {"channel": "terminal", "last": "nss"}
    assert _count(world, "enumeration") == 1
    world.clock.advance(minutes=31)
    await chat.send(maria["nss"])
    assert chat.text.startswith("Ahora escribe tu CURP")
