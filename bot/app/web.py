"""``create_app(settings)``: the aiohttp application and its lifetime."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Middleware

from bot.app.bootstrap import Container, build
from bot.app.channels import Channels, build_channels
from bot.app.settings import Settings
from bot.handlers import console, exposure, legal_pages, password_page, telegram, whatsapp
from bot.handlers.console import CONSOLE_PARTS, ConsoleParts
from bot.handlers.header_guard import refuse_bad_headers
from bot.handlers.legal_pages import LEGAL_PARTS, LegalParts
from bot.handlers.password_page import PAGE_PARTS, PageParts
from bot.handlers.telegram import TELEGRAM_WEBHOOK, TelegramWebhook
from bot.handlers.whatsapp import WHATSAPP_WEBHOOK, WhatsAppWebhook
from bot.ops import log_redaction
from domain.staff.service import StaffService

log = logging.getLogger(__name__)

CONTAINER = web.AppKey("container", Container)
CHANNELS = web.AppKey("channels", Channels)
HEALTH_TIMEOUT_S = 2.0


def create_app(
    settings: Settings,
    container: Container | None = None,
    channel_options: dict[str, Any] | None = None,
) -> web.Application:
    """The service's HTTP side. ``container`` lets tests inject parts; by default every part
    is built from ``settings`` when the app starts and closed when it stops. The channels
    (inbox workers, sender, Telegram, WhatsApp) run for as long as the app does;
    ``channel_options`` tunes them (tests use short timings)."""
    middlewares: list[Middleware] = [refuse_bad_headers]
    if exposure.is_https(settings):
        middlewares.append(exposure.hsts_middleware())
    app = web.Application(client_max_size=1024 * 1024, middlewares=middlewares)

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        owned = container is None
        parts = container or await build(settings)
        app[CONTAINER] = parts
        channels = build_channels(settings, parts.redis, parts.keyring, parts.engine,
                                  parts.catalogs, parts.metrics, parts.http, parts.outbox,
                                  **(channel_options or {}))
        app[CHANNELS] = channels
        log_redaction.install([channels.telegram_secret])
        outbox_channels = frozenset(channels.sender.clients)
        app[PAGE_PARTS] = PageParts(
            pages=parts.services.pages, accounts=parts.services.accounts, engine=parts.engine,
            dispatcher=parts.dispatcher, catalogs=parts.catalogs,
            public_url=settings.public_url, clock=parts.engine.clock,
            outbox_channels=outbox_channels)
        app[LEGAL_PARTS] = LegalParts(parts.catalogs, parts.services.about, settings.locale,
                                      settings.transcript_retention_days)
        app[CONSOLE_PARTS] = ConsoleParts(
            staff=StaffService(uow=lambda: parts.database.unit_of_work(parts.keyring),
                               audit=parts.audit),
            desk=parts.services.handoff, redis=parts.redis, engine=parts.engine,
            dispatcher=parts.dispatcher, database=parts.database, keyring=parts.keyring,
            catalogs=parts.catalogs, transcripts=parts.transcripts,
            public_url=settings.public_url, clock=parts.engine.clock, locale=settings.locale,
            audit=parts.audit, outbox_channels=outbox_channels)
        if channels.telegram_bot is not None:
            app[TELEGRAM_WEBHOOK] = TelegramWebhook(channels.telegram_secret, channels.inbox,
                                                    parts.metrics)
        if settings.whatsapp_app_secret and channels.identities and channels.failures:
            app[WHATSAPP_WEBHOOK] = WhatsAppWebhook(
                settings.whatsapp_app_secret, settings.whatsapp_verify_token or "",
                channels.inbox, channels.statuses, parts.metrics, channels.identities,
                channels.failures, settings.whatsapp_phone_number_id)
        await channels.start()
        exposure.warn_if_exposed(settings)

        async def own_metrics(request: web.Request) -> web.Response:
            return await _exposition(parts, channels)

        metrics_site = await exposure.start_metrics_site(settings, own_metrics)
        parts.timers.start()
        if settings.backup_keep_days:
            parts.backups.start()
        parts.charts.warm()
        parts.metrics.up.set(1)
        yield
        parts.metrics.up.set(0)
        await parts.timers.stop()
        await parts.backups.stop()
        if metrics_site is not None:
            await metrics_site.cleanup()
        await channels.stop()
        if owned:
            await parts.aclose()

    app.cleanup_ctx.append(lifetime)
    app.router.add_get("/healthz", healthz)
    if not settings.metrics_port:
        app.router.add_get("/metrics", exposure.guarded_metrics(settings, metrics))
    app.router.add_post("/webhooks/telegram", telegram.receive)
    app.router.add_get("/webhooks/whatsapp", whatsapp.verify)
    app.router.add_post("/webhooks/whatsapp", whatsapp.receive)
    password_page.add_routes(app)
    legal_pages.add_routes(app)
    console.add_routes(app)
    return app


async def _check(probe: Callable[[], Awaitable[object]]) -> str | None:
    try:
        await asyncio.wait_for(probe(), HEALTH_TIMEOUT_S)
    except Exception as error:  # any failure of the dependency means "down"
        return f"{type(error).__name__}: {error}"[:200]
    return None


async def healthz(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    problems = {
        "redis": await _check(container.redis.ping),
        "database": await _check(container.database.ping),
    }
    failing = sorted(name for name, problem in problems.items() if problem)
    for name in failing:
        log.warning("health check: %s is down: %s", name, problems[name])
    body = {
        "status": "fail" if failing else "ok",
        "checks": {name: ("down" if problem else "ok") for name, problem in problems.items()},
        "failing": failing,
    }
    channels = request.app.get(CHANNELS)
    loops = channels.health() if channels is not None else {}
    if loops:  # the Telegram poller, when it runs here
        body["channels"] = loops
    return web.json_response(body, status=503 if failing else 200)


async def metrics(request: web.Request) -> web.Response:
    return await _exposition(request.app[CONTAINER], request.app.get(CHANNELS))


async def _exposition(container: Container, channels: Channels | None) -> web.Response:
    await container.metrics.scraped.refresh(container.redis, container.database.ping,
                                            channels.inbox if channels is not None else None)
    body = container.metrics.exposition()
    return web.Response(body=body, content_type="text/plain", charset="utf-8")


class MaskingAccessLogger(AbstractAccessLogger):
    """The access log without secrets in paths: ``/p/<token>`` is logged as ``/p/…``."""

    @property
    def enabled(self) -> bool:
        """Only when INFO is logged: otherwise aiohttp skips the call for every request."""
        return self.logger.isEnabledFor(logging.INFO)

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        path = request.path
        if path.startswith("/p/"):
            path = "/p/…"
        self.logger.info('%s %s %s %d %.1fms', request.remote, request.method, path,
                         response.status, time * 1000)
