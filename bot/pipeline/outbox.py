"""The outbox: replies waiting to be sent, per user, in order.

The engine appends a turn's replies to ``out:{user}`` in the same script that saves the
state (``ConversationStore.commit``), then marks the user ready in ``outbox:ready`` (a sorted
set scored by the earliest time to send). A sender claims due users from the ready set (the
claim moves each one's score to the end of a lease, hiding it from other senders) and, in
one script per user, locks the user's outbox and reads its replies; it sends them in order,
then in one script removes what went, marks their idempotency keys (inbound message id +
index) sent and releases the lock. A sender that died before that leaves the replies in
place, due again when its lease ends; the next one skips any whose key was already marked.

Each hold of a lock has its own token (``token``): a sender renews the locks it holds while
it holds them, and when Redis does not answer the record of what went, it keeps sending
that record (with its token) until Redis answers; the lock, still its own, keeps every other
sender off the user meanwhile, so nothing it sent goes again. Only a lock that lapsed (its
holder died, or Redis was away longer than ``LOCK_TTL_MS``) lets another sender in.
The ready set entry is removed only if its score is still the claim's lease (a writer that
marked the user ready meanwhile changed it), so no wake-up is ever lost.

The common case skips the ready set: when the user had nothing waiting, the commit also
takes the send lock for the sender of the same process (``send_lock``), and the turn hands
it the replies it just packed (``hand_over``); the user is put in the ready set with the
lease's end as its score, only as the safety net for a process that dies before sending.

Items are encrypted: replies can name people and amounts.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from bot.conversation.messages import Button, OutDocument, OutImage, Reply
from bot.conversation.store import ConversationStore, ReadyEntry, SendLock
from bot.pipeline.slot_tags import spread_tag
from domain.security.crypto import FieldCipher

READY = "outbox:ready"
READY_SHARDS = 6
"""On a Cluster the ready set is this many sorted sets (``outbox:ready:{r<i>...}``), a user
in the one its tag hashes to, spread over the masters (``bot.pipeline.slot_tags``): one set took
two commands of every message, all on one master. On one node it stays one set."""
PARKED = "outbox:parked"
SENT_TTL_S = 86_400
LOCK_TTL_MS = 30_000
"""A send lock's lease (and a claim's): renewed every ``LOCK_RENEW_S`` while held, so it
lapses only when its holder died (its users wait this long) or could not reach Redis for
this long (then a reply it sent and could not yet record may go again)."""
LOCK_RENEW_S = 5.0
_CONTEXT = "outbox"


@dataclass(frozen=True)
class OutboundJob:
    key: str
    """Idempotency key: the inbound message id and the reply's index."""
    channel: str
    user_id: str
    locale: str
    reply: Reply
    reply_to: str | None = None
    """The platform id of the user's message this answers (to delete a password)."""
    page: int = 0
    """Which page of a long list to show (WhatsApp lists hold ten rows)."""


def _reply_to_dict(reply: Reply) -> dict[str, Any]:
    """By hand rather than ``dataclasses.asdict`` (which deep-copies): every reply of every
    turn passes here."""
    document = reply.document
    body = {
        "text": reply.text,
        "buttons": [{"id": b.id, "title": b.title, "description": b.description}
                    for b in reply.buttons],
        "list_label": reply.list_label,
        "document": None if document is None else {
            "filename": document.filename, "mime_type": document.mime_type,
            "content": base64.b64encode(document.content).decode(),
            "caption": document.caption},
        "request_contact": reply.request_contact,
        "delete_user_message": reply.delete_user_message,
    }
    if reply.image is not None:  # rare: the key only when there is one
        image = reply.image
        body["image"] = {"filename": image.filename, "mime_type": image.mime_type,
                         "content": base64.b64encode(image.content).decode(),
                         "caption": image.caption, "alt": image.alt}
    return body


def _image(body: dict[str, Any] | None) -> OutImage | None:
    if body is None:
        return None
    return OutImage(body["filename"], body["mime_type"], base64.b64decode(body["content"]),
                    body["caption"], body["alt"])


def _reply_from_dict(body: dict[str, Any]) -> Reply:
    document = body.get("document")
    return Reply(
        text=body["text"],
        buttons=tuple(Button(**button) for button in body.get("buttons", ())),
        list_label=body.get("list_label"),
        document=OutDocument(document["filename"], document["mime_type"],
                             base64.b64decode(document["content"]), document.get("caption"))
        if document else None,
        image=_image(body.get("image")),
        request_contact=body.get("request_contact"),
        delete_user_message=body.get("delete_user_message", False),
    )


@dataclass(frozen=True)
class Pending:
    item: str
    job: OutboundJob
    sent: bool
    """Already delivered (a sender died before removing it): just remove it."""
    progress: int
    """API calls of this reply already made."""


def _lock_key(tag: str) -> str:
    return f"sending:{tag}"


def _user_keys(tag: str) -> list[str]:
    """The keys the take and finish scripts work on, in their order."""
    return [_lock_key(tag), f"out:{tag}", f"progress:{tag}", f"sent:{tag}"]


Courier = Callable[[str, list[Pending], float, str], bool]
"""``courier(tag, pending, lease, token)``: a sender of this process taking replies whose
lock the turn took with ``token`` (see ``Outbox.hand_over``); ``False`` when it is stopping
and takes nothing."""


_TAKE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) == false then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
local items = redis.call('LRANGE', KEYS[2], 0, tonumber(ARGV[3]) - 1)
local out = {}
for i, item in ipairs(items) do
  local key = string.match(item, '^([^\t]*)')
  out[i] = {item, redis.call('HEXISTS', KEYS[4], key), redis.call('HGET', KEYS[3], key) or 0}
end
return out
"""

_FINISH_BODY = """
local n = tonumber(ARGV[3])
for i = 1, n do
  local key = ARGV[3 + i]
  local prefix = key .. '\t'
  local head = redis.call('LINDEX', KEYS[2], 0)
  if head and string.sub(head, 1, #prefix) == prefix then
    redis.call('LPOP', KEYS[2])
  else
    for _, item in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
      if string.sub(item, 1, #prefix) == prefix then
        redis.call('LREM', KEYS[2], 1, item)
        break
      end
    end
  end
  redis.call('HSET', KEYS[4], key, '1')
  redis.call('HDEL', KEYS[3], key)
end
if n > 0 then redis.call('EXPIRE', KEYS[4], ARGV[2]) end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local left = redis.call('LLEN', KEYS[2])
"""
"""Removes each sent reply by its idempotency key (a key not found was removed by an earlier
run of the same finish: sent again after Redis did not answer, it changes nothing), not by
the whole item: what went is the
head of the list (replies are appended at the tail and sent from the head), so the common
case pops it; passing the sealed item (a kilobyte or two) to compare was most of the
script's cost in Redis (bytes read, compared, written to the AOF)."""

_FINISH = _FINISH_BODY + "return left\n"

_FINISH_READY = _FINISH_BODY + """
local member = ARGV[4 + n]
if left == 0 then
  local score = redis.call('ZSCORE', KEYS[5], member)
  if score and tonumber(score) == tonumber(ARGV[5 + n]) then
    redis.call('ZREM', KEYS[5], member)
  end
else
  redis.call('ZADD', KEYS[5], ARGV[6 + n], member)
end
return left
"""
"""The finish on one node, with the ready set (``KEYS[5]``) in the same script: the user
leaves it when nothing is left (if the score is still this sender's lease, ``ARGV[5+n]``:
a writer that marked them ready meanwhile changed it), else is due again at
``ARGV[6+n]``. One script and one round trip where a Cluster needs two or three."""

_CLAIM = """
local found = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES',
                         'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #found, 2 do redis.call('ZADD', KEYS[1], ARGV[2], found[i]) end
return found
"""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

_UNREADY = """
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then redis.call('ZREM', KEYS[1], ARGV[1]) end
return 1
"""


class Outbox:
    def __init__(self, redis: Redis, store: ConversationStore, cipher: FieldCipher) -> None:
        self.redis = redis
        self.store = store
        self.cipher = cipher
        self._take = redis.register_script(_TAKE)
        self._finish = redis.register_script(_FINISH)
        self._finish_ready = redis.register_script(_FINISH_READY)
        self._unready = redis.register_script(_UNREADY)
        self._claim = redis.register_script(_CLAIM)
        self._renew = redis.register_script(_RENEW)
        self.unrecorded = store.unrecorded
        """This process's writes Redis has not answered yet (``bot.pipeline.unrecorded``)."""
        self._tokens = itertools.count(1)
        self.ready_keys = [f"{READY}:{spread_tag('r', shard)}" for shard in range(READY_SHARDS)] \
            if isinstance(redis, RedisCluster) else [READY]
        self.ready_in_commit = not isinstance(redis, RedisCluster)
        """One node: the ready set is written by the scripts that change the outbox (the
        turn's commit, the sender's finish), no round trip of its own. A Cluster refuses a
        script whose keys lie in several slots, and the set is not in the user's."""
        self._queued = asyncio.Event()
        self._courier: Courier | None = None
        self._courier_name = ""

    # --- writing (the engine) -----------------------------------------------------

    def pack(self, job: OutboundJob) -> str:
        """An outbox list item: the idempotency key in clear (so scripts can check it was
        sent) and the encrypted job."""
        return f"{job.key}\t{self.seal(job)}"

    def seal(self, job: OutboundJob) -> str:
        body = {"k": job.key, "c": job.channel, "u": job.user_id, "l": job.locale,
                "r": _reply_to_dict(job.reply), "m": job.reply_to, "p": job.page}
        return self.cipher.encrypt(orjson.dumps(body).decode(), _CONTEXT)

    def open(self, sealed: str | bytes) -> OutboundJob:
        text = sealed.decode() if isinstance(sealed, bytes) else sealed
        body = orjson.loads(self.cipher.decrypt(text, _CONTEXT))
        return OutboundJob(body["k"], body["c"], body["u"], body["l"],
                           _reply_from_dict(body["r"]), body.get("m"), body.get("p", 0))

    def ready_key(self, tag: str) -> str:
        """The ready set (or the shard of it) that holds this user."""
        keys = self.ready_keys
        return keys[0] if len(keys) == 1 else keys[zlib.crc32(tag.encode()) % len(keys)]

    async def ready(self, conversation: str, delay_s: float = 0.0) -> None:
        """This user has replies to send (from ``delay_s`` on)."""
        tag = self.store.tag(conversation)
        await self.redis.zadd(self.ready_key(tag), {tag: time.time() + delay_s})
        if not delay_s:
            self._queued.set()

    # --- handing replies straight to this process's sender -----------------------------

    def token(self, owner: str) -> str:
        """A new token for one hold of a user's send lock by ``owner``."""
        return f"{owner}:{next(self._tokens)}"

    def attach(self, name: str, courier: Courier) -> None:
        """A sender runs in this process: turns may hand it their replies (``send_lock``)."""
        self._courier, self._courier_name = courier, name

    def detach(self) -> None:
        self._courier = None

    def send_lock(self, conversation: str) -> SendLock | None:
        """The lock a turn's commit takes when the user has nothing else waiting, so that
        this process's sender gets the replies without the ready set, a claim and a take
        (three round trips and a decryption per reply); ``None`` without a sender here.
        On one node the commit also writes the user's ready-set entry (``ReadyEntry``)."""
        if self._courier is None:
            return None
        tag = self.store.tag(conversation)
        ready = None
        if self.ready_in_commit:
            now = time.time()
            ready = ReadyEntry(self.ready_key(tag), tag, now, now + LOCK_TTL_MS / 1000)
        return SendLock(_lock_key(tag), self.token(self._courier_name), LOCK_TTL_MS, ready)

    async def committed(self, conversation: str, lock: SendLock | None) -> None:
        """A commit appended replies and did not take the send lock: the user is due now
        for any sender (on one node the commit already said so in the ready set)."""
        if lock is not None and lock.ready is not None:
            self._queued.set()
        else:
            await self.ready(conversation)

    async def hand_over(self, conversation: str, jobs: list[OutboundJob],
                        items: list[str], lock: SendLock) -> None:
        """The commit appended ``items`` (``jobs`` packed) and took the send ``lock``: hand
        them to this process's sender. The user is in the ready set with the lease's end as
        its score first (written by the commit itself on one node): if this process dies
        before sending, they are due again when the lock lapses, as when a sender dies.
        When Redis does not take that (a Cluster), the sender gets the replies all the same
        (the lock is its own) and the error goes on: the turn's inbox entry stays
        unacknowledged, and handled again (a duplicate) it marks the user ready, the safety
        net this write would have been."""
        tag = self.store.tag(conversation)
        failed: BaseException | None = None
        if lock.ready is not None:
            lease = lock.ready.lease
        else:
            lease = time.time() + LOCK_TTL_MS / 1000
            try:
                await self.redis.zadd(self.ready_key(tag), {tag: lease})
            except Exception as error:
                failed = error
        courier = self._courier
        pending = [Pending(item, job, False, 0) for item, job in zip(items, jobs, strict=True)]
        if courier is None or not courier(tag, pending, lease, lock.owner):
            # the sender stopped meanwhile: release the lock, due now for another process
            await self.unrecorded.write("a send lock given back",
                                        lambda: self.finish(tag, lock.owner, [], 0.0))
        if failed is not None:
            raise failed

    async def abandon(self, conversation: str, lock: SendLock) -> None:
        """A commit that may have taken ``lock`` failed without an answer: let the lock go
        (if it was taken) once Redis answers, so the user's replies wait for no lease; the
        turn's inbox entry, handled again, marks them ready."""
        tag = self.store.tag(conversation)
        await self.unrecorded.write("a send lock given back",
                                    lambda: self.finish(tag, lock.owner, [], 0.0))

    async def queued(self, patience_s: float) -> None:
        """Wait until this process queues a reply, or ``patience_s`` at most."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queued.wait(), patience_s)
        self._queued.clear()

    async def append(self, jobs: list[OutboundJob]) -> None:
        """Add replies outside a turn (a password page's follow-up), then mark ready."""
        if not jobs:
            return
        conversation = f"{jobs[0].channel}:{jobs[0].user_id}"
        key = self.store.outbox_key(conversation)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(key, *(self.pack(job) for job in jobs))
            pipe.expire(key, self.store.timings.outbox_ttl_s)
            await pipe.execute()
        await self.ready(conversation)

    # --- reading (the senders) ----------------------------------------------------

    async def claim(self, limit: int) -> list[tuple[str, float]]:
        """Up to ``limit`` users whose replies may go now, oldest first, each hidden from
        every other sender for ``LOCK_TTL_MS`` (its score moves to the lease's end): (hash
        tag, the lease score ``finish`` expects). Without the lease every process would see
        the same due users and try to lock them; a sender that dies leaves its users due
        again when the lease ends, as its lock does."""
        now = time.time()
        lease = now + LOCK_TTL_MS / 1000
        each = -(-limit // len(self.ready_keys))  # the shards' replies come in one round trip
        found: list[Any] = await asyncio.gather(*(
            self._claim(keys=[key], args=[repr(now), repr(lease), each])
            for key in self.ready_keys))
        return [(item.decode() if isinstance(item, bytes) else str(item), lease)
                for shard in found for item in shard[::2]]

    async def take(self, tag: str, token: str, most: int) -> list[Pending] | None:
        """Lock this user's outbox with ``token`` and read up to ``most`` replies, in order;
        ``None`` when another hold has the lock (the same token takes it again: a take sent
        again after a lost answer)."""
        reply = await self._take(
            keys=_user_keys(tag),
            args=[token, LOCK_TTL_MS, most])
        if reply is None or reply is False:
            return None
        pending = []
        for item, sent, progress in reply:
            text = item.decode() if isinstance(item, bytes) else str(item)
            key, _, sealed = text.partition("\t")
            pending.append(Pending(text, self.open(sealed), bool(int(sent)), int(progress)))
        return pending

    async def renew(self, tag: str, token: str) -> bool:
        """Extend the lock of this hold by a full lease; ``False`` when it is no longer
        held with ``token`` (it lapsed)."""
        return bool(await self._renew(keys=[_lock_key(tag)], args=[token, LOCK_TTL_MS]))

    async def progress(self, tag: str, job: OutboundJob, calls_done: int) -> None:
        """A reply split into several API calls: how many went (a retry resumes there)."""
        key = f"progress:{tag}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, job.key, calls_done)
            pipe.expire(key, SENT_TTL_S)
            await pipe.execute()

    async def finish(self, tag: str, token: str, done: list[Pending], lease: float,
                     retry_after: float | None = None, *, expect_empty: bool = False) -> None:
        """Remove what went (or was given up), remember its keys and release the lock;
        then make the user due again if anything is left (at once, or after
        ``retry_after``), or leave the ready set if nothing is. The entry is removed only
        if its score is still this sender's ``lease``: a writer that marked the user ready
        meanwhile changed it, and its wake-up stands.

        ``expect_empty``: the sender sent all it found, and found less than it asked for.
        Then anything left was appended meanwhile by a writer, whose own wake-up stands, so
        the ready-set entry can go in the same round trip as the finish (one round trip
        instead of two). Otherwise the entry is touched only after the finish said nothing
        is left: until then it is the safety net that makes the user due again if this
        process dies. On one node all of it is one script (``_FINISH_READY``)."""
        args: list[Any] = [token, SENT_TTL_S, len(done), *(p.job.key for p in done)]
        keys = _user_keys(tag)
        ready = [self.ready_key(tag)]
        unready_args = [tag, repr(lease)]
        if self.ready_in_commit:  # one node: all of it in one script
            await self._finish_ready(keys=keys + ready, args=[
                *args, *unready_args, repr(time.time() + (retry_after or 0.0))])
            return
        if expect_empty:
            left, _ = await asyncio.gather(self._finish(keys=keys, args=args),
                                           self._unready(keys=ready, args=unready_args))
        else:
            left = await self._finish(keys=keys, args=args)
            if not int(left):
                await self._unready(keys=ready, args=unready_args)
        if int(left):
            await self.later(tag, retry_after or 0.0)

    async def later(self, tag: str, delay_s: float) -> None:
        await self.redis.zadd(self.ready_key(tag), {tag: time.time() + delay_s})

    async def park(self, job: OutboundJob, tag: str, item: str, reason: str) -> None:
        """Keep a reply given up on (encrypted) with the reason, for an operator."""
        record = json.dumps({"tag": tag, "key": job.key, "channel": job.channel,
                             "reason": reason, "at": time.time(), "job": item})
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(PARKED, record)
            pipe.ltrim(PARKED, -10_000, -1)
            pipe.expire(PARKED, 30 * 86_400)
            await pipe.execute()
