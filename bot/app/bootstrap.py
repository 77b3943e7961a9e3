"""The composition root: builds every part from the settings and ties their lifetimes.

``await build(settings)`` makes the clients (Redis and the database connect on first use;
the HTTP session for the SMS gateway is opened here) and starts the background work
(transcript writing); ``await container.aclose()`` stops and closes all of it. Importing any
module does no I/O.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

import aiohttp
import fakeredis
import orjson
from redis.asyncio import Redis

from bot.app.background import BackgroundTasks, background_notifier
from bot.app.keys import resolve_secret
from bot.app.settings import Settings
from bot.charts.pool import ChartPool
from bot.charts.renderer import ChartRenderer
from bot.conversation.capabilities import Capabilities, Capability
from bot.conversation.engine import Clock, Engine, EngineConfig, utc_now
from bot.conversation.pages import PasswordPages
from bot.conversation.services import About, Services
from bot.conversation.store import ConversationStore
from bot.conversation.turn import Conversation
from bot.flows.base import ChannelTraits
from bot.handoff.desk import HandoffDesk
from bot.i18n.catalogs import Catalogs
from bot.i18n.documents import StatementPrinter
from bot.nlu.free_text import ANSWERED
from bot.nlu.model import IntentClassifier
from bot.notify.notifier import build_notifier
from bot.notify.outbox import DemoOutbox
from bot.ops import log_redaction
from bot.ops.audit import DatabaseAudit
from bot.ops.backups import BackupSchedule
from bot.ops.metrics import Metrics
from bot.pipeline.delivery import Dispatcher
from bot.pipeline.outbox import Outbox
from bot.pipeline.redis_client import AutoPipelineRedis, serving_client
from bot.pipeline.redis_cluster import AutoPipelineRedisCluster, cluster_client
from bot.pipeline.timers import APPOINTMENT_REMINDER, AppointmentReminders, Timers
from bot.pipeline.transcripts import TranscriptWriter
from domain.accounts.service import AccountService
from domain.appointments.service import AppointmentService
from domain.credits.service import CreditService
from domain.notifications import Notifier
from domain.persistence.database import Database
from domain.savings.service import SavingsService
from domain.security.crypto import Keyring

CHANNEL_TRAITS = {
    "terminal": ChannelTraits("terminal"),
    "telegram": ChannelTraits("telegram", deletes_user_messages=True, requests_contact=True),
    "whatsapp": ChannelTraits("whatsapp", passwords_in_chat=False),
}


def make_redis(url: str, cluster: bool = False) -> Redis:
    """``memory://`` is an in-process fakeredis (the embedded default); a real server gets
    the serving client (``bot/pipeline/redis_client.py``), a node of a Redis Cluster the cluster
    client (``bot/pipeline/redis_cluster.py``)."""
    if url.startswith("memory://"):
        return fakeredis.FakeAsyncRedis()
    if cluster:
        return cast(Redis, cluster_client(url))  # the same commands, routed by slot
    return serving_client(url)


@dataclass
class Container:
    settings: Settings
    redis: Redis
    database: Database
    keyring: Keyring
    catalogs: Catalogs
    metrics: Metrics
    services: Services
    engine: Engine
    notifier: Notifier
    demo_outbox: DemoOutbox | None
    transcripts: TranscriptWriter
    dispatcher: Dispatcher
    tasks: BackgroundTasks
    http: aiohttp.ClientSession
    outbox: Outbox
    timers: Timers
    audit: DatabaseAudit
    charts: ChartPool
    backups: BackupSchedule
    owns_redis: bool = True
    owns_database: bool = True
    owns_charts: bool = True

    async def aclose(self) -> None:
        """Finish background work, then close what this container opened (a Redis client
        or database handed in by the caller stays open)."""
        await self.timers.stop()
        await self.backups.stop()
        await self.tasks.drain()
        await self.transcripts.stop()
        await self.http.close()
        if self.owns_charts:
            await asyncio.to_thread(self.charts.close)  # waits for a drawing under way
        if self.owns_redis:
            await self.redis.aclose()
        if self.owns_database:
            await self.database.dispose()


async def build(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    redis: Redis | None = None,
    catalogs: Catalogs | None = None,
    database: Database | None = None,
    notifier: Notifier | None = None,
    charts: ChartPool | None = None,
    intents: IntentClassifier | None = None,
    capabilities: Sequence[Capability] | None = None,
) -> Container:
    """Every part, wired. Tests pass their own Redis, database, clock, notifier, chart
    process (one for the whole run: starting one takes a second), a trained intent model
    (trained once for the whole suite) or capability table (the flows offered:
    ``bot/conversation/capabilities.py``).

    Raises:
        RegistryMismatch: the capabilities, the intents and the flows disagree.
    """
    catalogs = catalogs or Catalogs.load()
    intents = intents or IntentClassifier.load(settings.data_dir / "nlu")
    offered = Capabilities(capabilities) if capabilities is not None else Capabilities()
    flows = offered.flows()
    offered.check(intents.intents, ANSWERED, flows)
    owns_charts = charts is None
    charts = charts or ChartPool()
    owns_redis, owns_database = redis is None, database is None
    if redis is None:
        redis = make_redis(settings.redis_url, settings.redis_cluster)
    database = database or Database(settings.database_url)
    key = resolve_secret(settings)
    log_redaction.install([key, *settings.secret_values()])
    keyring = Keyring(key)
    metrics = Metrics()
    if isinstance(redis, AutoPipelineRedis | AutoPipelineRedisCluster):
        metrics.watch_redis(redis.counts)
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15),
                                 json_serialize=lambda body: orjson.dumps(body).decode(),
                                 cookie_jar=aiohttp.DummyCookieJar())  # no API we call sets one
    demo_outbox: DemoOutbox | None = None
    if notifier is None:
        notifier, demo_outbox = build_notifier(settings, catalogs, http)
    tasks = BackgroundTasks()
    audit = DatabaseAudit(database, keyring, metrics)
    accounts = AccountService(
        uow=lambda: database.unit_of_work(keyring),
        notifier=notifier,
        background_notifier=background_notifier(notifier, tasks),
        audit=audit,
    )
    timers = Timers(redis, clock)
    services = Services(
        about=About(settings.operator_name, settings.support_phone, settings.public_url),
        keyring=keyring,
        locales=catalogs.locales_in_order(settings.locale),
        database=database,
        accounts=accounts,
        pages=PasswordPages(redis, keyring, settings.public_url),
        savings=SavingsService(
            uow=lambda: database.unit_of_work(keyring),
            notifier=notifier,
            renderer=StatementPrinter(catalogs, settings.zone),
            zone=settings.zone,
        ),
        credits=CreditService(uow=lambda: database.unit_of_work(keyring), zone=settings.zone),
        appointments=AppointmentService(uow=lambda: database.unit_of_work(keyring),
                                        notifier=accounts.background_notifier,
                                        reminders=AppointmentReminders(timers)),
        intents=intents,
        handoff=HandoffDesk(redis, keyring),
    )
    appointments = services.appointments
    timers.on(APPOINTMENT_REMINDER,
              lambda appointment_id: appointments.send_reminder(appointment_id, clock()))
    conversation = Conversation(
        flows, services, CHANNEL_TRAITS, capabilities=offered,
        labels=lambda locale, label: catalogs.translator(locale, settings.zone).render(label))
    transcripts = TranscriptWriter(database, keyring,
                                   retention=timedelta(days=settings.transcript_retention_days),
                                   clock=clock)
    transcripts.start()
    def pseudonym(conversation: str) -> str:
        channel, _, user = conversation.partition(":")
        return channel + ":" + keyring.lookup.digest(user, "chat-user")[:32]

    store = ConversationStore(redis, pseudonym=pseudonym)
    outbox = Outbox(redis, store, keyring.state)
    engine = Engine(
        store,
        conversation,
        catalogs,
        EngineConfig(
            default_locale=settings.locale,
            zone=settings.zone,
            session_timeout_s=settings.session_timeout,
            anonymous_timeout_s=settings.anonymous_timeout,
        ),
        metrics,
        clock,
        transcripts,
        outbox,
        ChartRenderer(charts),
    )
    backups = BackupSchedule(redis, settings.database_url, settings.data_dir / "backups",
                             settings.backup_keep_days, settings.backup_at, settings.zone,
                             metrics.backups, audit, clock)
    return Container(settings, redis, database, keyring, catalogs, metrics, services, engine,
                     notifier, demo_outbox, transcripts, Dispatcher(), tasks, http, outbox,
                     timers, audit, charts, backups, owns_redis, owns_database, owns_charts)
