"""What the service shows of itself: ``/metrics`` only where it should be read, and HTTPS
kept once a browser has seen it.

- ``/metrics`` (counts of messages, failures, suspicious events) is served on its own
  address when ``MICUENTA_METRICS_PORT`` is set (bind it where only the scraper reaches),
  and needs ``Authorization: Bearer $MICUENTA_METRICS_TOKEN`` when that is set. With
  neither, it stays on the service's port, as in demo mode; production warns at start.
- When ``MICUENTA_PUBLIC_URL`` is https, every answer carries HSTS (the console's cookies
  are ``Secure`` then too).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.app.settings import Settings

log = logging.getLogger(__name__)

HSTS = "max-age=31536000; includeSubDomains"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_https(settings: Settings) -> bool:
    return urlsplit(settings.public_url).scheme == "https"


def hsts_middleware() -> Middleware:
    @web.middleware
    async def add_hsts(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            error.headers["Strict-Transport-Security"] = HSTS
            raise
        response.headers["Strict-Transport-Security"] = HSTS
        return response

    return add_hsts


def guarded_metrics(settings: Settings, metrics: Handler) -> Handler:
    """``metrics`` behind the bearer token, if one is set."""
    token = settings.metrics_token
    if not token:
        return metrics

    async def guarded(request: web.Request) -> web.StreamResponse:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return web.Response(status=401, text="Unauthorized",
                                headers={"WWW-Authenticate": "Bearer"})
        return await metrics(request)

    return guarded


def warn_if_exposed(settings: Settings) -> None:
    if not settings.is_demo and not settings.metrics_port and not settings.metrics_token:
        log.warning("/metrics is public on the service's port: set MICUENTA_METRICS_PORT "
                    "(an address only the scraper reaches) or MICUENTA_METRICS_TOKEN")


async def start_metrics_site(settings: Settings, metrics: Handler) -> web.AppRunner | None:
    """``/metrics`` alone on ``MICUENTA_METRICS_PORT``, if set."""
    if not settings.metrics_port:
        return None
    app = web.Application()
    app.router.add_get("/metrics", guarded_metrics(settings, metrics))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.metrics_port,
                       reuse_port=settings.processes > 1)
    await site.start()
    return runner
