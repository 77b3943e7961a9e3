"""Payloads an attacker (or an odd client) really sends, through the local platform servers:
what must be answered, ignored or refused, and what must never block anyone else."""

from __future__ import annotations

from bot.app.bootstrap import Container
from tests.integration.pipeline.conftest import Service, until

CHAT = 626262
OTHER = 636363


async def transcript(container: Container, conversation_key: str) -> list[tuple[str, str]]:
    await container.transcripts.flush()
    digest = container.transcripts.conversation_hash(conversation_key)
    async with container.database.unit_of_work(container.keyring) as uow:
        rows = await uow.transcripts.of(digest)
    return [(row.direction, row.text) for row in rows]


async def test_a_nul_character_in_one_message_blocks_no_transcript(telegram: Service) -> None:
    """PostgreSQL text holds no NUL: one message with it used to fail every batch after it,
    so no conversation of the process had a transcript any more (the console showed none)."""
    tg = telegram.tg
    assert tg is not None
    tg.updates.user(CHAT, "Ana")
    tg.updates.user(OTHER, "Luis")
    await tg.deliver(tg.updates.text(CHAT, "hola\x00"))
    await until(lambda: tg.messages_to(CHAT), what="the answer to the NUL message")
    await tg.deliver(tg.updates.text(OTHER, "hola"))
    await until(lambda: tg.messages_to(OTHER), what="the other user's answer")
    assert (await transcript(telegram.container, f"telegram:{OTHER}"))[0] == ("in", "hola")
    assert (await transcript(telegram.container, f"telegram:{CHAT}"))[0] == ("in", "hola")
