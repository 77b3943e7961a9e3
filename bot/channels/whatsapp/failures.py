"""Failures Meta reports after it accepted a message: a ``failed`` status webhook.

Meta answers a send with a wamid ("accepted"), and may report later that it could not be
delivered. Each failure is logged once (with the wamid and the error code, never the text)
and counted by code. For 131047 (more than 24 hours since the user last wrote) the window
is marked closed and the reply goes again, as the approved template; without one it is
parked with the reason. Any other failure is final for that message: the reply is parked
with the reason.

To find the reply, each sent message leaves what a late failure needs, for ``SENT_KEPT_S``
(a day): who it went to and the reply's words and options (``LateRecord``), not the whole
job (no document or picture: a template cannot carry them, and an operator reading a
parked reply needs its words). The words are stored once per distinct reply under a keyed
hash of them (``wa-reply:``), shared by every message that sent the same words (most
replies are the same menus), compressed when that makes them shorter, and encrypted; each
wamid keeps only the user and that hash (``wa-sent:``). Both are single-key commands, so
each lives in its own slot on a Redis Cluster. CHANNELS.md gives no bound on how late a
failure may come; a failure reported after a day is still logged and counted, with
nothing left to resend."""

from __future__ import annotations

import asyncio
import base64
import hmac
import logging
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import orjson
from redis.asyncio import Redis

from bot.channels.whatsapp.inbound import first_error, window_key
from bot.conversation.messages import Button, Reply
from bot.ops.metrics import Metrics
from bot.pipeline.outbox import OutboundJob, Outbox
from bot.pipeline.redis_client import text

log = logging.getLogger(__name__)

SENT_KEPT_S = 86_400
"""How long a sent message can still be resent or parked after a late failure."""
REPLY_REFRESH_S = 3_600
"""A process writes the same reply's words again at most this often; they are kept
``SENT_KEPT_S`` plus this, so they outlive every wamid that points to them."""
REPLIES_REMEMBERED = 1024
WINDOW_CLOSED = 131047
SANDBOX_NOT_ALLOWED = 131030
EARLY = "!"
"""What ``wa-sent:`` holds for a failure reported before the send was recorded (a sealed
record never starts with it): the failure's code and title, no words of the user's."""


def sent_key(wamid: str) -> str:
    return f"wa-sent:{wamid}"


def reply_key(digest: str) -> str:
    return f"wa-reply:{digest}"


def sandbox_hint(code: int | None, user_id: str) -> str:
    """131030 for a Mexican mobile as WhatsApp reports it (521 + ten digits): the test
    number's allowed list is compared literally."""
    if code == SANDBOX_NOT_ALLOWED and user_id.startswith("521") and len(user_id) == 13:
        return (" (the sandbox compares its allowed list literally: add the number as "
                f"+{user_id} or as +52{user_id[3:]}, whichever WhatsApp shows)")
    return ""


def reply_body(job: OutboundJob) -> bytes:
    """What a late failure needs of a reply: its locale, words and options (id, title)."""
    reply = job.reply
    words = reply.text or (reply.image.caption if reply.image is not None else "")
    return orjson.dumps({"l": job.locale, "t": words,
                         "b": [[b.id, b.title] for b in reply.buttons]})


def pack_body(body: bytes) -> str:
    """``z`` + the deflated words in base64 when that is shorter, else ``j`` + the JSON."""
    packed = base64.b64encode(zlib.compress(body, 9)).decode()
    return "z" + packed if len(packed) < len(body) else "j" + body.decode()


def unpack_body(packed: str) -> dict[str, Any]:
    raw = zlib.decompress(base64.b64decode(packed[1:])) if packed[:1] == "z" \
        else packed[1:].encode()
    body: dict[str, Any] = orjson.loads(raw)
    return body


@dataclass
class LateFailures:
    redis: Redis
    outbox: Outbox
    metrics: Metrics
    template: str | None
    """Whether a template may carry a reply outside the window (its name, or any)."""
    key: bytes = b"wa-reply"
    """Keys the hash that names a reply's words (the service passes a derived secret)."""
    _written: OrderedDict[str, float] = field(default_factory=OrderedDict)

    def _digest(self, body: bytes) -> str:
        return hmac.digest(self.key, body, "sha256").hex()[:32]

    async def remember(self, wamid: str, job: OutboundJob) -> None:
        """Keep what a late failure of ``wamid`` needs. A failure Meta reported before this
        (it can outrun the send's answer) left its mark in the same key: then it is acted
        on here, now that the reply is known."""
        body = reply_body(job)
        digest = self._digest(body)
        cipher = self.outbox.cipher
        pointer = self.redis.set(sent_key(wamid),
                                 cipher.encrypt(f"{job.user_id}\t{digest}", "wa-sent"),
                                 ex=SENT_KEPT_S, get=True)
        written = self._written.get(digest)
        if written is not None and time.monotonic() - written < REPLY_REFRESH_S:
            before = await pointer
        else:
            words = self.redis.set(reply_key(digest),
                                   cipher.encrypt(pack_body(body), "wa-reply:" + digest),
                                   ex=SENT_KEPT_S + REPLY_REFRESH_S)
            before, _ = await asyncio.gather(pointer, words)  # one round trip: batched
            self._written[digest] = time.monotonic()
            self._written.move_to_end(digest)
            if len(self._written) > REPLIES_REMEMBERED:
                self._written.popitem(last=False)
        early = text(before) if isinstance(before, bytes | str) else ""
        if early.startswith(EARLY):
            failure = orjson.loads(early[len(EARLY):])
            await self._act(wamid, _late_job(wamid, job.user_id, orjson.loads(body)),
                            failure.get("c"), str(failure.get("t", "")))

    async def sent_job(self, wamid: str) -> OutboundJob | None:
        """The reply a wamid carried, as far as a late failure needs it; ``None`` when it
        is not ours, older than ``SENT_KEPT_S``, or not recorded yet."""
        sealed = await self.redis.get(sent_key(wamid))
        return await self._job_of(wamid, sealed)

    async def _job_of(self, wamid: str, sealed: bytes | str | None) -> OutboundJob | None:
        if sealed is None or text(sealed).startswith(EARLY):
            return None
        cipher = self.outbox.cipher
        user_id, _, digest = cipher.decrypt(text(sealed), "wa-sent").partition("\t")
        packed = await self.redis.get(reply_key(digest))
        if packed is None:
            return None
        body = unpack_body(cipher.decrypt(text(packed), "wa-reply:" + digest))
        return _late_job(wamid, user_id, body)

    async def failed(self, status: dict[str, Any], delivered: bool = False) -> None:
        """A ``failed`` status seen for the first time (the status book said so);
        ``delivered``: Meta had reported the message delivered or read before. Then the
        user has it: it is logged and counted, never sent again nor parked (a template
        resent after a late 131047 was a duplicate). A failure that outran the send's
        record leaves its mark where the record goes (one atomic ``SET NX GET``): the
        record, when it comes, acts on it (``remember``)."""
        wamid = str(status.get("id", ""))
        error = first_error(status)
        code = error.get("code")
        code = code if isinstance(code, int) else None
        self.metrics.whatsapp_failures.labels(str(code or "unknown")).inc()
        title = str(error.get("title") or error.get("message") or "")[:120]
        if delivered:  # the user has it: logged and counted, nothing more
            job = await self.sent_job(wamid)
            hint = sandbox_hint(code, job.user_id) if job is not None else ""
            log.warning("WhatsApp reported message %s failed: %s %s%s (after it was "
                        "delivered: not sent again)", wamid, code, title, hint)
            return
        mark = EARLY + orjson.dumps({"c": code, "t": title}).decode()
        sealed = await self.redis.set(sent_key(wamid), mark, nx=True, ex=SENT_KEPT_S, get=True)
        if not isinstance(sealed, bytes | str):
            log.info("WhatsApp reported message %s failed: %s %s (before its send was "
                        "recorded: acted on when it is)", wamid, code, title)
            return
        job = await self._job_of(wamid, sealed)
        if job is None:  # not ours, or too old
            log.warning("WhatsApp reported message %s failed: %s %s", wamid, code, title)
            return
        await self._act(wamid, job, code, title)

    async def _act(self, wamid: str, job: OutboundJob, code: int | None, title: str) -> None:
        """What a late failure of a reply of ours does: logged; for 131047 the window
        closes and the reply goes again as the template (parked without one); any other
        failure parks it with the reason."""
        hint = sandbox_hint(code, job.user_id)
        log.warning("WhatsApp reported message %s failed: %s %s%s", wamid, code, title, hint)
        tag = self.outbox.store.tag(f"{job.channel}:{job.user_id}")
        if code == WINDOW_CLOSED:
            await self.redis.delete(window_key(tag))
            if self.template:
                await self.outbox.append([job])
                return
        reason = (f"failed after acceptance ({code}): {title}{hint}" if code != WINDOW_CLOSED
                  else "outside the 24-hour window (131047), no template")
        self.metrics.parked.labels(job.channel, reason.split(":")[0][:40]).inc()
        await self.outbox.park(job, tag, self.outbox.pack(job), reason)


def _late_job(wamid: str, user_id: str, body: dict[str, Any]) -> OutboundJob:
    """The reply to send again (or park) after a late failure: its words and options."""
    reply = Reply(body["t"], tuple(Button(str(i), str(t)) for i, t in body["b"]))
    return OutboundJob(f"wa-late:{wamid}", "whatsapp", user_id, body["l"], reply)
