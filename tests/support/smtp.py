"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records and parses what it receives."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

SMTP_USER = "mailer"
SMTP_PASSWORD = "smtp-password-never-logged"


@dataclass(frozen=True)
class Received:
    """One e-mail as the server got it, parsed back."""

    mail_from: str
    rcpt_tos: list[str]
    headers: Any
    subject: str
    text: str
    html: str


def parse(envelope: Envelope) -> Received:
    content = envelope.content
    raw = content if isinstance(content, bytes) else str(content).encode()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None, "a text and an HTML part"

    def body(part: Any) -> str:
        return str(part.get_content()).replace("\r\n", "\n")

    return Received(str(envelope.mail_from), list(envelope.rcpt_tos), message,
                    str(message["Subject"]), body(plain), body(html))


@dataclass
class RecordingHandler:
    """Records every envelope; ``replies`` answer the next DATA commands instead of 250."""

    envelopes: list[Envelope] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.replies:
            return self.replies.pop(0)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                     auth_data: Any) -> AuthResult:
        if (isinstance(auth_data, LoginPassword) and auth_data.login == SMTP_USER.encode()
                and auth_data.password == SMTP_PASSWORD.encode()):
            self.logins.append(auth_data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler

    def received(self) -> list[Received]:
        return [parse(envelope) for envelope in self.handler.envelopes]



CODE = re.compile(r"\b(\d{6})\b")


def last_code(server: SmtpServer, to: str) -> str | None:
    """The 6-digit code in the last e-mail to ``to``."""
    for received in reversed(server.received()):
        if to in received.rcpt_tos:
            found = CODE.findall(received.text)
            return found[-1] if found else None
    return None


@asynccontextmanager
async def running_smtp() -> AsyncIterator[SmtpServer]:
    handler = RecordingHandler()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="localhost", loop=loop, auth_require_tls=False,
                     authenticator=handler.authenticate),
        "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield SmtpServer("127.0.0.1", port, handler)
    finally:
        server.close()
        await server.wait_closed()
        await asyncio.sleep(0)
