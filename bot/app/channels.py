"""The channels' moving parts, built from the settings and run for the app's lifetime:
the inbox and its workers, the outbox and its sender, Telegram (webhook or long polling)
and WhatsApp. Only the channels that are configured are started."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import hashlib
import hmac
import logging
import os
import socket
from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp
import fakeredis
from redis.asyncio import Redis
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.app.settings import Settings
from bot.channels.telegram.client import TelegramClient
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.groups import GroupPointer
from bot.channels.telegram.inbound import TelegramInbound
from bot.channels.telegram.poller import ALLOWED, TelegramPoller
from bot.channels.whatsapp.client import WhatsAppClient
from bot.channels.whatsapp.failures import LateFailures
from bot.channels.whatsapp.groups import WhatsAppGroups
from bot.channels.whatsapp.identity import Identities
from bot.channels.whatsapp.inbound import StatusBook, WhatsAppInbound
from bot.channels.whatsapp.moves import move_conversation
from bot.conversation.engine import Engine
from bot.i18n.catalogs import Catalogs
from bot.ops.metrics import Metrics
from bot.pipeline.inbox import Envelope, Inbox
from bot.pipeline.outbox import Outbox
from bot.pipeline.ratelimit import RateLimiter
from bot.pipeline.sender import ChannelClient, Sender, SenderTimings
from bot.pipeline.workers import InboxWorkers, WorkerTimings
from domain.security.crypto import Keyring

log = logging.getLogger(__name__)

TEMPLATE_BODY = 1024
"""Characters of a template's body, its own text and the parameter together."""


def telegram_secret(settings: Settings, keyring: Keyring) -> str:
    """The webhook secret: the setting, or one derived from the service key (so every
    process agrees on it without configuration)."""
    if settings.telegram_webhook_secret:
        return settings.telegram_webhook_secret
    digest = hmac.new(keyring.tokens, b"telegram-webhook", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def process_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"


@dataclass
class Channels:
    settings: Settings
    inbox: Inbox
    outbox: Outbox
    workers: InboxWorkers
    sender: Sender
    statuses: StatusBook
    telegram_bot: Bot | None = None
    telegram_secret: str = ""
    poller: TelegramPoller | None = None
    catalogs: Catalogs | None = None
    identities: Identities | None = None
    failures: LateFailures | None = None
    poller_restarts: int = 0
    restart_delay_s: float = 1.0
    _poller_task: asyncio.Task[None] | None = None
    _restarting: bool = False
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    async def start(self) -> None:
        """Connect the Telegram bot (getMe, and setWebhook when a URL is set), then start
        the inbox workers, the sender and, without a webhook, long polling."""
        if self.telegram_bot is not None:
            await self.telegram_bot.initialize()
            if self.catalogs is not None:
                await register_commands(self.telegram_bot, self.catalogs)
            if self.settings.telegram_webhook_url:
                await self.telegram_bot.set_webhook(
                    self.settings.telegram_webhook_url, secret_token=self.telegram_secret,
                    allowed_updates=ALLOWED)
            elif self.poller is not None:
                await self.telegram_bot.delete_webhook()
                self._tasks.append(asyncio.create_task(self._keep_polling(), name="tg-poll"))
        if not self.sender.clients:  # no channel configured: nothing to read or send
            return
        self._tasks.append(asyncio.create_task(self.workers.run(), name="inbox-workers"))
        self._tasks.append(asyncio.create_task(self.sender.run(), name="sender"))

    async def _keep_polling(self) -> None:
        """Run the poller, and run it again whenever it stops (whatever stopped it): a
        poller that ended silently left every Telegram user unanswered."""
        assert self.poller is not None
        while True:
            self._poller_task = asyncio.create_task(self.poller.run(), name="tg-poller")
            if self._restarting:
                self.poller_restarts += 1
            try:
                await self._poller_task
                log.error("the Telegram poller stopped; starting it again")
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():  # we are stopping
                    self._poller_task.cancel()
                    raise
                log.error("the Telegram poller was cancelled; starting it again")
            except Exception as error:
                log.error("the Telegram poller ended with %s; starting it again",
                          type(error).__name__, exc_info=error)
            self._restarting = True
            await asyncio.sleep(self.restart_delay_s)

    def health(self) -> dict[str, Any]:
        """What ``/healthz`` shows of the channels' loops."""
        if self.poller is None:
            return {}
        task = self._poller_task
        running = task is not None and not task.done()
        return {"telegram_poller": {"state": "running" if running else "restarting",
                                    "restarts": self.poller_restarts}}

    async def stop(self) -> None:
        self.workers.stopping = self.sender.stopping = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            done, pending = await asyncio.wait(self._tasks, timeout=10)
            for task in done:
                if not task.cancelled() and task.exception() is not None:
                    log.error("channel task %s ended with %r", task.get_name(),
                              task.exception())
            for task in pending:
                log.error("channel task %s did not stop in time", task.get_name())
        self._tasks.clear()
        for client in self.sender.clients.values():
            if isinstance(client, WhatsAppClient):
                client.close()
        if self.telegram_bot is not None:
            with contextlib.suppress(Exception):
                await self.telegram_bot.shutdown()


def build_channels(
    settings: Settings, redis: Redis, keyring: Keyring, engine: Engine, catalogs: Catalogs,
    metrics: Metrics, http: aiohttp.ClientSession, outbox: Outbox,
    partitions: int = 16, worker_timings: WorkerTimings | None = None,
    sender_timings: SenderTimings | None = None,
) -> Channels:
    name = process_name()
    inbox = Inbox(redis, keyring.state, keyring.tokens, partitions)
    limiter = RateLimiter(redis)
    clients: dict[str, ChannelClient] = {}
    handlers: dict[str, Any] = {}
    bot: Bot | None = None
    poller: TelegramPoller | None = None
    if settings.telegram_token:
        # PTB 22 gives retry_after as a timedelta with this (its future default); without it
        # every 429 also raises a deprecation warning. The library's own switch, written
        # (never read) here: not a setting of ours (tests/unit/test_environment_reads.py)
        os.environ["PTB_TIMEDELTA"] = "1"
        base = settings.telegram_api_url.rstrip("/")
        bot = Bot(settings.telegram_token, base_url=base,
                  base_file_url=base.removesuffix("/bot") + "/file/bot",
                  request=HTTPXRequest(connection_pool_size=64),
                  get_updates_request=HTTPXRequest(read_timeout=40))
        clients["telegram"] = TelegramClient(bot, limiter, redis,
                                             unrecorded=outbox.unrecorded)
        pointer = GroupPointer(redis, outbox, catalogs, bot, settings.locale)
        handlers["telegram"] = TelegramInbound(bot, engine, redis, pointer).process
        if not settings.telegram_webhook_url:
            poller = TelegramPoller(bot, inbox, redis, name, http)
    identities = Identities(redis, keyring.state, keyring.tokens)
    failures = LateFailures(redis, outbox, metrics, settings.whatsapp_template_name
                            or settings.whatsapp_template_buttons_name, keyring.tokens)
    if settings.whatsapp_token and settings.whatsapp_phone_number_id:
        client = WhatsAppClient(
            http, settings.whatsapp_api_url, settings.whatsapp_phone_number_id,
            settings.whatsapp_token, limiter, redis, outbox, catalogs,
            settings.whatsapp_template_name, settings.whatsapp_template_language,
            settings.whatsapp_rate, TEMPLATE_BODY - settings.whatsapp_template_text_chars,
            failures, template_with_buttons=settings.whatsapp_template_buttons_name,
            template_buttons=settings.whatsapp_template_buttons)
        clients["whatsapp"] = client
        groups = WhatsAppGroups(redis, outbox, catalogs, settings.locale)
        move = functools.partial(move_conversation, engine, outbox, redis)
        handlers["whatsapp"] = WhatsAppInbound(engine, outbox, redis, client.mark_read,
                                               groups, move).process

    async def handle(envelope: Envelope) -> None:
        process = handlers.get(envelope.channel)
        if process is None:
            log.warning("no handler for a %s update; dropped", envelope.channel)
            return
        await process(envelope)

    if worker_timings is None and isinstance(redis, fakeredis.FakeAsyncRedis):
        worker_timings = WorkerTimings(block_ms=0)
    worker_timings = replace(worker_timings or WorkerTimings(),
                             max_attempts=settings.inbox_max_attempts)
    inbox.on_dead = lambda channel, error: metrics.dead_letters.labels(channel, error).inc()
    workers = InboxWorkers(redis, inbox, handle, name, worker_timings, outbox.unrecorded)
    sender = Sender(outbox, clients, metrics, name, sender_timings)
    return Channels(settings, inbox, outbox, workers, sender, StatusBook(redis), bot,
                    telegram_secret(settings, keyring), poller, catalogs, identities, failures)
