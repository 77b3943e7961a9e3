"""WhatsApp end to end: signed webhooks (batched), inbox, engine, outbox, Graph API."""

from __future__ import annotations

import asyncio
import re

import aiohttp

from bot.channels.aliases import Aliases
from bot.channels.whatsapp.inbound import window_key
from bot.conversation.events import push_event
from bot.conversation.messages import Button, Reply
from bot.pipeline.outbox import OutboundJob
from domain.accounts.model import ChatRef
from tests.integration.pipeline.conftest import VERIFY_TOKEN, Service, until

PHONE = "+5215512345001"
WA_ID = "5215512345001"


def texts(service: Service, phone: str = PHONE) -> list[str]:
    assert service.wa is not None
    return [m.text or "" for m in service.wa.messages_to(phone)]


async def test_the_verification_handshake(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    good = await wa.verify()
    assert (good.status, good.text) == (200, good.challenge)
    bad = await wa.verify(verify_token="nope")
    assert bad.status == 403 and bad.text != bad.challenge


async def test_a_conversation_over_whatsapp(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    hello = wa.inbound.text(PHONE, "hola", name="Ana")
    await wa.deliver(hello)
    await until(lambda: wa.messages_to(PHONE), what="welcome and menu")
    assert len(wa.messages_to(PHONE)) == 1, "the welcome travels with the menu: one message"
    menu = wa.messages_to(PHONE)[-1]
    assert menu.interactive_type == "list", "ten options: a list"
    welcome, _, prompt = (menu.text or "").rpartition("\n\n")
    assert "Todos los trámites son gratuitos" in welcome
    assert prompt == "¿Qué quieres hacer? Elige una opción:"
    assert menu.options[:3] == ["Registro", "Iniciar sesión", "Olvidé mi contraseña"]
    assert menu.list_button == "Ver opciones"
    assert hello["id"] in [mark.message_id for mark in wa.read_marks], "marked as read"
    await wa.deliver(wa.inbound.list_reply(PHONE, "cmd:language", "Ayuda"))
    await until(lambda: wa.messages_to(PHONE)[-1].interactive_type == "button")
    assert wa.messages_to(PHONE)[-1].options == ["Español", "English"]
    await wa.deliver(wa.inbound.button_reply(PHONE, "lang:en", "English"))
    await until(lambda: any(t.startswith("Done, we will continue in English.\n\n")
                            for t in texts(whatsapp)))
    await wa.deliver(wa.inbound.sticker(PHONE))
    await until(lambda: any("I can only read text" in t for t in texts(whatsapp)))


async def test_the_24_hour_window_opens_with_the_users_message(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    tag = whatsapp.container.engine.store.tag("whatsapp:" + WA_ID)
    redis = whatsapp.container.redis
    assert await redis.exists(window_key(tag)) == 0
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the answer")
    assert 24 * 3600 - 60 < await redis.ttl(window_key(tag)) <= 24 * 3600


async def test_the_transcript_keeps_the_messages_as_they_were_sent(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the answer")
    container = whatsapp.container
    await container.transcripts.flush()
    conversation = container.keyring.lookup.digest("whatsapp:" + WA_ID, "conversation")
    async with container.database.unit_of_work(container.keyring) as uow:
        rows = await uow.transcripts.of(conversation)
    assert [row.direction for row in rows] == ["in", "out"], "one message went out"
    assert rows[0].text == "hola"
    assert "Todos los trámites son gratuitos" in rows[1].text
    assert "¿Qué quieres hacer? Elige una opción:" in rows[1].text
    assert WA_ID not in rows[1].text


async def test_batched_posts_answer_every_user_and_record_statuses(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    other = "+5215512345002"
    await wa.deliver(wa.inbound.text(PHONE, "ayuda"), wa.inbound.text(other, "asesor"))
    await until(lambda: texts(whatsapp, other) and texts(whatsapp, PHONE))
    sent = wa.messages_to(PHONE)[0].wamid
    await wa.deliver_statuses(sent, ["read", "delivered", "sent"])
    statuses = whatsapp.channels.statuses
    assert await statuses.status_of(sent) == "read", "never downgraded"
    await wa.deliver(wa.failed(sent, code=131026))
    assert await statuses.status_of(sent) == "failed"


async def test_forged_missing_and_altered_signatures_change_nothing(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    for mode in ("forged", "missing", "altered", "wrong_prefix", "empty"):
        delivery = await wa.deliver(wa.inbound.text(PHONE, "hola"), signature=mode)
        assert delivery.statuses == [403], mode
    async with aiohttp.ClientSession() as session:
        async with session.post(whatsapp.url + "/webhooks/whatsapp", data=b"{}") as response:
            assert response.status == 403
    await asyncio.sleep(0.5)
    assert wa.messages_to(PHONE) == []
    assert await whatsapp.channels.inbox.pending() == 0


async def test_duplicates_get_one_answer(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    message = wa.inbound.text(PHONE, "ayuda")
    await wa.deliver_concurrently(message, copies=3)
    await wa.redeliver(message["id"])
    await until(lambda: any("Esto es lo que puedo hacer" in t for t in texts(whatsapp)))
    await asyncio.sleep(0.7)
    assert sum("Esto es lo que puedo hacer" in t for t in texts(whatsapp)) == 1


async def test_throttling_storms_and_5xx_lose_nothing_and_keep_order(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    wa.inject_throughput_limit(count=3)
    wa.inject_server_error(count=2)
    wa.inject_pair_limit(count=1)
    for word in ("hola", "ayuda", "asesor", "cancelar"):
        await wa.deliver(wa.inbound.text(PHONE, word))
    expected = ["¿Qué quieres hacer? Elige una opción:", "Esto es lo que puedo hacer por ti:",
                "Te comunico con un asesor.",  # asesor: in the queue, no menu
                "Dejaste la espera: ningún asesor te va a escribir."]  # cancelar: the menu again
    # the menu after «hola» and after «cancelar» («ayuda» answers with its own buttons)
    await until(lambda: sum(t.endswith(expected[0]) for t in texts(whatsapp)) >= 2,
                timeout=30, what="every reply")
    seen = texts(whatsapp)
    positions = [next(i for i, t in enumerate(seen) if e in t) for e in expected]
    assert positions == sorted(positions), seen
    assert 'reason="130429"' in whatsapp.metrics


async def test_outside_the_24_hour_window_replies_are_held_with_the_reason(
    whatsapp: Service,
) -> None:
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="welcome and menu")
    store = whatsapp.container.engine.store
    outbox = whatsapp.channels.outbox
    late = OutboundJob("late:0", "whatsapp", WA_ID, "es_MX", Reply(text="Recordatorio"))
    await whatsapp.container.redis.delete(window_key(store.tag("whatsapp:" + WA_ID)))
    await outbox.append([late])  # our own record says the window closed
    await until(lambda: 'reason="outside the 24-hour window' in whatsapp.metrics)
    wa.clock.advance(25 * 3600)  # the platform's clock: its window closed too
    await whatsapp.container.redis.set(window_key(store.tag("whatsapp:" + WA_ID)), "1")
    await outbox.append([OutboundJob("late:1", "whatsapp", WA_ID, "es_MX",
                                     Reply(text="Otro aviso"))])
    await until(lambda: 'reason="outside the 24-hour window (131047)' in whatsapp.metrics)
    assert "Recordatorio" not in texts(whatsapp) and "Otro aviso" not in texts(whatsapp)
    parked = await whatsapp.container.redis.lrange("outbox:parked", 0, -1)
    assert len(parked) == 2


async def test_registration_password_goes_through_the_page(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    outbox = whatsapp.container.demo_outbox
    assert outbox is not None
    maria = ("03119283525", "LOHF920417MJCPRR04", "LOHF920417K25", "maria.wa@example.com",
             "5587654321")
    await wa.deliver(wa.inbound.text(PHONE, "registro"))
    await until(lambda: texts(whatsapp) and "¿Aceptas" in texts(whatsapp)[-1])
    await wa.deliver(wa.inbound.button_reply(PHONE, "register:accept", "Acepto"))
    prompts = ("Ahora escribe tu CURP", "Escribe tu RFC", "Escribe tu correo",
               "Escribe tu número de celular", "Te enviamos un código de 6 dígitos por SMS")
    await until(lambda: texts(whatsapp)[-1].startswith("Escribe tu Número de Seguridad"))
    for answer, prompt in zip(maria, prompts, strict=True):
        await wa.deliver(wa.inbound.text(PHONE, answer))
        await until(lambda p=prompt: texts(whatsapp)[-1].startswith(p), what=prompt)
    for channel, prompt in (("sms", "Te enviamos otro código"), ("email", "Por tu seguridad")):
        text = [e.text for e in outbox.messages() if e.channel == channel][-1]
        code = re.findall(r"\b\d{6}\b", text)[-1]
        await wa.deliver(wa.inbound.text(PHONE, code))
        await until(lambda p=prompt: any(p in t for t in texts(whatsapp)[-2:]), what=prompt)
    link = re.search(r"(/p/[A-Za-z0-9_-]+)", texts(whatsapp)[-1])
    assert link
    async with aiohttp.ClientSession() as session:
        async with session.get(whatsapp.url + link.group(1)) as page:
            csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text())
        assert csrf
        async with session.post(whatsapp.url + link.group(1), data={
                "password": "Girasol#Nube42", "confirm": "Girasol#Nube42",
                "csrf": csrf.group(1)}) as done:
            assert done.status == 200
    await until(lambda: any("Último paso: términos" in t for t in texts(whatsapp)),
                what="the chat went on by itself")
    assert VERIFY_TOKEN


async def test_a_list_of_twelve_pages_and_long_ids_come_back_whole(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="welcome and menu")
    long_id = "menu:" + "x" * 250
    buttons = tuple(Button(f"opt:{n}", f"Opción {n}") for n in range(11)) + (
        Button(long_id, "La larga"),)
    job = OutboundJob("many:0", "whatsapp", WA_ID, "es_MX",
                      Reply(text="Elige", buttons=buttons, list_label="Ver opciones"))
    await whatsapp.channels.outbox.append([job])
    await until(lambda: wa.messages_to(PHONE)[-1].text == "Elige")
    first = wa.messages_to(PHONE)[-1]
    assert first.interactive_type == "list" and len(first.options) == 10
    assert first.options[:9] == [f"Opción {n}" for n in range(9)]
    before = len(wa.messages_to(PHONE))
    await wa.deliver(wa.inbound.list_reply(PHONE, "more:1", "Más opciones"))
    await until(lambda: len(wa.messages_to(PHONE)) > before, what="the second page")
    second = wa.messages_to(PHONE)[-1]
    assert second.options[:3] == ["Opción 9", "Opción 10", "La larga"]
    carried = next(row["id"] for section in second.payload["interactive"]["action"]["sections"]
                   for row in section["rows"] if row["title"] == "La larga")
    assert len(carried) <= 200 and carried != long_id
    tag = whatsapp.container.engine.store.tag("whatsapp:" + WA_ID)
    assert await Aliases(whatsapp.container.redis).resolve(tag, carried) == long_id


async def test_an_agents_words_reach_the_user_through_the_outbox(whatsapp: Service) -> None:
    """Handoff over the wire: the agent's take and message go through the engine and the
    outbox like any reply (the console's own tests cover its side)."""
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "asesor"))
    await until(lambda: any("Te comunico con un asesor" in t for t in texts(whatsapp)),
                what="the queue notice")
    desk = whatsapp.container.services.handoff
    [entry] = await desk.waiting()
    assert entry.channel == "whatsapp" and entry.shown_user == "******5001"
    now = whatsapp.container.engine.clock()
    assert await desk.take(entry.id, "staff-1", now)
    chat = ChatRef("whatsapp", WA_ID)
    for event, text in (("take", None), ("say", "Hola, soy Ana. ¿En qué te ayudo?")):
        await push_event(whatsapp.container.engine, whatsapp.container.dispatcher,
                         {"whatsapp"}, chat, f"event:handoff:{event}:staff-1", now, text)
    await until(lambda: "Hola, soy Ana. ¿En qué te ayudo?" in texts(whatsapp),
                what="the agent's message")
    await wa.deliver(wa.inbound.text(PHONE, "no me llega el código"))
    await asyncio.sleep(0.5)
    assert texts(whatsapp)[-1] == "Hola, soy Ana. ¿En qué te ayudo?", "the bot stays quiet"


async def test_a_fast_sender_gets_every_reply_in_order_delayed_never_parked(
        whatsapp: Service) -> None:
    """22 messages in a burst from one user: more than the pair rate's burst of 20 (then
    one per 6 s). The replies past the burst wait for the pacing; none is parked, none is
    lost, and they go in the order of the messages."""
    wa = whatsapp.wa
    assert wa is not None
    wa.set_rate_limits(pair_interval=6.0, pair_burst=20)  # Meta's pair rate, as we pace it
    words = ["hola", "ayuda"] * 11
    for word in words:
        await wa.deliver(wa.inbound.text(PHONE, word))
    await until(lambda: len(texts(whatsapp)) >= len(words), timeout=40,
                what="every reply, the last two after the pacing")
    await asyncio.sleep(0.5)
    seen = texts(whatsapp)
    assert len(seen) == len(words), "no reply lost or doubled"
    kinds = ["menu" if t.endswith("Elige una opción:") else "help" for t in seen]
    assert kinds == ["menu", "help"] * 11, seen
    assert await whatsapp.container.redis.llen("outbox:parked") == 0
    assert "micuenta_replies_parked_total{" not in whatsapp.metrics
    sent_at = [m.at for m in wa.messages_to(PHONE)]
    assert sent_at[-1] - sent_at[19] >= 6.0, "the 22nd waited for the pair rate"
