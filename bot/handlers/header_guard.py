"""Bad bytes in a header or a cookie are the client's error (400), never ours (500).

aiohttp decodes header bytes that are not UTF-8 with surrogate escapes; the comparisons of
secrets (``hmac.compare_digest``) and the cookies' encoding then raise. Every header value
with such bytes is refused here, before any handler; so are non-ASCII characters in the
headers that carry secrets or origins (signatures, tokens, cookies), which are ASCII by
definition, and values longer than any of ours.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)

ASCII_ONLY = frozenset({"x-hub-signature-256", "x-telegram-bot-api-secret-token", "cookie",
                        "origin", "referer", "authorization"})
LONGEST = 4096


def _bad(name: str, value: str) -> bool:
    if len(value) > LONGEST:
        return True
    if name.lower() in ASCII_ONLY:
        return not value.isascii()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept as surrogates
        return True
    return False


@web.middleware
async def refuse_bad_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> web.StreamResponse:
    for name, value in request.headers.items():
        if _bad(name, value):
            log.warning("refused a request to %s: bad bytes in header %s", request.path,
                        name if name.isascii() else "?")
            return web.Response(status=400, text="Bad Request")
    return await handler(request)
