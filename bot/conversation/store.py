"""Conversation state in Redis: a fair per-user turn, the state, and de-duplication.

Two scripts make the common path two round trips per message:

``begin``  takes the user's turn (a ticket queue: tickets are served in the order they were
           taken, across processes), checks the message id against the de-duplication marks,
           and returns the state with its version and the user's profile.
``commit`` writes the new state with compare-and-set on the version, marks the message id
           as handled (24 h), updates the profile and hands the turn to the next ticket.
           A state changed outside the turn (a number change moved a conversation in)
           refuses the commit, and the turn is handed on all the same: the message stays
           unhandled, and handled again it runs on that state without waiting for a lease.

A waiting ticket keeps a heartbeat and the serving ticket holds a lease, renewed by its
holder while the turn runs (``renew``); a ticket whose holder died (no heartbeat, lease
lapsed) is skipped, so a crashed process never blocks a user for longer than the lease, nor
does a ticket taken by a ``begin`` whose answer was lost (Redis went away meanwhile). The
message id is marked only at commit, so a message whose handling crashed is handled again
when redelivered instead of being lost.

Keys of one user share the hash tag ``{channel:pseudonym}`` (a keyed hash of the user's
id on the channel) so they live in one Cluster slot and never name the user.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.pipeline.unrecorded import Unrecorded

_BEGIN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local q = KEYS[1]
local my = tonumber(ARGV[1])
if not my then my = redis.call('HINCRBY', q, 'next', 1) end
local stored = redis.call('HGET', q, 'serving')
local serving = tonumber(stored or '0')
while serving + 1 < my do
  local alive = tonumber(redis.call('HGET', q, 'h' .. (serving + 1)) or '0')
  if alive > now then break end
  redis.call('HDEL', q, 'h' .. (serving + 1))
  serving = serving + 1
end
if stored == false or serving ~= tonumber(stored) then redis.call('HSET', q, 'serving', serving) end
redis.call('PEXPIRE', q, ARGV[4])
if serving >= my then return {'lost', my} end
if serving + 1 < my then
  redis.call('HSET', q, 'h' .. my, now + tonumber(ARGV[3]))
  return {'wait', my}
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', q, 'serving', my)
  redis.call('HDEL', q, 'h' .. my)
  return {'dup', my}
end
redis.call('HSET', q, 'h' .. my, now + tonumber(ARGV[2]))
local conv = redis.call('HMGET', KEYS[2], 'v', 's')
local prof = redis.call('HMGET', KEYS[4], 'locale', 'active')
return {'go', my, conv[1], conv[2], prof[1], prof[2]}
"""

_COMMIT = """
local q = KEYS[1]
local my = tonumber(ARGV[1])
local turn = redis.call('HMGET', q, 'serving', 'h' .. my)
if tonumber(turn[1] or '0') + 1 ~= my or not turn[2] then return 'lost' end
local v = redis.call('HGET', KEYS[2], 'v')
if (v or '') ~= ARGV[2] then
  redis.call('HSET', q, 'serving', my)
  redis.call('HDEL', q, 'h' .. my)
  return 'conflict'
end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('HSET', KEYS[2], 'v', (tonumber(v) or 0) + 1, 's', ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
redis.call('SET', KEYS[3], '1', 'EX', ARGV[5])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[4], 'locale', ARGV[6], 'active', ARGV[7]) end
redis.call('EXPIRE', KEYS[4], ARGV[8])
redis.call('HSET', q, 'serving', my)
redis.call('HDEL', q, 'h' .. my)
local marks = tonumber(ARGV[10])
for i = 1, marks do
  redis.call('SET', KEYS[5 + i], ARGV[9 + 2 * i], 'EX', ARGV[10 + 2 * i])
end
local owner = ARGV[11 + 2 * marks]
local ready = ARGV[13 + 2 * marks]
local first = 16 + 2 * marks
local owned = false
if owner ~= '' and #ARGV >= first and redis.call('LLEN', KEYS[5]) == 0 then
  owned = redis.call('SET', KEYS[6 + marks], owner, 'NX', 'PX', ARGV[12 + 2 * marks]) ~= false
end
if #ARGV >= first then
  redis.call('RPUSH', KEYS[5], unpack(ARGV, first))
  redis.call('EXPIRE', KEYS[5], ARGV[9])
  if ready ~= '' then
    local score = ARGV[14 + 2 * marks]
    if owned then score = ARGV[15 + 2 * marks] end
    redis.call('ZADD', KEYS[7 + marks], score, ready)
  end
end
if owned then return 'own' end
return 'ok'
"""

_RENEW = """
local serving = tonumber(redis.call('HGET', KEYS[1], 'serving') or '0')
if serving + 1 ~= tonumber(ARGV[1]) or redis.call('HEXISTS', KEYS[1], 'h' .. ARGV[1]) == 0 then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[1], 'h' .. ARGV[1], now + tonumber(ARGV[2]))
return 1
"""

_RELEASE = """
local q = KEYS[1]
local my = tonumber(ARGV[1])
local serving = tonumber(redis.call('HGET', q, 'serving') or '0')
if serving + 1 == my then
  redis.call('HSET', q, 'serving', my)
  redis.call('HDEL', q, 'h' .. my)
end
return 'ok'
"""


class StateConflict(RuntimeError):
    """The turn was lost (lease lapsed and another process went on) or the state changed."""


@dataclass(frozen=True)
class Turn:
    """The right to handle one message of one user, with what was stored for them."""

    key: str
    message_id: str
    ticket: int
    version: str
    state: str | None
    locale: str | None
    was_active: bool


@dataclass(frozen=True)
class Mark:
    """A key of the user's (its name holds the user's hash tag) set in the commit of a
    turn: a channel's note that must hold exactly when the turn's replies exist, such as
    WhatsApp's 24-hour window."""

    key: str
    value: str
    ttl_s: int


@dataclass(frozen=True)
class ReadyEntry:
    """The user's entry in the outbox's ready set, written by the commit that appends
    replies: ``lease`` as its score when the commit took the send lock (due again when the
    lock lapses, if the process that holds it dies before sending), else ``due``."""

    key: str
    member: str
    due: float
    lease: float


@dataclass(frozen=True)
class SendLock:
    """The user's outbox send lock (its name holds the user's hash tag), taken in the
    commit of a turn for ``owner`` when nothing else is waiting to be sent to the user."""

    key: str
    owner: str
    ttl_ms: int
    ready: ReadyEntry | None = None
    """On one Redis node, the outbox's ready set the commit also puts the user in: a
    round trip fewer per message than a ``ZADD`` of its own after the commit. A Cluster
    cannot (the set is not in the user's slot): there it stays ``None``."""


@dataclass(frozen=True)
class StoreTimings:
    lease_ms: int = 10_000
    """The serving ticket's lease: renewed every third of it while the turn runs, so it
    lapses only when its holder is gone (the user waits this long)."""
    heartbeat_ms: int = 3_000
    queue_ttl_ms: int = 3_600_000
    dedup_ttl_s: int = 86_400
    profile_ttl_s: int = 90 * 86_400
    outbox_ttl_s: int = 7 * 86_400
    poll_start_s: float = 0.002
    poll_max_s: float = 0.05


def _keys(tag: str, message_id: str) -> list[str]:
    return [f"turn:{tag}", f"conv:{tag}", f"seen:{tag}:{message_id}", f"prof:{tag}",
            f"out:{tag}"]


TAGS_REMEMBERED = 4096


class ConversationStore:
    """The engine's only door to Redis for conversation state."""

    def __init__(self, redis: Redis, timings: StoreTimings | None = None,
                 pseudonym: Callable[[str], str] | None = None) -> None:
        self.redis = redis
        self.timings = timings or StoreTimings()
        self._pseudonym = pseudonym or (lambda conversation: conversation)
        self._tag = functools.lru_cache(maxsize=TAGS_REMEMBERED)(self._compute_tag)
        self._begin = redis.register_script(_BEGIN)
        self._commit = redis.register_script(_COMMIT)
        self._release = redis.register_script(_RELEASE)
        self._renew = redis.register_script(_RENEW)
        self.unrecorded = Unrecorded()
        """This process's writes Redis has not answered yet (``bot.pipeline.unrecorded``):
        a turn given back, a send lock let go, an acknowledgement, a sent reply's record."""

    async def begin(self, conversation: str, message_id: str) -> tuple[Turn | None, int]:
        """Wait for this user's turn. Returns ``(None, waits)`` for an already handled
        message id, else the turn and how many times it had to wait."""
        t = self.timings
        keys = _keys(self.tag(conversation), message_id)
        ticket = ""
        waits = 0
        delay = t.poll_start_s
        while True:
            reply = await self._begin(
                keys=keys, args=[ticket, t.lease_ms, t.heartbeat_ms, t.queue_ttl_ms]
            )
            outcome = reply[0].decode() if isinstance(reply[0], bytes) else reply[0]
            if outcome == "go":
                version, state, locale, active = (_text(item) for item in reply[2:6])
                return Turn(conversation, message_id, int(reply[1]), version or "", state,
                            locale, active == "1"), waits
            if outcome == "dup":
                return None, waits
            if outcome == "lost":
                ticket = ""
                continue
            ticket = str(reply[1])
            waits += 1
            await asyncio.sleep(delay)
            delay = min(delay * 1.5, t.poll_max_s)

    async def commit(
        self, turn: Turn, state: str | None, ttl_s: int, locale: str, active: bool,
        outbox: Sequence[str] = (), marks: Sequence[Mark] = (),
        send_lock: SendLock | None = None,
    ) -> bool:
        """Save ``state`` (``None`` deletes it), mark the message handled, append the
        replies to the user's outbox, set the ``marks``, and pass the turn: all of it or
        nothing. With ``send_lock``, the lock is also taken when the outbox was empty and
        nobody held it: then (``True``) the replies are the caller's to send at once; and
        with its ``ready`` entry (one node) the user goes in the ready set too."""
        t = self.timings
        tag = self.tag(turn.key)
        extra = [mark.key for mark in marks] + ([send_lock.key] if send_lock else [])
        for key in extra:  # one script, one Cluster slot: the user's
            if tag not in key:
                raise ValueError(f"not one of the user's keys: {key}")
        ready = send_lock.ready if send_lock else None
        keys = _keys(tag, turn.message_id) + extra + ([ready.key] if ready else [])
        lock_args: list[str | int] = [send_lock.owner, send_lock.ttl_ms] if send_lock else ["", 0]
        lock_args += [ready.member, repr(ready.due), repr(ready.lease)] if ready else ["", 0, 0]
        # the profile is written only when the turn changed it (begin read it): most turns
        # do not, and every write is also work for the AOF and the replicas
        unchanged = turn.locale == locale and turn.was_active == active
        outcome = await self._commit(
            keys=keys,
            args=[turn.ticket, turn.version, state or "", ttl_s * 1000, t.dedup_ttl_s,
                  "" if unchanged else locale, "1" if active else "0", t.profile_ttl_s,
                  t.outbox_ttl_s,
                  len(marks), *(v for m in marks for v in (m.value, m.ttl_s)), *lock_args,
                  *outbox],
        )
        outcome = _text(outcome)
        if outcome not in ("ok", "own"):
            raise StateConflict(f"{turn.key}: commit refused ({outcome})")
        return outcome == "own"

    async def renew(self, turn: Turn) -> bool:
        """Extend the lease of a turn under way; ``False`` when it is no longer this
        turn's (it lapsed)."""
        return bool(await self._renew(keys=[f"turn:{self.tag(turn.key)}"],
                                      args=[turn.ticket, self.timings.lease_ms]))

    async def release(self, turn: Turn) -> None:
        """Give the turn up without saving (the message stays unhandled)."""
        await self._release(keys=_keys(self.tag(turn.key), turn.message_id), args=[turn.ticket])

    def tag(self, conversation: str) -> str:
        """The hash tag of a conversation's keys: ``{channel:pseudonym}``. A WhatsApp user id
        is a phone number, so key names carry a keyed hash of it, never the id itself.
        Every message asks for it several times (webhook, worker, engine, sender): the
        latest few thousand are remembered."""
        return self._tag(conversation)

    def _compute_tag(self, conversation: str) -> str:
        return "{" + self._pseudonym(conversation) + "}"

    async def stored_state(self, conversation: str) -> str | None:
        """The conversation's stored state as it is now (outside any turn), if any."""
        return _text(await self.redis.hget(self.state_key(conversation), "s"))

    def state_key(self, conversation: str) -> str:
        return f"conv:{self.tag(conversation)}"

    def outbox_key(self, conversation: str) -> str:
        return f"out:{self.tag(conversation)}"


class TurnLeases:
    """The turns this process has under way, each one's lease renewed every third of the
    lease while it runs (a turn that waits on the database may outlast it): one task for
    all of them, ending when none is left, the renewals of one round sent together."""

    def __init__(self, store: ConversationStore) -> None:
        self.store = store
        self._live: dict[int, tuple[Turn, float]] = {}
        self._task: asyncio.Task[None] | None = None

    @contextmanager
    def held(self, turn: Turn) -> Iterator[None]:
        self._live[id(turn)] = (turn, time.monotonic())
        if self._task is None:
            self._task = asyncio.create_task(self._renew(), name="turn-leases")
        try:
            yield
        finally:
            self._live.pop(id(turn), None)

    async def _renew(self) -> None:
        every = self.store.timings.lease_ms / 3000
        try:
            while self._live:
                await asyncio.sleep(every)
                now = time.monotonic()
                due = [turn for turn, since in self._live.values() if now - since >= every]
                if due:  # Redis away: the turns fail on their own, nothing to do here
                    await asyncio.gather(*(self.store.renew(turn) for turn in due),
                                         return_exceptions=True)
        finally:
            self._task = None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode()
    return str(value)


class KeyedLocks:
    """In-process FIFO locks per conversation, so one process hands Redis one message of a
    user at a time, in the order the messages reached it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)
