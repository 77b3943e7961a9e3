"""Failures Meta reports after it accepted a message: a ``failed`` status webhook.

Meta answers a send with a wamid ("accepted"), and may report later that it could not be
delivered. Each failure is logged once (with the wamid and the error code, never the text)
and counted by code. For 131047 (more than 24 hours since the user last wrote) the window
is marked closed and the reply goes again, as the approved template; without one it is
parked with the reason. Any other failure is final for that message: the reply is parked
with the reason. To find the reply, each sent message's job is kept by its wamid for as
long as Meta may report on it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from redis.asyncio import Redis

from bot.channels.whatsapp_inbound import window_key
from bot.metrics import Metrics
from bot.outbox import OutboundJob, Outbox
from bot.redis_client import text

log = logging.getLogger(__name__)

SENT_KEPT_S = 3 * 86_400
"""How long a sent message's job is kept for a late failure (Meta reports within hours)."""
WINDOW_CLOSED = 131047
SANDBOX_NOT_ALLOWED = 131030


def sent_key(wamid: str) -> str:
    return f"wa-sent:{wamid}"


def sandbox_hint(code: int | None, user_id: str) -> str:
    """131030 for a Mexican mobile as WhatsApp reports it (521 + ten digits): the test
    number's allowed list is compared literally."""
    if code == SANDBOX_NOT_ALLOWED and user_id.startswith("521") and len(user_id) == 13:
        return (" (the sandbox compares its allowed list literally: add the number as "
                f"+{user_id} or as +52{user_id[3:]}, whichever WhatsApp shows)")
    return ""


@dataclass
class LateFailures:
    redis: Redis
    outbox: Outbox
    metrics: Metrics
    template: str | None

    async def remember(self, wamid: str, job: OutboundJob) -> None:
        await self.redis.set(sent_key(wamid), self.outbox.seal(job), ex=SENT_KEPT_S)

    async def failed(self, status: dict[str, Any]) -> None:
        """A ``failed`` status seen for the first time (the status book said so)."""
        wamid = str(status.get("id", ""))
        error = _first_error(status)
        code = error.get("code")
        code = code if isinstance(code, int) else None
        self.metrics.whatsapp_failures.labels(str(code or "unknown")).inc()
        sealed = await self.redis.get(sent_key(wamid))
        job = self.outbox.open(text(sealed)) if sealed is not None else None
        title = str(error.get("title") or error.get("message") or "")[:120]
        hint = sandbox_hint(code, job.user_id) if job is not None else ""
        log.warning("WhatsApp reported message %s failed: %s %s%s", wamid, code, title, hint)
        if job is None:  # not ours, or too old: nothing left to do
            return
        tag = self.outbox.store.tag(f"{job.channel}:{job.user_id}")
        if code == WINDOW_CLOSED:
            await self.redis.delete(window_key(tag))
            if self.template:
                await self.outbox.append([replace(job, key=f"{job.key}:template", page=0)])
                return
        reason = (f"failed after acceptance ({code}): {title}{hint}" if code != WINDOW_CLOSED
                  else "outside the 24-hour window (131047), no template")
        self.metrics.parked.labels(job.channel, reason.split(":")[0][:40]).inc()
        await self.outbox.park(job, tag, self.outbox.pack(job), reason)


def _first_error(status: dict[str, Any]) -> dict[str, Any]:
    errors = status.get("errors")
    first = errors[0] if isinstance(errors, list) and errors else None
    return first if isinstance(first, dict) else {}
