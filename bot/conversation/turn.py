"""One turn of a conversation: match the input, apply global commands, run the step.

This is the engine's pure part: it changes a ``ConversationState`` in memory and returns
what to say, as ``Say`` objects holding message keys. Loading, locking, saving and
rendering are the engine's job (``bot/conversation/engine.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from enum import StrEnum

from bot.conversation.capabilities import Capabilities, Capability
from bot.conversation.commands import (
    BUTTON_PREFIX,
    YIELDING,
    Command,
    CommandCall,
    CommandParser,
    button,
    words_of,
)
from bot.conversation.help_topics import BY_ID, HOURS, help_options, topic_list
from bot.conversation.messages import Inbound, LongDate, Money, Msg, Option, Say, Template
from bot.conversation.parked import park, parked_flow, peek_parked, take_parked
from bot.conversation.services import Services
from bot.conversation.state import ConversationState, Frame, UnreadableState
from bot.flows.appointments.booking import centre_address, centre_hours
from bot.flows.base import (
    EVENT_PREFIX,
    Accepts,
    Answer,
    ChannelTraits,
    Ctx,
    Done,
    Flow,
    FlowRegistry,
    Goto,
    Invalid,
    Result,
    Start,
)
from bot.flows.common import NEW_LINK
from bot.flows.data import dump_data, load_data
from bot.flows.language import switch_language
from bot.handoff.turns import HANDOFF_EVENT, QUEUED, HandoffTurns, Visit, key_of
from bot.nlu.answers import (
    BACK,
    CodeRequest,
    asks_about_it,
    asks_balance,
    asks_where,
    cancels_bare,
    confused,
    field_named,
    going_back,
    picks_up,
    plain_yes_no,
    read_code,
    read_revision,
    read_yes_no,
    refers_back,
    takes_back,
    waits,
)
from bot.nlu.free_text import Action, Asked, FreeText, Open, Reply, Run, Switch, readable
from bot.nlu.options import numbered_choice, option_by_words, ordinal_choice
from bot.nlu.text import clean, fold, questioning, two_requests
from domain.appointments.places import find_place
from domain.errors import DomainError
from domain.security.crypto import DecryptionFailed
from domain.security.passwords import could_be_a_password

log = logging.getLogger(__name__)

MENU = "menu"
LANGUAGE = "language"
PRIVACY = "privacy"
STATEMENT = "statement"
LOGIN = "login"
REFERRED_BACK_SECONDS = 30 * 60
"""How long after a procedure finished «cancélala» is still about what it made."""

OPENING = "_opening"
"""Key, in a frame's data, of the words that opened it while the login goes first."""

MISSES_BEFORE_ESCAPE = 3
MIN_LIST_FOR_DOUBT = 2
"""A bare number in a list this short is its place, never a time named by it."""
MAX_STACK = 8


class Conversation(HandoffTurns):
    def __init__(
        self,
        flows: FlowRegistry,
        services: Services,
        traits: Mapping[str, ChannelTraits],
        commands: CommandParser | None = None,
        capabilities: Capabilities | None = None,
        labels: Callable[[str, Msg], str] | None = None,
    ) -> None:
        self.flows = flows
        self.services = services
        self.labels = labels
        """``labels(locale, label)``: an option's label as the worker reads it, to match the
        words that opened a procedure to its first step's options in the same turn."""
        self.traits = traits
        self.commands = commands or CommandParser()
        self.capabilities = capabilities or Capabilities()
        self.free_text = FreeText(services.intents, self.capabilities, services.locales,
                                  services.about.operator_name)

    # --- state ------------------------------------------------------------------------

    def new_state(self, locale: str, now: datetime) -> ConversationState:
        first = self.flows.get(MENU).first
        return ConversationState(
            locale=locale, stack=[Frame(MENU, first.value, entered=True)],
            started_at=now.timestamp()
        )

    def check(self, state: ConversationState) -> None:
        """Refuse a stored state that names a flow or step this release does not have."""
        if not state.stack:
            raise UnreadableState("empty stack")
        for frame in state.stack:
            if frame.flow not in self.flows:
                raise UnreadableState(f"unknown flow {frame.flow!r}")
            try:
                self.flows.get(frame.flow).step(frame.step)
            except ValueError:
                raise UnreadableState(f"unknown step {frame.flow}.{frame.step}") from None

    def _ctx(self, state: ConversationState, visit: Visit) -> Ctx:
        frame = state.top
        flow = self.flows.get(frame.flow)
        data = load_data(flow.Data, frame.data, self.services.keyring.state, flow.name)
        channel = visit.chat.channel
        traits = self.traits.get(channel) or ChannelTraits(channel)
        return Ctx(data=data, locale=state.locale, now=visit.now, channel=traits, chat=visit.chat,
                   services=self.services, state=state)

    def _save(self, state: ConversationState, ctx: Ctx) -> None:
        flow = self.flows.get(state.top.flow)
        state.top.data = dump_data(ctx.data, self.services.keyring.state, flow.name)

    def ask(
        self, state: ConversationState, visit: Visit, ctx: Ctx | None = None
    ) -> list[Say]:
        """The prompt of the step the user is at (``ctx``: that frame's, when at hand)."""
        ctx = ctx or self._ctx(state, visit)
        flow = self.flows.get(state.top.flow)
        return flow.ask(flow.step(state.top.step), ctx)

    # --- a turn -----------------------------------------------------------------------

    async def respond(
        self, state: ConversationState, inbound: Inbound, now: datetime, fresh: bool = False
    ) -> list[Say]:
        """Handle one inbound message. ``fresh`` marks a conversation that just started,
        where input that matches nothing shows the menu rather than counting as a miss."""
        visit = Visit.of(inbound, now)
        if inbound.internal and (inbound.button_id or "").startswith(HANDOFF_EVENT):
            return self._handoff_event(state, inbound, visit)
        text = clean(inbound.text) if inbound.text else None
        if state.handoff is not None:
            call = self.commands.parse(text, inbound.button_id)
            waiting = state.handoff.get("status") == QUEUED
            if call is None and text and waiting:  # «2», «cancelar la espera»: its buttons
                # (an agent's conversation takes every word as said to the agent)
                typed = self._resolve(state, text, inbound)
                call = self.commands.parse(None, typed.choice) if typed and typed.choice else None
            return await self._handed_off(state, call, visit, text)
        if inbound.unsupported:
            return [Say(Msg("input.unsupported"))] + self.ask(state, visit)
        call = self.commands.parse(text, inbound.button_id)
        instead = self._option_over_command(state, call, text) if call is not None else None
        if call is not None and call.command is Command.CANCEL and not inbound.button_id \
                and not state.in_flow():  # «cancelar» right after a booking: that one
            referred = await self._referred_back(state, text, visit)
            if referred is not None:
                return referred
        if call is not None and instead is None:
            return await self._command(call, state, visit)
        referred = await self._referred_back(state, text, visit)
        if referred is not None:
            return referred
        ambiguous = self._number_or_label(state, text, inbound)
        if ambiguous is not None:
            return ambiguous
        answer = self._resolve(state, text, inbound)
        if answer is not None and instead is not None:
            answer = replace(answer, choice=instead)
        if answer is None:
            return self._miss(state, visit, Msg("input.option_unavailable"))
        call = self.commands.parse(None, answer.choice)
        if call is not None:
            return await self._command(call, state, visit)
        if answer.text and answer.choice is None and answer.contact is None:
            revised = await self._revise(state, answer.text, visit)
            if revised is not None:
                return revised
            accepts = self._accepting(state)
            if accepts is Accepts.CODE and waits(answer.text):  # «ya me llegó», «got it»
                return [Say(Msg("understand.waiting")), *self.ask(state, visit)]
            if accepts is Accepts.OPTIONS or (accepts is Accepts.CODE and _not_a_code(answer.text)):
                said = await self._read(state, answer.text, visit, fresh)
                if said is not None:
                    return said
                choice = self._by_words(state, answer.text)
                if choice is not None:
                    return await self._chosen(state, visit, replace(answer, choice=choice))
        return await self._step(state, visit, answer, lenient=fresh)

    def _where_centre_named(self, text: str) -> list[Say] | None:
        """«¿dónde queda el de monterrey?», «¿cómo llego a balderas?»: that centre's address
        (it was «No encontré esa opción», or the code's troubles for «llego»); ``None`` when
        no one centre is named."""
        if not asks_where(text):
            return None
        centres = self.services.appointments.centres
        place = find_place(text, centres)
        if place is None or place.centre_id is None:
            return None
        centre = centres.by_id(place.centre_id)
        return [Say(Msg("appointments.centre_at", centre=centre.name, address=centre.address))]

    def _hours_of_centre_named(self, action: Reply, text: str) -> Reply:
        """«¿a qué hora abre el de Monterrey?»: that centre's own hours, with the answer's
        buttons (the usual hours of every centre otherwise)."""
        place = find_place(text, self.services.appointments.centres)
        if place is None or place.centre_id is None or not action.say:
            return action
        said = centre_hours(self.services.appointments.centres.by_id(place.centre_id))
        said[-1] = replace(said[-1], options=action.say[-1].options)
        return replace(action, say=said)

    async def _referred_back(self, state: ConversationState, text: str | None,
                             visit: Visit) -> list[Say] | None:
        """At the menu right after a procedure that made something (an appointment),
        «cámbiala para el viernes», «cancel it» open it again with those words; they got
        «¿Quisiste decir…?» or a cancel of nothing."""
        finished, state.finished = state.finished, None
        if state.in_flow() or not text or finished is None \
                or visit.now.timestamp() - float(finished["at"]) > REFERRED_BACK_SECONDS:
            return None
        if finished.get("cancelled") and takes_back(text):  # the cancel taken back at once
            state.stack[1:] = [Frame(**frame) for frame in finished["cancelled"]]
            return [Say(Msg("parked.resumed"))] + self.ask(state, visit)
        if finished.get("declined") and finished["flow"] in self.flows \
                and read_yes_no(text) is True:  # the no taken back: that step, with the yes
            await self._open(state, finished["flow"], visit, resume=False)
            if state.top.flow == finished["flow"] and state.top.step == finished["declined"]:
                return await self._step(state, visit, Answer(text=text))
            return self.ask(state, visit)
        said = refers_back(text)
        words = self.flows.get(finished["flow"]).referred_back if finished["flow"] in self.flows \
            else {}
        if said is None and cancels_bare(text) and "cancel" in words:
            # «cancelar», «quiero cancelar» right after a booking: it was «No hay nada que
            # cancelar» (and «mejor no» then the same): the appointment's cancel, to confirm
            said = ("cancel", "")
        if said is None and words and asks_about_it(text):  # «¿a qué hora era?»: shown again
            opened = await self._start(finished["flow"], state, visit, resume=False)
            where = await self._first_answer(state, visit, text) if asks_where(text) else None
            return where or opened  # «¿dónde queda?»: its address
        if said is None and finished.get("centre") and asks_where(text) \
                and find_place(text, self.services.appointments.centres) is None:
            # «¿dónde queda?» after a booking without a login: the centre's address
            catalog = self.services.appointments.centres
            state.finished = finished  # asked again, or «cancélala», still about it
            return centre_address(catalog.by_id(finished["centre"])) + self.ask(state, visit)
        if said is None or said[0] not in words:
            return None
        kind, rest = said
        return await self._read(state, f"{words[kind]} {rest}".strip(), visit)

    async def _revise(self, state: ConversationState, text: str,
                      visit: Visit) -> list[Say] | None:
        """«atrás», «me equivoqué en la curp», «mejor otro día»: back to a step already
        answered (``Flow.revisable``), its later answers asked again on the way forward;
        where options are asked, a new value alone of one answered step («mejor con
        15000»: ``Flow.revised_by_value``) goes back to that step with it.
        A correction that carries the new value («me equivoqué, mi curp es …») gives it to
        that step at once. ``None``: nothing to go back to, the text goes on as usual."""
        flow = self.flows.get(state.top.flow)
        frame = state.top
        if not state.in_flow() or self._accepting(state) is Accepts.SECRET:
            return None
        if not frame.trail:  # nothing answered to go back to: «atrás» leaves the procedure
            return await self._command(CommandCall(Command.MENU), state, visit) \
                if going_back(text) else None
        asked = read_revision(text, flow.revisable)
        by_value = asked is None and self._accepting(state) is Accepts.OPTIONS
        if by_value:
            fitting = [step for step, fits in flow.revised_by_value.items()
                       if step in frame.trail and fits(text)]
            asked = fitting[0] if len(fitting) == 1 else None
        if asked is None or (asked != BACK and asked not in frame.trail):
            return None
        return await self._revised(state, visit, text, asked, by_value)

    async def _changed_earlier(self, state: ConversationState, visit: Visit,
                               text: str) -> list[Say] | None:
        """Data the step refused that names an earlier answer with a new value («gano 250
        diarios» at the age, «mi correo es …» at the mobile), or that only one earlier answer
        can be («10000» at the age: ``Flow.revised_by_value``): the worker changed their
        mind about that answer; it takes the value, and the steps after it follow as usual."""
        flow = self.flows.get(state.top.flow)
        frame = state.top
        if not _carries_data(text):
            return None
        named = field_named(text, flow.revisable)
        if named is None:  # «10000» refused at the age: the one earlier answer it can be
            fitting = [step for step, fits in flow.revised_by_value.items()
                       if step in frame.trail and step != frame.step and fits(text)]
            named = fitting[0] if len(fitting) == 1 else None
        if named is None or named == frame.step or named not in frame.trail \
                or flow.accepts.get(named) in (Accepts.SECRET, Accepts.CODE):
            return None
        return await self._revised(state, visit, text, named, True)

    async def _revised(self, state: ConversationState, visit: Visit, text: str, asked: str,
                       by_value: bool) -> list[Say]:
        """Back to the step ``asked`` (``BACK``: the last one answered), which takes ``text``
        when the value came with it."""
        frame = state.top
        step = frame.trail[-1] if asked == BACK else asked
        del frame.trail[frame.trail.index(step):]
        frame.step = step
        state.misses = 0
        if asked != BACK and (by_value or _carries_value(text)):  # the value came with it
            state.free_text, state.secret_input = True, False  # the typed answer of that step
            return await self._step(state, visit, Answer(text=text))
        return [Say(Msg("revise.back"))] + self.ask(state, visit)

    def _by_words(self, state: ConversationState, text: str, whole: bool = False) -> str | None:
        """Inside a flow, the offered option a sentence names («quiero pagar»: «Hacer un
        pago»), once the text was neither the step's data nor a question in passing. The yes
        of a yes-or-no step (``Flow.yes_no``) commits something: it needs its verb.
        ``whole``: only a short answer that names all of one option (``option_by_words``)."""
        if not state.in_flow() or state.secret_input:
            return None
        committing = self.flows.get(state.top.flow).committing(state.top.step)
        return option_by_words(text, state.offered, committing=committing, whole=whole)

    def _yes_no(self, state: ConversationState) -> tuple[str, str] | None:
        """The yes and no options of the step under way (``Flow.yes_no``), if it has them."""
        return self.flows.get(state.top.flow).yes_no.get(state.top.step)

    def _accepting(self, state: ConversationState) -> Accepts:
        flow = self.flows.get(state.top.flow)
        return flow.accepting(state.top.step, state.free_text, state.secret_input)

    async def _read(self, state: ConversationState, text: str, visit: Visit,
                    fresh: bool = False, refused: bool = False) -> list[Say] | None:
        """Typed text the step did not take, read as a question or a request
        (``bot/nlu/free_text.py``); ``None`` when it is neither. ``refused``: a step that
        takes typed data turned it down: its message says what to fix, and a procedure
        named in the text does not replace it (a sentence with the data may name one),
        unless the step is one where nothing would be lost (``Flow.settled``)."""
        if state.in_flow():
            ctx = self._ctx(state, visit)
            own = await self.flows.get(state.top.flow).question(ctx, text)
            if own is not None:
                state.misses = 0
                self._save(state, ctx)
                return own + self.ask(state, visit, ctx)
        where = self._where_centre_named(text)  # «¿dónde queda el de monterrey?», anywhere
        if where is not None:
            return where + self.ask(state, visit)
        if not state.in_flow():
            both = await self._first_of_two(state, text, visit, fresh)
            if both is not None:
                return both
        action: Action | None = self._understand(state, text, fresh)
        if not state.in_flow() and picks_up(text) and not (  # «continuemos», «¿dónde me
                isinstance(action, (Open, Asked)) and action.capability.flow is not None
                and action.capability.flow.name != parked_flow(state)):  # quedé?»; «volvamos
            return await self._picked_up(state, visit)  # a mis puntos» opens those
        as_from_menu = not state.in_flow()
        if isinstance(action, Asked) and self._after_login(state, action.capability, text):
            action = Reply([Say(Msg("understand.after_login",
                                    procedure=Msg(action.capability.label or "")))])
        if isinstance(action, Asked) and state.in_flow() and asks_balance(text) \
                and state.session is not None and state.top.flow != STATEMENT:
            # «oye y cuánto tengo ahorrado?» in the middle of a step: the figure, and the
            # step again (it was «No entendí tu edad» and a button that dropped the step)
            return await self._balance_in_passing(state, visit) + self.ask(state, visit)
        if isinstance(action, Asked):  # a procedure named inside a flow
            settled = state.in_flow() and state.top.step in self.flows.get(state.top.flow).settled
            if (refused and not settled) or self._by_words(state, text) is not None:
                return None  # the step's message, or its option the words name («quiero pagar»)
            wanted = action.capability.flow
            if wanted is not None and settled and wanted.name == state.top.flow:
                state.stack.pop()  # asked again where it was shown: shown anew, fresh
                action = Open(action.capability)
            elif wanted is not None and state.in_flow() and wanted.name == state.top.flow:
                action = Reply([Say(Msg("understand.in_progress"))])
            elif settled:
                action = Open(action.capability)  # nothing here to lose: as from the menu
                as_from_menu = True  # and its words go on to it («ya me pensioné»)
            elif action.option is not None and state.in_flow():  # going there is a tap away
                action = Reply([Say(Msg("understand.elsewhere_kept" if self._keeps(state)
                                        else "understand.elsewhere"), options=(action.option,))])
            else:
                return None
        if action is None:
            return None
        state.misses = 0
        if isinstance(action, Run):
            return await self._command(action.call, state, visit)
        if isinstance(action, Open) and action.resume and state.in_flow() \
                and not any(self._unfinished(frame) for frame in state.stack[1:]):
            self._to_menu(state, visit.now)  # nothing here to lose: the one asked for is
            # taken up where it was left for the menu, as its menu item does
            return await self._start(action.capability.name, state, visit)
        if isinstance(action, Open):
            as_from_menu = as_from_menu or not state.in_flow()
            # a procedure left for the menu is taken up only if the words give it nothing new
            opened = await self._start(action.capability.name, state, visit, resume=False)
            if as_from_menu and self._login_in_front_of(state, action.capability.flow):
                self._keep_opening(state.stack[-2], text)  # for when the login is done
                # «mi correo es … quiero ver mis puntos»: the login takes its part now
                return await self._first_answer(state, visit, text) or opened
            if as_from_menu:
                carried_on = await self._resumed_by(state, visit, text)
                if carried_on is not None:
                    return carried_on
                wanted = action.capability.flow
                if wanted is not None and state.top.flow == wanted.name \
                        and not _carries_data(text) and len(fold(text).split()) <= 2 \
                        and peek_parked(state, wanted.name, visit.now.timestamp()):
                    # «simulador» again after «menú», the procedure named alone: the one
                    # kept, as its menu item gives it (it started over, the salary lost)
                    taken_up = await self._resumed(state, visit)
                    if taken_up is not None:
                        return taken_up
                first = await self._first_answer(state, visit, text)
                if first is not None:
                    return first
                wanted = action.capability.flow
                resumed = await self._resumed(state, visit) \
                    if wanted is not None and state.top.flow == wanted.name else None
                return resumed or opened
            return opened
        if isinstance(action, Switch):
            await switch_language(state, self.services, action.locale)
            if action.then and not state.in_flow():  # «english please, i want to see my
                # points»: the points too, in the new language (only the switch was done)
                then = await self._read(state, action.then, visit)
                if then is not None:
                    return [Say(Msg("language.changed")), *then]
            return [Say(Msg("language.changed"))] + self.ask(state, visit)
        assert isinstance(action, Reply)
        if action.topic == HOURS and not state.in_flow():
            action = self._hours_of_centre_named(action, text)
        if action.topic is not None and state.in_flow():
            ctx = self._ctx(state, visit)
            own = self.flows.get(state.top.flow).about(action.topic, ctx, text)
            if own is not None:
                self._save(state, ctx)  # what the words gave («mi esposa gana 10 mil»)
                return own + self.ask(state, visit, ctx)
            if not action.say:  # only the flow could have answered it: the step's
                return None
        if action.leaves and state.in_flow():  # a goodbye mid-step: what was typed is kept
            kept = park(state, visit.now.timestamp(), self._unfinished)
            self._to_menu(state, visit.now)
            return action.say + self._kept_note(kept)
        return action.say + (self.ask(state, visit) if action.again else [])

    async def _picked_up(self, state: ConversationState, visit: Visit) -> list[Say]:
        """At the menu, words that go back to what was under way: the procedure left for
        the menu, where it was (they got «No encontré esa opción», or a help topic for
        «seguir»); that nothing is kept, when nothing is."""
        name = parked_flow(state)
        if name is None or peek_parked(state, name, visit.now.timestamp()) is None:
            return [Say(Msg("parked.nothing_kept"))] + self.ask(state, visit)
        return await self._open(state, name, visit)

    async def _balance_in_passing(self, state: ConversationState,
                                  visit: Visit) -> list[Say]:
        assert state.session is not None
        overview = await self.services.savings.overview(state.session.account_id, visit.now)
        return [Say(Msg("answer.balance.headline", balance=Money(overview.balance),
                        date=LongDate(overview.as_of)))]

    async def _first_of_two(self, state: ConversationState, text: str, visit: Visit,
                            fresh: bool) -> list[Say] | None:
        """«quiero una cita y ver mis puntos» at the menu: the first procedure opened, and
        the second named as the next one (it opened one of them, and the other was lost
        without a word). ``None`` when the words do not ask for two procedures, or carry
        data (an e-mail, a number: the whole sentence is read as before)."""
        if _carries_data(text):
            return None
        for before, after in two_requests(text):
            first, second = (self._understand(state, part, fresh) for part in (before, after))
            if not isinstance(first, Open) or not isinstance(second, Open) \
                    or first.capability.name == second.capability.name:
                continue
            said = await self._read(state, before, visit, fresh)
            if said is None:
                return None
            return [Say(Msg("understand.second_after",
                            procedure=Msg(second.capability.label or ""))), *said]
        return None

    def _understand(self, state: ConversationState, text: str,
                    fresh: bool = False) -> Action | None:
        return self.free_text.read(text, state.locale, at_menu=not state.in_flow(),
                                   fresh=fresh, logged_in=state.session is not None,
                                   current=state.top.flow if state.in_flow() else None)

    async def _resumed_by(self, state: ConversationState, visit: Visit,
                          text: str) -> list[Say] | None:
        """The procedure just opened from the menu by words that answer the step where it
        was left for the menu a while ago (the RFC typed at the menu by a worker whose
        registration waits at the RFC, NSS and CURP given): taken up there with them. It
        was started anew for them, which lost what was given. ``None`` (nothing changed)
        when none is kept or the words do not answer its step."""
        kept = peek_parked(state, state.top.flow, visit.now.timestamp())
        if not kept:
            return None
        fresh = state.stack.pop()
        state.stack.extend(kept)
        answered = await self._first_answer(state, visit, text, resumed=True)
        if answered is None:
            del state.stack[-len(kept):]
            state.stack.append(fresh)
            return None
        state.parked = None
        return [Say(Msg("parked.resumed"))] + answered

    async def _first_answer(self, state: ConversationState, visit: Visit,
                            text: str, resumed: bool = False) -> list[Say] | None:
        """A procedure opened from the menu by words that carry its data («cuánto me
        prestan si gano 12 mil», «mi nss es …» for the login) or name one of its first
        options («una cita para reestructura»): the same words go to the step it opened
        at, when that step takes them, so nothing the worker said is asked again. ``None``
        when the step does not take them (the step's prompt stands, without an error for
        words that were not meant as its answer). ``resumed``: the frames were taken up
        where they were left, so only that step is tried, never the flow's first."""
        flow = self.flows.get(state.top.flow)
        read = await self._opening_read(state, visit, flow, text)
        if read is not None:
            return read
        ctx = self._ctx(state, visit)
        answer = self._opening_answer(flow, flow.step(state.top.step), ctx, text)
        first = flow.first.value
        if answer is None and state.top.step != first and not resumed:
            # the flow opened on something before its first question (your appointments,
            # before «¿Para qué trámite?»): the words may answer that question
            answer = self._opening_answer(flow, flow.step(first), ctx, text, by_choice=True)
            if answer is not None:
                state.top.step = first
        if answer is None and state.top.step in flow.opening_words_last:
            answer = Answer(text=text, opening=True)  # «quiero cambiar mi cita»: that one
        if answer is None:
            return None
        step = flow.step(state.top.step)
        try:
            result = await flow.handle(step, ctx, answer)
        except DomainError as error:
            if answer.choice is None:
                return None
            result = Invalid(Msg(error.key, **error.params), lasts=error.lasts)
        if isinstance(result, Invalid) and answer.choice is None:
            return None  # data the words were not meant as: the prompt stands, no error
        # a choice the words named clearly («una cita para reestructura») that cannot go on
        # («ya tienes una cita para ese trámite») says why, at that question
        return await self._apply(result, state, ctx, visit)

    async def _opening_read(self, state: ConversationState, visit: Visit, flow: Flow,
                            text: str) -> list[Say] | None:
        """At a step that reads the opening words (``Flow.reads_opening_words``): the step's
        own reading of them first («mi estado de cuenta del año pasado» is that year, before
        «Estado de otro año» by its words); ``None`` when it does not take them."""
        step = flow.step(state.top.step)
        ctx = self._ctx(state, visit)
        prompt = flow.ask(step, ctx)
        last = prompt[-1] if prompt else None
        if step.value not in flow.reads_opening_words or last is None \
                or flow.accepting(step.value, last.free_text, last.secret_input) \
                is not Accepts.TEXT:
            return None
        try:
            result = await flow.handle(step, ctx, Answer(text=text))
        except DomainError:
            return None
        if isinstance(result, Invalid):
            return None  # its changes to the data are dropped with it (a fresh ctx next)
        return await self._apply(result, state, ctx, visit)

    def _opening_answer(self, flow: Flow, step: StrEnum, ctx: Ctx, text: str,
                        by_choice: bool = False) -> Answer | None:
        """What the opening words answer at ``step``: its data (a step that takes typed
        data, when the words carry some) or the option they name."""
        prompt = flow.ask(step, ctx)
        last = prompt[-1] if prompt else None
        if last is None:
            return None
        accepts = flow.accepting(step.value, last.free_text, last.secret_input)
        reads = step.value in flow.reads_opening_words and not by_choice
        if accepts is Accepts.TEXT and _carries_data(text) and not by_choice:
            return Answer(text=text, opening=True)
        if accepts not in (Accepts.SECRET, Accepts.CODE) and last.options \
                and self.labels is not None:  # a code's options («Ya no tengo ese correo») are
            # never what opened the flow («quiero cambiar mi contraseña» took one of them)
            named = [(option.id, self.labels(ctx.locale, option.label))
                     for option in last.options if self.commands.parse(None, option.id) is None]
            choice = option_by_words(text, named, committing=flow.committing(step.value))
            if choice is not None:  # with the words, where the step keeps more of them
                return Answer(choice=choice, text=text if reads else None, opening=True)
        return Answer(text=text, opening=True) if accepts is Accepts.TEXT and reads else None

    def _after_login(self, state: ConversationState, asked: Capability, text: str) -> bool:
        """A procedure that needs the login named while logging in for nothing else («mi
        crédito» at the code): put under the login, with its words, to open once the
        worker is in (it was «deja lo que estamos haciendo», which lost the login)."""
        wanted = asked.flow
        if self._login_in_front_of(state, wanted) and asked.label is not None:
            return True  # already waiting there: said again
        if wanted is None or asked.label is None or len(state.stack) != 2 \
                or state.top.flow != LOGIN or wanted.name == LOGIN \
                or not self.flows.get(wanted.name).requires_login:
            return False
        login = state.stack.pop()
        state.stack.append(Frame(wanted.name, wanted.first.value))
        self._keep_opening(state.top, text)
        state.stack.append(login)
        return True

    @staticmethod
    def _login_in_front_of(state: ConversationState, flow: type[Flow] | None) -> bool:
        """The login was just put on top of ``flow``, opened by the worker's words."""
        return flow is not None and len(state.stack) >= 2 and state.top.flow == LOGIN \
            and state.stack[-2].flow == flow.name

    def _keep_opening(self, frame: Frame, text: str) -> None:
        """The words that opened ``frame``'s flow, kept (encrypted, as its data) while the
        login goes first: they answer its first step once the worker is in («mi estado de
        cuenta del año pasado» is that statement, not the question of which one)."""
        frame.data[OPENING] = self.services.keyring.state.encrypt(text, f"{frame.flow}.{OPENING}")

    def _take_opening(self, frame: Frame) -> str | None:
        token = frame.data.pop(OPENING, None)
        if not isinstance(token, str):
            return None
        try:
            return self.services.keyring.state.decrypt(token, f"{frame.flow}.{OPENING}")
        except DecryptionFailed:
            return None

    def _offered_as(self, state: ConversationState, visit: Visit, way: Option) -> str | None:
        """The step's own option to the procedure ``way`` leads to (the same label: «Iniciar
        sesión» after «Ya hay una cuenta para ese NSS»), for words that asked for it («quiero
        entrar», «la olvidé»): that one, not the same button offered again beside it."""
        own = [option.id for say in self.ask(state, visit) for option in say.options
               if option.label == way.label]
        return own[0] if len(own) == 1 else None

    def _way_elsewhere(self, state: ConversationState, text: str) -> Option | None:
        """The button to another procedure that text a data step refused asks for («como le
        hago para sacar cita» at the NSS prompt), offered beside the step's own message
        (what to fix): the worker is shown the way out, and the step stays where it was."""
        action = self._understand(state, text)
        if not isinstance(action, Asked) or action.option is None \
                or self._by_words(state, text, whole=True) is not None:
            return None  # an option named in full is the step's («quiero pagar»); one that
            # shares a word with the procedure named is not («estado de cuenta» at the states
            # picked «Estado de México»)
        wanted = action.capability.flow
        if wanted is not None and wanted.name == state.top.flow:
            return None
        return action.option

    async def _start(self, name: str | None, state: ConversationState,
                     visit: Visit, resume: bool = True) -> list[Say]:
        """A capability by name (a menu item, a topic's button): its flow or command."""
        capability = self.capabilities.named(name or "")
        if capability is not None and capability.flow is not None:
            return await self._open(state, capability.flow.name, visit, resume)
        if capability is not None and capability.command is not None:
            return await self._command(CommandCall(capability.command), state, visit)
        return [Say(Msg("menu.not_available"))] + self.ask(state, visit)

    def _resolve(
        self, state: ConversationState, text: str | None, inbound: Inbound
    ) -> Answer | None:
        """Map a number or the words of an offered option to its id; ``None`` for a pressed
        button that is not on offer (stale or forged)."""
        offered = state.offered
        if inbound.button_id is not None:
            if inbound.button_id.startswith(EVENT_PREFIX):
                return Answer(choice=inbound.button_id) if inbound.internal else None
            if any(option_id == inbound.button_id for option_id, _ in offered):
                return Answer(choice=inbound.button_id)
            return None
        choice = None
        if text and offered:
            folded = fold(text)
            counted = ordinal_choice(folded, len(offered))  # «el primero», «the first one»
            if counted is None:  # «la 1», «opción 2»; a list of days or times is numbers
                dated = sum(any(char.isdigit() for char in label) for _, label in offered)
                counted = numbered_choice(folded, len(offered),
                                          dated >= 2 and 2 * dated >= len(offered))
            if text.isdigit() and 1 <= int(text) <= len(offered):
                choice = offered[int(text) - 1][0]
            elif counted is not None:
                choice = offered[counted][0]
            else:
                choice = _named_option(fold(text), offered) or self._yes_or_no(state, text)
        return Answer(text=text or None, choice=choice, contact=inbound.contact)

    @staticmethod
    def _number_or_label(state: ConversationState, text: str | None,
                         inbound: Inbound) -> list[Say] | None:
        """A bare number in a list of times or days that is both an option's place and
        another option's own number («10» with «10:00 a.m.» tenth in the list but shown
        second): which one, asked. It was the tenth, and a 1:00 p.m. appointment for a worker
        who meant ten o'clock."""
        offered = state.offered
        if inbound.button_id is not None or not text or not text.strip().isdigit() \
                or not state.in_flow():
            return None
        number = int(text.strip())
        if not 1 <= number <= len(offered) or len(offered) <= MIN_LIST_FOR_DOUBT:
            return None  # two options (the question «¿La opción 1 (8:30) o 1:00?» itself):
            # the number is the place (it asked the same again, for ever)
        dated = [_leading_number(label) for _, label in offered]
        if sum(any(char.isdigit() for char in label) for _, label in offered) \
                < max(2, len(offered) // 2 + 1) or dated[number - 1] == number:
            return None
        named = [index for index, found in enumerate(dated) if found == number]
        if len(named) != 1:
            return None
        placed, same = offered[number - 1], offered[named[0]]
        options = tuple(Option(option_id, Msg("input.as_shown", text=label))
                        for option_id, label in (placed, same))
        return [Say(Msg("input.number_or_label", number=number, placed=placed[1],
                        named=same[1]), options=options)]

    def _option_over_command(self, state: ConversationState, call: CommandCall,
                             text: str | None) -> str | None:
        """«mis datos» where «Usar mis datos» is offered: that option (its id), not the
        personal data page the words name anywhere else. Only the commands that show
        something (``YIELDING``); the ways out («menú», «asesor») never give way, and
        «cancelar» only at a step where nothing is under way (``Flow.settled``) to an option
        that is a cancel: at «Tus citas», «Cancelar una cita» (it left the list, and the «mejor
        no» that followed got «No hay nada que cancelar»)."""
        if not text or not state.in_flow():
            return None
        if call.command is Command.CANCEL \
                and state.top.step in self.flows.get(state.top.flow).settled:
            cancels = [option_id for option_id, label in state.offered
                       if not option_id.startswith(BUTTON_PREFIX)
                       and fold(label).split(" ", 1)[0] in words_of(Command.CANCEL)]
            return cancels[0] if len(cancels) == 1 else None
        if call.command not in YIELDING:
            return None
        said = f" {fold(text)} "
        saying = [option_id for option_id, label in state.offered
                  if not option_id.startswith(BUTTON_PREFIX) and said in f" {fold(label)} "]
        return saying[0] if len(saying) == 1 else None

    def _yes_or_no(self, state: ConversationState, text: str) -> str | None:
        """At a step asking yes or no with buttons (``Flow.yes_no``), the option a plain
        «sí», «ok», «confirmo» or «no», «nel» picks, when it is on offer."""
        pair = self._yes_no(state) if state.in_flow() else None
        said = plain_yes_no(text) if pair else None
        if pair is None or said is None:
            return None
        wanted = pair[0] if said else pair[1]
        return wanted if any(option_id == wanted for option_id, _ in state.offered) else None

    async def _step(
        self,
        state: ConversationState,
        visit: Visit,
        answer: Answer,
        lenient: bool = False,
    ) -> list[Say]:
        if not state.free_text and answer.choice is None and answer.contact is None:
            return self._miss(state, visit, _choose(answer.text))
        flow = self.flows.get(state.top.flow)
        if flow.needs_login(state.top.step) and not await self._session_valid(state):
            return await self._login_first(state, visit, Msg("session.ended"))
        ctx = self._ctx(state, visit)
        try:
            result = await flow.handle(flow.step(state.top.step), ctx, answer)
        except DomainError as error:
            result = Invalid(Msg(error.key, **error.params), lasts=error.lasts,
                             a_miss=error.a_miss)
        accepts = flow.accepting(state.top.step, state.free_text, state.secret_input)
        if isinstance(result, Invalid) and answer.text and answer.choice is None \
                and not result.understood and (accepts is Accepts.TEXT or result.words
                or (accepts is Accepts.SECRET and _words_not_a_secret(answer.text))):
            said = await self._changed_earlier(state, visit, answer.text)
            if said is not None:
                return said
            # «usar mis datos» where «Con mis datos» is offered is that option, before any
            # reading of its words as a topic (it was the privacy answer, for «datos»)
            choice = None if questioning(answer.text) \
                else self._by_words(state, answer.text, whole=True)
            if choice is not None:
                return await self._chosen(state, visit, replace(answer, choice=choice))
            if waits(answer.text):  # «ok ya lo tengo», «sí acepto»: no wrong answer, and
                # no question to read (it was the registration's troubles, for «acepto»)
                return [Say(Msg("understand.waiting")), *self.ask(state, visit)]
            if confused(answer.text) and result.reask is None and state.in_flow():  # «?»: what
                # the step asks, not «No entendí tu edad» for words that were no try at it (a
                # step with its own short question, the notice, answers a doubt its own way)
                if state.top.step in flow.identifier_steps:  # «no entiendo» at the CURP:
                    # what a CURP is and where it is found, not «Solo necesito la respuesta»
                    return [Say(Msg(f"identifiers.where.{state.top.step}")),
                            *self.ask(state, visit)]
                return [Say(Msg("understand.step_explained")), *self.ask(state, visit)]
            said = await self._read(state, answer.text, visit, lenient, refused=True)
            if said is not None:
                return said
            way = self._way_elsewhere(state, answer.text)
            choice = self._by_words(state, answer.text) if way is None \
                else self._offered_as(state, visit, way)
            if choice is not None:  # not data: the words of one of the step's options
                return await self._chosen(state, visit, replace(answer, choice=choice))
            if way is not None:
                said = await self._apply(result, state, ctx, visit)
                refused = "understand.elsewhere_refused_kept" if self._keeps(state) \
                    else "understand.elsewhere_refused"
                return said[:1] + [Say(Msg(refused), options=(way,))] + said[1:]
        if lenient and isinstance(result, Invalid):
            return self.ask(state, visit)
        if isinstance(result, Invalid) and result.problem.key == "input.choose_option":
            result = replace(result, problem=_choose(answer.text))
        return await self._apply(result, state, ctx, visit)

    async def _chosen(self, state: ConversationState, visit: Visit,
                      answer: Answer) -> list[Say]:
        """An option picked by its words at a step that read them as data first."""
        call = self.commands.parse(None, answer.choice)
        if call is not None:
            return await self._command(call, state, visit)
        return await self._step(state, visit, answer)

    async def _session_valid(self, state: ConversationState) -> bool:
        """The session still stands: a password reset since it began ends it."""
        session = state.session
        if session is None:
            return False
        epoch = await self.services.accounts.session_epoch(session.account_id)
        if epoch == session.epoch:
            return True
        state.session = None
        return False

    async def _login_first(
        self, state: ConversationState, visit: Visit, notice: Msg | None = None
    ) -> list[Say]:
        """Put the login flow on top: once it is done, the flow below resumes."""
        state.stack.append(Frame(LOGIN, self.flows.get(LOGIN).first.value, entered=True))
        said = [Say(notice)] if notice else []
        return said + self.ask(state, visit)

    async def _apply(
        self, result: Result, state: ConversationState, ctx: Ctx, visit: Visit
    ) -> list[Say]:
        if isinstance(result, Invalid) and not result.a_miss:
            return [Say(result.problem)] + (list(result.reask) if result.reask is not None
                                             else self.ask(state, visit))
        if isinstance(result, Invalid):  # the step's changes to its data are dropped
            return self._miss(state, visit, result.problem,
                              list(result.reask) if result.reask is not None else None,
                              way_out=result.lasts)
        state.misses = 0
        said = list(result.say)
        if isinstance(result, Goto):
            self._save(state, ctx)
            self._walk(state, result.step.value, [step.value for step in result.passed])
            state.top.step = result.step.value
            if state.session is None \
                    and self.flows.get(state.top.flow).needs_login(state.top.step):
                # past an open step (``Flow.open_steps``): the login first
                state.top.entered = False  # its enter runs after the login
                return said + await self._login_first(state, visit, Msg("login.required"))
            return said + self.ask(state, visit, ctx)
        if isinstance(result, Start):
            self._save(state, ctx)
            if result.replace:
                state.stack.pop()
            elif result.enter_after:
                state.top.entered = False
            name = result.flow.name
            opened = await self._open(state, name, visit, resume=result.answer is None)
            if result.answer is not None and state.top.flow == name:
                opened = await self._first_answer(state, visit, result.answer) or opened
            return said + opened
        if isinstance(result, Done):
            done = state.stack.pop()
            if self.flows.get(done.flow).referred_back or result.centre:  # «cancélala»,
                # «¿dónde queda?» may follow
                state.finished = {"flow": done.flow, "at": visit.now.timestamp(),
                                  "centre": result.centre}
            if result.declined:  # «ah no, sí acepto» may follow
                state.finished = {"flow": done.flow, "at": visit.now.timestamp(),
                                  "declined": done.step}
            if not state.stack:
                self._to_menu(state, visit.now)
            opening = self._take_opening(state.top)  # before ``enter`` saves its data
            entered = await self._enter(state, visit)
            if opening is not None:  # «mi estado de cuenta del 2019», the login done
                first = await self._first_answer(state, visit, opening)
                if first is not None:
                    return said + first
            if entered is not None:
                return said + entered
        else:  # Abort
            self._to_menu(state, visit.now)
        return said + self.ask(state, visit)

    def _walk(self, state: ConversationState, to: str, passed: list[str]) -> None:
        """Keep the trail of revisable steps answered (``Flow.revisable``): going back to
        one drops it and those after it; leaving a code or a password settles them all."""
        frame = state.top
        flow = self.flows.get(frame.flow)
        if not flow.revisable or to == frame.step:
            return
        if to in frame.trail:
            del frame.trail[frame.trail.index(to):]
            return
        if frame.step in flow.revisable:
            frame.trail.append(frame.step)
        elif self._accepting(state) in (Accepts.CODE, Accepts.SECRET):
            frame.trail.clear()
        frame.trail.extend(step for step in passed
                           if step in flow.revisable and step not in frame.trail)

    async def _enter(self, state: ConversationState, visit: Visit) -> list[Say] | None:
        """Run the top flow's ``enter`` hook once, when it is the user's turn in it."""
        frame = state.top
        if frame.entered:
            return None
        frame.entered = True
        flow = self.flows.get(frame.flow)
        if flow.needs_login(frame.step) and state.session is None:
            frame.entered = False  # the login flow goes first; enter after it
            return None
        ctx = self._ctx(state, visit)
        try:
            result = await flow.enter(ctx)
        except DomainError as error:
            return [Say(Msg(error.key, **error.params))] + self.ask(state, visit, ctx)
        if result is None:
            return None
        return await self._apply(result, state, ctx, visit)

    async def _open(self, state: ConversationState, name: str, visit: Visit,
                    resume: bool = True) -> list[Say]:
        """Push flow ``name`` (if it exists) and return its first prompt; a flow that needs
        a session gets the login flow on top of it first. ``resume``: opened from the menu,
        a procedure left for it a while ago goes on where it was."""
        if name not in self.flows:
            return [Say(Msg("menu.not_available"))] + self.ask(state, visit)
        if len(state.stack) >= MAX_STACK:
            self._to_menu(state, visit.now)
        flow = self.flows.get(name)
        at_menu = not state.in_flow()
        state.stack.append(Frame(name, flow.first.value))
        if flow.needs_login(flow.first.value) and not await self._session_valid(state):
            return await self._login_first(state, visit, Msg("login.required"))
        resumed = await self._resumed(state, visit) if at_menu and resume else None
        if resumed is not None:
            return resumed
        entered = await self._enter(state, visit)
        return entered if entered is not None else self.ask(state, visit)

    def _left_for(self, state: ConversationState, name: str | None,
                  visit: Visit) -> str | None:
        """Another procedure chosen in the middle of one (its button, offered for words
        that named it, or an old menu's): what was given is kept for the menu, as «menú»
        keeps it, and the other one opens from there. It opened on top, and the «menú» or
        «citas» that followed lost the booking below it. Returns the name of what was kept."""
        capability = self.capabilities.named(name or "")
        if not state.in_flow() or capability is None or capability.flow is None \
                or any(frame.flow == capability.flow.name for frame in state.stack[1:]):
            return None
        kept = park(state, visit.now.timestamp(), self._unfinished)
        if kept is not None:
            self._to_menu(state, visit.now)
        return kept

    def _keeps(self, state: ConversationState) -> bool:
        """Whether leaving now keeps what was given (``park`` would)."""
        return len(state.stack) > 1 and self._unfinished(state.stack[1])

    def _unfinished(self, frame: Frame) -> bool:
        """Something the worker typed in ``frame`` (``Flow.kept_when_left``) and no result
        shown yet: worth keeping. At a password too («luego sigo» when choosing one): taken
        up there, the codes not asked again (after a while, a registration is taken up from
        the record, its codes proving who it is: ``register``)."""
        flow = self.flows.get(frame.flow)
        if not flow.kept_when_left or frame.step in flow.settled:
            return False
        return bool(frame.trail) or frame.step != flow.first.value

    def _kept_note(self, kept: str | None) -> list[Say]:
        """What was kept for the menu («Guardé lo que llevabas en «Registro»…»), if anything:
        named by its menu item, or without a name when it has none (the account recovery)."""
        if kept is None:
            return []
        label = self.capabilities.label_of(kept)
        if label is None:
            return [Say(Msg("parked.kept_unnamed"))]
        return [Say(Msg("parked.kept", procedure=Msg(label)))]

    async def _resumed(self, state: ConversationState, visit: Visit) -> list[Say] | None:
        """The procedure just opened from the menu, as it was when left for the menu a while
        ago (``bot.conversation.parked``), on where it was; ``None`` when none is kept. At a
        password, its page was revoked when left: a new one (as «Nuevo enlace» gives)."""
        kept = take_parked(state, state.top.flow, visit.now.timestamp())
        if not kept:
            return None
        state.stack[-1:] = kept
        if self._accepting(state) is Accepts.SECRET:
            return [Say(Msg("parked.resumed"))] + await self._step(
                state, visit, Answer(choice=NEW_LINK))
        return [Say(Msg("parked.resumed"))] + self.ask(state, visit)

    def _to_menu(self, state: ConversationState, now: datetime) -> None:
        state.stack = self.new_state(state.locale, now).stack
        state.misses = 0

    def _miss(
        self, state: ConversationState, visit: Visit, problem: Msg,
        prompt: list[Say] | None = None, way_out: bool = False,
    ) -> list[Say]:
        """Say what to fix and ask again (``prompt``, or the step's own); after repeated
        misses, or at once when ``way_out`` (trying again cannot work for a while), also
        offer a way out."""
        state.misses += 1
        prompt = prompt if prompt is not None else self.ask(state, visit)
        if state.misses < MISSES_BEFORE_ESCAPE and not way_out:
            return [Say(problem)] + prompt
        state.misses = 0
        escape = [Option(button(Command.AGENT), Msg("escape.agent"))]
        if state.in_flow():
            escape.insert(0, Option(button(Command.MENU), Msg("escape.menu")))
        if prompt:
            last = prompt[-1]
            present = {self._command_of(option.id) or option.id for option in last.options}
            extra = tuple(option for option in escape
                          if (self._command_of(option.id) or option.id) not in present)
            prompt[-1] = replace(last, options=tuple(last.options) + extra)
        else:
            prompt = [Say(Msg("escape.prompt"), options=tuple(escape))]
        offer = "escape.meanwhile" if way_out else "escape.offer"
        return [Say(problem), Say(Msg(offer))] + prompt


    def _command_of(self, option_id: str) -> Command | None:
        """The command an option runs, whatever its id (the menu's «Hablar con un asesor»
        and the way out offered after misses are the same command)."""
        call = self.commands.parse(None, option_id)
        if call is None:
            return None
        named = self.capabilities.named(call.argument) \
            if call.command is Command.START and call.argument else None
        return named.command if named is not None and named.command is not None \
            else call.command

    async def _command(
        self, call: CommandCall, state: ConversationState, visit: Visit
    ) -> list[Say]:
        state.misses = 0
        match call.command:
            case Command.MENU:
                kept = park(state, visit.now.timestamp(), self._unfinished)
                self._to_menu(state, visit.now)
                return self._kept_note(kept) + self.ask(state, visit)
            case Command.CANCEL:
                was_in_flow = state.in_flow()
                left = state.stack[1:]
                if left and self._unfinished(left[0]):  # «ah no, espera, sí quiero seguir»
                    # may come next (and only next: then it is gone, as cancelled)
                    state.finished = {"flow": left[0].flow, "at": visit.now.timestamp(),
                                      "cancelled": [asdict(frame) for frame in left]}
                self._to_menu(state, visit.now)
                notice = Msg("cancel.done") if was_in_flow else Msg("cancel.nothing")
                says = [Say(notice)]
                if was_in_flow and state.session is not None:  # «salir» left the flow only
                    says.append(Say(Msg("cancel.still_logged_in")))
                return says + self.ask(state, visit)
            case Command.HELP:
                return [Say(Template("help", {"phone": self.services.about.support_phone}),
                            options=help_options())] + (
                    self.ask(state, visit) if state.in_flow() else [])
            case Command.FAQ:
                topic = BY_ID.get(call.argument or "")
                if topic is None:
                    return topic_list()
                return topic.says() + (self.ask(state, visit) if state.in_flow() else [])
            case Command.START:
                kept = self._left_for(state, call.argument, visit)
                return self._kept_note(kept) + await self._start(call.argument, state, visit)
            case Command.LANGUAGE:
                if call.argument in self.services.locales:
                    await switch_language(state, self.services, call.argument)
                    return [Say(Msg("language.changed"))] + self.ask(state, visit)
                if state.top.flow == LANGUAGE:
                    return self.ask(state, visit)
                return await self._open(state, LANGUAGE, visit)
            case Command.AGENT:
                await self.services.handoff.enqueue(key_of(visit.chat), visit.now)
                state.handoff = {"status": QUEUED, "since": visit.now.timestamp()}
                return [Say(Msg("handoff.queued", phone=self.services.about.support_phone))] + (
                    await self._queue_notice(visit))
            case Command.PRIVACY:
                if state.top.flow == PRIVACY:
                    return self.ask(state, visit)
                return await self._open(state, PRIVACY, visit)
            case Command.LOGOUT:
                if state.session is None:
                    return [Say(Msg("logout.not_logged_in"))] + self.ask(state, visit)
                state.session = None
                self._to_menu(state, visit.now)
                return [Say(Msg("logout.done"))] + self.ask(state, visit)
        raise AssertionError(call)  # pragma: no cover - every Command is matched above


def _carries_data(text: str) -> bool:
    """Words that may hold a step's answer: a figure, an e-mail, or an amount in words."""
    return "@" in text or any(char.isdigit() for char in text) or " mil" in f" {fold(text)}"


def _carries_value(text: str) -> bool:
    """A correction with the new value in it: an e-mail, or digits enough for data."""
    return "@" in text or not readable(text)


def _not_a_code(text: str) -> bool:
    """At a code step: words that are neither a code nor what the step itself acts on
    (resend, leave), so a question asked in passing may be answered. An e-mail address is
    data the step reads («me equivoqué, mi correo es …»: it was the «Cambiar correo» its
    words name, the address dropped)."""
    if _carries_data(text):
        return False
    return read_code(text).request is CodeRequest.NOT_A_CODE


MIN_PREFIX = 6
"""Typed words this long that begin exactly one option's label pick it."""


def _named_option(folded: str, offered: Sequence[Sequence[str]]) -> str | None:
    """The option whose label is the typed words, or the only one they begin: «recuperar mi
    cuenta» for «Recuperar mi cuenta sin mi correo», «no lo se» for «No lo sé (usar $0)»."""
    exact = next((oid for oid, label in offered if fold(label) == folded), None)
    if exact is not None or len(folded) < MIN_PREFIX:
        return exact
    starting = [oid for oid, label in offered if fold(label).startswith(folded)]
    return starting[0] if len(starting) == 1 else None


def _choose(text: str | None) -> Msg:
    """What to say when typed words picked no option: a question nothing here understood
    is told so, with the way to a person, not only «elige una de las opciones»; an «ok»
    or «déjame ver» is no wrong answer: the options wait (as at a step that takes text)."""
    if text and waits(text):
        return Msg("understand.waiting")
    return Msg("input.question_not_understood" if text and questioning(text)
               else "input.choose_option")


def _words_not_a_secret(text: str) -> bool:
    """Words refused at a password step that no password could be («quiero hablar con
    alguien» while choosing one): read as words, as at a step that takes text."""
    return " " in text.strip() and not could_be_a_password(text)


_LEADING_NUMBER = re.compile(r"(\d+)(:(\d\d))?")


def _leading_number(label: str) -> int | None:
    """The number a bare number names in an option's label: «10» of «10:00 a.m.» (on the hour:
    «10:30» is not «10») and of «jue 10 de dic»."""
    found = _LEADING_NUMBER.search(label)
    if found is None or found.group(3) not in (None, "00"):
        return None
    return int(found.group(1))
