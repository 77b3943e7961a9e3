"""The engine: one channel-neutral ``Inbound`` in, the ``Reply``s to send out.

Order of work for every message: take the user's turn (in-process FIFO, then the Redis
ticket, which also drops duplicates and loads the state), read or migrate the state, run
the turn (``Conversation``), render the replies in the user's language, and commit the new
state with compare-and-set. An unexpected error in a step is logged with its traceback, the
user gets a translated apology, the state is left as it was and the message is marked
handled, so a poisonous message cannot loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.conversation.messages import Inbound, Msg, Reply, Say, Template
from bot.conversation.state import ConversationState, UnreadableState, load_state
from bot.conversation.store import (
    ConversationStore,
    KeyedLocks,
    Mark,
    StateConflict,
    Turn,
    TurnLeases,
)
from bot.conversation.turn import Conversation, Visit
from bot.handoff.desk import KEEP_S as HANDOFF_KEEP_S
from bot.i18n.catalogs import Catalogs
from bot.i18n.render import coalesce, render
from bot.nlu.text import looks_english
from bot.ops.metrics import Metrics
from bot.ops.outage import dependency_away
from bot.pipeline.outbox import OutboundJob, Outbox
from bot.pipeline.transcripts import TranscriptWriter
from domain.accounts.model import ChatRef
from domain.security.passwords import holds_password

if TYPE_CHECKING:
    from bot.charts.renderer import ChartRenderer

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
SESSION_ABSOLUTE_S = 12 * 3600


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class EngineConfig:
    default_locale: str
    zone: ZoneInfo
    session_timeout_s: int
    anonymous_timeout_s: int


class Engine:
    def __init__(
        self,
        store: ConversationStore,
        conversation: Conversation,
        catalogs: Catalogs,
        config: EngineConfig,
        metrics: Metrics,
        clock: Clock = utc_now,
        transcripts: TranscriptWriter | None = None,
        outbox: Outbox | None = None,
        charts: ChartRenderer | None = None,
    ) -> None:
        self.store = store
        self.conversation = conversation
        self.catalogs = catalogs
        self.config = config
        self.metrics = metrics
        self.clock = clock
        self.transcripts = transcripts
        self.outbox = outbox
        self.charts = charts
        self._locks = KeyedLocks()
        self._leases = TurnLeases(store)

    async def handle(self, inbound: Inbound, *, deliver: bool = False,
                     reply_to: str | None = None, marks: Sequence[Mark] = ()) -> list[Reply]:
        """Handle one message and return its replies. With ``deliver`` the replies (joined
        into the messages that carry them) also go to the user's outbox in the same commit
        as the state, and the user is marked ready for the senders (``reply_to``: the
        platform id of the user's message); ``marks`` are set in that commit too."""
        key = inbound.conversation_key
        if inbound.text and "\x00" in inbound.text:  # no text column can keep it (PostgreSQL)
            inbound = replace(inbound, text=inbound.text.replace("\x00", ""))
        async with self._locks.hold(key):
            turn, waits = await self.store.begin(key, inbound.message_id)
            if waits:
                self.metrics.lock_waits.labels(inbound.channel).inc()
            if turn is None:
                self.metrics.duplicates.labels(inbound.channel).inc()
                if deliver and self.outbox is not None:
                    await self.outbox.ready(key)  # a crash may have left its replies unsent
                return []
            started = time.perf_counter()
            with self._leases.held(turn):
                try:
                    state, replies = await self._turn(turn, inbound, deliver)
                    jobs = self._jobs(inbound, state.locale, replies, reply_to) \
                        if deliver else []
                    queued = [self.outbox.pack(job) for job in jobs] if self.outbox else []
                except BaseException:
                    await self._give_back(turn)
                    raise
                lock = self.outbox.send_lock(key) if queued and self.outbox else None
                try:
                    owned = await self.store.commit(
                        turn,
                        state.to_json(),
                        self._ttl(state),
                        state.locale,
                        active=state.in_flow(),
                        outbox=queued,
                        marks=marks,
                        send_lock=lock,
                    )
                except StateConflict:
                    self.metrics.conflicts.labels(inbound.channel).inc()
                    raise
                except Exception:
                    # no answer: the commit may not have run (the turn is given back, the
                    # message handled again), or may have, and taken the send lock for a
                    # sender that will never hear of it (let go)
                    await self._give_back(turn)
                    if lock is not None and self.outbox is not None:
                        await self.outbox.abandon(key, lock)
                    raise
        if queued and self.outbox is not None:
            if owned and lock is not None:
                await self.outbox.hand_over(key, jobs, queued, lock)
            else:
                await self.outbox.committed(key, lock)
        self.metrics.record_turn(inbound.channel, state.top.flow, state.top.step,
                                 time.perf_counter() - started, len(replies))
        return replies

    async def _give_back(self, turn: Turn) -> None:
        """Pass the turn on unsaved (a no-op if its commit ran after all): at once, or when
        Redis answers again, so the user's next message waits for no lease."""
        await self.store.unrecorded.write("a turn given back", lambda: self.store.release(turn))

    def _jobs(self, inbound: Inbound, locale: str, replies: list[Reply],
              reply_to: str | None) -> list[OutboundJob]:
        if self.outbox is None:
            raise RuntimeError("deliver=True needs an outbox")
        return [OutboundJob(f"{inbound.message_id}:{index}", inbound.channel, inbound.user_id,
                            locale, reply, reply_to)
                for index, reply in enumerate(replies)]

    def _ttl(self, state: ConversationState) -> int:
        """A conversation waiting for an agent, or with one, is kept as long as the handoff
        desk keeps it (a session in it still ends on its own clock: ``_check_session``)."""
        if state.handoff is not None:
            return HANDOFF_KEEP_S
        if state.session is not None:
            return self.config.session_timeout_s
        return self.config.anonymous_timeout_s

    async def holds_page(self, chat: ChatRef, digest: str) -> bool:
        """A password page works only while its flow is where it sent the link: the
        conversation's current flow still holds the page. Cancelled, back at the menu,
        expired, or gone on to another flow: the page is dead (issue 13)."""
        raw = await self.store.stored_state(f"{chat.channel}:{chat.user_id}")
        if raw is None:
            return False
        try:
            state = load_state(raw)
        except UnreadableState:
            return False
        return bool(state.stack) and state.top.data.get("page_digest") == digest

    async def _revoke_dropped_pages(self, before: set[str], state: ConversationState) -> None:
        """Pages of the flows this turn left (or covered with another flow) stop at once."""
        live = state.top.data.get("page_digest") if state.stack else None
        for digest in before - {live}:
            await self.conversation.services.pages.revoke(digest)

    async def _turn(self, turn: Turn, inbound: Inbound,
                    deliver: bool) -> tuple[ConversationState, list[Reply]]:
        """The turn's replies; when they go to a channel, as the messages that will carry
        them (``coalesce``), which is also what the transcript keeps."""
        now = self.clock()
        state, notices, fresh = self._load(turn, inbound, now)
        # a password typed where none was asked (at the menu, to an agent, inside a
        # sentence: «mi contra es …») is kept out too
        secret = state.secret_input or holds_password(inbound.text or "")
        pages = {digest for frame in state.stack if (digest := frame.data.get("page_digest"))}
        state, replies = await self._respond(state, notices, fresh, turn, inbound, now)
        await self._revoke_dropped_pages(pages, state)
        if secret and replies:  # the user's message held a password: delete it where we can
            replies[0] = replace(replies[0], delete_user_message=True)
        if deliver:
            replies = coalesce(replies)
        if self.transcripts is not None:
            self.transcripts.record(inbound, secret, replies, now)
        return state, replies

    async def _respond(
        self, state: ConversationState, notices: list[Say], fresh: bool, turn: Turn,
        inbound: Inbound, now: datetime,
    ) -> tuple[ConversationState, list[Reply]]:
        try:
            visit = Visit.of(inbound, now)
            if fresh and turn.state is None and not turn.was_active:
                # a new conversation: what the menu offers, so a first "citas" picks an item
                self._render(state, self.conversation.ask(state, visit))
                says = notices + await self.conversation.respond(state, inbound, now, fresh)
            elif fresh:  # it expired or could not be read: the message answered a prompt
                says = notices + self.conversation.ask(state, visit)  # that is gone
            else:
                says = notices + await self.conversation.respond(state, inbound, now)
            self._check_session(state, now)
            replies = self._render(state, says)
            if any(say.chart is not None for say in says):
                replies = await self._draw(state, says, replies)
            return state, replies
        except Exception as error:
            if dependency_away(error):  # not the message's fault: handled again later
                raise
            top = state.top
            self.metrics.errors.labels(top.flow, top.step).inc()
            log.exception("step %s.%s failed for %s", top.flow, top.step, inbound.channel)
            state, _, _ = self._load(turn, inbound, now)  # as it was before the step
            apology = [Say(Msg("error.unexpected"))]
            try:
                apology += self.conversation.ask(state, Visit.of(inbound, now))
            except Exception:  # the prompt itself is broken: send the apology alone
                log.exception("prompt %s.%s failed", top.flow, top.step)
            return state, self._render(state, apology)

    def _load(
        self, turn: Turn, inbound: Inbound, now: datetime
    ) -> tuple[ConversationState, list[Say], bool]:
        """The stored state, or a new one with the notice that explains why it is new."""
        locale = turn.locale or self._guess_locale(inbound.language_hint, inbound.text)
        if turn.state is not None:
            try:
                state = load_state(turn.state)
                self.conversation.check(state)
                return state, self._session_notices(state, now), False
            except UnreadableState as error:
                self.metrics.restarted.inc()
                log.warning("state of %s unreadable, restarting: %s", inbound.channel, error)
                notice = Msg("conversation.restarted")
        elif turn.was_active:
            notice = Msg("conversation.expired")
        elif turn.locale is not None:
            notice = Msg("conversation.welcome_back")
        else:
            about = self.conversation.services.about
            return (
                self.conversation.new_state(locale, now),
                [Say(Template("welcome", {"operator": about.operator_name}))],
                True,
            )
        return self.conversation.new_state(locale, now), [Say(notice)], True

    def _session_notices(self, state: ConversationState, now: datetime) -> list[Say]:
        """End a session past its idle or absolute limit and say so."""
        session = state.session
        if session is None:
            return []
        stamp = now.timestamp()
        idle = stamp - session.last_seen_at > self.config.session_timeout_s
        too_old = stamp - session.started_at > SESSION_ABSOLUTE_S
        if not (idle or too_old):
            return []
        state.session = None
        flows = self.conversation.flows
        state.stack = [f for f in state.stack if not flows.get(f.flow).requires_login] or (
            self.conversation.new_state(state.locale, now).stack
        )
        return [Say(Msg("session.ended"))]

    def _check_session(self, state: ConversationState, now: datetime) -> None:
        if state.session is not None:
            state.session.last_seen_at = now.timestamp()

    def _guess_locale(self, hint: str | None, text: str | None = None) -> str:
        """A new conversation's language: the channel's hint (Telegram's app language), or
        English when the first message is plainly English, else the default."""
        if hint:
            for locale in self.catalogs.locales:
                if hint.replace("-", "_").lower().startswith(locale[:2].lower()):
                    return locale
        if looks_english(text):
            english = [locale for locale in self.catalogs.locales if locale.startswith("en")]
            if english:
                return english[0]
        return self.config.default_locale

    async def _draw(self, state: ConversationState, says: list[Say],
                    replies: list[Reply]) -> list[Reply]:
        """Pictures in place of the replies of the says that carry a chart (one reply per
        say); a picture that cannot be drawn is left out (the words are in the others)."""
        translator = self.catalogs.translator(state.locale, self.config.zone)
        drawn = []
        for say, reply in zip(says, replies, strict=True):
            if say.chart is None:
                drawn.append(reply)
                continue
            image = await self.charts.image(say.chart, translator) if self.charts else None
            if image is not None:
                drawn.append(replace(reply, text="", image=image))
        return drawn

    def _render(self, state: ConversationState, says: list[Say]) -> list[Reply]:
        translator = self.catalogs.translator(state.locale, self.config.zone)
        replies = render(says, translator)
        offering = next((r for r in reversed(replies) if r.buttons), None)
        state.offered = [[b.id, b.title] for b in offering.buttons] if offering else []
        state.free_text = says[-1].free_text if says else True
        state.secret_input = says[-1].secret_input if says else False
        return replies
