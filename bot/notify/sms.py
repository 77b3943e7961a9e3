"""SMS through the HTTP gateway of DESIGN.md: ``POST $MICUENTA_SMS_URL`` with JSON
``{"to": "+52...", "text": "..."}`` and ``Authorization: Bearer $MICUENTA_SMS_TOKEN``.

A 2xx answer means the gateway took the message. 5xx, 429 (honouring ``Retry-After`` up to
``max_delay``), timeouts and lost connections are retried with exponential backoff and
jitter, a bounded number of times; any other 4xx is final. Logs name the masked number
and the status only: neither the text (it carries codes), the token, nor the gateway's
answer (it may echo the text) is ever logged.

The aiohttp session belongs to whoever owns the application's lifetime: pass one in, or
call ``start()`` and ``close()`` (or use ``async with``) to let the sender own its own.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from aiohttp import ClientConnectionError, ClientSession, ClientTimeout

from bot.ops.retry import RetryPolicy, Transient, retrying
from domain.identifiers import mask_phone
from domain.notifications import NotificationFailed, SmsMessage

log = logging.getLogger(__name__)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header given in seconds (dates are ignored)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


class HttpSmsSender:
    """An ``SmsSender`` posting to the SMS gateway."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        session: ClientSession | None = None,
        timeout: float = 10.0,
        attempts: int = 4,
        backoff: float = 0.5,
        max_delay: float = 10.0,
    ) -> None:
        self.policy = RetryPolicy(attempts, backoff, max_delay)
        self.url = url
        self._token = token
        self._session = session
        self._owns_session = False
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"HttpSmsSender({self.url!r})"

    async def start(self) -> None:
        """Open a session of our own when none was given."""
        if self._session is None:
            self._session = ClientSession()
            self._owns_session = True

    async def close(self) -> None:
        """Close the session if it is ours; a session given by the caller stays open."""
        if self._owns_session and self._session is not None:
            await self._session.close()
        if self._owns_session:
            self._session = None
            self._owns_session = False

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()

    async def _attempt(self, session: ClientSession,
                       message: SmsMessage) -> tuple[int | None, str, float | None]:
        """One POST: the status (None when no answer came), a short reason, Retry-After."""
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            async with session.post(self.url, json={"to": message.to, "text": message.text},
                                    headers=headers,
                                    timeout=ClientTimeout(total=self.timeout)) as response:
                await response.read()
                wait = _retry_after(response.headers.get("Retry-After"))
                return response.status, f"HTTP {response.status}", wait
        except TimeoutError:
            return None, "timeout", None
        except ClientConnectionError as error:
            return None, type(error).__name__, None

    async def send(self, message: SmsMessage) -> None:
        session = self._session
        if session is None:
            raise RuntimeError("HttpSmsSender has no session: pass one or call start()")
        recipient = mask_phone(message.to)

        async def once(attempt: int) -> None:
            status, reason, wait = await self._attempt(session, message)
            if status is not None and 200 <= status < 300:
                log.info("SMS to %s handed to the gateway (attempt %d)", recipient, attempt)
                return
            if status is not None and status != 429 and status < 500:
                log.error("SMS to %s refused by the gateway (%s); not retried", recipient,
                          reason)
                raise NotificationFailed(channel="sms", recipient=recipient, attempts=attempt,
                                         reason=reason)
            raise Transient(reason, wait)

        def retry(attempt: int, failure: Transient, delay: float) -> None:
            log.warning("SMS to %s not taken by the gateway (%s), attempt %d/%d; "
                        "retrying in %.2f s", recipient, failure.reason, attempt,
                        self.policy.attempts, delay)

        try:
            await retrying(self.policy, once, retry)
        except Transient as failure:
            log.error("SMS to %s not taken by the gateway after %d attempts (%s)", recipient,
                      failure.attempts, failure.reason)
            raise NotificationFailed(channel="sms", recipient=recipient,
                                     attempts=failure.attempts, reason=failure.reason) from None
