"""The inbox: platform updates, verified by the webhook, appended to Redis Streams.

Updates are spread over ``partitions`` streams by a keyed hash of the chat user, so all the
updates of one user land in one stream, in arrival order. The append is one script that
also drops a duplicate (same platform id within the platform's retry window: 7 days for
WhatsApp, 48 hours for Telegram) and both keys share the partition's hash tag, so it stays
atomic on Redis Cluster. Payloads are encrypted: they hold what users typed.

Workers read a partition with a consumer group (``bot/pipeline/workers.py``) and acknowledge an
entry only once its replies are in the outbox; what a dead worker left pending is claimed
by the next owner of the partition.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.cluster import PipelineCommand, RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError

from bot.pipeline.deadletters import DeadLetters, reason_of
from bot.pipeline.redis_client import raise_unless_exception
from bot.pipeline.slot_tags import spread_tag
from domain.security.crypto import DecryptionFailed, FieldCipher

log = logging.getLogger(__name__)

GROUP = "workers"
DEDUP_TTL_S = {"whatsapp": 7 * 86_400, "telegram": 2 * 86_400}
DEFAULT_DEDUP_TTL_S = 2 * 86_400
STREAM_MAXLEN = 200_000
REPLICAS_TO_WAIT_FOR = 1
WAIT_MS = 500
"""On a Cluster, how long an append waits for its copy on a replica (``WAIT``)."""
PARTITIONS_REMEMBERED = 4096
"""Users whose partition a process keeps at hand (a keyed hash per webhook otherwise)."""

_APPEND = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) == false then return false end
return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[3])
"""


@dataclass(frozen=True)
class Envelope:
    """One platform update on its way to the engine."""

    channel: str
    platform_id: str
    """The platform's id of the update (wamid, update_id): the de-duplication key."""
    user_id: str
    payload: dict[str, Any]
    received_at: float

    @property
    def conversation(self) -> str:
        return f"{self.channel}:{self.user_id}"


@dataclass(frozen=True)
class Delivery:
    partition: int
    entry_id: str
    envelope: Envelope
    sealed: str = ""
    """The entry as stored (sealed): what a dead letter keeps."""


class Inbox:
    def __init__(self, redis: Redis, cipher: FieldCipher, key: bytes, partitions: int = 16) -> None:
        self.redis = redis
        self.cipher = cipher
        self._key = key
        self.partitions = partitions
        self._append = redis.register_script(_APPEND)
        self._partition = functools.lru_cache(maxsize=PARTITIONS_REMEMBERED)(
            self._compute_partition)
        self._acks: dict[int, list[tuple[str, asyncio.Future[None]]]] | None = None
        self._ack_tasks: set[asyncio.Task[None]] = set()
        self.dead = DeadLetters(redis)
        self.on_dead: Callable[[str, str], None] | None = None
        """``on_dead(channel, error type)`` for each entry set aside (the metrics)."""

    def partition_of(self, channel: str, user_id: str) -> int:
        return self._partition(channel, user_id)

    def _compute_partition(self, channel: str, user_id: str) -> int:
        digest = hmac.digest(self._key, f"{channel}:{user_id}".encode(), "sha256")
        return int.from_bytes(digest[:4], "big") % self.partitions

    @staticmethod
    def tag(partition: int) -> str:
        """The partition's hash tag: its keys share one slot, and the partitions' slots are
        spread evenly over a Cluster's masters (``bot.pipeline.slot_tags``)."""
        return spread_tag("p", partition)

    @staticmethod
    def stream(partition: int) -> str:
        return f"inbox:{Inbox.tag(partition)}"

    @staticmethod
    def _dedup_key(partition: int, channel: str, platform_id: str) -> str:
        return f"inbox-seen:{Inbox.tag(partition)}:{channel}:{platform_id}"

    async def append(self, envelope: Envelope) -> bool:
        """Add the update; ``False`` when it was seen within the retry window."""
        partition = self.partition_of(envelope.channel, envelope.user_id)
        body = orjson.dumps({"c": envelope.channel, "i": envelope.platform_id,
                             "u": envelope.user_id, "p": envelope.payload,
                             "t": envelope.received_at}).decode()
        sealed = self.cipher.encrypt(body, "inbox")
        ttl = DEDUP_TTL_S.get(envelope.channel, DEFAULT_DEDUP_TTL_S)
        keys = [self._dedup_key(partition, envelope.channel, envelope.platform_id),
                self.stream(partition)]
        args: list[int | str] = [ttl, STREAM_MAXLEN, sealed]
        if isinstance(self.redis, RedisCluster):
            return await self._append_replicated(self.redis, keys, args)
        added = await self._append(keys=keys, args=args)
        return added is not None

    async def _append_replicated(self, cluster: RedisCluster, keys: list[str],
                                 args: list[int | str]) -> bool:
        """The append on a Cluster, followed by ``WAIT`` on the same connection: the
        webhook is answered (and the platform stops retrying) once the entry is on a
        replica too, so a master killed right after does not take it along (Redis
        replicates asynchronously: a write acknowledged by a master and not yet copied is
        lost when its replica takes over). A refused or failed append raises: the webhook
        fails and the platform sends the update again."""
        for attempt in range(2):
            node = cluster.get_node_from_key(keys[1])
            if node is None:  # no master for the slot right now (a failover under way)
                await cluster.nodes_manager.initialize()
                continue
            commands = [PipelineCommand(0, "EVAL", _APPEND, 2, *keys, *args),
                        PipelineCommand(1, "WAIT", REPLICAS_TO_WAIT_FOR, WAIT_MS)]
            try:
                await node.execute_pipeline(commands)
            except (RedisConnectionError, OSError):
                if attempt:
                    raise
                await cluster.nodes_manager.initialize()  # the node is gone: ask again
                continue
            added, replicas = commands[0].result, commands[1].result
            if isinstance(added, ResponseError) and not attempt and str(added).startswith(
                    ("MOVED", "ASK", "CLUSTERDOWN", "TRYAGAIN")):
                await cluster.nodes_manager.initialize()  # the slot moved: ask again
                continue
            if isinstance(added, BaseException):
                raise added
            if isinstance(replicas, int) and replicas < REPLICAS_TO_WAIT_FOR:
                log.warning("inbox append on %s not yet on a replica after %d ms",
                            node.name, WAIT_MS)
            return added is not None
        raise RedisConnectionError("the partition's master did not answer")

    def _open(self, partition: int, entry_id: bytes | str, fields: dict[Any, Any]) -> Delivery:
        sealed = fields.get(b"e") or fields.get("e")
        text = sealed.decode() if isinstance(sealed, bytes) else str(sealed)
        body = orjson.loads(self.cipher.decrypt(text, "inbox"))
        envelope = Envelope(body["c"], body["i"], body["u"], body["p"], body["t"])
        ident = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
        return Delivery(partition, ident, envelope, text)

    async def _open_all(self, partition: int, entries: list[Any]) -> list[Delivery]:
        """The entries as deliveries. One that cannot be opened (sealed with another key,
        or not written by us) could never be handled: it goes to the dead letters at once,
        so it stops coming back and holding up the others."""
        deliveries = []
        for entry_id, fields in entries:
            try:
                deliveries.append(self._open(partition, entry_id, fields or {}))
            except (DecryptionFailed, ValueError, KeyError, TypeError) as error:
                raw = (fields or {}).get(b"e") or (fields or {}).get("e") or b""
                sealed = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
                ident = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
                await self._bury(partition, ident, sealed, "?", 1,
                                 f"cannot be opened: {type(error).__name__}")
        return deliveries

    async def deliveries(self, delivery: Delivery) -> int:
        """How many times the stream has handed this entry out (its pending entry's
        delivery count: every read, retry and takeover counts, across restarts)."""
        rows = await self.redis.xpending_range(self.stream(delivery.partition), GROUP,
                                               delivery.entry_id, delivery.entry_id, 1)
        return int(rows[0]["times_delivered"]) if rows else 1

    async def bury(self, delivery: Delivery, attempts: int, error: BaseException) -> None:
        """Set a failing entry aside in the dead letters (out of its partition)."""
        await self._bury(delivery.partition, delivery.entry_id, delivery.sealed,
                         delivery.envelope.channel, attempts, reason_of(error))

    async def _bury(self, partition: int, entry_id: str, sealed: str, channel: str,
                    attempts: int, reason: str) -> None:
        dead_id = await self.dead.bury(self.stream(partition), GROUP, partition, entry_id,
                                       sealed, channel, attempts, reason)
        kind = reason.split(":", 1)[0]
        # the error type only: its message may quote what the user sent
        log.error("inbox entry %s of partition %d (%s) moved to the dead letters as %s "
                  "after %d attempt(s): %s", entry_id, partition, channel, dead_id, attempts,
                  kind)
        if self.on_dead is not None:
            self.on_dead(channel, kind)

    async def ensure_group(self, partition: int) -> None:
        try:
            await self.redis.xgroup_create(self.stream(partition), GROUP, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    async def read(self, partition: int, consumer: str, count: int,
                   block_ms: int | None) -> list[Delivery]:
        """New entries for this consumer (blocking up to ``block_ms``; ``None``: no wait)."""
        return await self.read_many([partition], consumer, count, block_ms)

    async def read_many(self, partitions: list[int], consumer: str, count: int,
                        block_ms: int | None) -> list[Delivery]:
        """New entries of several partitions in one read (up to ``count`` of each), as soon
        as any of them has some.

        One command names every stream on one Redis node. A Redis Cluster refuses a command
        whose keys lie in several slots, and each partition has its own (its hash tag), so
        there each partition is read on its own, without blocking (the workers poll): the
        cluster client sends the reads of one node together, one round trip per node that
        holds partitions of this process."""
        streams = {self.stream(partition): partition for partition in partitions}
        replies: list[Any]
        if isinstance(self.redis, RedisCluster):
            replies = await asyncio.gather(*(
                self.redis.xreadgroup(GROUP, consumer, {stream: ">"}, count=count)
                for stream in streams))
        else:
            replies = [await self.redis.xreadgroup(
                GROUP, consumer, dict.fromkeys(streams, ">"), count=count, block=block_ms)]
        deliveries = []
        for reply in replies:
            for stream, entries in reply or []:
                partition = streams[stream.decode() if isinstance(stream, bytes) else stream]
                deliveries += await self._open_all(partition, entries)
        return deliveries

    async def claim(self, partition: int, consumer: str, min_idle_ms: int,
                    count: int = 100) -> list[Delivery]:
        """Entries another consumer read but never acknowledged (it died or lost the
        partition), taken over by ``consumer``."""
        _, entries, _ = await self.redis.xautoclaim(
            self.stream(partition), GROUP, consumer, min_idle_ms, "0-0", count=count)
        return await self._open_all(partition, [(entry_id, fields)
                                                for entry_id, fields in entries if fields])

    async def ack(self, delivery: Delivery) -> None:
        """Done with an entry: out of the group's pending list and out of the stream.

        Entries acknowledged during one turn of the event loop go together, one ``XACK`` and
        one ``XDEL`` per partition for all of them (under load, dozens), and every caller
        hears how it went."""
        loop = asyncio.get_running_loop()
        if self._acks is None:
            self._acks = {}
            loop.call_soon(self._send_acks)
        done: asyncio.Future[None] = loop.create_future()
        self._acks.setdefault(delivery.partition, []).append((delivery.entry_id, done))
        await done

    def _send_acks(self) -> None:
        batch, self._acks = self._acks or {}, None
        for partition, entries in batch.items():
            task = asyncio.ensure_future(self._ack_partition(partition, entries))
            self._ack_tasks.add(task)
            task.add_done_callback(self._ack_tasks.discard)

    async def _ack_partition(self, partition: int,
                             entries: list[tuple[str, asyncio.Future[None]]]) -> None:
        stream = self.stream(partition)
        ids = [entry_id for entry_id, _ in entries]
        try:
            await asyncio.gather(self.redis.xack(stream, GROUP, *ids),
                                 self.redis.xdel(stream, *ids))
        except BaseException as error:  # the waiters hear it, cancellation included
            for _, done in entries:
                if not done.done():
                    done.set_exception(error)
            raise_unless_exception(error)
            return
        for _, done in entries:
            if not done.done():
                done.set_result(None)

    async def pending(self) -> int:
        total = 0
        for partition in range(self.partitions):
            try:
                info = await self.redis.xpending(self.stream(partition), GROUP)
            except ResponseError:
                continue
            total += int(info["pending"])
        return total
