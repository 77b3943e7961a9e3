"""WhatsApp replies out through the Graph API: render, respect the limits (80 messages/s per
number, the pair rate to one user), stay inside the 24-hour window (outside it only an
approved template may go, else the reply is held with the reason), and map Meta's error
codes (not the HTTP status) to what the sender should do."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import orjson
from redis.asyncio import Redis
from yarl import URL

from bot.channels.aliases import Aliases
from bot.channels.kept_alive import KeptAlive
from bot.channels.whatsapp.failures import LateFailures, sandbox_hint
from bot.channels.whatsapp.identity import GROUP_PREFIX
from bot.channels.whatsapp.inbound import pages_key, window_key
from bot.channels.whatsapp.render import (
    GraphCall,
    mark_read,
    payload_aliases,
    quick_reply_payloads,
    render_template,
    render_whatsapp,
    reply_aliases,
    template_text,
    with_media_id,
)
from bot.i18n.catalogs import Catalogs
from bot.pipeline.outbox import OutboundJob, Outbox
from bot.pipeline.ratelimit import Limit, RateLimiter, SharedTokens, paced
from bot.pipeline.sender import Outcome, Progress, Status

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
PAIR_LIMIT = Limit(per_second=1 / 6, burst=20)
"""Meta allows bursts to one user that borrow from later (about 1 per 6 s sustained);
a 131056 answer backs off further."""
PAGED_OVER = 10
UTC_ZONE = ZoneInfo("UTC")


class GraphError(Exception):
    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"{status} ({code}): {message}")
        self.status = status
        self.code = code


@dataclass
class WhatsAppClient:
    session: aiohttp.ClientSession
    api_url: str
    phone_number_id: str
    token: str
    limiter: RateLimiter
    redis: Redis
    outbox: Outbox
    catalogs: Catalogs
    template: str | None = None
    template_language: str = "es_MX"
    per_second: int = 80
    template_room: int = 1024
    """Characters the template's body parameter may take: 1,024 less the template's own
    text (``MICUENTA_WHATSAPP_TEMPLATE_TEXT_CHARS``)."""
    failures: LateFailures | None = None
    """Keeps what each sent message was, for a failure reported later."""
    template_with_buttons: str | None = None
    """The template with quick-reply buttons titled 1, 2, ... (``whatsapp_template_buttons_
    name``), and how many it has."""
    template_buttons: int = 3
    channel: str = CHANNEL
    _number: SharedTokens | None = None
    _graph: KeptAlive = field(init=False)
    _messages_head: bytes = field(init=False)

    def __post_init__(self) -> None:
        # the two calls of every message (mark-as-read, the reply) go over kept-alive
        # connections of their own, their request's head made once: aiohttp's client cost
        # several times the CPU (README, "Figures behind the design"); the media uploads
        # (multipart) keep the session
        url = URL(self._url("messages"))
        self._graph = KeptAlive(str(url.origin()),
                                {**self._headers, "Content-Type": "application/json"},
                                timeout_s=self.session.timeout.total or 15.0)
        self._messages_head = self._graph.head(url.raw_path_qs)

    def close(self) -> None:
        """Closes the kept-alive connections (the session is its owner's to close)."""
        self._graph.close()

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _url(self, kind: str) -> str:
        return f"{self.api_url.rstrip('/')}/{self.phone_number_id}/{kind}"

    async def mark_read(self, wamid: str) -> None:
        await self._post_json(mark_read(wamid).payload)

    async def send(self, job: OutboundJob, tag: str, start: int, progress: Progress) -> Outcome:
        # one round trip for what every send needs: is the window open, and a pair token
        pair_taken, _, window_open = await self.limiter.take_peeking(
            f"whatsapp:{tag}", PAIR_LIMIT, window_key(tag))
        calls = await self._calls(job, tag, window_open)
        if calls is None:
            return Outcome(Status.PARK, reason="outside the 24-hour window, no template")
        if start and calls[start - 1].kind == "media":
            start -= 1  # the media id of an earlier upload was not kept: upload again
        media_id = ""
        for index, call in enumerate(calls[start:], start=start):
            paced = await self._pace(tag, pair_taken)
            pair_taken = False
            if paced is not None:
                return paced
            try:
                if call.kind == "media":
                    assert call.document is not None
                    media_id = await self._upload(call)
                else:
                    answer = await self._post_json(with_media_id(call, media_id).payload)
                    await self._remember(answer, job)
            except GraphError as error:
                return await self._failed(error, tag, job)
            except (TimeoutError, aiohttp.ClientError) as error:
                return Outcome(Status.RETRY, reason=f"network: {type(error).__name__}")
            await progress(index + 1, len(calls))
        return Outcome(Status.SENT)

    async def _calls(self, job: OutboundJob, tag: str,
                     window_open: bool) -> list[GraphCall] | None:
        to = job.user_id  # the wa_id as WhatsApp gave it (or the BSUID, or the group)
        if not window_open and not to.startswith(GROUP_PREFIX):
            return await self._template(job, tag, to)
        translator = self.catalogs.translator(job.locale, UTC_ZONE)
        if len(job.reply.buttons) > PAGED_OVER:
            await self.redis.set(pages_key(tag), self.outbox.seal(job), ex=86_400)
        await Aliases(self.redis).remember(tag, reply_aliases(job.reply))
        return list(render_whatsapp(job.reply, to, page=job.page,
                                    more_label=translator("ui.more"),
                                    list_label_default=translator("ui.options")))

    async def _template(self, job: OutboundJob, tag: str, to: str) -> list[GraphCall] | None:
        """Outside the 24-hour window: the template with quick-reply buttons when one is
        set and the reply's options fit its buttons, else the plain template (its options
        numbered in the body either way), else nothing (the reply is parked)."""
        words = [template_text(job.reply, self.template_room)]
        payloads = quick_reply_payloads(job.reply, self.template_buttons)
        if self.template_with_buttons and payloads is not None:
            await Aliases(self.redis).remember(tag, payload_aliases(job.reply))
            return [render_template(self.template_with_buttons, self.template_language, words,
                                    to, payloads)]
        if not self.template:
            return None
        return [render_template(self.template, self.template_language, words, to)]

    async def _pace(self, tag: str, pair_taken: bool) -> Outcome | None:
        """A token of the number's rate, and of the pair rate unless already taken."""
        if self._number is None:
            self._number = SharedTokens(
                self.limiter, f"whatsapp:{self.phone_number_id}",
                Limit(per_second=self.per_second, burst=self.per_second))
        number = await self._number.acquire()
        if number is not None or pair_taken:
            return number
        return await paced(self.limiter, f"whatsapp:{tag}", PAIR_LIMIT)

    async def _remember(self, answer: dict[str, Any], job: OutboundJob) -> None:
        messages = answer.get("messages")
        wamid = messages[0].get("id") if isinstance(messages, list) and messages and \
            isinstance(messages[0], dict) else None
        if self.failures is not None and isinstance(wamid, str):
            # the message went: its record never fails the send (kept until Redis answers)
            failures = self.failures
            await self.outbox.unrecorded.write("a sent message's record",
                                               lambda: failures.remember(wamid, job))

    async def _failed(self, error: GraphError, tag: str, job: OutboundJob) -> Outcome:
        jitter = random.uniform(0.5, 1.5)  # noqa: S311 - not crypto
        if error.code == 130429:  # throughput of the number
            await self.limiter.block(f"whatsapp:{self.phone_number_id}", 1.0 * jitter)
            return Outcome(Status.WAIT, 1.0 * jitter, "130429")
        if error.code == 131056:  # pair rate: too many to this user
            await self.limiter.block(f"whatsapp:{tag}", 6.0 * jitter)
            return Outcome(Status.WAIT, 6.0 * jitter, "131056")
        if error.code == 131047:  # the 24-hour window closed
            await self.redis.delete(window_key(tag))
            if self.template:
                return Outcome(Status.RETRY, 0.05, "131047")
            return Outcome(Status.PARK, reason="outside the 24-hour window (131047)")
        if error.status >= 500 or error.code in (1, 2, 131000):
            return Outcome(Status.RETRY, reason=f"server error ({error.code})")
        hint = sandbox_hint(error.code, job.user_id)
        if hint:
            log.warning("WhatsApp refused a reply with %s%s", error.code, hint)
        return Outcome(Status.PARK, reason=f"refused ({error.code}): {error}{hint}")

    async def _post_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        answer = await self._graph.post(self._messages_head, orjson.dumps(payload))
        return _read(answer.status, answer.body)

    async def _upload(self, call: GraphCall) -> str:
        document = call.document
        assert document is not None
        form = aiohttp.FormData()
        form.add_field("messaging_product", "whatsapp")
        form.add_field("type", document.mime_type)
        form.add_field("file", document.content, filename=document.filename,
                       content_type=document.mime_type)
        async with self.session.post(self._url("media"), data=form,
                                     headers=self._headers) as response:
            body = await _answer(response)
        return str(body["id"])


async def _answer(response: aiohttp.ClientResponse) -> dict[str, Any]:
    return _read(response.status, await response.read())


def _read(status: int, raw: bytes) -> dict[str, Any]:
    try:
        body: dict[str, Any] = orjson.loads(raw) if raw else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if status < 400 and "error" not in body:
        return body
    error = body.get("error") or {}
    raise GraphError(status, error.get("code"), str(error.get("message", ""))[:200])
