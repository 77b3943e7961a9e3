"""Payloads an attacker (or an odd client) really sends, through the local platform servers:
what must be answered, ignored or refused, and what must never block anyone else."""

from __future__ import annotations

import asyncio

from bot.app.bootstrap import Container
from tests.integration.pipeline.conftest import Service, until

CHAT = 626262
OTHER = 636363
PHONE = "+5215512349900"


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


async def test_a_pin_a_timer_or_a_wallpaper_in_the_private_chat_is_not_answered(
        telegram: Service) -> None:
    """Service messages are Telegram saying what happened in the chat (Bot API "Message":
    pinned_message, message_auto_delete_timer_changed, chat_background_set): they were
    answered «solo puedo leer texto» and the step asked again."""
    tg = telegram.tg
    assert tg is not None
    tg.updates.user(CHAT, "Ana")
    first = tg.updates.text(CHAT, "hola")
    await tg.deliver(first)
    await until(lambda: tg.messages_to(CHAT), what="the welcome")
    sender, chat = first["message"]["from"], first["message"]["chat"]
    pinned = dict(first["message"])
    background = {"type": {"type": "fill", "fill": {"type": "solid", "color": 2236962},
                           "dark_theme_dimming": 0}}
    for service in ({"pinned_message": pinned},
                    {"message_auto_delete_timer_changed": {"message_auto_delete_time": 86400}},
                    {"chat_background_set": background}):
        message = {"message_id": tg.store.next_message_id(CHAT), "from": sender, "chat": chat,
                   "date": first["message"]["date"], **service}
        delivery = await tg.deliver({"update_id": tg.updates.next_update_id(),
                                     "message": message})
        assert delivery.ok
    await tg.deliver(tg.updates.text(CHAT, "ayuda"))
    await until(lambda: len(tg.messages_to(CHAT)) > 1, what="the help")
    await asyncio.sleep(0.5)
    later = [m.text or "" for m in tg.messages_to(CHAT)[1:]]
    assert len(later) == 1 and "Esto es lo que puedo hacer" in later[0], later


async def test_a_message_to_another_number_of_the_account_is_not_answered_from_ours(
        whatsapp: Service) -> None:
    """An app subscribed to a business account hears every number of it; a user who wrote
    to the other number (``metadata.phone_number_id``) got our welcome, from our number."""
    wa = whatsapp.wa
    assert wa is not None
    stranger, ours = "+5215512349901", "+5215512349902"
    theirs = wa.change(wa.inbound.text(stranger, "hola"))
    theirs["value"]["metadata"] = {"display_phone_number": "15550009999",
                                   "phone_number_id": "109999999999999"}
    mine = wa.change(wa.inbound.text(ours, "hola"))
    delivery = await wa.deliver_payload(wa.envelope(wa.entry(theirs), wa.entry(mine)))
    assert delivery.ok
    await until(lambda: wa.messages_to(ours), what="the answer to our number's user")
    await asyncio.sleep(0.5)
    assert wa.messages_to(stranger) == []
    counted = 'micuenta_webhook_requests_total{channel="whatsapp",outcome="other_number"} 1.0'
    assert counted in whatsapp.metrics


async def test_a_status_with_an_unreadable_errors_field_fails_no_batch(
        whatsapp: Service) -> None:
    """A signed POST whose failed status carries ``errors`` as an object (not the array)
    was answered 500, so Meta sent the whole batch again for up to 7 days."""
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the welcome")
    odd = wa.failed(wa.messages_to(PHONE)[-1].wamid, 131026)
    odd["errors"] = odd["errors"][0]
    delivery = await wa.deliver(odd, wa.inbound.text(PHONE, "ayuda"), max_attempts=1)
    assert [attempt.status for attempt in delivery.attempts] == [200]
    await until(lambda: len(wa.messages_to(PHONE)) == 2, what="the help, once")


async def test_a_pointer_to_a_group_that_became_a_supergroup_reaches_it(
        telegram: Service) -> None:
    """Bot API: a basic group upgraded to a supergroup answers 400 «group chat was upgraded
    to a supergroup chat» with ``parameters.migrate_to_chat_id``; python-telegram-bot raises
    ChatMigrated, which the client did not map: the pointer was retried at the old id
    forever (an error logged each time) and never arrived."""
    tg = telegram.tg
    assert tg is not None
    old, new = -4000123, -1004000123
    tg.updates.user(CHAT, "Ana")
    tg.inject_error(400, "Bad Request: group chat was upgraded to a supergroup chat",
                    None, parameters={"migrate_to_chat_id": new}, chat_id=old)
    await tg.deliver(tg.groups.text(old, CHAT, "hola", kind="group"))
    await until(lambda: tg.messages_to(new), what="the pointer in the supergroup")
    [pointer] = [m.text or "" for m in tg.messages_to(new)]
    assert "chat privado" in pointer
