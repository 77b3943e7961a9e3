"""The engine: de-duplication, per-user order, no lost updates, expiry, schema, crashes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.app.bootstrap import Container, build
from bot.app.settings import Settings
from bot.channels.whatsapp.moves import move_conversation
from bot.conversation.messages import Msg, Say
from bot.conversation.state import ConversationState, Frame, Session, load_state
from bot.conversation.store import (
    TAGS_REMEMBERED,
    ConversationStore,
    Mark,
    StateConflict,
    StoreTimings,
)
from bot.flows.base import Answer, Ctx, Flow, Goto, Invalid, Result
from bot.flows.data import Sensitive
from bot.i18n.catalogs import Catalogs
from domain.identifiers import parse_nss
from domain.persistence.database import Database
from tests.support.chat import ChatUser
from tests.support.clock import FakeClock

EXTRA = {"test.count": "seen {n}: {last}", "test.secret": "kept {secret}"}


@dataclass
class CounterData:
    seen: list[str] = field(default_factory=list)
    secret: Sensitive = None


class CounterFlow(Flow):
    """Stands in for the menu: counts every message, keeps a sensitive value."""

    name = "menu"

    class Step(StrEnum):
        COUNT = "count"

    first = Step.COUNT
    Data = CounterData

    def ask_count(self, ctx: Ctx[CounterData]) -> list[Say]:
        last = ctx.data.seen[-1] if ctx.data.seen else "-"
        return [Say(Msg("test.count", n=str(len(ctx.data.seen)), last=last))]

    async def on_count(self, ctx: Ctx[CounterData], answer: Answer) -> Result:
        text = answer.text or ""
        if text == "boom":
            raise RuntimeError("a bug in a step")
        if text == "bad":
            return Invalid(Msg("menu.unknown"))
        if text.startswith("#"):  # no words: not read as a request at the menu
            parse_nss(text.removeprefix("#"))
        if text == "reveal":
            return Goto(self.Step.COUNT, say=[Say(Msg("test.secret", secret=ctx.data.secret))])
        if text.startswith("secret "):
            ctx.data.secret = text.removeprefix("secret ")
            return Goto(self.Step.COUNT, say=[Say(Msg("test.secret", secret=ctx.data.secret))])
        if text != "hola":  # the greeting opens the conversation, it is not counted
            ctx.data.seen.append(text)
        return Goto(self.Step.COUNT)


async def counter_container(
    settings: Settings, redis: Redis, database: Database, clock: FakeClock
) -> Container:
    base = Catalogs.load()
    catalogs = Catalogs(
        messages={loc: {**msgs, **EXTRA} for loc, msgs in base.messages.items()},
        templates=base.templates,
    )
    container = await build(settings, clock=clock, redis=redis, catalogs=catalogs,
                            database=database)
    container.engine.conversation.flows._flows["menu"] = CounterFlow()
    return container


@pytest.fixture
async def counter(
    settings: Settings, redis: Redis, database: Database, clock: FakeClock
) -> AsyncIterator[ChatUser]:
    container = await counter_container(settings, redis, database, clock)
    yield ChatUser(container.engine, clock)
    await container.aclose()


async def stored(redis: Redis, user: ChatUser) -> dict[str, Any]:
    raw = await redis.hget(user.state_key, "s")
    return json.loads(raw)


async def test_same_message_id_twice_gives_one_reply(counter: ChatUser, redis: Redis) -> None:
    await counter.send("hola")
    first = await counter.send("a", message_id="wamid.1")
    second = await counter.send("a", message_id="wamid.1")
    assert first[-1].text == "seen 1: a"
    assert second == []
    assert (await stored(redis, counter))["stack"][0]["data"]["seen"] == ["a"]
    metrics = counter.engine.metrics.exposition().decode()
    assert 'micuenta_duplicates_dropped_total{channel="terminal"} 1.0' in metrics


async def test_same_message_id_concurrently_gives_one_reply(counter: ChatUser) -> None:
    await counter.send("hola")
    replies = await asyncio.gather(*(counter.send("x", message_id="dup") for _ in range(5)))
    assert sorted(len(r) for r in replies) == [0, 0, 0, 0, 1]


async def test_twenty_messages_at_once_are_handled_in_order(
    counter: ChatUser, redis: Redis
) -> None:
    await counter.send("hola")
    replies = await asyncio.gather(*(counter.send(str(i)) for i in range(1, 21)))
    assert [r[-1].text for r in replies] == [f"seen {i}: {i}" for i in range(1, 21)]
    data = (await stored(redis, counter))["stack"][0]["data"]
    assert data["seen"] == [str(i) for i in range(1, 21)]


async def test_two_engines_sharing_redis_never_lose_an_update(
    settings: Settings, redis: Redis, database: Database, clock: FakeClock
) -> None:
    first = await counter_container(settings, redis, database, clock)
    second = await counter_container(settings, redis, database, clock)
    one, two = ChatUser(first.engine, clock), ChatUser(second.engine, clock)
    await one.send("hola")
    sends = [(one if i % 2 else two).send(f"m{i}") for i in range(40)]
    replies = await asyncio.gather(*sends)
    counts = sorted(int(r[-1].text.split(":")[0].removeprefix("seen ")) for r in replies)
    assert counts == list(range(1, 41)), "each message saw the state the previous one left"
    data = (await stored(redis, one))["stack"][0]["data"]
    assert sorted(data["seen"]) == sorted(f"m{i}" for i in range(40))
    await first.aclose()
    await second.aclose()


async def test_common_path_costs_two_redis_round_trips(counter: ChatUser, redis: Redis) -> None:
    await counter.send("hola")
    calls: list[str] = []
    original = redis.execute_command

    async def counting(*args: Any, **options: Any) -> Any:
        calls.append(str(args[0]))
        return await original(*args, **options)

    redis.execute_command = counting  # type: ignore[method-assign]
    try:
        await counter.send("a")
    finally:
        redis.execute_command = original  # type: ignore[method-assign]
    assert calls == ["EVALSHA", "EVALSHA"]


async def test_expired_state_starts_at_the_menu_and_says_so(chat: ChatUser, redis: Redis) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    key = chat.state_key
    ttl = await redis.pttl(key)
    assert 1_790_000 < ttl <= 1_800_000, "anonymous conversations live 30 minutes"
    await redis.delete(key)  # what the TTL does when it runs out
    await chat.send("1")
    assert chat.last[0].text.startswith("Tu conversación anterior terminó por inactividad")
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"


async def test_state_from_a_newer_schema_restarts_with_a_notice(
    chat: ChatUser, redis: Redis
) -> None:
    await chat.send("hola")
    key = chat.state_key
    body = json.loads(await redis.hget(key, "s"))
    body["schema"] = 99
    await redis.hset(key, "s", json.dumps(body))
    await chat.send("ayuda")
    assert chat.last[0].text.startswith("Actualizamos el servicio y tuvimos que empezar de nuevo")
    await chat.send("ayuda")
    assert "Actualizamos" not in chat.text, "the reset state is saved: no crash loop"


@pytest.mark.parametrize("garbage", ["{not json", '{"schema": 1}', '{"schema": 1, "stack": []}',
                                     '{"schema": 1, "locale": "es_MX", "stack": '
                                     '[{"flow": "gone", "step": "x", "data": {}}]}'])
async def test_unreadable_state_restarts_with_a_notice(
    chat: ChatUser, redis: Redis, garbage: str
) -> None:
    await chat.send("hola")
    await redis.hset(chat.state_key, "s", garbage)
    await chat.send("ayuda")
    assert chat.last[0].text.startswith("Actualizamos el servicio")


def test_older_schema_is_migrated() -> None:
    old = json.dumps({"schema": 0, "lang": "en", "stack": [{"flow": "menu", "step": "choose"}]})

    def zero_to_one(body: dict[str, Any]) -> dict[str, Any]:
        body["locale"] = body.pop("lang")
        return body

    state = load_state(old, migrations={0: zero_to_one}, current=1)
    assert state.locale == "en"
    assert state.stack == [Frame("menu", "choose", {})]
    roundtrip = load_state(ConversationState("es_MX", [Frame("menu", "choose")]).to_json())
    assert roundtrip.locale == "es_MX"


def test_state_json_holds_every_field() -> None:
    state = ConversationState("en", [Frame("menu", "choose", {"a": 1})], misses=2,
                              session=Session("acc", 1.0, 2.0), handoff={"agent": "x"})
    body = json.loads(state.to_json())
    assert set(body) == {f.name for f in fields(ConversationState)} | {"schema"}
    assert load_state(state.to_json()) == state


async def test_a_crashing_step_apologises_keeps_state_and_does_not_loop(
    counter: ChatUser, redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    await counter.send("hola")
    await counter.send("a")
    await counter.send("boom", message_id="poison")
    assert counter.last[0].text.startswith("Lo siento, algo falló de nuestro lado.")
    assert counter.last[-1].text == "seen 1: a"
    assert "a bug in a step" in caplog.text
    assert await counter.send("boom", message_id="poison") == []
    assert (await stored(redis, counter))["stack"][0]["data"]["seen"] == ["a"]


async def test_invalid_input_changes_no_state(counter: ChatUser, redis: Redis) -> None:
    await counter.send("hola")
    await counter.send("a")
    before = (await stored(redis, counter))["stack"]
    await counter.send("bad")
    assert counter.last[0].text.startswith("No encontré esa opción")
    assert (await stored(redis, counter))["stack"] == before


async def test_sensitive_flow_data_is_encrypted_in_redis(counter: ChatUser, redis: Redis) -> None:
    await counter.send("hola")
    await counter.send("secret GOMC850315HDFRRR07")
    assert counter.last[0].text == "kept GOMC850315HDFRRR07"
    raw = await redis.hget(counter.state_key, "s")
    assert b"GOMC850315HDFRRR07" not in raw
    await counter.send("reveal")
    assert counter.last[0].text == "kept GOMC850315HDFRRR07", "decrypted on the next turn"


async def test_a_dead_holder_is_skipped_after_its_lease(redis: Redis) -> None:
    store = ConversationStore(redis, StoreTimings(lease_ms=300, heartbeat_ms=100))
    dead, _ = await store.begin("terminal:u", "m1")  # never commits: its process "died"
    assert dead is not None
    turn, waits = await asyncio.wait_for(store.begin("terminal:u", "m2"), 5)
    assert turn is not None and waits > 0
    await store.commit(turn, ConversationState("es_MX", [Frame("menu", "choose")]).to_json(),
                       60, "es_MX", active=False)
    with pytest.raises(StateConflict):
        await store.commit(dead, "{}", 60, "es_MX", active=False)
    assert await redis.exists("seen:{terminal:u}:m1") == 0, "the dead one's message stays unhandled"


async def test_marks_are_set_with_the_commit_and_only_on_the_users_keys(redis: Redis) -> None:
    store = ConversationStore(redis)
    state = ConversationState("es_MX", [Frame("menu", "choose")]).to_json()
    turn, _ = await store.begin("whatsapp:u", "m1")
    assert turn is not None
    with pytest.raises(ValueError, match="one of the user's keys"):
        await store.commit(turn, state, 60, "es_MX", active=False,
                           marks=[Mark("wa-window:{whatsapp:other}", "1", 60)])
    assert await redis.exists("seen:{whatsapp:u}:m1") == 0, "nothing was committed"
    await store.commit(turn, state, 60, "es_MX", active=False, outbox=["k\titem"],
                       marks=[Mark("wa-window:{whatsapp:u}", "1764331200.5", 86_000),
                              Mark("note:{whatsapp:u}", "x", 30)])
    assert await redis.get("wa-window:{whatsapp:u}") == b"1764331200.5"
    assert 85_990 < await redis.ttl("wa-window:{whatsapp:u}") <= 86_000
    assert 0 < await redis.ttl("note:{whatsapp:u}") <= 30
    assert await redis.lrange("out:{whatsapp:u}", 0, -1) == [b"k\titem"]


async def test_every_key_the_engine_writes_has_a_ttl(chat: ChatUser, redis: Redis) -> None:
    await chat.send("hola")
    await chat.send("idioma")
    keys = [key async for key in redis.scan_iter("*")]
    assert keys
    for key in keys:
        assert await redis.ttl(key) > 0, key


async def test_domain_errors_become_their_message_and_the_step_stays(counter: ChatUser) -> None:
    await counter.send("hola")
    await counter.send("a")
    await counter.send("#12345678904")
    assert counter.last[0].text.startswith("El último dígito de tu NSS no coincide")
    assert counter.last[-1].text == "seen 1: a", "the same step is asked again, nothing lost"


async def test_conversation_tags_are_stable_and_their_memory_bounded(redis: Redis) -> None:
    calls: list[str] = []

    def pseudonym(conversation: str) -> str:
        calls.append(conversation)
        return "p-" + conversation[::-1]

    store = ConversationStore(redis, pseudonym=pseudonym)
    assert store.tag("whatsapp:521") == store.tag("whatsapp:521") == "{p-125:ppastahw}"
    assert calls == ["whatsapp:521"], "computed once"
    for n in range(TAGS_REMEMBERED + 10):
        store.tag(f"telegram:{n}")
    assert store._tag.cache_info().currsize == TAGS_REMEMBERED
    assert store.tag("whatsapp:521") == "{p-125:ppastahw}", "recomputed the same once forgotten"
    assert calls.count("whatsapp:521") == 2


async def test_a_turn_whose_conversation_was_moved_in_meanwhile_loses_and_runs_again(
        container: Container, clock: FakeClock, redis: Redis) -> None:
    """Two writers of one conversation at one version: a worker handling a message of the
    new number (its turn began on no state) and the number change, which moves the old
    number's conversation in (``whatsapp_moves``). The worker's commit must lose (the
    compare-and-set on the version), or it would overwrite the moved conversation; the
    message, handled again as a redelivery is, runs on the moved conversation at once."""
    engine, store = container.engine, container.engine.store
    old = ChatUser(engine, clock, user_id="5215511110000", channel="whatsapp",
                   language_hint="en")
    await old.send("hola")
    moved = await redis.hget(old.state_key, "s")
    new = ChatUser(engine, clock, user_id="5215522220000", channel="whatsapp")
    turn, _ = await store.begin("whatsapp:" + new.user_id, "m-new")
    assert turn is not None and turn.version == ""
    await move_conversation(engine, container.outbox, redis, old.user_id, new.user_id)
    assert await redis.hget(new.state_key, "s") == moved
    with pytest.raises(StateConflict, match="conflict"):
        await store.commit(turn, ConversationState("es_MX", [Frame("menu", "choose")]).to_json(),
                           60, "es_MX", active=False)
    assert await redis.hget(new.state_key, "s") == moved, "the moved conversation stands"
    replies = await asyncio.wait_for(new.send("hola", message_id="m-new"), 5)
    assert replies, "handled again without waiting for the lost turn's lease"
    assert (await stored(redis, new))["locale"] == "en", "on the moved conversation"


def test_a_schema_5_state_gains_no_finished_procedure() -> None:
    body = json.loads(ConversationState("es_MX", [Frame("menu", "choose")]).to_json())
    body["schema"] = 5
    del body["finished"]
    state = load_state(json.dumps(body))
    assert state.finished is None and state.locale == "es_MX"
