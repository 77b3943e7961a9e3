"""The composition root: builds every part from the settings and ties their lifetimes.

Nothing here connects: Redis and database clients connect on first use, so building a
container (or importing any module) is free of I/O apart from reading local files.
"""

from __future__ import annotations

from dataclasses import dataclass

import fakeredis
from redis.asyncio import Redis

from bot.conversation import Conversation
from bot.engine import Clock, Engine, EngineConfig, utc_now
from bot.flows import default_flows
from bot.flows.base import ChannelTraits, FlowRegistry
from bot.i18n import Catalogs
from bot.keys import resolve_secret
from bot.metrics import Metrics
from bot.services import About, Services
from bot.settings import Settings
from bot.store import ConversationStore
from domain.persistence.database import Database
from domain.security.crypto import Keyring

CHANNEL_TRAITS = {
    "terminal": ChannelTraits("terminal"),
    "telegram": ChannelTraits("telegram", deletes_user_messages=True, requests_contact=True),
    "whatsapp": ChannelTraits("whatsapp"),
}


def make_redis(url: str) -> Redis:
    """``memory://`` is an in-process fakeredis (the embedded default)."""
    if url.startswith("memory://"):
        return fakeredis.FakeAsyncRedis()
    return Redis.from_url(url)


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

    async def aclose(self) -> None:
        await self.redis.aclose()
        await self.database.dispose()


def build(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    redis: Redis | None = None,
    catalogs: Catalogs | None = None,
    database: Database | None = None,
) -> Container:
    catalogs = catalogs or Catalogs.load()
    redis = redis if redis is not None else make_redis(settings.redis_url)
    database = database or Database(settings.database_url)
    keyring = Keyring(resolve_secret(settings))
    metrics = Metrics()
    services = Services(
        about=About(settings.operator_name, settings.support_phone, settings.public_url),
        keyring=keyring,
        locales=catalogs.locales_in_order(settings.locale),
        database=database,
    )
    conversation = Conversation(FlowRegistry(default_flows()), services, CHANNEL_TRAITS)
    engine = Engine(
        ConversationStore(redis),
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
    )
    return Container(settings, redis, database, keyring, catalogs, metrics, services, engine)
