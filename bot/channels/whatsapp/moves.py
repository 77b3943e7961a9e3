"""A WhatsApp user changed their number (the ``user_changed_number`` system message): the
conversation follows them. Its state, what is waiting in its outbox (re-addressed to the
new number), its 24-hour window, its button aliases and list pages move to the new
number's keys; the account link and the count of identifiers the chat tried (the lookups'
lock) move in the database; a handoff stays with its agent (or its place in the queue)
under the new number; the transcript is filed under the new number. What the new number
already has is kept (it wrote first): nothing of it is overwritten.

What does not move: the turn and outbox locks (held for seconds by work in flight on the
old keys, released there) and the pair rate towards the old number (Meta counts it per
recipient number, so the new one starts afresh there too).

Keys are copied with ``DUMP``/``RESTORE`` (each user's keys live in their own hash slot,
so a ``RENAME`` across users would not work on a Redis Cluster)."""

from __future__ import annotations

import logging
from dataclasses import replace

from redis.asyncio import Redis

from bot.channels.aliases import Aliases
from bot.channels.whatsapp.inbound import CHANNEL, pages_key, window_key
from bot.conversation.engine import Engine
from bot.pipeline.outbox import Outbox
from bot.pipeline.redis_client import text
from domain.accounts.model import ChatRef

log = logging.getLogger(__name__)


async def move_conversation(engine: Engine, outbox: Outbox, redis: Redis,
                            old_user: str, new_user: str) -> None:
    store = engine.store
    old, new = f"{CHANNEL}:{old_user}", f"{CHANNEL}:{new_user}"
    old_tag, new_tag = store.tag(old), store.tag(new)
    pairs = [(f"conv:{old_tag}", f"conv:{new_tag}"), (f"prof:{old_tag}", f"prof:{new_tag}"),
             (window_key(old_tag), window_key(new_tag)), (pages_key(old_tag), pages_key(new_tag)),
             (Aliases.key(old_tag), Aliases.key(new_tag))]
    moved = [await _move_key(redis, source, target) for source, target in pairs]
    waiting = await _move_outbox(outbox, redis, old, new, new_user)
    services = engine.conversation.services
    linked = await services.accounts.move_chat(ChatRef(CHANNEL, old_user),
                                               ChatRef(CHANNEL, new_user), engine.clock())
    desk = await services.handoff.move(old, new)
    written = await engine.transcripts.move(old, new) if engine.transcripts is not None else 0
    log.info("a WhatsApp user changed number: state %s, %d replies waiting, account link %s "
             "moved, handoff %s, %d transcript entries", "was" if moved[0] else "was not",
             waiting, "was" if linked else "was not", "moved" if desk else "none", written)


async def _move_key(redis: Redis, source: str, target: str) -> bool:
    if await redis.exists(target):
        return False
    dumped = await redis.dump(source)
    if dumped is None:
        return False
    ttl = await redis.pttl(source)
    await redis.restore(target, max(ttl, 0), dumped, replace=False)
    await redis.delete(source)
    return True


async def _move_outbox(outbox: Outbox, redis: Redis, old: str, new: str,
                       new_user: str) -> int:
    """Replies not yet sent go to the new number, in order, then the user is due."""
    key = outbox.store.outbox_key(old)
    items = await redis.lrange(key, 0, -1)
    if not items:
        return 0
    jobs = [outbox.open(text(item).split("\t", 1)[1]) for item in items]
    await outbox.append([replace(job, user_id=new_user) for job in jobs])
    await redis.delete(key)
    return len(jobs)
