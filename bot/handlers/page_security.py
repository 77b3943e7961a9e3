"""What every HTML page the service serves shares: headers that keep it out of caches and
frames, and the same-origin check for its form posts."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    # not no-referrer: with it a browser posts forms with "Origin: null", which same_origin
    # refuses (tests/integration/accounts/test_password_page_browser.py)
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


def same_origin(request: web.Request, public_url: str) -> bool:
    """A POST from our own pages: a browser's ``Origin`` is ours, or there is none (not a
    browser's cross-site form; the CSRF value still has to match). ``Origin: null`` is
    refused."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    ours, theirs = urlsplit(public_url), urlsplit(origin)
    return origin != "null" and (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)
