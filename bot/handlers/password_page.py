"""``GET/POST /p/{token}``: the one-time password page.

The form carries a CSRF value kept in the page's ticket, and a cross-site POST (an
``Origin`` that is not ours) is refused. On success the page does the account work itself
(set the password, finish the reset, or log in), marks itself used, and pushes an event
into the user's conversation so the chat goes on by itself. The password is never logged:
the access log shows ``/p/…`` without the token, and nothing here prints form data.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.conversation.engine import Clock, Engine
from bot.conversation.events import push_event
from bot.conversation.messages import Template
from bot.conversation.pages import PagePurpose, PageTicket, PasswordPages
from bot.flows.base import EVENT_PREFIX
from bot.handlers.page_security import PAGE_HEADERS, same_origin
from bot.i18n.catalogs import Catalogs
from bot.pipeline.delivery import Dispatcher
from domain.accounts.service import AccountService
from domain.errors import DomainError
from domain.security.passwords import WeakPassword

log = logging.getLogger(__name__)

HEADERS = {
    **PAGE_HEADERS,
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


@dataclass(frozen=True)
class PageParts:
    pages: PasswordPages
    accounts: AccountService
    engine: Engine
    dispatcher: Dispatcher
    catalogs: Catalogs
    public_url: str
    clock: Clock
    outbox_channels: frozenset[str] = frozenset()
    """Channels whose replies go through the outbox (sent by the senders)."""


PAGE_PARTS = web.AppKey("password_page", PageParts)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/p/{token}", show)
    app.router.add_post("/p/{token}", submit)


def _render(parts: PageParts, locale: str, status: int = 200, **params: Any) -> web.Response:
    translator = parts.catalogs.translator(locale, parts.engine.config.zone)
    body = translator.render(Template("page/password.html",
                                      {"lang": locale[:2], "errors": [], **params}))
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8",
                        headers=HEADERS)


def _form(parts: PageParts, ticket: PageTicket, errors: list[str] | None = None,
          status: int = 200) -> web.Response:
    return _render(parts, ticket.locale, status, state="form", purpose=ticket.purpose.value,
                   heading=f"page.heading.{ticket.purpose.value}", csrf=ticket.csrf,
                   errors=errors or [])


async def _live_ticket(parts: PageParts, token: str) -> PageTicket | None:
    """The page's ticket while it may be used: not used yet, and its flow still waiting
    for it in the conversation (a cancelled, expired or changed flow revokes it)."""
    ticket = await parts.pages.ticket(token)
    if ticket is None or ticket.used:
        return None
    digest = parts.pages.digest(token)
    if not await parts.engine.holds_page(ticket.chat, digest):
        await parts.pages.revoke(digest)
        return None
    return ticket


async def show(request: web.Request) -> web.Response:
    parts = request.app[PAGE_PARTS]
    ticket = await _live_ticket(parts, request.match_info["token"])
    if ticket is None:
        return _render(parts, parts.engine.config.default_locale, 410, state="gone")
    return _form(parts, ticket)


async def submit(request: web.Request) -> web.Response:
    parts = request.app[PAGE_PARTS]
    token = request.match_info["token"]
    ticket = await _live_ticket(parts, token)
    if ticket is None:
        return _render(parts, parts.engine.config.default_locale, 410, state="gone")
    form = await request.post()
    csrf = str(form.get("csrf", ""))
    if not same_origin(request, parts.public_url) or not hmac.compare_digest(
        csrf.encode(), ticket.csrf.encode()
    ):
        log.warning("password page: refused a submission without a valid CSRF value/origin")
        return web.Response(status=403, text="Forbidden", headers=HEADERS)
    password = str(form.get("password", ""))
    translator = parts.catalogs.translator(ticket.locale, parts.engine.config.zone)
    if ticket.purpose is not PagePurpose.LOGIN and password != str(form.get("confirm", "")):
        return _form(parts, ticket, [translator("page.mismatch")], 400)
    if not await parts.pages.claim(token):
        return _form(parts, ticket, [translator("page.busy")], 409)
    try:
        # read again under the claim: a submission that read the ticket before another
        # one finished would otherwise do the work a second time
        if await _live_ticket(parts, token) is None:
            return _render(parts, ticket.locale, 410, state="gone")
        outcome = await _work(parts, ticket, password)
        await parts.pages.finish(token, outcome)  # used before the claim is let go
    except WeakPassword as weak:
        heading = translator.text(weak.key, {"violations": ()}).strip()
        return _form(parts, ticket, [heading] + [translator.value(v) for v in weak.violations],
                     400)
    except DomainError as error:
        return _form(parts, ticket, [translator.text(error.key, error.params)], 400)
    finally:
        await parts.pages.release(token)
    await _continue_chat(parts, ticket, token)
    return _render(parts, ticket.locale, state="done")


async def _work(parts: PageParts, ticket: PageTicket, password: str) -> dict[str, Any]:
    now = parts.clock()
    if ticket.purpose is PagePurpose.REGISTER:
        assert ticket.account_id is not None
        await parts.accounts.set_password(ticket.account_id, password, now)
        return {}
    if ticket.purpose is PagePurpose.RESET:
        assert ticket.request_id is not None
        await parts.accounts.complete_reset(ticket.request_id, password, now)
        return {}
    assert ticket.identifier is not None
    result = await parts.accounts.log_in(ticket.identifier, password, ticket.chat, now)
    return {"account_id": result.account_id, "epoch": result.session_epoch,
            "needs_chat_code": result.needs_chat_code, "terms_pending": result.terms_pending}


async def _continue_chat(parts: PageParts, ticket: PageTicket, token: str) -> None:
    """The page's event enters the conversation like a message; its replies are sent."""
    await push_event(parts.engine, parts.dispatcher, parts.outbox_channels, ticket.chat,
                     f"{EVENT_PREFIX}page:{token}", parts.clock())

