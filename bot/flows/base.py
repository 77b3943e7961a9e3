"""The flow framework: guided conversations as explicit state machines.

A flow is a class with a ``Step`` enum and, for every step ``x``, a prompt method
``ask_x(ctx) -> list[Say]`` and a handler ``async on_x(ctx, answer) -> Result``. Handlers
return one of the result objects below; a ``DomainError`` raised inside a handler is turned
by the engine into ``Invalid`` with the error's message key, so flows rarely catch errors.
Flow data is a dataclass (``Data``) saved with the state after every step. Flows never
touch Redis, SQL or a channel SDK: what they need arrives in ``ctx``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from bot.conversation.help_topics import IDENTIFIERS, SECURITY, WHY_ASKED
from bot.conversation.messages import Contact, Msg, Say
from bot.conversation.state import Session
from bot.nlu.answers import (
    asks_how_to_get_it,
    asks_if_required,
    comes_back_later,
    identifier_named,
    lacks_it,
    lacks_named,
)
from domain.accounts.model import ChatRef

if TYPE_CHECKING:
    from bot.conversation.services import Services
    from bot.conversation.state import ConversationState


EVENT_PREFIX = "event:"
"""Ids of events the service itself injects (a password page was submitted). They reach
the step without being on offer; the flow checks the secret they carry."""


@dataclass(frozen=True)
class Answer:
    """What the user sent, after numbers and words were matched to the offered options."""

    text: str | None = None
    choice: str | None = None
    contact: Contact | None = None
    opening: bool = False
    """The words that opened the flow, given to its first step: its prompt was never seen."""


@dataclass(frozen=True)
class ChannelTraits:
    """What the user's channel can do, for flows that adapt (passwords, contacts)."""

    name: str
    deletes_user_messages: bool = False
    requests_contact: bool = False
    passwords_in_chat: bool = True
    """False where a typed password would stay in the chat (WhatsApp): use the page."""


D = TypeVar("D")


@dataclass
class Ctx(Generic[D]):
    """Everything a step may use: its flow data, the user's locale, the time, the channel's
    traits, the services (use cases and ports) and, read-only, the conversation state."""

    data: D
    locale: str
    now: datetime
    channel: ChannelTraits
    chat: ChatRef
    services: Services
    state: ConversationState

    def start_session(self, account_id: str, epoch: int) -> None:
        """The user logged in on this conversation."""
        stamp = self.now.timestamp()
        self.state.session = Session(account_id, stamp, stamp, epoch)

    @property
    def account_id(self) -> str | None:
        return self.state.session.account_id if self.state.session else None


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Goto:
    """Move to ``step`` (after saying ``say``) and ask its prompt."""

    step: StrEnum
    say: Sequence[Say] = ()
    passed: Sequence[StrEnum] = ()
    """Steps answered on the way without being asked (a value typed before it was asked
    for): the worker may go back to them as to any step answered (``Flow.revisable``)."""


@dataclass(frozen=True)
class Invalid:
    """The answer cannot be used: say what to fix and ask the same step again."""

    problem: Msg
    reask: Sequence[Say] | None = None
    """A short question instead of the step's whole prompt (a long notice is not sent
    again for every miss); it must offer the step's options again."""
    words: bool = False
    """The text was no try at the step's answer (words at a password prompt, which is never
    read otherwise): the turn reads them first as a question or a request, as at a step
    that takes text."""
    understood: bool = False
    """The text was read as the step's answer, which needs a second word (a first no at the
    terms): the turn does not read it as anything else («no» was a cancel)."""
    a_miss: bool = True
    """A wrong answer, counted for the way out; ``False``: a fine answer with nothing to
    show for it («2025» before the first movement was «algo no está saliendo bien»)."""
    lasts: bool = False
    """Answering again can only fail for minutes (a send limit, a lock: ``DomainError.lasts``):
    the way out (the menu, an advisor) is offered with this miss, not after three."""


@dataclass(frozen=True)
class Done:
    """The flow finished: say ``say`` and return to the flow below (the menu)."""

    say: Sequence[Say] = ()
    declined: bool = False
    """Ended by a no at its step (a privacy notice not accepted): a yes said right after it
    at the menu («bueno va, sí acepto») is the worker's mind changed, and the flow opens
    again at that step with it (it was «Va, aquí te espero»)."""
    centre: str | None = None
    """The centre of the appointment just booked: «¿dónde queda?» right after, at the menu,
    is answered with its address (also without a login, where the flow cannot be opened
    again to look)."""


@dataclass(frozen=True)
class Start:
    """Open another flow on top of this one; when it is done this one is asked again."""

    flow: type[Flow]
    say: Sequence[Say] = ()
    replace: bool = False
    answer: str | None = None
    """Typed to the new flow's first step as the worker's answer, when that step takes it
    (the NSS a registration found to have an account, to the login): not asked again."""
    enter_after: bool = False
    """This flow's ``enter`` runs again when the new one is done, instead of its step being
    asked again (the login for «Usar mis datos»: then the estimate, not the question)."""


@dataclass(frozen=True)
class Abort:
    """Leave every flow and go back to the main menu."""

    say: Sequence[Say] = ()


Result = Goto | Invalid | Done | Start | Abort


class Accepts(StrEnum):
    """What a step takes before a message is read as a question asked in passing (a
    digression: «¿qué es el NSS?» at the NSS prompt is answered, then the prompt again)."""

    OPTIONS = "options"
    """Only the options offered: other text may be a question."""
    TEXT = "text"
    """Typed data (an NSS, a name, an amount): the step reads it first; what it refuses may
    be a question."""
    CODE = "code"
    """A code: text with a digit goes to the step; text without one may be a question (and
    is never spent as a wrong code)."""
    SECRET = "secret"
    """A password: everything goes to the step, and nothing is read for a question (nor
    logged)."""


class Flow:
    """Base of every flow; subclasses declare ``name``, ``Step``, ``first`` and ``Data``."""

    name: ClassVar[str]
    Step: ClassVar[type[StrEnum]]
    first: ClassVar[StrEnum]
    Data: ClassVar[type[Any]]
    requires_login: ClassVar[bool] = False
    open_steps: ClassVar[frozenset[str]] = frozenset()
    """Steps of a flow that requires a login which a logged-out worker may still answer: the
    way in for those who cannot log in (Citas' procedure list, for «Recuperar mi cuenta»).
    Moving on to any other step puts the login flow first."""
    accepts: ClassVar[dict[str, Accepts]] = {}
    """Steps whose input is not what their prompt says by default (see ``accepting``)."""
    revisable: ClassVar[dict[str, tuple[str, ...]]] = {}
    """Steps a worker may go back to once past them («atrás», «me equivoqué en la curp»,
    «mejor otro día»), each with the words (folded) that name what it asked for. The
    conversation keeps the ones passed (``Frame.trail``) until a code or a password is
    accepted: what came before those is settled."""

    revised_by_value: ClassVar[dict[str, Callable[[str], bool]]] = {}
    """Revisable steps whose new value alone says which answer changes, when typed where
    options are asked («mejor con 15000», «y si gano 15 mil?» after the estimate): a
    reader per step, true when the text holds a value of that step's kind. Only a value
    that fits exactly one answered step is taken."""

    reads_opening_words: ClassVar[frozenset[str]] = frozenset()
    """Steps that take the words which opened the flow even when they hold no figure
    («necesito cita en guadalajara el lunes»: the place and the day, kept for their steps).
    Elsewhere opening words reach a step only with data in them (a «sí, quiero registrarme»
    must not accept a privacy notice the worker has not seen)."""

    opening_words_last: ClassVar[frozenset[str]] = frozenset()
    """Steps offering options that take the opening words as typed text when they named
    none of its options nor of the first step's («quiero cambiar mi cita» at the list of
    one's appointments: that one to move)."""

    referred_back: ClassVar[dict[str, str]] = {}
    """Right after it finishes, «cámbiala», «cancel it» at the menu are about what it made
    (an appointment): it opens again with these words for a ``move`` or a ``cancel``
    (``bot.nlu.answers.refers_back``), and whatever followed them («para el viernes»)."""
    kept_when_left: ClassVar[bool] = False
    """What the worker typed here is kept for a while when they go to the menu in the middle
    of it, and opening it again goes on where they were (``bot.conversation.parked``): flows
    that ask for the worker's own data. Not flows whose steps show figures read from the
    record (a credit's payment options): opened again, those are read anew."""
    settled: ClassVar[frozenset[str]] = frozenset()
    """Steps where the flow holds nothing the worker would lose by leaving (a result shown,
    a first choice): another procedure asked for there in words opens at once, as from the
    menu, instead of a button that warns what is given is not kept."""

    yes_no: ClassVar[dict[str, tuple[str, str]]] = {}
    """Steps that ask a yes-or-no question with buttons: the ids of the option a plain yes
    («si», «ok», «confirmo») picks and of the one a plain no («no», «nel») picks, so the
    words work like the buttons even where the step takes no free text."""

    harmless_yes: ClassVar[frozenset[str]] = frozenset()
    """Steps of ``yes_no`` whose yes commits nothing to regret (sending a statement to the
    worker's own e-mail): words naming that option («a mi correo») pick it without its
    verb, as any other option. Elsewhere a yes in words needs its verb («confirmo»)."""

    consents: ClassVar[dict[str, str]] = {}
    """Steps asking to accept a notice or terms, with the id of the option that accepts:
    words pick it only with its verb («acepto»), and a question naming it picks nothing
    («¿qué dicen los términos?» accepted «Acepto los términos» and opened the account)."""

    def committing(self, step: str) -> frozenset[str]:
        """The option ids at ``step`` that words pick only with their verb."""
        pair = self.yes_no.get(step)
        yes = frozenset(pair[:1]) if pair and step not in self.harmless_yes else frozenset()
        return yes | ({self.consents[step]} if step in self.consents else set())

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "Step", None) is None:
            return
        for step in cls.Step:
            for prefix in ("ask_", "on_"):
                if not callable(getattr(cls, prefix + step.value, None)):
                    raise TypeError(f"{cls.__name__} lacks {prefix}{step.value}")
        if not dataclasses.is_dataclass(cls.Data):
            raise TypeError(f"{cls.__name__}.Data must be a dataclass")

    def step(self, value: str) -> StrEnum:
        return self.Step(value)

    def needs_login(self, step: str) -> bool:
        return self.requires_login and step not in self.open_steps

    def accepting(self, step: str, free_text: bool, secret_input: bool) -> Accepts:
        """What ``step`` takes: as declared in ``accepts``; else a secret when its prompt
        asked for one, typed data when the prompt takes free text, else only its options."""
        if secret_input:
            return Accepts.SECRET
        if step in self.accepts:
            return self.accepts[step]
        return Accepts.TEXT if free_text else Accepts.OPTIONS

    async def enter(self, ctx: Ctx[Any]) -> Result | None:
        """Runs once when the flow opens (after the login it needed, if any): a flow that
        has something to show at once (points, a balance) loads it here and moves to the
        step that shows it. ``None`` asks the first step as usual."""
        return None

    identifier_steps: ClassVar[frozenset[str]] = frozenset()
    """Steps that ask for one identifier, named as the step (``nss``, ``curp``, ``rfc``,
    ``email``, ``mobile``): «¿qué es eso?», «no tengo rfc» there are answered about it."""

    def about(self, topic: str, ctx: Ctx[Any], text: str = "") -> list[Say] | None:
        """This flow's own answer to a common question asked in passing (a help topic's
        id: «¿qué documentos llevo?» in a booking is about the appointment, not the sign
        up; ``text``: the words asked); ``None``: the topic's usual answer. It may keep
        what the words give in ``ctx.data``: the conversation saves it."""
        step = ctx.state.top.step
        if topic == IDENTIFIERS and step in self.identifier_steps:
            # the datum the words name («¿cómo saco el rfc?» at the CURP), else the step's
            return [Say(Msg(f"identifiers.where.{identifier_named(text) or step}"))]
        datum = identifier_named(text) or (step if step in self.identifier_steps else None)
        if topic in (SECURITY, WHY_ASKED) and datum is not None:
            # «¿para qué lo ocupan?», «¿es seguro darles mi curp?» while a datum is asked, or
            # about one named: what that datum is for and how it is kept (not the account's
            # safety tips)
            return [Say(Msg(f"identifiers.why.{datum}"))]
        return None

    async def question(self, ctx: Ctx[Any], text: str) -> list[Say] | None:
        """A question or a request about this procedure itself, said on the way («¿en cuántos
        años lo pago?» in the precalification, «mándamelo a otro correo» under a statement),
        which this flow answers before any common reading (and before its options by words);
        ``None``: not one of its own. The step is asked again after it. Here: «¿cómo lo
        saco?» at a step asking for a datum is where to get that datum (it was read as taking
        out the savings)."""
        step = ctx.state.top.step
        if step not in self.identifier_steps or comes_back_later(text):  # «luego sigo»: kept
            return None  # for later, by the common reading
        named = identifier_named(text) or step
        if asks_if_required(text):  # «¿es obligatorio el correo?»: yes, and why
            return [Say(Msg(f"identifiers.required.{named}"))]
        if named == "mobile" and (lacks_it(text) or lacks_named(text)):  # «no tengo celular»:
            return [Say(Msg("identifiers.lacking.mobile"))]  # what to do without one
        if asks_how_to_get_it(text) or lacks_it(text) or lacks_named(text):
            return [Say(Msg(f"identifiers.where.{named}"))]
        return None

    def ask(self, step: StrEnum, ctx: Ctx) -> list[Say]:
        prompt: Callable[[Ctx], list[Say]] = getattr(self, "ask_" + step.value)
        return prompt(ctx)

    def handle(self, step: StrEnum, ctx: Ctx, answer: Answer) -> Awaitable[Result]:
        handler: Callable[[Ctx, Answer], Awaitable[Result]] = getattr(self, "on_" + step.value)
        return handler(ctx, answer)


@dataclass
class NoData:
    """Flow data for flows that keep nothing between steps."""

    extra: dict[str, Any] = field(default_factory=dict)


class FlowRegistry:
    """The flows this service offers, by name; built by the app factory."""

    def __init__(self, flows: Sequence[Flow]) -> None:
        self._flows = {flow.name: flow for flow in flows}

    def __contains__(self, name: object) -> bool:
        return name in self._flows

    def get(self, name: str) -> Flow:
        return self._flows[name]

    def flows(self) -> tuple[Flow, ...]:
        return tuple(self._flows.values())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._flows)
