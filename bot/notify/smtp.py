"""E-mail over SMTP (aiosmtplib): one MIME message per notice, bounded retries.

TLS follows the port: STARTTLS on 587, implicit TLS on 465, plain on anything else (a
local relay, the tests' aiosmtpd). Transient failures (no connection, a timeout, a 4xx
reply) are retried with exponential backoff and jitter; a 5xx reply is final. Logs name
the masked recipient and the reply code only: message bodies carry codes, and server
replies may quote the full address.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage as MimeMessage
from email.utils import formatdate, make_msgid, parseaddr

import aiosmtplib

from bot.ops.retry import RetryPolicy, Transient, retrying
from domain.identifiers import mask_email
from domain.notifications import EmailMessage, NotificationFailed

log = logging.getLogger(__name__)

STARTTLS_PORT = 587
IMPLICIT_TLS_PORT = 465


def tls_options(port: int) -> tuple[bool, bool]:
    """``(use_tls, start_tls)``: STARTTLS on 587, implicit TLS on 465, plain otherwise."""
    if port == IMPLICIT_TLS_PORT:
        return True, False
    if port == STARTTLS_PORT:
        return False, True
    return False, False


def is_transient(error: BaseException) -> bool:
    """Worth another try: no connection, a timeout, a dropped line or a 4xx reply."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(400 <= r.code < 500 for r in error.recipients)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return 400 <= error.code < 500
    if isinstance(error, aiosmtplib.SMTPNotSupported):
        return False
    return isinstance(error, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPConnectError
                      | aiosmtplib.SMTPTimeoutError | OSError)


def _reason(error: BaseException) -> str:
    """The reply code or the error's class; never the server's text (it may quote the address)."""
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return f"SMTP {error.code}"
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return "SMTP " + ",".join(str(r.code) for r in error.recipients)
    return type(error).__name__


class SmtpEmailSender:
    """An ``EmailSender`` delivering through one SMTP server."""

    def __init__(
        self,
        host: str,
        port: int = STARTTLS_PORT,
        user: str | None = None,
        password: str | None = None,
        sender: str = "Mi Cuenta <no-responder@micuenta.example>",
        timeout: float = 10.0,
        *,
        attempts: int = 3,
        backoff: float = 1.0,
        max_delay: float = 30.0,
        local_hostname: str | None = None,
        validate_certs: bool = True,
    ) -> None:
        self.policy = RetryPolicy(attempts, backoff, max_delay)
        self.host = host
        self.port = port
        self.user = user
        self._password = password
        self.sender = sender
        self.timeout = timeout
        self.local_hostname = local_hostname
        self.validate_certs = validate_certs
        self._domain = parseaddr(sender)[1].rpartition("@")[2] or "micuenta.local"

    def __repr__(self) -> str:
        return f"SmtpEmailSender({self.host!r}, {self.port!r}, user={self.user!r})"

    def build(self, message: EmailMessage) -> MimeMessage:
        """The MIME message: text/plain and text/html alternatives in UTF-8, and the
        attachments, if any (the message then becomes multipart/mixed)."""
        mime = MimeMessage()
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Date"] = formatdate(usegmt=True)
        mime["Message-ID"] = make_msgid(domain=self._domain)
        mime["Auto-Submitted"] = "auto-generated"
        mime.set_content(message.text, subtype="plain", charset="utf-8",
                         cte="quoted-printable")
        mime.add_alternative(message.html, subtype="html", charset="utf-8",
                             cte="quoted-printable")
        for attachment in message.attachments:
            maintype, _, subtype = attachment.mime_type.partition("/")
            mime.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                                filename=attachment.filename)
        return mime

    async def send(self, message: EmailMessage) -> None:
        mime = self.build(message)
        recipient = mask_email(message.to)
        use_tls, start_tls = tls_options(self.port)

        async def once(attempt: int) -> None:
            try:
                await aiosmtplib.send(
                    mime,
                    hostname=self.host,
                    port=self.port,
                    username=self.user,
                    password=(self._password or "") if self.user else None,
                    use_tls=use_tls,
                    start_tls=start_tls,
                    timeout=self.timeout,
                    local_hostname=self.local_hostname,
                    validate_certs=self.validate_certs,
                )
            except (aiosmtplib.SMTPException, OSError) as error:
                reason = _reason(error)
                if is_transient(error):
                    raise Transient(reason) from None
                log.error("e-mail to %s refused by %s:%d (%s); not retried",
                          recipient, self.host, self.port, reason)
                raise NotificationFailed(channel="email", recipient=recipient,
                                         attempts=attempt, reason=reason) from None
            log.info("e-mail to %s handed to %s:%d (attempt %d)", recipient, self.host,
                     self.port, attempt)

        def retry(attempt: int, failure: Transient, delay: float) -> None:
            log.warning("e-mail to %s not delivered to %s:%d (%s), attempt %d/%d; "
                        "retrying in %.2f s", recipient, self.host, self.port, failure.reason,
                        attempt, self.policy.attempts, delay)

        try:
            await retrying(self.policy, once, retry)
        except Transient as failure:
            log.error("e-mail to %s not delivered to %s:%d after %d attempts (%s)", recipient,
                      self.host, self.port, failure.attempts, failure.reason)
            raise NotificationFailed(channel="email", recipient=recipient,
                                     attempts=failure.attempts, reason=failure.reason) from None
