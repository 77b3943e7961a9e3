"""The staff console (``/console``): log in with password + TOTP, see who waits for an
agent, take a conversation over, write to the user, hand it back with a note.

Security (SECURITY.md "Staff console", E1-E5):
- every page but the login needs a session (``console_sessions``): a random token in an
  HttpOnly, SameSite=Strict cookie, 15 idle minutes and 8 hours at most, a new one at each
  login, all of a staff member's sessions ended by one button;
- every POST carries the session's CSRF value and comes from our own origin (the login form
  a double-submitted cookie value);
- an agent sees and acts only on conversations in the queue or taken by them (a supervisor
  on all); taking over is the desk's atomic script: of two agents, one wins;
- identifiers stay masked: the user is shown as ``whatsapp ******5678`` and the transcript
  is the masked one.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from redis.asyncio import Redis

from bot.conversation.engine import Clock, Engine
from bot.conversation.events import push_event
from bot.conversation.messages import Template
from bot.handlers.console_sessions import IDLE_S, ConsoleSession, ConsoleSessions
from bot.handlers.page_security import PAGE_HEADERS, same_origin
from bot.handoff.desk import DeskEntry, HandoffDesk
from bot.i18n.catalogs import Catalogs
from bot.pipeline.delivery import Dispatcher
from bot.pipeline.transcripts import TranscriptWriter
from domain.accounts.model import ChatRef
from domain.audit import AuditKind, AuditTrail
from domain.errors import DomainError
from domain.persistence.database import Database
from domain.security.crypto import Keyring
from domain.staff.model import Staff, StaffRole
from domain.staff.service import StaffService

log = logging.getLogger(__name__)

SESSION_COOKIE = "mc_console"
LOGIN_COOKIE = "mc_console_login"
MESSAGE_LIMIT = 4096
NOTE_LIMIT = 1000
TRANSCRIPT_SHOWN = 200
HEADERS = {
    **PAGE_HEADERS,
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
                               "style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'",
}
SCRIPT = (Path(__file__).parent / "static" / "console.js").read_bytes()
"""The console's one script, a static file; read once, served with the console's CSP."""


@dataclass(frozen=True)
class ConsoleParts:
    staff: StaffService
    desk: HandoffDesk
    redis: Redis
    engine: Engine
    dispatcher: Dispatcher
    database: Database
    keyring: Keyring
    catalogs: Catalogs
    transcripts: TranscriptWriter
    public_url: str
    clock: Clock
    locale: str
    audit: AuditTrail
    outbox_channels: frozenset[str] = frozenset()


CONSOLE_PARTS = web.AppKey("console", ConsoleParts)
Handler = Callable[[web.Request, ConsoleSession], Awaitable[web.StreamResponse]]


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console/login", login_form)
    app.router.add_post("/console/login", login)
    app.router.add_post("/console/logout", staff_only(logout))
    app.router.add_post("/console/logout/all", staff_only(logout_everywhere))
    app.router.add_get("/console", staff_only(queue))
    app.router.add_get("/console/console.js", script)
    app.router.add_get("/console/c/{cid}", staff_only(conversation))
    app.router.add_get("/console/c/{cid}/messages", staff_only(messages))
    app.router.add_post("/console/c/{cid}/take", staff_only(take))
    app.router.add_post("/console/c/{cid}/say", staff_only(say))
    app.router.add_post("/console/c/{cid}/back", staff_only(hand_back))


# --- sessions ----------------------------------------------------------------------------


async def _session(parts: ConsoleParts, request: web.Request) -> ConsoleSession | None:
    return await ConsoleSessions(parts.redis).find(request.cookies.get(SESSION_COOKIE),
                                                   parts.clock())


def _secure(parts: ConsoleParts) -> bool:
    return urlsplit(parts.public_url).scheme == "https"


def staff_only(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """No session: the login page (a GET) or 401. A POST without our origin and the
    session's CSRF value: 403."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        parts = request.app[CONSOLE_PARTS]
        session = await _session(parts, request)
        if session is None:
            if request.method == "GET" and not request.path.endswith("/messages"):
                return _redirect("/console/login")
            return web.Response(status=401, text="Unauthorized", headers=HEADERS)
        if request.method == "POST":
            form = await request.post()
            csrf = str(form.get("csrf", ""))
            if not same_origin(request, parts.public_url) or not hmac.compare_digest(
                    csrf.encode(), session.csrf.encode()):
                log.warning("console: refused a POST without a valid CSRF value or origin")
                return web.Response(status=403, text="Forbidden", headers=HEADERS)
        return await handler(request, session)

    return guarded


# --- pages -------------------------------------------------------------------------------


def _page(parts: ConsoleParts, name: str, status: int = 200, **params: Any) -> web.Response:
    translator = parts.catalogs.translator(parts.locale, parts.engine.config.zone)
    body = translator.render(Template(f"console/{name}.html",
                                      {"lang": parts.locale[:2], **params}))
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8",
                        headers=HEADERS)


async def script(request: web.Request) -> web.Response:
    return web.Response(body=SCRIPT, content_type="text/javascript", charset="utf-8",
                        headers=HEADERS)


async def login_form(request: web.Request, error: str | None = None,
                     status: int = 200) -> web.Response:
    parts = request.app[CONSOLE_PARTS]
    value = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = _page(parts, "login", status, csrf=value, error=error)
    response.set_cookie(LOGIN_COOKIE, value, httponly=True, samesite="Strict",
                        path="/console", secure=_secure(parts), max_age=IDLE_S)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    parts = request.app[CONSOLE_PARTS]
    form = await request.post()
    expected = request.cookies.get(LOGIN_COOKIE, "")
    csrf = str(form.get("csrf", ""))
    if not expected or not same_origin(request, parts.public_url) or not hmac.compare_digest(
            csrf.encode(), expected.encode()):
        return web.Response(status=403, text="Forbidden", headers=HEADERS)
    try:
        staff = await parts.staff.log_in(str(form.get("email", "")),
                                         str(form.get("password", "")),
                                         str(form.get("code", "")), parts.clock(),
                                         address=request.remote or "")
    except DomainError as error:
        translator = parts.catalogs.translator(parts.locale, parts.engine.config.zone)
        log.warning("console: refused a login (%s)", error.key)
        return await login_form(request, translator.text(error.key, error.params), 401)
    sessions = ConsoleSessions(parts.redis)
    old = await sessions.find(request.cookies.get(SESSION_COOKIE), parts.clock())
    if old is not None:
        await sessions.end(old.token_hash, old.staff.id)
    token = await sessions.open(staff, parts.clock())
    log.info("console: staff %s logged in", staff.id)
    response = _redirect("/console")
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Strict",
                        path="/console", secure=_secure(parts))
    response.del_cookie(LOGIN_COOKIE, path="/console")
    return response


async def logout(request: web.Request, session: ConsoleSession) -> web.StreamResponse:
    parts = request.app[CONSOLE_PARTS]
    await ConsoleSessions(parts.redis).end(session.token_hash, session.staff.id)
    response = _redirect("/console/login")
    response.del_cookie(SESSION_COOKIE, path="/console")
    return response


async def logout_everywhere(request: web.Request,
                            session: ConsoleSession) -> web.StreamResponse:
    """Every session of this staff member ends, this one included (a lost laptop, a
    cookie that may have leaked)."""
    parts = request.app[CONSOLE_PARTS]
    ended = await ConsoleSessions(parts.redis).end_all(session.staff.id)
    log.info("console: staff %s ended %d sessions", session.staff.id, ended)
    response = _redirect("/console/login")
    response.del_cookie(SESSION_COOKIE, path="/console")
    return response


async def queue(request: web.Request, session: ConsoleSession) -> web.Response:
    parts = request.app[CONSOLE_PARTS]
    supervisor = session.staff.role is StaffRole.SUPERVISOR
    taken = await parts.desk.taken(None if supervisor else session.staff.id)
    return _page(parts, "queue", staff=session.staff, csrf=session.csrf,
                 waiting=await parts.desk.waiting(), taken=taken)


async def _allowed(parts: ConsoleParts, request: web.Request,
                   session: ConsoleSession) -> DeskEntry:
    """The conversation of the URL, if this staff member may see it: waiting for anyone,
    or theirs (a supervisor: any)."""
    entry = await parts.desk.entry(request.match_info["cid"])
    if entry is None:
        raise web.HTTPNotFound(headers=HEADERS)
    if entry.owner not in (None, session.staff.id) and (
            session.staff.role is not StaffRole.SUPERVISOR):
        await parts.audit.record(AuditKind.CONSOLE_REFUSED, "staff:" + session.staff.id,
                                 parts.clock(), conversation=entry.id)
        raise web.HTTPForbidden(headers=HEADERS)
    return entry


async def _transcript(parts: ConsoleParts, entry: DeskEntry) -> list[dict[str, str]]:
    await parts.transcripts.flush()
    digest = parts.transcripts.conversation_hash(entry.conversation_key)
    async with parts.database.unit_of_work(parts.keyring) as uow:
        rows = await uow.transcripts.of(digest)
    translator = parts.catalogs.translator(parts.locale, parts.engine.config.zone)
    zone = parts.engine.config.zone
    return [{"direction": row.direction, "who": translator(f"console.who.{row.direction}"),
             "at": row.created_at.astimezone(zone).strftime("%H:%M"), "text": row.text}
            for row in rows[-TRANSCRIPT_SHOWN:]]


async def conversation(request: web.Request, session: ConsoleSession) -> web.Response:
    parts = request.app[CONSOLE_PARTS]
    entry = await _allowed(parts, request, session)
    return _page(parts, "conversation", staff=session.staff, csrf=session.csrf, entry=entry,
                 mine=entry.owner == session.staff.id,
                 transcript=await _transcript(parts, entry))


async def messages(request: web.Request, session: ConsoleSession) -> web.Response:
    parts = request.app[CONSOLE_PARTS]
    entry = await _allowed(parts, request, session)
    return web.json_response(await _transcript(parts, entry), headers=HEADERS)


def _chat(entry: DeskEntry) -> ChatRef:
    channel, _, user = entry.conversation_key.partition(":")
    return ChatRef(channel, user)


async def _event(parts: ConsoleParts, entry: DeskEntry, action: str, staff: Staff,
                 text: str | None = None) -> None:
    await push_event(parts.engine, parts.dispatcher, parts.outbox_channels, _chat(entry),
                     f"event:handoff:{action}:{staff.id}", parts.clock(), text)


def _redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={**HEADERS, "Location": location})


def _back_to(entry: DeskEntry) -> web.Response:
    return _redirect(f"/console/c/{entry.id}")


async def take(request: web.Request, session: ConsoleSession) -> web.StreamResponse:
    parts = request.app[CONSOLE_PARTS]
    entry = await _allowed(parts, request, session)
    if not await parts.desk.take(entry.id, session.staff.id, parts.clock()):
        return _page(parts, "conversation", 409, staff=session.staff, csrf=session.csrf,
                     entry=await parts.desk.entry(entry.id) or entry, mine=False,
                     transcript=[], error="console.taken_by_other")
    await parts.audit.record(AuditKind.TAKEOVER, "staff:" + session.staff.id, parts.clock(),
                             conversation=entry.id, channel=entry.channel)
    await _event(parts, entry, "take", session.staff)
    return _back_to(entry)


async def _own(parts: ConsoleParts, request: web.Request,
               session: ConsoleSession) -> DeskEntry:
    entry = await _allowed(parts, request, session)
    if entry.owner != session.staff.id:
        raise web.HTTPForbidden(headers=HEADERS)
    return entry


async def say(request: web.Request, session: ConsoleSession) -> web.StreamResponse:
    parts = request.app[CONSOLE_PARTS]
    entry = await _own(parts, request, session)
    text = str((await request.post()).get("text", "")).strip()
    if not text or len(text) > MESSAGE_LIMIT:
        raise web.HTTPBadRequest(headers=HEADERS)
    await _event(parts, entry, "say", session.staff, text)
    return _back_to(entry)


async def hand_back(request: web.Request, session: ConsoleSession) -> web.StreamResponse:
    parts = request.app[CONSOLE_PARTS]
    entry = await _own(parts, request, session)
    note = str((await request.post()).get("note", "")).strip()[:NOTE_LIMIT]
    if not await parts.desk.release(entry.id, session.staff.id):
        raise web.HTTPConflict(headers=HEADERS)
    if note:
        parts.transcripts.note(entry.conversation_key, entry.channel, note, parts.clock())
    await _event(parts, entry, "back", session.staff)
    await parts.audit.record(AuditKind.HAND_BACK, "staff:" + session.staff.id, parts.clock(),
                             conversation=entry.id, channel=entry.channel)
    return _redirect("/console")
