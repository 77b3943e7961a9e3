"""``GET /privacidad`` and ``GET /terminos``: the privacy notice and the terms the chat
links to, in the reader's language (``?lang=en``, else ``Accept-Language``, else the
service's default), with the same protective headers as the password page."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.conversation.messages import Template
from bot.conversation.services import About
from bot.flows.terms import TERMS_POINTS
from bot.handlers.page_security import PAGE_HEADERS
from bot.i18n.catalogs import Catalogs

HEADERS = {
    **PAGE_HEADERS,
    "Cache-Control": "no-cache",  # public text: may be kept, but checked for changes
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "frame-ancestors 'none'; form-action 'none'",
}

SECTIONS = {
    "privacidad": ("legal.privacy.title", ("legal.privacy.who", "legal.privacy.what",
                                           "legal.privacy.why", "legal.privacy.keep",
                                           "legal.privacy.share", "legal.privacy.rights")),
    "terminos": ("legal.terms.title", (*TERMS_POINTS, "legal.terms.changes")),
}


@dataclass(frozen=True)
class LegalParts:
    catalogs: Catalogs
    about: About
    default_locale: str
    retention_days: int


LEGAL_PARTS = web.AppKey("legal_pages", LegalParts)


def add_routes(app: web.Application) -> None:
    for path in SECTIONS:
        app.router.add_get("/" + path, show)


def pick_locale(request: web.Request, locales: tuple[str, ...], default: str) -> str:
    """``?lang=`` first, then the browser's ``Accept-Language`` in its order of preference."""
    wanted = [request.query.get("lang", "")]
    for part in request.headers.get("Accept-Language", "").split(","):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            quality = 0.0
        if tag and quality > 0:
            wanted.append(tag)
    for tag in wanted:
        for locale in locales:
            if tag and tag.replace("-", "_").lower()[:2] == locale[:2].lower():
                return locale
    return default


async def show(request: web.Request) -> web.Response:
    parts = request.app[LEGAL_PARTS]
    page = request.path.strip("/")
    title, sections = SECTIONS[page]
    locale = pick_locale(request, parts.catalogs.locales, parts.default_locale)
    other = next((code for code in parts.catalogs.locales if code != locale), locale)
    translator = parts.catalogs.translator(locale, _UTC)
    body = translator.render(Template("page/legal.html", {
        "lang": locale[:2], "title": title, "sections": sections,
        "operator": parts.about.operator_name, "phone": parts.about.support_phone,
        "days": parts.retention_days, "other_href": f"/{page}?lang={other[:2]}",
        "other_lang": other[:2]}))
    return web.Response(text=body, content_type="text/html", charset="utf-8",
                        headers={**HEADERS, "Content-Language": locale.replace("_", "-"),
                                 "Vary": "Accept-Language"})


_UTC = ZoneInfo("UTC")
