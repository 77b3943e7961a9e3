"""WhatsApp as it really is in 2026: business-scoped user ids, failures reported after
acceptance, numbers that change, groups, reactions, the sandbox's allowed list and the
template outside the 24-hour window."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.channels.whatsapp.failures import SENT_KEPT_S
from bot.channels.whatsapp.inbound import window_key
from bot.channels.whatsapp.render import template_text
from bot.conversation.events import push_event
from bot.conversation.messages import Button, Reply
from bot.pipeline.outbox import PARKED, OutboundJob
from domain.accounts.model import ChatRef
from domain.persistence.database import Database
from domain.security.guard import Guard
from tests.fakes.graph_server import GraphServer
from tests.fakes.graph_validation import TemplateSpec
from tests.integration.pipeline.conftest import (
    APP_SECRET,
    VERIFY_TOKEN,
    Service,
    _service,
    _settings,
    reserved_socket,
    until,
)

PHONE = "+5215512345101"
WA_ID = "5215512345101"
BSUID = "MX.13491208655302741918"
TEMPLATE = "mc_respuesta"
BUTTONS_TEMPLATE = "mc_opciones"


def texts(service: Service, to: str = PHONE) -> list[str]:
    assert service.wa is not None
    return [m.text or "" for m in service.wa.messages_to(to)]


async def parked(service: Service) -> list[dict[str, Any]]:
    return [json.loads(r) for r in await service.container.redis.lrange(PARKED, 0, -1)]


@pytest.fixture(params=["status", "status_first"])
async def with_template(request: pytest.FixtureRequest, tmp_path: Path, backends: Any,
                        database_url: str, redis: Redis,
                        database: Database) -> AsyncIterator[Service]:
    """WhatsApp with an approved template; the platform reports a closed window late, as a
    ``failed`` status (what Meta does when it accepted the message first): after the send
    was answered, or (``status_first``) before, the failure outrunning the acceptance."""
    sock = reserved_socket()
    port = sock.getsockname()[1]
    async with GraphServer(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN,
                           webhook_url=f"http://127.0.0.1:{port}/webhooks/whatsapp",
                           window_failure=request.param, templates=[TEMPLATE]) as wa:
        settings = _settings(tmp_path, backends, database_url, port,
                             WHATSAPP_TOKEN=wa.access_token,
                             WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
                             WHATSAPP_API_URL=wa.api_url, WHATSAPP_APP_SECRET=APP_SECRET,
                             WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
                             WHATSAPP_TEMPLATE_NAME=TEMPLATE)
        async for service in _service(settings, redis, database, sock):
            service.wa = wa
            yield service


@pytest.fixture
async def with_buttons_template(tmp_path: Path, backends: Any, database_url: str,
                                redis: Redis, database: Database) -> AsyncIterator[Service]:
    """WhatsApp with both templates approved: the plain one and one with three quick-reply
    buttons titled 1, 2 and 3 (each with 200 characters of its own body text)."""
    sock = reserved_socket()
    port = sock.getsockname()[1]
    approved = {TEMPLATE: TemplateSpec(parameters=1, text_chars=200),
                BUTTONS_TEMPLATE: TemplateSpec(parameters=1, text_chars=200, quick_replies=3)}
    async with GraphServer(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN,
                           webhook_url=f"http://127.0.0.1:{port}/webhooks/whatsapp",
                           templates=approved) as wa:
        settings = _settings(tmp_path, backends, database_url, port,
                             WHATSAPP_TOKEN=wa.access_token,
                             WHATSAPP_PHONE_NUMBER_ID=wa.phone_number_id,
                             WHATSAPP_API_URL=wa.api_url, WHATSAPP_APP_SECRET=APP_SECRET,
                             WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
                             WHATSAPP_TEMPLATE_NAME=TEMPLATE,
                             WHATSAPP_TEMPLATE_BUTTONS_NAME=BUTTONS_TEMPLATE,
                             WHATSAPP_TEMPLATE_BUTTONS="3")
        async for service in _service(settings, redis, database, sock):
            service.wa = wa
            yield service


async def _keys(redis: Redis, pattern: str) -> list[str]:
    return [k.decode() if isinstance(k, bytes) else k
            async for k in redis.scan_iter(match=pattern, count=1000)]


# --- business-scoped user ids ------------------------------------------------------------

async def test_a_user_known_only_by_a_business_scoped_id_is_answered_by_recipient(
        whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.from_user_id(BSUID, "registro"))
    await until(lambda: texts(whatsapp, BSUID), what="an answer to the BSUID")
    assert "¿Aceptas el aviso" in texts(whatsapp, BSUID)[-1]
    sent = wa.messages_to(BSUID)[-1].payload
    assert sent["recipient"] == BSUID and "to" not in sent

    # later the same user's webhook carries the phone too: still one conversation
    await wa.deliver(wa.inbound.from_user_id(BSUID, "Acepto", phone=PHONE))
    await until(lambda: any(t.startswith("Escribe tu Número de Seguridad")
                            for t in texts(whatsapp, BSUID)), what="the next step")
    assert wa.messages_to(PHONE) == []
    store = whatsapp.container.engine.store
    assert not await whatsapp.container.redis.exists(store.state_key("whatsapp:" + WA_ID))


async def test_a_phone_user_who_later_hides_the_phone_stays_one_conversation(
        whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.from_user_id(BSUID, "registro", phone=PHONE))
    await until(lambda: texts(whatsapp) and "¿Aceptas el aviso" in texts(whatsapp)[-1])
    await wa.deliver(wa.inbound.from_user_id(BSUID, "acepto"))
    await until(lambda: texts(whatsapp)[-1].startswith("Escribe tu Número de Seguridad"),
                what="the step after the terms, to the phone")
    assert wa.messages_to(BSUID) == []


# --- failures reported after acceptance -------------------------------------------------

async def test_a_late_131047_closes_the_window_and_sends_the_template(
        with_template: Service, caplog: pytest.LogCaptureFixture) -> None:
    wa = with_template.wa
    assert wa is not None
    caplog.set_level(logging.WARNING)
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the menu")
    wa.clock.advance(25 * 3600)  # the platform's window closed; ours still says open
    await wa.deliver(wa.inbound.text(PHONE, "ayuda"), signature="valid")  # reopens...
    wa.last_inbound[WA_ID] = wa.clock.now() - 25 * 3600  # ...not for Meta: it was late
    await wa.deliver(wa.inbound.text(PHONE, "asesor"))
    wa.last_inbound[WA_ID] = wa.clock.now() - 25 * 3600
    # both replies fail late and go again as the template: in whichever order the two
    # turns and the two failures interleave, the window is closed once the second is sent
    # («asesor» arriving after the first failure opens our window again until its own)
    await until(lambda: sum(m.type == "template" for m in wa.messages_to(PHONE)) >= 2,
                timeout=15, what="both replies again, as the template")
    failed = [m for m in wa.messages_to(PHONE, include_failed=True) if m.failed_code]
    assert failed, "Meta accepted, then reported 131047"
    template = next(m for m in wa.messages_to(PHONE) if m.type == "template")
    assert template.payload["template"]["name"] == TEMPLATE
    tag = with_template.container.engine.store.tag("whatsapp:" + WA_ID)
    assert not await with_template.container.redis.exists(window_key(tag)), "window closed"
    assert 'micuenta_whatsapp_failures_total{code="131047"}' in with_template.metrics
    logged = [r.getMessage() for r in caplog.records if "reported message" in r.getMessage()]
    assert failed[0].wamid in " ".join(logged)


async def test_other_late_failures_park_the_reply_with_the_reason_once(
        whatsapp: Service, caplog: pytest.LogCaptureFixture) -> None:
    wa = whatsapp.wa
    assert wa is not None
    caplog.set_level(logging.WARNING)
    await wa.deliver(wa.inbound.text(PHONE, "ayuda"))
    await until(lambda: wa.messages_to(PHONE), what="the help")
    wamid = wa.messages_to(PHONE)[-1].wamid
    for _ in range(2):  # Meta warns of duplicates
        await wa.deliver(wa.failed(wamid, code=131049))
    await until(lambda: 'micuenta_whatsapp_failures_total{code="131049"}' in
                whatsapp.metrics)
    [record] = await parked(whatsapp)
    assert record["reason"].startswith("failed after acceptance (131049)")
    logged = [r.getMessage() for r in caplog.records if wamid in r.getMessage()]
    assert len(logged) == 1 and "131049" in logged[0]
    assert 'micuenta_whatsapp_failures_total{code="131049"} 1.0' in whatsapp.metrics


async def test_a_131030_for_a_mexican_mobile_is_logged_with_a_hint(
        whatsapp: Service, caplog: pytest.LogCaptureFixture) -> None:
    wa = whatsapp.wa
    assert wa is not None
    wa.inject_error(131030, to=PHONE)
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: 'micuenta_replies_parked_total{channel="whatsapp"' in
                whatsapp.metrics)
    [record] = await parked(whatsapp)
    assert "allowed list" in record["reason"] and "+525512345101" in record["reason"]
    assert "allowed list" in caplog.text
    request = wa.requests_to("messages")[-1]
    assert request.json["to"] == PHONE, "sent to the wa_id as WhatsApp gave it"


# --- a changed number ----------------------------------------------------------------------

async def test_a_changed_number_takes_the_conversation_and_the_account_link(
        whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    new_phone, new_id = "+5215598765101", "5215598765101"
    container = whatsapp.container
    async with container.database.unit_of_work(container.keyring) as uow:
        account = await uow.accounts.by_email("carmen.sanchez@example.com")
        assert account is not None
        await uow.accounts.link_chat(account.id, ChatRef("whatsapp", WA_ID),
                                     container.engine.clock())
        await uow.commit()
    await wa.deliver(wa.inbound.text(PHONE, "registro"))
    await until(lambda: texts(whatsapp) and "¿Aceptas el aviso" in texts(whatsapp)[-1])

    await wa.deliver(wa.inbound.changed_number(PHONE, new_phone))
    await asyncio.sleep(0.3)
    await wa.deliver(wa.inbound.button_reply(new_phone, "register:accept", "Acepto"))
    await until(lambda: texts(whatsapp, new_phone), what="the answer at the new number")
    assert texts(whatsapp, new_phone)[-1].startswith("Escribe tu Número de Seguridad")
    store = container.engine.store
    assert not await container.redis.exists(store.state_key("whatsapp:" + WA_ID))
    async with container.database.unit_of_work(container.keyring) as uow:
        assert await uow.accounts.is_linked(account.id, ChatRef("whatsapp", new_id))
        assert not await uow.accounts.is_linked(account.id, ChatRef("whatsapp", WA_ID))


async def test_a_changed_number_keeps_its_agent_its_transcript_and_its_lookup_count(
        whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    new_phone, new_id = "+5215598765102", "5215598765102"
    container = whatsapp.container
    desk = container.engine.conversation.services.handoff
    accounts = container.engine.conversation.services.accounts
    now = container.engine.clock()
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: texts(whatsapp), what="the menu")
    await wa.deliver(wa.inbound.text(PHONE, "asesor"))
    await until(lambda: any(t.startswith("Te comunico con un asesor") for t in texts(whatsapp)),
                what="the queue")
    [waiting] = await desk.waiting()
    assert await desk.take(waiting.id, "staff-1", now)
    await push_event(container.engine, container.dispatcher, frozenset({"whatsapp"}),
                     ChatRef("whatsapp", WA_ID), "event:handoff:take:staff-1", now)
    await until(lambda: texts(whatsapp)[-1].startswith("Hola, ya te atiende un asesor"))
    async with container.database.unit_of_work(container.keyring) as uow:  # 4 misses
        await uow.guards.put(accounts._lookup_subject(ChatRef("whatsapp", WA_ID)),
                             Guard(failures=4), now)
        await uow.commit()

    await wa.deliver(wa.inbound.changed_number(PHONE, new_phone))
    for _ in range(50):
        [taken] = await desk.taken("staff-1")
        if taken.conversation_key != "whatsapp:" + WA_ID:
            break
        await asyncio.sleep(0.1)
    assert taken.conversation_key == "whatsapp:" + new_id and taken.shown_user.endswith("5102")
    await wa.deliver(wa.inbound.text(new_phone, "sigo aquí, ¿me ayudas?"))
    await asyncio.sleep(0.7)
    assert texts(whatsapp, new_phone) == [], "the agent has the chat: the bot says nothing"
    await push_event(container.engine, container.dispatcher, frozenset({"whatsapp"}),
                     ChatRef("whatsapp", new_id), "event:handoff:say:staff-1", now,
                     "Claro, dime")
    await until(lambda: texts(whatsapp, new_phone) == ["Claro, dime"],
                what="the agent's words at the new number")

    transcripts = container.engine.transcripts
    assert transcripts is not None
    await transcripts.flush()
    async with container.database.unit_of_work(container.keyring) as uow:
        moved = await uow.transcripts.of(transcripts.conversation_hash("whatsapp:" + new_id))
        left = await uow.transcripts.of(transcripts.conversation_hash("whatsapp:" + WA_ID))
        counted = await uow.guards.get(accounts._lookup_subject(ChatRef("whatsapp", new_id)))
    said = [e.text for e in moved]
    assert said[0] == "hola" and "asesor" in said and "sigo aquí, ¿me ayudas?" in said, said
    assert left == []
    assert counted.failures == 4, "a new number does not reset the lookups' count"


# --- groups, reactions, deletions ----------------------------------------------------------

async def test_a_group_keeps_nothing_and_is_pointed_to_the_chat_once_a_day(
        whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    group = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"
    for words in ("registro", "mi nss es 03119283525"):
        await wa.deliver(wa.inbound.in_group(group, PHONE, words))
    await until(lambda: wa.messages_to("group:" + group), what="the pointer")
    await asyncio.sleep(0.5)
    [pointer] = [m.text for m in wa.messages_to("group:" + group)]
    assert pointer is not None and f"https://wa.me/{wa.display_phone_number}" in pointer
    assert wa.messages_to(PHONE) == []
    store = whatsapp.container.engine.store
    assert not await whatsapp.container.redis.exists(store.state_key("whatsapp:" + WA_ID))


async def test_reactions_and_deletions_change_nothing(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    hello = wa.inbound.text(PHONE, "registro")
    await wa.deliver(hello)
    await until(lambda: texts(whatsapp) and "¿Aceptas el aviso" in texts(whatsapp)[-1])
    await wa.deliver(wa.inbound.reaction(PHONE, wa.messages_to(PHONE)[-1].wamid, "👍"))
    await wa.deliver(wa.inbound.reaction(PHONE, wa.messages_to(PHONE)[-1].wamid, None))
    await wa.deliver(wa.inbound.revoke(PHONE, hello["id"]))
    await asyncio.sleep(0.7)
    assert len(texts(whatsapp)) == 1, "no re-prompt"


async def test_a_group_message_a_reaction_and_an_edit_change_nothing_of_a_registration(
        whatsapp: Service) -> None:
    """In the middle of a private registration the same person writes «cancelar» in a
    group, reacts to our message and takes the reaction back, edits and deletes their own
    NSS message: nothing answers privately, and the registration goes on where it was."""
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "registro"))
    await until(lambda: texts(whatsapp) and "¿Aceptas el aviso" in texts(whatsapp)[-1])
    await wa.deliver(wa.inbound.button_reply(PHONE, "register:accept", "Acepto"))
    await until(lambda: texts(whatsapp)[-1].startswith("Escribe tu Número de Seguridad"))
    nss = wa.inbound.text(PHONE, "03119283525")
    await wa.deliver(nss)
    await until(lambda: texts(whatsapp)[-1].startswith("Ahora escribe tu CURP"))
    seen = len(texts(whatsapp))
    state_before = await whatsapp.container.redis.hget(
        whatsapp.container.engine.store.state_key("whatsapp:" + WA_ID), "s")

    group = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD"
    await wa.deliver(wa.inbound.in_group(group, PHONE, "cancelar"))
    ours = wa.messages_to(PHONE)[-1].wamid
    await wa.deliver(wa.inbound.reaction(PHONE, ours, "\N{OK HAND SIGN}"))
    await wa.deliver(wa.inbound.reaction(PHONE, ours, None))
    edit = {"original_message_id": nss["id"],
            "message": {"type": "text", "text": {"body": "03119283526"}}}
    await wa.deliver(wa.inbound._message(PHONE, "edit", edit, name=None, timestamp=None))
    await wa.deliver(wa.inbound.revoke(PHONE, nss["id"]))
    await until(lambda: wa.messages_to("group:" + group), what="the group's pointer")
    await asyncio.sleep(0.7)
    assert len(texts(whatsapp)) == seen, "no re-prompt, no 'solo puedo leer texto'"
    assert await whatsapp.container.redis.hget(
        whatsapp.container.engine.store.state_key("whatsapp:" + WA_ID), "s") == state_before

    await wa.deliver(wa.inbound.text(PHONE, "LOHF920417MJCPRR04"))
    await until(lambda: texts(whatsapp)[-1].startswith("Escribe tu RFC"), what="the RFC step")
    assert len(texts(whatsapp)) == seen + 1


# --- the template keeps the options --------------------------------------------------------

def test_the_template_keeps_the_options_within_its_room() -> None:
    reply = Reply("Elige una opción: " + "muy " * 400,
                  (Button("a", "Registro"), Button("b", "Iniciar sesión"),
                   Button("c", "Olvidé mi contraseña")))
    text = template_text(reply, 824)
    assert len(text) <= 824
    assert text.endswith("1) Registro 2) Iniciar sesión 3) Olvidé mi contraseña")
    assert "\n" not in text
    assert template_text(Reply("hola"), 824) == "hola"


async def test_outside_the_window_the_template_carries_the_numbered_options(
        with_template: Service) -> None:
    wa = with_template.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the menu")
    tag = with_template.container.engine.store.tag("whatsapp:" + WA_ID)
    await with_template.container.redis.delete(window_key(tag))
    menu = Reply("¿Qué quieres hacer? " + "x" * 1200,
                 tuple(Button(f"o{n}", f"Opción {n}") for n in range(1, 11)))
    await with_template.channels.outbox.append([OutboundJob("late:menu", "whatsapp", WA_ID,
                                                            "es_MX", menu)])
    await until(lambda: any(m.type == "template" for m in wa.messages_to(PHONE)))
    template = next(m for m in wa.messages_to(PHONE) if m.type == "template")
    [parameter] = template.payload["template"]["components"][0]["parameters"]
    assert parameter["text"].endswith("9) Opción 9 10) Opción 10")
    assert len(parameter["text"]) <= 1024 - 200


async def test_outside_the_window_options_go_as_the_templates_quick_reply_buttons(
        with_buttons_template: Service) -> None:
    """The reply with its options as a template whose buttons 1, 2, 3 carry the options;
    a tap on one answers the step as the option would."""
    wa = with_buttons_template.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "registro"))
    await until(lambda: texts(with_buttons_template) and
                "¿Aceptas el aviso" in texts(with_buttons_template)[-1], what="the terms")
    terms = wa.messages_to(PHONE)[-1]
    options = [b["reply"] for b in terms.payload["interactive"]["action"]["buttons"]]
    assert 1 <= len(options) <= 3
    tag = with_buttons_template.container.engine.store.tag("whatsapp:" + WA_ID)
    await with_buttons_template.container.redis.delete(window_key(tag))
    wa.last_inbound[WA_ID] = wa.clock.now() - 25 * 3600
    reply = Reply("¿Aceptas el aviso de privacidad? " + "muy " * 400,
                  tuple(Button(o["id"], o["title"]) for o in options))
    await with_buttons_template.channels.outbox.append(
        [OutboundJob("late:terms", "whatsapp", WA_ID, "es_MX", reply)])
    await until(lambda: wa.messages_to(PHONE)[-1].type == "template",
                what="the terms as the template with buttons")
    template = wa.messages_to(PHONE)[-1].payload["template"]
    assert template["name"] == BUTTONS_TEMPLATE
    body, *buttons = template["components"]
    [parameter] = body["parameters"]
    numbered = " ".join(f"{n}) {o['title']}" for n, o in enumerate(options, start=1))
    assert parameter["text"].endswith(numbered) and len(parameter["text"]) <= 1024 - 200
    assert [(b["sub_type"], b["index"], b["parameters"][0]["payload"]) for b in buttons] == \
        [("quick_reply", str(n), o["id"]) for n, o in enumerate(options)]

    accept = next(n for n, o in enumerate(options) if o["id"] == "register:accept")
    await wa.deliver(wa.inbound.quick_reply(PHONE, "register:accept", str(accept + 1)))
    await until(lambda: texts(with_buttons_template)[-1].startswith(
        "Escribe tu Número de Seguridad"), what="the step after the terms")


async def test_options_beyond_the_templates_buttons_go_numbered_in_the_plain_template(
        with_buttons_template: Service) -> None:
    wa = with_buttons_template.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the menu")
    tag = with_buttons_template.container.engine.store.tag("whatsapp:" + WA_ID)
    await with_buttons_template.container.redis.delete(window_key(tag))
    menu = Reply("¿Qué quieres hacer?", tuple(Button(f"o{n}", f"Opción {n}")
                                            for n in range(1, 5)))
    await with_buttons_template.channels.outbox.append(
        [OutboundJob("late:menu", "whatsapp", WA_ID, "es_MX", menu)])
    await until(lambda: wa.messages_to(PHONE)[-1].type == "template")
    template = wa.messages_to(PHONE)[-1].payload["template"]
    assert template["name"] == TEMPLATE
    assert [c["type"] for c in template["components"]] == ["body"]
    assert template["components"][0]["parameters"][0]["text"].endswith("4) Opción 4")


# --- what a late failure needs, kept small ------------------------------------------------

async def test_a_sent_reply_keeps_for_a_day_only_what_a_late_failure_needs(
        whatsapp: Service) -> None:
    """Each wamid keeps who it went to and a keyed hash of the reply's words; the words are
    kept once for every user who got the same reply."""
    wa = whatsapp.wa
    assert wa is not None
    redis = whatsapp.container.redis
    phones = [PHONE, "+5215512345102", "+5215512345103"]
    for phone in phones:
        for count, said in enumerate(("hola", "ayuda"), start=1):
            await wa.deliver(wa.inbound.text(phone, said))
            await until(lambda to=phone, n=count: len(wa.messages_to(to)) == n,  # type: ignore[misc]
                        what=f"the answer to {said}")
    sent = await _keys(redis, "wa-sent:*")
    assert len(sent) == len(wa.sent) == 6
    for key in sent:
        assert 0 < await redis.ttl(key) <= SENT_KEPT_S <= 86_400
    stored = await _keys(redis, "wa-reply:*")
    assert len(stored) == 2, "the menu and the help, once for the three users"
    per_message = sum([int(await redis.memory_usage(k) or 0) for k in sent + stored]) / len(sent)
    assert per_message < 600, f"{per_message:.0f} bytes per message"

    # and a late failure still finds the reply, for the user it went to
    await wa.deliver(wa.failed(wa.messages_to(phones[1])[-1].wamid, code=131026))
    await until(lambda: 'micuenta_whatsapp_failures_total{code="131026"}' in whatsapp.metrics)
    [record] = await parked(whatsapp)
    job = whatsapp.channels.outbox.open(record["job"].split("\t", 1)[1])
    assert job.user_id == "5215512345102" and job.reply.buttons


async def test_a_failure_reported_after_delivered_sends_nothing_again(
        with_template: Service) -> None:
    """Statuses come late and out of order: a ``failed`` (131047) after Meta said
    ``delivered`` made the reply go again as the template, a duplicate of what the user
    already had; any other code parked a reply the user had."""
    wa = with_template.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "ayuda"))
    await until(lambda: wa.messages_to(PHONE), what="the help")
    wamid = wa.messages_to(PHONE)[-1].wamid
    await wa.deliver_statuses(wamid, ["sent", "delivered"])
    await wa.deliver(wa.failed(wamid, code=131047))
    await until(lambda: 'micuenta_whatsapp_failures_total{code="131047"} 1.0' in
                with_template.metrics, what="the failure counted")
    await asyncio.sleep(0.7)
    assert [m.type for m in wa.messages_to(PHONE)] == ["interactive"], "sent once"
    assert await parked(with_template) == []
    await wa.deliver(wa.inbound.text(PHONE, "menú"))
    await until(lambda: len(wa.messages_to(PHONE)) == 2, what="the menu")
    read = wa.messages_to(PHONE)[-1].wamid
    await wa.deliver_statuses(read, ["read"])
    await wa.deliver(wa.failed(read, code=131049))
    await until(lambda: 'micuenta_whatsapp_failures_total{code="131049"} 1.0' in
                with_template.metrics, what="the other failure counted")
    assert await parked(with_template) == []
