"""Citas: book an appointment at a service centre (procedure -> state -> centre -> day ->
time -> confirm, as the portal does), see the upcoming ones and cancel one.

Right after the procedure is chosen, before the state, the worker hears whether they can
book it at all: an upcoming appointment for the same procedure, a return of savings without
a pension resolution («¿Ya tienes tu resolución de pensión?», and a worker still working
with no pension in process cannot have one), a credit matter with no credit on the record.
Each is said with what to do first, and the worker stays at the list of procedures.
The booking steps themselves are shared with «Recuperar mi cuenta»
(``bot.flows.appointments.booking``).

The procedure list is open without a login (``open_steps``): «Recuperar mi cuenta» is for
those who cannot log in, so it goes to its own flow (NSS and CURP checked against the
record); any other procedure asks for the login, and once logged in the worker goes on with
the procedure they chose.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import cast

from bot.conversation.commands import Command, button
from bot.conversation.messages import ClockTime, LongDate, Money, Msg, Option, Say, ShortDate
from bot.flows.accounts.login import LoginFlow
from bot.flows.appointments.booking import (
    BOOKING_BY_VALUE,
    BOOKING_WORDS,
    BOOKING_YES_NO,
    CANCEL_OR_KEEP,
    CONFIRM,
    KEEP,
    PICK,
    BookingData,
    BookingSteps,
    cancel_or_keep,
    done_says,
    keep_when,
    picked,
    when,
)
from bot.flows.appointments.recovery import AccountRecoveryFlow, RecoveryLookupFlow
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Invalid, Result, Start
from bot.flows.common import signs_in
from bot.nlu import fields
from bot.nlu.answers import (
    CANCEL_APPOINTMENT_WORDS,
    MOVE_APPOINTMENT_WORDS,
    asks_about_resolution,
    asks_amount_back,
    asks_own_appointment,
    asks_where,
    cancels_appointment,
    cancels_it,
    cannot_sign_in,
    changes_mind,
    has_it,
    lost_access,
    moves_appointment,
    moves_it,
    read_yes_no,
)
from bot.nlu.options import option_by_words
from bot.nlu.text import questioning, switches
from bot.nlu.which import Upcoming, appointment_named, procedure_in
from domain.appointments.model import Holder
from domain.appointments.places import find_place
from domain.appointments.procedures import (
    Procedure,
    blocker,
    needs_pension_resolution,
)
from domain.appointments.service import MAX_UPCOMING, Booked
from domain.values.days import moved_to, names_when

BOOK = "appt:book"
CANCEL = "appt:cancel"
MOVE = "appt:move"
YES = "appt:yes"
NO = "appt:no"
SIGN_IN = "appt:sign_in"
CANNOT_SIGN_IN = "appt:cannot_sign_in"



@dataclass
class AppointmentData(BookingData):
    folios: list[str] = field(default_factory=list)
    """The upcoming appointments, when last looked at."""
    upcoming: list[list[str]] = field(default_factory=list)
    """Each of them as [folio, procedure, centre name, centre city, starts at (ISO)]: what
    the worker recognises it by when cancelling."""
    cancelling: str | None = None
    wants_cancel: bool = False
    """Asked to cancel an appointment before logging in: the login first, then the list."""
    wants_move: str | None = None
    """Asked to change an appointment before logging in (the words): the login first."""
    centre_ids: list[str] = field(default_factory=list)
    """The centre of each upcoming appointment, in the order of ``folios``."""
    by_words: bool = False
    """The procedure was said in words, not tapped: it is named back before the state."""
    place_ahead: str | None = None
    """Where the worker wants it, said before the procedure was chosen («cita en
    guadalajara»): taken once the procedure's checks pass, instead of asking the state."""


def booked_says(booked: Booked) -> Say:
    return Say(Msg("appointments.booked_line", folio=booked.appointment.folio,
                   procedure=Msg(f"appointments.procedure.{booked.appointment.procedure}"),
                   centre=booked.centre.name, when=when(booked)))


class AppointmentsFlow(BookingSteps, Flow):
    name = "appointments"
    referred_back = {"move": MOVE_APPOINTMENT_WORDS,  # noqa: RUF012
                     "cancel": CANCEL_APPOINTMENT_WORDS}
    kept_when_left = True
    requires_login = True

    class Step(StrEnum):
        MINE = "mine"
        PROCEDURE = "procedure"
        PENSION = "pension"
        STATE = "state"
        CENTRE = "centre"
        DAY = "day"
        TIME = "time"
        CONFIRM = "confirm"
        CANCEL = "cancel"
        CANCEL_CONFIRM = "cancel_confirm"
        MOVE = "move"
        """Which appointment to change, when there are several."""
        CHOSEN = "chosen"
        """A procedure chosen before logging in: its checks run once the login is done."""
        FIND = "find"
        """An appointment to cancel or change asked for without a login: the login, or the
        recovery's NSS and CURP for the one booked without a login («Recuperar mi cuenta»,
        booked by people who cannot log in: the login alone trapped them)."""

    first = Step.PROCEDURE
    settled = frozenset({Step.MINE.value, Step.PROCEDURE.value})
    """At the procedures nothing is chosen yet: another procedure asked for opens at once."""
    open_steps = frozenset({Step.PROCEDURE.value, Step.FIND.value})
    reads_opening_words = frozenset({Step.PROCEDURE.value})
    opening_words_last = frozenset({Step.MINE.value})
    revisable = {Step.PROCEDURE.value: fields.PROCEDURE, **BOOKING_WORDS}
    revised_by_value = BOOKING_BY_VALUE
    yes_no = {**BOOKING_YES_NO, Step.PENSION.value: (YES, NO),
              Step.CANCEL_CONFIRM.value: (CONFIRM, KEEP)}
    Data = AppointmentData

    _BOOKING = frozenset({Step.PENSION, Step.STATE, Step.CENTRE, Step.DAY, Step.TIME,
                          Step.CONFIRM})

    def handle(self, step: StrEnum, ctx: Ctx, answer: Answer) -> Awaitable[Result]:
        """«quiero cancelar mi cita» in the middle of booking another: the worker's
        appointments to cancel (the booking under way stops there)."""
        if step in self._BOOKING and answer.choice is None and ctx.account_id is not None \
                and cancels_appointment(answer.text):
            return self._cancel_instead(ctx)
        if step in self._MOVABLE and answer.choice is None and moves_appointment(answer.text):
            return self._move_instead(ctx, answer.text or "")
        other = self._other_procedure(step, ctx, answer)
        if other is not None:  # «no, mejor para devolución de mi ahorro» at the state
            return self._switch(ctx, other, answer.text or "")
        return self.place_instead(step, ctx, answer) or super().handle(step, ctx, answer)

    def _other_procedure(self, step: StrEnum, ctx: Ctx[AppointmentData],
                         answer: Answer) -> Procedure | None:
        """Another procedure named during a booking (not a place, not while moving one)."""
        if step not in self._BOOKING or answer.choice is not None or ctx.data.moving \
                or ctx.account_id is None:
            return None
        named = procedure_in(answer.text or "")
        if questioning(answer.text or "") and not switches(answer.text):  # «what is a pension
            return None  # resolution?» asks about it: it switched to «Return of my savings»
        if named is None or named == ctx.data.procedure \
                or find_place(answer.text or "", ctx.services.appointments.centres) is not None:
            return None
        return Procedure(named)

    async def _switch(self, ctx: Ctx[AppointmentData], procedure: Procedure,
                      text: str) -> Result:
        """The booking starts over for ``procedure``, its checks first; a day said with it
        is kept."""
        ctx.data.state = ctx.data.centre = ctx.data.day = ctx.data.starts_at = None
        ctx.data.procedure, ctx.data.by_words = None, True
        self._kept_ahead(ctx, text)
        return await self._chosen(ctx, procedure)

    _MOVABLE = frozenset({Step.MINE, Step.PROCEDURE, Step.CHOSEN, *_BOOKING})

    async def _move_instead(self, ctx: Ctx[AppointmentData], text: str) -> Result:
        """«quiero cambiar mi cita para el martes»: the appointment to move (the login
        first when there is none yet), then its new day at the same centre."""
        if ctx.account_id is None:
            ctx.data.wants_move = text
            return Goto(self.Step.FIND)  # who the worker is first; ``enter`` goes on after it
        await self._upcoming(ctx)
        return await self._to_move(ctx, text)

    async def _to_move(self, ctx: Ctx[AppointmentData], text: str) -> Result:
        if not ctx.data.folios:
            return Goto(self.Step.PROCEDURE, say=[Say(Msg("appointments.none_to_move"))])
        folio = ctx.data.folios[0] if len(ctx.data.folios) == 1 else self._named(ctx, text)
        if folio is None:
            ctx.data.when_ahead = moved_to(text) if names_when(text) else None
            return Goto(self.Step.MOVE)
        return await self._moving(ctx, folio, text)

    async def _moving(self, ctx: Ctx[AppointmentData], folio: str, text: str) -> Result:
        """The booking steps again for ``folio``: same procedure, same centre (another one
        a «mejor otro centro» away), the day said kept («para el martes»)."""
        index = ctx.data.folios.index(folio)
        _, procedure, centre_name, _, starts = ctx.data.upcoming[index]
        ctx.data.moving, ctx.data.procedure = folio, procedure
        moment = datetime.fromisoformat(starts)
        said = Say(Msg("appointments.moving", folio=folio, centre=centre_name,
                       procedure=Msg(f"appointments.procedure.{procedure}"),
                       when=Msg("appointments.when", day=LongDate(moment.date()),
                                time=ClockTime(moment))))
        if names_when(text):  # «del jueves al viernes»: the day it changes to
            ctx.data.when_ahead = moved_to(text)
        if index >= len(ctx.data.centre_ids):  # a state kept before centres were: the state
            return Goto(self.Step.STATE, say=[said])
        return await self._again_at(ctx, ctx.data.centre_ids[index], [said])

    def ask_move(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        return self._which(ctx, "appointments.ask_move")

    async def on_move(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        folio = self._chosen_folio(ctx, answer)
        if folio is None:
            return Invalid(Msg("appointments.move_which"))
        return await self._moving(ctx, folio, answer.text or ctx.data.when_ahead or "")

    def _chosen_folio(self, ctx: Ctx[AppointmentData], answer: Answer) -> str | None:
        """The upcoming appointment picked from the list, or named in words («la de
        monterrey», «la del lunes», its folio)."""
        folio = picked(answer, ctx.data.folios)
        if folio is None and answer.text:
            folio = self._named(ctx, answer.text)
        return folio

    async def _cancel_instead(self, ctx: Ctx[AppointmentData]) -> Result:
        await self._upcoming(ctx)
        return self._to_cancel(ctx)

    def holder(self, ctx: Ctx[AppointmentData]) -> Holder:
        assert ctx.account_id is not None and ctx.data.worker_id is not None
        return Holder(ctx.data.worker_id, ctx.account_id)

    def finished(self, ctx: Ctx[AppointmentData], booked: Booked) -> Result:
        if ctx.data.moving is not None:  # the old one went in the same transaction
            return Done(say=[Say(Msg("appointments.moved", folio=ctx.data.moving)),
                             done_says(booked)], centre=booked.centre.id)
        return Done(say=[done_says(booked)], centre=booked.centre.id)

    async def enter(self, ctx: Ctx[AppointmentData]) -> Result | None:
        if ctx.account_id is None:  # the procedure list, open without a login
            return None
        if ctx.data.wants_cancel:  # asked for before the login
            ctx.data.wants_cancel = False
            await self._upcoming(ctx)
            return self._to_cancel(ctx)
        if ctx.data.wants_move is not None:  # «cambiar mi cita», before the login
            text, ctx.data.wants_move = ctx.data.wants_move, None
            await self._upcoming(ctx)
            return await self._to_move(ctx, text)
        if ctx.data.procedure is not None:  # chosen before the login
            chosen, ctx.data.procedure = Procedure(ctx.data.procedure), None
            await self._upcoming(ctx)
            return await self._chosen(ctx, chosen)
        upcoming = await self._upcoming(ctx)
        if not upcoming:
            return Goto(self.Step.PROCEDURE)
        says = [Say(Msg("appointments.yours"))] + [booked_says(b) for b in upcoming]
        return Goto(self.Step.MINE, say=says)

    async def _upcoming(self, ctx: Ctx[AppointmentData]) -> list[Booked]:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        holder = await ctx.services.appointments.holder(ctx.account_id)
        ctx.data.worker_id = holder.worker_id
        upcoming = await ctx.services.appointments.upcoming(holder, ctx.now)
        ctx.data.folios = [b.appointment.folio for b in upcoming]
        ctx.data.upcoming = [[b.appointment.folio, b.appointment.procedure, b.centre.name,
                              b.centre.city, b.starts_at.isoformat()] for b in upcoming]
        ctx.data.centre_ids = [b.centre.id for b in upcoming]
        return upcoming

    # --- the upcoming ones ----------------------------------------------------------

    def ask_mine(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = []
        if len(ctx.data.folios) < MAX_UPCOMING:
            options.append(Option(BOOK, Msg("appointments.book")))
        if ctx.data.folios:
            options.append(Option(MOVE, Msg("appointments.move")))
            options.append(Option(CANCEL, Msg("appointments.cancel")))
        options.append(Option(button(Command.MENU), Msg("escape.menu")))
        # typed words reach the step: «cambiar mi cita para el martes», «¿dónde queda?»
        return [Say(Msg("appointments.next"), options=tuple(options))]

    async def on_mine(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        if answer.choice == BOOK and len(ctx.data.folios) < MAX_UPCOMING:
            return Goto(self.Step.PROCEDURE)
        if answer.choice == CANCEL and ctx.data.folios:
            return self._to_cancel(ctx)
        if answer.choice == MOVE and ctx.data.folios:
            return await self._to_move(ctx, answer.text or "")
        if answer.choice is None and asks_where(answer.text) and ctx.data.folios:
            return Goto(self.Step.MINE, say=self._where(ctx))
        if answer.choice is None and ctx.data.folios and moves_it(answer.text):
            return await self._to_move(ctx, answer.text or "")  # «quiero cambiarla al viernes»
        if answer.choice is None and ctx.data.folios and cancels_it(answer.text):
            return self._to_cancel(ctx)  # «cancélala»
        return Invalid(Msg("input.choose_option"))

    def _where(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        """«¿dónde queda?»: each upcoming appointment's centre and its address."""
        centres = ctx.services.appointments.centres
        return [Say(Msg("appointments.centre_at", centre=centres.by_id(centre_id).name,
                        address=centres.by_id(centre_id).address))
                for centre_id in dict.fromkeys(ctx.data.centre_ids)]

    # --- the procedure and what it needs ----------------------------------------------

    def ask_procedure(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = tuple(Option(PICK + p.value, Msg(f"appointments.procedure.{p.value}"))
                        for p in Procedure)
        key = ("appointments.ask_procedure" if ctx.account_id is not None
               else "appointments.ask_procedure_logged_out")
        # typed words reach the step first: «cancelar mi cita» is not «Cancelación de crédito»
        return [Say(Msg(key), options=options)]

    async def on_procedure(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        if answer.choice is None and cancels_appointment(answer.text):
            if ctx.account_id is None:
                ctx.data.wants_cancel = True
                return Goto(self.Step.FIND)  # who the worker is first; ``enter`` goes on after it
            await self._upcoming(ctx)
            return self._to_cancel(ctx)
        if answer.choice is None and ctx.account_id is None \
                and asks_own_appointment(answer.text):  # «¿cuándo es mi cita?»: who first,
            return Goto(self.Step.FIND)  # then the appointments (it was a new booking)
        if answer.choice is None and ctx.account_id is not None and not ctx.data.folios \
                and asks_own_appointment(answer.text):  # none: said, not a booking begun
            return Goto(self.Step.PROCEDURE, say=[Say(Msg("appointments.none_upcoming"))])
        procedures = [p.value for p in Procedure]
        chosen = picked(answer, procedures)
        if chosen is None and ctx.account_id is None and signs_in(answer.text):
            # «sofia@…» before choosing: the login now, the procedure once in
            return Start(LoginFlow, answer=answer.text)
        if chosen is None and answer.text and not signs_in(answer.text):
            if self._kept_ahead(ctx, answer.text):  # «para reestructura en gdl el lunes»
                chosen = picked(Answer(choice=option_by_words(answer.text, ctx.state.offered)),
                                procedures) or procedure_in(answer.text)
                if chosen is None:
                    return Goto(self.Step.PROCEDURE,
                                say=[Say(Msg("appointments.kept_procedure_first"))])
            else:  # «me cobraron de más»; a label's words are the conversation's to read
                chosen = procedure_in(answer.text)
        elif answer.text and not signs_in(answer.text):  # a procedure named with a place
            self._kept_ahead(ctx, answer.text)
        if chosen is None:
            return Invalid(Msg("input.choose_option"))
        procedure = Procedure(chosen)
        ctx.data.by_words = answer.choice is None  # said back before the state: which one
        if ctx.account_id is None:
            if procedure is Procedure.ACCOUNT_RECOVERY:  # the one booked without a login
                return Start(AccountRecoveryFlow, replace=True)
            ctx.data.procedure = chosen
            return Goto(self.Step.CHOSEN)  # the login first; ``enter`` goes on after it
        if ctx.data.worker_id is None:  # opened straight at this step (no enter)
            await self._upcoming(ctx)
        return await self._chosen(ctx, procedure)

    ask_chosen = ask_procedure
    on_chosen = on_procedure

    def ask_find(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        return [Say(Msg("appointments.find_how"), options=(
            Option(SIGN_IN, Msg("appointments.find_sign_in")),
            Option(CANNOT_SIGN_IN, Msg("appointments.find_recovery"))))]

    async def on_find(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        typed = answer.text or ""
        if answer.choice == CANNOT_SIGN_IN or (answer.choice is None and (
                lost_access(typed) or cannot_sign_in(typed)
                or procedure_in(typed) == Procedure.ACCOUNT_RECOVERY.value)):
            return Start(RecoveryLookupFlow, replace=True)
        if answer.choice is None and signs_in(typed):  # the NSS or e-mail, straight away;
            return Start(LoginFlow, answer=typed, enter_after=True)  # then what was asked
        if answer.choice == SIGN_IN or (answer.choice is None and read_yes_no(typed)):
            return Start(LoginFlow, enter_after=True)  # then what was asked (``enter``)
        return Invalid(Msg("input.choose_option"))

    @staticmethod
    def _kept_ahead(ctx: Ctx[AppointmentData], text: str) -> bool:
        """A place or a day said before they are asked: kept for their steps."""
        place = find_place(text, ctx.services.appointments.centres) is not None
        when = names_when(text)
        if place:
            ctx.data.place_ahead = text
        if when:
            keep_when(ctx.data, text)
        return place or when

    async def _chosen(self, ctx: Ctx[AppointmentData], procedure: Procedure) -> Result:
        """The procedure's checks, before the state: one per procedure, then its condition."""
        await ctx.services.appointments.check_free_for(self.holder(ctx), procedure, ctx.now)
        ctx.data.procedure = procedure.value
        if needs_pension_resolution(procedure):
            return Goto(self.Step.PENSION)
        result = await self._conditions_met(ctx, procedure)
        if procedure is Procedure.ACCOUNT_RECOVERY and isinstance(result, Goto):
            # logged in, the e-mail or mobile lost is changed here, no visit needed (it
            # booked one without a word): said, and the booking goes on if still wanted
            result = dataclasses.replace(result, say=[
                Say(Msg("appointments.recovery_logged_in")), *result.say])
        return result

    async def _conditions_met(self, ctx: Ctx[AppointmentData], procedure: Procedure) -> Result:
        record = await ctx.services.appointments.record(self.holder(ctx))
        found = blocker(procedure, record)
        if found is not None:
            ctx.data.procedure = None  # back at the list: none chosen
            return Goto(self.Step.PROCEDURE, say=[Say(Msg(
                f"appointments.cannot.{found.value}",
                procedure=Msg(f"appointments.procedure.{procedure.value}")))])
        ahead, ctx.data.place_ahead = ctx.data.place_ahead, None
        named = [Say(Msg("appointments.procedure_taken",
                         procedure=Msg(f"appointments.procedure.{procedure.value}")))] \
            if ctx.data.by_words else []  # «me cobraron de más»: which procedure that is
        ctx.data.by_words = False
        if ahead is None:
            return Goto(self.Step.STATE, say=named)
        booking = cast(Ctx[BookingData], ctx)  # the shared steps' view of this flow's data
        result = await self._typed_place(booking, ahead, None)  # said with the procedure
        if isinstance(result, Invalid):
            return Goto(self.Step.STATE, say=[*named, Say(result.problem)])
        if isinstance(result, Goto):  # the state (and the centre) answered on the way
            passed = (self.Step.STATE,) if result.step is self.Step.CENTRE \
                else (self.Step.STATE, self.Step.CENTRE)
            result = dataclasses.replace(result, passed=(*result.passed, *passed),
                                         say=[*named, *result.say])
        return result

    async def question(self, ctx: Ctx[AppointmentData], text: str) -> list[Say] | None:
        """«¿cuánto me van a dar?» while booking the return of the savings: the savings that
        are returned, from the record (it was read as a loan and refused with the pension)."""
        if ctx.data.procedure == Procedure.RETURN_OF_SAVINGS.value \
                and ctx.account_id is not None and asks_amount_back(text):
            overview = await ctx.services.savings.overview(ctx.account_id, ctx.now, 1)
            funds = sum((fund.balance for fund in overview.historical_funds), Decimal(0))
            return [Say(Msg("appointments.savings_back" if not funds
                            else "appointments.savings_back_funds",
                            balance=Money(overview.balance), funds=Money(funds),
                            date=LongDate(overview.as_of)))]
        if ctx.state.top.step == self.Step.PENSION.value and asks_about_resolution(text):
            return [Say(Msg("appointments.pension.what"))]
        return self.visit_question(text) or await super().question(ctx, text)

    def ask_pension(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = (Option(YES, Msg("appointments.pension.yes")),
                   Option(NO, Msg("appointments.pension.no")))
        return [Say(Msg("appointments.pension.ask"), options=options)]

    async def on_pension(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        said = read_yes_no(answer.text) if answer.choice is None else None  # «si», «nel»
        if said is None and answer.choice is None:  # «ya la tengo», «todavía no me la dan»
            said = has_it(answer.text)
        if said is False and changes_mind(answer.text) and self._kept_ahead(ctx, answer.text or ""):
            # «no, mejor en monterrey»: the no was about the place, not the resolution
            return Goto(self.Step.PENSION, say=[Say(Msg("appointments.kept_answer_first"))])
        if answer.choice == YES or said is True:
            return await self._conditions_met(ctx, Procedure.RETURN_OF_SAVINGS)
        if answer.choice == NO or said is False:
            ctx.data.procedure = None
            return Goto(self.Step.PROCEDURE,
                        say=[Say(Msg("appointments.pension.first"))])
        if answer.choice is None and answer.text and self._kept_ahead(ctx, answer.text):
            # «el viernes en la mañana» before saying whether they have it: kept for later
            return Goto(self.Step.PENSION, say=[Say(Msg("appointments.kept_answer_first"))])
        return Invalid(Msg("input.choose_option"))

    # --- cancelling -----------------------------------------------------------------

    def _to_cancel(self, ctx: Ctx[AppointmentData]) -> Result:
        """«quiero cancelar mi cita»: the worker's appointments to choose from (with one,
        straight to whether to cancel it), or that there are none (and the procedures)."""
        if len(ctx.data.folios) == 1:
            ctx.data.cancelling = ctx.data.folios[0]
            return Goto(self.Step.CANCEL_CONFIRM)
        if ctx.data.folios:
            return Goto(self.Step.CANCEL)
        return Goto(self.Step.PROCEDURE, say=[Say(Msg("appointments.none_to_cancel"))])

    def ask_cancel(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        return self._which(ctx, "appointments.ask_cancel")

    def _which(self, ctx: Ctx[AppointmentData], question: str) -> list[Say]:
        """The upcoming appointments, each with its day, time, procedure and centre, and
        ``question`` with one button each."""
        options = tuple(Option(PICK + folio,
                               Msg("appointments.cancel_option",
                                   day=ShortDate(datetime.fromisoformat(starts).date()),
                                   time=ClockTime(datetime.fromisoformat(starts))),
                               Msg("appointments.cancel_option_detail",
                                   procedure=Msg(f"appointments.procedure.{procedure}"),
                                   centre=centre))
                        for folio, procedure, centre, _, starts in ctx.data.upcoming)
        listed = [Say(Msg("appointments.booked_line", folio=folio, centre=centre,
                          procedure=Msg(f"appointments.procedure.{procedure}"),
                          when=Msg("appointments.when",
                                   day=LongDate(datetime.fromisoformat(starts).date()),
                                   time=ClockTime(datetime.fromisoformat(starts)))))
                  for folio, procedure, centre, _, starts in ctx.data.upcoming]
        return [*listed, Say(Msg(question), options=options)]

    async def on_cancel(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        folio = self._chosen_folio(ctx, answer)
        if answer.choice is None and moves_it(answer.text):  # «no, mejor cambiarla»
            return await self._to_move(ctx, answer.text or "")
        if folio is None:
            return Invalid(Msg("appointments.cancel_which"))
        ctx.data.cancelling = folio
        return Goto(self.Step.CANCEL_CONFIRM)

    def _named(self, ctx: Ctx[AppointmentData], text: str) -> str | None:
        """The one upcoming appointment the words name."""
        starts = [datetime.fromisoformat(row[4]) for row in ctx.data.upcoming]
        upcoming = [Upcoming(folio, procedure, (centre, city), moment.date())
                    for (folio, procedure, centre, city, _), moment
                    in zip(ctx.data.upcoming, starts, strict=True)]
        today = ctx.now.astimezone(starts[0].tzinfo).date() if starts else ctx.now.date()
        return appointment_named(text, upcoming, today)

    def ask_cancel_confirm(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = CANCEL_OR_KEEP
        row = next((row for row in ctx.data.upcoming if row[0] == ctx.data.cancelling), None)
        if row is None:
            return [Say(Msg("appointments.ask_cancel_confirm", folio=ctx.data.cancelling),
                        options=options)]
        folio, procedure, centre, _, starts = row
        moment = datetime.fromisoformat(starts)
        return [Say(Msg("appointments.ask_cancel_this", folio=folio, centre=centre,
                        procedure=Msg(f"appointments.procedure.{procedure}"),
                        when=Msg("appointments.when", day=LongDate(moment.date()),
                                 time=ClockTime(moment))),
                    options=options)]

    async def on_cancel_confirm(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        assert ctx.data.cancelling is not None
        if answer.choice is None and moves_it(answer.text):  # «mejor cámbiala pal viernes»:
            folio, ctx.data.cancelling = ctx.data.cancelling, None  # moved, not cancelled
            return await self._moving(ctx, folio, answer.text or "")
        return await cancel_or_keep(ctx, answer, self.holder(ctx), ctx.data.cancelling)
