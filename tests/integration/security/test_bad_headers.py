"""Bad bytes in any header or cookie (issue 13, item 8): not UTF-8, over-long UTF-8 forms,
non-ASCII where only ASCII is meant, too long. The answer is 400 or 403, never a 500 with
a traceback; sent over a raw socket, since HTTP clients refuse to send such bytes."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from tests.integration.pipeline.conftest import Service

BAD_VALUES = {
    "not utf-8": b"\xff\xfe\xfa",
    "over-long utf-8": b"\xc0\xaf\xe0\x80\xaf",
    "non-ascii": "sha256=ñandú".encode(),
    "too long": b"a" * 5000,
}
TARGETS = [
    ("POST", "/webhooks/whatsapp", b"X-Hub-Signature-256", b"sha256="),
    ("POST", "/webhooks/telegram", b"X-Telegram-Bot-Api-Secret-Token", b""),
    ("GET", "/console", b"Cookie", b"mc_console="),
    ("POST", "/console/login", b"Cookie", b"mc_console_login="),
    ("GET", "/p/abcdefghijklmnopqrstuv", b"Cookie", b"mc_page="),
    ("POST", "/console/login", b"Origin", b"http://"),
]


async def _raw(url: str, method: str, path: str, header: bytes, value: bytes) -> int:
    where = urlsplit(url)
    reader, writer = await asyncio.open_connection(where.hostname, where.port)
    body = b"{}"
    writer.write(b"%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s: %s\r\n"
                 b"Content-Type: application/json\r\nContent-Length: %d\r\n"
                 b"Connection: close\r\n\r\n%s"
                 % (method.encode(), path.encode(), header, value, len(body), body))
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


@pytest.mark.parametrize("kind", sorted(BAD_VALUES))
async def test_bad_bytes_in_a_header_are_refused_not_a_crash(
        everything: tuple[Service, dict[str, str]], kind: str) -> None:
    service, _ = everything
    statuses = await asyncio.gather(*(
        _raw(service.url, method, path, header, prefix + BAD_VALUES[kind])
        for method, path, header, prefix in TARGETS))
    assert all(status in (400, 403, 431) for status in statuses), list(
        zip([t[1:3] for t in TARGETS], statuses, strict=True))
