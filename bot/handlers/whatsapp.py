"""``GET/POST /webhooks/whatsapp``: Meta's verification handshake, and signed deliveries.

The ``X-Hub-Signature-256`` HMAC is checked over the raw body, in constant time, before any
JSON parsing; anything unsigned or altered is refused with 403 and changes nothing. A POST
can batch many entries, changes, messages and statuses: every one is handled. Messages go
to the inbox (duplicates of a wamid are dropped there; the user's 24-hour window opens when
the message is handled, in the commit that queues the answer); statuses are recorded. The
answer is 200 at once, 503 only when the inbox refused a message (so Meta delivers the
batch again; what was already taken is dropped as a duplicate)."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

import orjson
from aiohttp import web
from redis.exceptions import RedisError

from bot.channels.whatsapp.failures import LateFailures
from bot.channels.whatsapp.identity import Identities
from bot.channels.whatsapp.inbound import (
    CHANNEL,
    REACHED,
    StatusBook,
    envelope_of,
    messages_and_statuses,
)
from bot.ops.metrics import Metrics
from bot.pipeline.inbox import Inbox

log = logging.getLogger(__name__)

SIGNATURE = "X-Hub-Signature-256"


@dataclass(frozen=True)
class WhatsAppWebhook:
    app_secret: str
    verify_token: str
    inbox: Inbox
    statuses: StatusBook
    metrics: Metrics
    identities: Identities
    failures: LateFailures
    phone_number_id: str | None = None
    """Ours: changes addressed to another number of the business account are not
    answered (``None``: every change is ours)."""


WHATSAPP_WEBHOOK = web.AppKey("whatsapp_webhook", WhatsAppWebhook)


def _hook(request: web.Request) -> WhatsAppWebhook:
    hook = request.app.get(WHATSAPP_WEBHOOK)
    if hook is None:
        raise web.HTTPNotFound()
    return hook


async def verify(request: web.Request) -> web.Response:
    hook = _hook(request)
    query = request.query
    token = query.get("hub.verify_token", "")
    if query.get("hub.mode") == "subscribe" and hook.verify_token and hmac.compare_digest(
        token.encode(), hook.verify_token.encode()
    ):
        return web.Response(text=query.get("hub.challenge", ""))
    return web.Response(status=403)


def signed(raw: bytes, header: str, secret: str) -> bool:
    expected = "sha256=" + hmac.digest(secret.encode(), raw, "sha256").hex()
    return bool(header) and hmac.compare_digest(header.encode(), expected.encode())


async def receive(request: web.Request) -> web.Response:
    hook = _hook(request)
    raw = await request.read()
    if not signed(raw, request.headers.get(SIGNATURE, ""), hook.app_secret):
        hook.metrics.webhooks.labels(CHANNEL, "forbidden").inc()
        return web.Response(status=403)
    try:
        body = orjson.loads(raw)
    except ValueError:
        hook.metrics.webhooks.labels(CHANNEL, "bad_body").inc()
        return web.Response(status=400)
    if not isinstance(body, dict):
        return web.Response(status=400)
    refused = False
    for kind, item in messages_and_statuses(body, hook.phone_number_id):
        try:
            if kind == "other_number":
                log.info("WhatsApp: a change for another phone number of the account, "
                         "not answered from this one")
                hook.metrics.webhooks.labels(CHANNEL, "other_number").inc()
                continue
            if kind == "status":
                before = await hook.statuses.record(item)
                hook.metrics.statuses.labels(str(item.get("status", "?"))[:16]).inc()
                if before is not None and item.get("status") == "failed":
                    await hook.failures.failed(item, delivered=before in REACHED)
                continue
            envelope = envelope_of(item, await hook.identities.user_of(item))
            if envelope is None:
                continue
            added = await hook.inbox.append(envelope)
            hook.metrics.webhooks.labels(CHANNEL, "queued" if added else "duplicate").inc()
        except RedisError:
            log.exception("the inbox refused a WhatsApp message; Meta will retry the batch")
            hook.metrics.webhooks.labels(CHANNEL, "inbox_down").inc()
            refused = True
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # a signed body with a field of the wrong type: that item only is left out (a
            # 500 would have Meta send the whole batch again for 7 days)
            log.warning("WhatsApp: left out a %s the service cannot read (%s)", kind,
                        type(error).__name__)
            hook.metrics.webhooks.labels(CHANNEL, "bad_item").inc()
    return web.Response(status=503 if refused else 200)
