"""Every message in and out, identifiers masked, appended to the database in batches.

The engine only queues entries (no I/O on its hot path); a background task writes them
every half second, and ``flush()`` writes at once (tests, shutdown). A crash can lose what
was queued in the last half second; the conversation itself is unaffected.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot.conversation.messages import Inbound, Reply
from bot.ops.looping import BackgroundLoop
from domain.persistence.database import Database
from domain.persistence.transcripts import TranscriptEntry
from domain.security.crypto import Keyring
from domain.security.masking import mask_figures, mask_text

log = logging.getLogger(__name__)

MAX_PENDING = 50_000
PURGE_EVERY_S = 3600
HASHES_REMEMBERED = 4096
"""Conversations whose keyed hash a process keeps at hand (one per message otherwise)."""
PAGE_LINK = re.compile(r"/p/[A-Za-z0-9_-]+")
"""A password page's token works for 10 minutes: transcripts keep the link without it."""
HIDDEN = "[hidden]"
"""Stands for what must never be kept: a password typed at a password prompt."""


def inbound_text(inbound: Inbound, secret: bool) -> str:
    if secret and inbound.text:
        return HIDDEN
    if inbound.button_id is not None:
        kind = "event" if inbound.button_id.startswith("event:") else inbound.button_id
        return f"[{kind}]"
    if inbound.contact is not None:
        return "[contact " + mask_text(inbound.contact.phone) + "]"
    if inbound.unsupported:
        return f"[{inbound.unsupported}]"
    return mask_text(inbound.text or "")


class TranscriptWriter(BackgroundLoop):
    loop_name = "transcripts"

    def __init__(self, database: Database, keyring: Keyring, interval_s: float = 0.5,
                 retention: timedelta = timedelta(days=365),
                 clock: Callable[[], datetime] | None = None) -> None:
        self.database = database
        self.keyring = keyring
        self.interval_s = interval_s
        self.retention = retention
        self.clock = clock or (lambda: datetime.now(UTC))
        self._next_purge = 0.0
        self._pending: list[TranscriptEntry] = []
        self._conversation_hash = functools.lru_cache(maxsize=HASHES_REMEMBERED)(self._hash)

    def _hash(self, conversation: str) -> str:
        return self.keyring.lookup.digest(conversation, "conversation")

    def record(self, inbound: Inbound, secret: bool, replies: Sequence[Reply],
               at: datetime) -> None:
        conversation = self._conversation_hash(inbound.conversation_key)
        self._pending.append(TranscriptEntry(conversation, inbound.channel, "in",
                                             inbound_text(inbound, secret), at))
        for reply in replies:
            text = reply.text
            if reply.image is not None:  # the agent reads what the picture says
                text = f"[{reply.image.caption}]"
            if reply.buttons:
                text += "\n" + " | ".join(button.title for button in reply.buttons)
            text = PAGE_LINK.sub("/p/…", text)
            self._pending.append(TranscriptEntry(conversation, inbound.channel, "out",
                                                 mask_figures(mask_text(text)), at))

    def note(self, conversation_key: str, channel: str, text: str, at: datetime) -> None:
        """A support agent's note on handing a conversation back (direction ``stf``): the
        console shows it, the user never sees it."""
        self._pending.append(TranscriptEntry(self._conversation_hash(conversation_key),
                                             channel, "stf", mask_text(text), at))

    def _cap(self) -> None:
        if len(self._pending) > MAX_PENDING:
            dropped = len(self._pending) - MAX_PENDING
            del self._pending[:dropped]
            log.error("transcripts: database unreachable, dropped %d oldest entries", dropped)

    async def flush(self) -> None:
        entries, self._pending = self._pending, []
        if not entries:
            return
        try:
            await self._write(entries)
        except Exception:
            if await self._reachable():  # the database answers: some entry is refused
                await self._one_by_one(entries)
                return
            log.exception("could not write %d transcript entries", len(entries))
            self._pending = entries + self._pending  # down: keep them for the next try
            self._cap()

    async def _write(self, entries: Sequence[TranscriptEntry]) -> None:
        async with self.database.unit_of_work(self.keyring) as uow:
            await uow.transcripts.append(entries)
            await uow.commit()

    async def _reachable(self) -> bool:
        try:
            await self.database.ping()
        except Exception:
            return False
        return True

    async def _one_by_one(self, entries: Sequence[TranscriptEntry]) -> None:
        """A batch the database refused while it answers: an entry it cannot take must not
        hold back every entry after it (they were all retried forever); that one is
        dropped and said so, the others are written."""
        for index, entry in enumerate(entries):
            try:
                await self._write([entry])
            except Exception as error:
                if not await self._reachable():
                    self._pending = list(entries[index:]) + self._pending
                    self._cap()
                    return
                log.error("transcripts: dropped an entry the database refuses (%s)",
                          type(error).__name__)

    async def purge(self) -> int:
        """Delete the transcripts older than the retention; how many rows went."""
        try:
            async with self.database.unit_of_work(self.keyring) as uow:
                gone = await uow.transcripts.purge_before(self.clock() - self.retention)
                await uow.commit()
        except Exception:
            log.exception("transcripts: the retention purge failed; it runs again in an hour")
            return 0
        if gone:
            log.info("transcripts: %d entries older than %d days deleted", gone,
                     self.retention.days)
        return gone

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            await self.flush()
            if time.monotonic() >= self._next_purge:
                self._next_purge = time.monotonic() + PURGE_EVERY_S
                await self.purge()

    async def stop(self) -> None:
        await super().stop()
        await self.flush()

    async def move(self, old_key: str, new_key: str) -> int:
        """A conversation's key changed (a WhatsApp user's new number): what is queued is
        written first, then every entry is filed under the new key; how many moved."""
        await self.flush()
        async with self.database.unit_of_work(self.keyring) as uow:
            moved = await uow.transcripts.move(self._conversation_hash(old_key),
                                               self._conversation_hash(new_key))
            await uow.commit()
        return moved

    def conversation_hash(self, conversation_key: str) -> str:
        return self.keyring.lookup.digest(conversation_key, "conversation")
