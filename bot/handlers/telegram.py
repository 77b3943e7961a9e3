"""``POST /webhooks/telegram``: check the secret token, put the update in the inbox, answer.

The secret is compared (constant time) before the body is even read as JSON; a missing or
wrong secret, or a body that is not JSON, changes nothing. A 5xx is answered only when the
inbox could not take the update, so Telegram tries again."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

import orjson
from aiohttp import web
from redis.exceptions import RedisError

from bot.channels.telegram.inbound import envelope_of
from bot.ops.metrics import Metrics
from bot.pipeline.inbox import Inbox

log = logging.getLogger(__name__)

HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class TelegramWebhook:
    secret: str
    inbox: Inbox
    metrics: Metrics


TELEGRAM_WEBHOOK = web.AppKey("telegram_webhook", TelegramWebhook)


async def receive(request: web.Request) -> web.Response:
    hook = request.app.get(TELEGRAM_WEBHOOK)
    if hook is None:
        raise web.HTTPNotFound()
    given = request.headers.get(HEADER, "")
    if not hmac.compare_digest(given.encode(), hook.secret.encode()):
        hook.metrics.webhooks.labels("telegram", "forbidden").inc()
        return web.Response(status=403)
    if request.content_type != "application/json":
        hook.metrics.webhooks.labels("telegram", "forbidden").inc()
        return web.Response(status=403)
    try:
        update = orjson.loads(await request.read())
    except ValueError:
        hook.metrics.webhooks.labels("telegram", "bad_body").inc()
        return web.Response(status=400)
    envelope = envelope_of(update) if isinstance(update, dict) else None
    if envelope is None:
        hook.metrics.webhooks.labels("telegram", "ignored").inc()
        return web.Response(status=200)
    try:
        added = await hook.inbox.append(envelope)
    except RedisError:
        log.exception("the inbox refused a Telegram update; Telegram will retry")
        hook.metrics.webhooks.labels("telegram", "inbox_down").inc()
        return web.Response(status=503)
    hook.metrics.webhooks.labels("telegram", "queued" if added else "duplicate").inc()
    return web.Response(status=200)
