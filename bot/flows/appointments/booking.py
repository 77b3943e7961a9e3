"""The booking steps shared by «Citas» (logged in) and «Recuperar mi cuenta» (no login):
state -> centre -> day -> time -> confirmation, as the portal asks.

The state and the centre are offered as lists (a WhatsApp list pages them past 10 rows) and
may also be typed: «nuevo leon», «edomex», «cdmx», a city («monterey» picks its centre), with
typos and without accents (``domain.appointments.places``). A state the catalog has no
centre for is named back with Infonatel's number instead of "not found". At the centre step
a typed state or city of another state changes the state (the worker changed their mind).

Days and times are the centre's local ones. What was offered (days, times) is kept in the
flow's data, so an answer is checked against exactly what the worker saw; a time taken by
someone else meanwhile is refused at confirmation and the free times are offered again.
A flow using these steps defines ``STATE``, ``CENTRE``, ``DAY``, ``TIME`` and ``CONFIRM`` in
its ``Step`` and says whose the booking is (``holder``) and what follows it (``finished``).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from bot.conversation.commands import Command, button
from bot.conversation.help_topics import DOCUMENTS, HOURS
from bot.conversation.messages import ClockTime, LongDate, Msg, Option, Say, ShortDate
from bot.flows.base import Answer, Ctx, Done, Goto, Invalid, Result
from bot.nlu import fields
from bot.nlu.answers import (
    any_will_do,
    asks_companion,
    asks_duration,
    asks_hours,
    asks_where,
    read_yes_no,
)
from domain.appointments.centres import Centre
from domain.appointments.model import Holder
from domain.appointments.places import find_place, names_the_state, state_name
from domain.appointments.procedures import Procedure, requirements
from domain.appointments.service import Booked, SlotTaken, Told
from domain.appointments.slots import closed_because, opening_hours
from domain.values.days import (
    PartOfDay,
    moved_to,
    names_a_calendar_day,
    names_a_date,
    names_a_day,
    names_a_time,
    names_when,
    read_clock,
    read_day,
    read_part_of_day,
    read_time,
    said_together,
    time_of_day_said,
    times_in_part,
)

BOOKING_WORDS: dict[str, tuple[str, ...]] = {
    "state": fields.STATE, "centre": fields.CENTRE, "day": fields.DAY, "time": fields.TIME,
}
"""The booking steps a worker may go back to, with what names them (``Flow.revisable``)."""
def _a_time_alone(text: str) -> bool:
    return names_a_time(text) and not names_a_day(text) and not names_a_calendar_day(text)


BOOKING_BY_VALUE: dict[str, Callable[[str], bool]] = {"day": names_a_day, "time": _a_time_alone}
"""«mejor el viernes», «mejor a las 10» at the confirmation: that day, that time
(``Flow.revised_by_value``); it was «Elige una de las opciones»."""

CONFIRM = "appt:confirm"
KEEP = "appt:keep"
OTHER_TIME = "appt:other_time"
BOOKING_YES_NO = {"confirm": (CONFIRM, button(Command.CANCEL))}
"""«sí» books the time shown, «no» leaves without booking (``Flow.yes_no``)."""
YEAR_DAYS = 366
"""How far ahead a date named in words is looked for («el 8 de enero» in December)."""
PICK = "appt:pick:"
"""Prefix of an option picked from a list (a procedure, state, centre, day or time)."""


@dataclass
class BookingData:
    procedure: str | None = None
    worker_id: str | None = None
    state: str | None = None
    centre: str | None = None
    day: str | None = None
    starts_at: str | None = None
    days: list[str] = field(default_factory=list)
    """The days offered (ISO dates)."""
    times: list[str] = field(default_factory=list)
    """The times offered (ISO datetimes in the centre's zone)."""
    when_ahead: str | None = None
    """When the worker wants it, said before the day was asked («el lunes en la tarde»)."""
    part: str | None = None
    """The part of the day asked for (``PartOfDay``): the times shown are those."""
    moving: str | None = None
    """The folio of the worker's appointment this booking replaces («cambiar mi cita»): it
    is cancelled when the new one is booked, in the same transaction."""


def centre_hours(centre: Centre) -> list[Say]:
    """When ``centre`` attends, in its own time (and whether those are only the usual
    hours, its source giving none)."""
    def at(moment: time) -> ClockTime:  # a weekday's date only carries the zone
        return ClockTime(datetime.combine(date(2026, 1, 5), moment, tzinfo=centre.zone))

    opens, closes = centre.weekday_hours
    said = Msg("appointments.centre_hours", centre=centre.name, opens=at(opens),
               closes=at(closes))
    if centre.saturday_hours is not None:
        said = Msg("appointments.centre_hours_saturday", centre=centre.name, opens=at(opens),
                   closes=at(closes), sat_opens=at(centre.saturday_hours[0]),
                   sat_closes=at(centre.saturday_hours[1]))
    return [Say(said)] + ([Say(Msg("appointments.centre_hours_assumed"))]
                          if centre.hours_assumed else [])


def picked(answer: Answer, offered: list[str]) -> str | None:
    choice = (answer.choice or "").removeprefix(PICK)
    return choice if answer.choice and choice in offered else None


def when(booked: Booked) -> Msg:
    return Msg("appointments.when", day=LongDate(booked.starts_at.date()),
               time=ClockTime(booked.starts_at))


def dated(centre: Centre) -> list[Say]:
    """An address from an old source (``Centre.dated``): its year, and to confirm it first."""
    if not centre.dated:
        return []
    return [Say(Msg("appointments.address_dated", year=centre.as_of_year or ""))]


def centre_address(centre: Centre) -> list[Say]:
    """«¿dónde queda?»: the centre and its address (with how old the address is)."""
    return [Say(Msg("appointments.centre_at", centre=centre.name, address=centre.address)),
            *dated(centre)]


def bring(procedure: Procedure) -> Msg:
    return Msg("appointments.bring", items=[Msg(key) for key in requirements(procedure)])


def keep_when(data: BookingData, typed: str) -> None:
    """A day or a part of the day said before its step, kept for it: added to what was
    said before («el viernes», then «en la tarde»), unless both name a day (the later one
    is the worker's mind changed)."""
    data.when_ahead = said_together(data.when_ahead, moved_to(typed))


class BookingSteps(ABC):
    """Mixed into a ``Flow`` whose ``Step`` has the steps below."""

    Step: Any

    @abstractmethod
    def holder(self, ctx: Ctx[Any]) -> Holder:
        """Who the booking is held by (an account, or a record checked without a login)."""

    def handle(self, step: StrEnum, ctx: Ctx, answer: Answer) -> Awaitable[Result]:
        """The step's answer, and the booking steps it skipped forward («monterrey el jueves
        en la mañana» at the state: the centre and the day) counted as answered, so «mejor
        otro centro», «mejor otro día» go back to them (they got «Elige una hora»)."""
        if step.value in self._AFTER_CENTRE and answer.choice is None \
                and ctx.data.centre is not None and asks_where(answer.text) \
                and find_place(answer.text or "", ctx.services.appointments.centres) is None:
            return self._where_booking(step, ctx)  # «¿dónde queda?»: the centre chosen
        return self._skipped_as_passed(step, super().handle(step, ctx, answer))  # type: ignore[misc]

    async def _where_booking(self, step: StrEnum, ctx: Ctx[BookingData]) -> Result:
        """«¿dónde queda?», «¿dónde está?» at the day, the time or the confirmation: the
        address of the centre being booked, and the step again (it was «No sé responder
        esa pregunta aquí», or where to find one's NSS)."""
        assert ctx.data.centre is not None
        centre = ctx.services.appointments.centres.by_id(ctx.data.centre)
        return Goto(step, say=centre_address(centre))

    async def _skipped_as_passed(self, step: StrEnum, handled: Awaitable[Result]) -> Result:
        result = await handled
        order = [self.Step.STATE, self.Step.CENTRE, self.Step.DAY, self.Step.TIME,
                 self.Step.CONFIRM]
        if not isinstance(result, Goto) or step not in order or result.step not in order:
            return result
        skipped = order[order.index(step) + 1:order.index(result.step)]
        if not skipped:
            return result
        passed = [s for s in order if s in skipped or s in result.passed]
        return dataclasses.replace(result, passed=tuple(passed))

    @abstractmethod
    def finished(self, ctx: Ctx[Any], booked: Booked) -> Result:
        """What the flow says and does once the appointment is booked."""

    def about(self, topic: str, ctx: Ctx[Any], text: str = "") -> list[Say] | None:
        """What to bring to this appointment, when asked for documents on the way; the
        chosen centre's hours, when asked when it opens."""
        if topic == HOURS and ctx.data.centre is not None:
            return centre_hours(ctx.services.appointments.centres.by_id(ctx.data.centre))
        if topic != DOCUMENTS:
            return super().about(topic, ctx, text)  # type: ignore[misc]
        if ctx.data.procedure is None:
            return [Say(Msg("appointments.bring_general"))]
        procedure = Procedure(ctx.data.procedure)
        return [Say(Msg("appointments.bring_for",
                        procedure=Msg(f"appointments.procedure.{procedure.value}"),
                        items=[Msg(key) for key in requirements(procedure)]))]

    _AFTER_CENTRE = frozenset({"day", "time", "confirm"})

    @staticmethod
    def visit_question(text: str) -> list[Say] | None:
        """About the visit itself: how long it takes («it was what it costs: nothing») and
        whether someone may come along (it was the joint credit)."""
        if asks_duration(text):
            return [Say(Msg("appointments.duration"))]
        if asks_companion(text):
            return [Say(Msg("appointments.companion"))]
        return None

    def place_instead(self, step: StrEnum, ctx: Ctx[Any],
                      answer: Answer) -> Awaitable[Result] | None:
        """«no, mejor el de Ermita», «mejor en Monterrey» at the day, the time or the
        confirmation: the booking goes on at that centre (or state), a day said with it
        kept. It was «Elige un día de la lista», or for the «no» the whole booking dropped."""
        if step.value not in self._AFTER_CENTRE or answer.choice is not None or not answer.text:
            return None
        place = find_place(answer.text, ctx.services.appointments.centres, ctx.data.state)
        if place is None or place.centre_id == ctx.data.centre \
                or (place.centre_id is None and place.state_code == ctx.data.state):
            return None
        return self._typed_place(ctx, answer.text, None)

    # --- state and centre -----------------------------------------------------------

    def ask_state(self, ctx: Ctx[BookingData]) -> list[Say]:
        states = ctx.services.appointments.centres.states()
        options = tuple(Option(PICK + code, Msg("appointments.plain", text=name))
                        for code, name in states)
        return [Say(Msg("appointments.ask_state"), options=options)]

    async def on_state(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        centres = ctx.services.appointments.centres
        code = picked(answer, [code for code, _ in centres.states()])
        if code is not None:
            return await self._state(ctx, code)
        return await self._typed_place(ctx, answer.text or "", None)

    async def _typed_place(self, ctx: Ctx[BookingData], typed: str,
                           state_code: str | None) -> Result:
        place = find_place(typed, ctx.services.appointments.centres, state_code)
        if names_when(typed):  # «en gdl el lunes», or «el lunes» alone: kept for the day
            keep_when(ctx.data, typed)
            if place is None:
                return Goto(self.Step.CENTRE if state_code else self.Step.STATE,
                            say=[Say(Msg("appointments.when_kept_place_first"))])
        if place is None and state_code is not None:
            # «mejor el de otra colonia», «vivo en chimalhuacán» at the centres: what to do
            # (it was «No encontré ese estado ni esa ciudad… escribe tu estado»)
            return Invalid(Msg("appointments.place_unknown_centre", state=state_name(state_code)))
        if place is None:
            return Invalid(Msg("appointments.place_unknown"))
        if place.centre_id is None and place.state_code == state_code:
            if not names_the_state(typed, state_code):  # «vivo en neza»: a municipality
                # without a centre (it was «…o escribe tu alcaldía o municipio», just written)
                return Invalid(Msg("appointments.place_no_centre", state=state_name(state_code)))
            # «cdmx» at the centres of Mexico City: the state again, not one centre
            return Invalid(Msg("appointments.place_in_state", state=state_name(state_code)))
        if place.centre_id is None and state_code is not None \
                and not names_the_state(typed, place.state_code):
            # «vivo en neza» at the centres of Mexico City: that state's, said why
            result = await self._state(ctx, place.state_code)
            if isinstance(result, Goto):
                return dataclasses.replace(result, say=[Say(Msg(
                    "appointments.place_no_centre_other",
                    state=state_name(place.state_code))), *result.say])
            return result
        if place.centre_id is not None:
            centre = ctx.services.appointments.centres.by_id(place.centre_id)
            ctx.data.state = centre.state_code
            return await self._centre(ctx, centre.id, [Say(Msg(
                "appointments.centre_found", centre=centre.name, address=centre.address))])
        return await self._state(ctx, place.state_code)

    async def _state(self, ctx: Ctx[BookingData], code: str) -> Result:
        in_state = ctx.services.appointments.centres.in_state(code)
        if not in_state:
            return Invalid(Msg("appointments.no_centre_in_state", state=state_name(code)))
        ctx.data.state = code
        if len(in_state) == 1:
            only = in_state[0]
            return await self._centre(ctx, only.id, [Say(Msg(
                "appointments.only_centre", centre=only.name, address=only.address))])
        return Goto(self.Step.CENTRE)

    def ask_centre(self, ctx: Ctx[BookingData]) -> list[Say]:
        in_state = ctx.services.appointments.centres.in_state(ctx.data.state or "")
        options = tuple(Option(PICK + c.id, Msg("appointments.plain", text=c.name),
                               Msg("appointments.plain", text=c.address)) for c in in_state)
        return [Say(Msg("appointments.ask_centre"), options=options)]

    async def on_centre(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        in_state = ctx.services.appointments.centres.in_state(ctx.data.state or "")
        centre_id = picked(answer, [c.id for c in in_state])
        if centre_id is not None:
            return await self._centre(ctx, centre_id, [])
        if any_will_do(answer.text) and in_state:  # «la que sea»: the first, said so
            first = in_state[0]
            return await self._centre(ctx, first.id, [Say(Msg(
                "appointments.any_centre", centre=first.name, address=first.address))])
        return await self._typed_place(ctx, answer.text or "", ctx.data.state)

    async def _again_at(self, ctx: Ctx[Any], centre_id: str, say: list[Say]) -> Result:
        """A booked appointment being moved: its centre taken again (state and centre passed
        over, a «mejor en otro lado» goes back to them), the day asked next."""
        centre = ctx.services.appointments.centres.by_id(centre_id)
        ctx.data.state = centre.state_code
        result = await self._centre(ctx, centre.id, say)
        if isinstance(result, Goto) and result.step not in (self.Step.STATE, self.Step.CENTRE):
            result = dataclasses.replace(result, passed=(self.Step.STATE, self.Step.CENTRE))
        return result

    async def _centre(self, ctx: Ctx[BookingData], centre_id: str,
                      say: list[Say]) -> Result:
        ctx.data.centre = centre_id
        say = [*say, *dated(ctx.services.appointments.centres.by_id(centre_id))]
        days = await ctx.services.appointments.free_days(centre_id, ctx.now)
        ctx.data.days = [day.isoformat() for day in days]
        if not days:  # another centre of the state, or another state if it has just this one
            others = len(ctx.services.appointments.centres.in_state(ctx.data.state or "")) > 1
            return Goto(self.Step.CENTRE if others else self.Step.STATE,
                        say=[*say, Say(Msg("appointments.centre_full"))])
        ahead, ctx.data.when_ahead = ctx.data.when_ahead, None
        if ahead:  # the day said before it was asked: taken now, if it is free
            wanted = self._day_named(ctx, ahead)
            self._part(ctx, ahead)
            if wanted is not None:
                ctx.data.day = wanted
                return await self._times(ctx, [*say, Say(Msg(
                    "appointments.day_taken", day=LongDate(date.fromisoformat(wanted))))],
                    said=ahead)
            if names_a_day(ahead) or names_a_calendar_day(ahead):
                # «del 10 al 15», the 15th past the list: taken if free, else why not
                result = await self._day_not_shown(ctx, ahead)
                if isinstance(result, Goto):
                    return dataclasses.replace(result, say=[*say, *result.say])
                refused = result.problem if isinstance(result, Invalid) \
                    and result.problem.key != "appointments.day_unclear" \
                    else Msg("appointments.when_not_free")
                say = [*say, Say(refused)]
            elif time_of_day_said(ahead):  # «a las 10» without a day: for the day chosen
                ctx.data.when_ahead = ahead
        return Goto(self.Step.DAY, say=say)

    def _today(self, ctx: Ctx[BookingData]) -> date:
        assert ctx.data.centre is not None
        zone = ctx.services.appointments.centres.by_id(ctx.data.centre).zone
        return ctx.now.astimezone(zone).date()

    def _day_named(self, ctx: Ctx[BookingData], text: str) -> str | None:
        named = read_day(text, self._today(ctx), [date.fromisoformat(day) for day in ctx.data.days])
        return named.isoformat() if named is not None else None

    @staticmethod
    def _part(ctx: Ctx[BookingData], text: str) -> None:
        part = read_part_of_day(text)
        if part is not None:
            ctx.data.part = part.value

    # --- day and time ---------------------------------------------------------------

    def ask_day(self, ctx: Ctx[BookingData]) -> list[Say]:
        options = tuple(Option(PICK + day, Msg("appointments.plain_date",
                                               day=ShortDate(date.fromisoformat(day))))
                        for day in ctx.data.days)
        return [Say(Msg("appointments.ask_day"), options=options)]

    async def on_day(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        if answer.text:  # «del jueves al viernes»: the day it changes to
            answer = dataclasses.replace(answer, text=moved_to(answer.text))
        day = picked(answer, ctx.data.days)
        if day is None and asks_hours(answer.text):  # a question: answered, the day still open
            return Invalid(Msg("appointments.day_choose"))
        if day is None and any_will_do(answer.text) and ctx.data.days:  # the first free day
            ctx.data.day = ctx.data.days[0]
            return await self._times(ctx, [Say(Msg(
                "appointments.any_day", day=LongDate(date.fromisoformat(ctx.data.day))))],
                said=self._time_kept(ctx, ""))
        if day is None and answer.text:  # «mejor el martes», «el 15», «mañana»
            day = self._day_named(ctx, answer.text)
            if day is None and read_part_of_day(answer.text) is PartOfDay.FIRST \
                    and not names_a_date(answer.text) and ctx.data.days:
                return await self._earliest(ctx)  # «lo más pronto que haya», «the earliest»
            if day is None and read_part_of_day(answer.text) is not None \
                    and not names_a_date(answer.text):
                # «en la tarde» before a day: kept for the times, the day still to choose
                self._part(ctx, answer.text)
                return Goto(self.Step.DAY, say=[Say(Msg("appointments.part_kept_day_first"))])
        if day is None and names_a_date(answer.text or ""):
            return await self._day_not_shown(ctx, answer.text or "")
        if day is None:
            return Invalid(Msg("appointments.day_choose"))
        ctx.data.day = day
        if answer.text:  # «el lunes en la tarde», «el lunes a las 10»
            self._part(ctx, answer.text)
        return await self._times(ctx, [], said=self._time_kept(ctx, answer.text or ""))

    async def _earliest(self, ctx: Ctx[BookingData]) -> Result:
        """The first free time of the first free day, to be confirmed (or another asked)."""
        ctx.data.day = ctx.data.days[0]
        said = [Say(Msg("appointments.any_day", day=LongDate(date.fromisoformat(ctx.data.day))))]
        result = await self._times(ctx, said)
        if isinstance(result, Goto) and result.step == self.Step.TIME and ctx.data.times:
            ctx.data.starts_at = ctx.data.times[0]
            return Goto(self.Step.CONFIRM, passed=(self.Step.TIME,), say=result.say)
        return result

    @staticmethod
    def _time_kept(ctx: Ctx[BookingData], typed: str) -> str:
        """What the day's answer said about the time, with a time said before the day was
        asked («a las 10» at an earlier step), which is then used up."""
        kept, ctx.data.when_ahead = ctx.data.when_ahead, None
        if not kept or time_of_day_said(typed):  # a time said now is the one wanted
            return typed
        return said_together(kept, typed)

    async def _day_not_shown(self, ctx: Ctx[BookingData], text: str) -> Result:
        """A date named that is not in the list («el domingo», «el 25 de diciembre», «el 8
        de enero»): taken when the centre has free times that day (the list shows only the
        first days), else why not: closed that day (Sundays, official holidays, Saturdays
        where it does not open), past the booking window, or full."""
        assert ctx.data.centre is not None
        catalog = ctx.services.appointments.centres
        centre = catalog.by_id(ctx.data.centre)
        today = self._today(ctx)
        first = today + timedelta(days=catalog.book_from_days)
        last = today + timedelta(days=catalog.book_until_days)
        wanted = read_day(text, today, [today + timedelta(days=n) for n in range(1, YEAR_DAYS)])
        if wanted is None:
            return self._day_refused(ctx, text, Msg("appointments.day_unclear"))
        closed = closed_because(centre, wanted)
        if closed is not None:
            return self._day_refused(ctx, text, Msg(f"appointments.closed.{closed.value}",
                                                    day=LongDate(wanted)))
        if wanted > last:
            return self._day_refused(ctx, text, Msg("appointments.day_too_far",
                                                    last=LongDate(last)))
        if wanted < first:
            return self._day_refused(ctx, text, Msg("appointments.day_too_soon",
                                                    first=LongDate(first)))
        if not await ctx.services.appointments.free_times(centre.id, wanted, ctx.now):
            return self._day_refused(ctx, text, Msg("appointments.day_full"))
        ctx.data.day = wanted.isoformat()
        ctx.data.days = sorted({*ctx.data.days, ctx.data.day})
        self._part(ctx, text)
        return await self._times(ctx, [], said=self._time_kept(ctx, text))

    def _day_refused(self, ctx: Ctx[BookingData], text: str, problem: Msg) -> Result:
        """A day that cannot be had, and why; a part of the day said with it («mañana en la
        mañana», «el domingo en la tarde») is kept for the day chosen instead."""
        if read_part_of_day(text) is None:
            return Invalid(problem)
        self._part(ctx, text)
        return Goto(self.Step.DAY, say=[Say(problem),
                                        Say(Msg("appointments.part_kept_day_first"))])

    async def _times(self, ctx: Ctx[BookingData], say: list[Say], said: str = "") -> Result:
        """The day's free times; a free one ``said`` with the day before it was asked («el
        martes a las 10») is taken at once, to be confirmed."""
        assert ctx.data.centre is not None and ctx.data.day is not None
        times = await ctx.services.appointments.free_times(
            ctx.data.centre, date.fromisoformat(ctx.data.day), ctx.now)
        ctx.data.times = [moment.isoformat() for moment in times]
        if not times:
            return await self._centre(ctx, ctx.data.centre,
                                      [*say, Say(Msg("appointments.day_full"))])
        clock = time_of_day_said(said)  # «a las 10», not the «15» of «el 15»
        named = read_time(clock, times) if clock else None
        if named is not None:
            ctx.data.starts_at = named.isoformat()
            return Goto(self.Step.CONFIRM, passed=(self.Step.TIME,), say=say)
        return Goto(self.Step.TIME, say=say)

    def _shown_times(self, ctx: Ctx[BookingData]) -> tuple[list[str], bool]:
        """The times to show: those of the part of the day asked for, when there are any
        (and whether that part filtered them)."""
        if ctx.data.part:
            part = PartOfDay(ctx.data.part)
            moments = times_in_part(part, [datetime.fromisoformat(m) for m in ctx.data.times])
            if moments and part in (PartOfDay.MORNING, PartOfDay.AFTERNOON):
                return [moment.isoformat() for moment in moments], True
        return ctx.data.times, False

    def ask_time(self, ctx: Ctx[BookingData]) -> list[Say]:
        shown, filtered = self._shown_times(ctx)
        options = tuple(Option(PICK + moment, Msg("appointments.plain_time",
                                                  time=ClockTime(datetime.fromisoformat(moment))))
                        for moment in shown)
        key = f"appointments.ask_time_{ctx.data.part}" if filtered else "appointments.ask_time"
        # the day the times are of, said: a day taken from words («mañana en la tarde», «mejor
        # el viernes») was never named back
        day = LongDate(date.fromisoformat(ctx.data.day)) if ctx.data.day else ""
        return [Say(Msg(key, day=day), options=options)]

    async def on_time(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        moment = picked(answer, ctx.data.times)
        if moment is None and (names_a_day(answer.text or "")
                               or names_a_calendar_day(answer.text or "")):
            # «no, mejor el lunes», «el 15 de enero» at the times: another day (with its
            # time, if said; «el 11» was 11:00)
            before = ctx.data.day
            result = await self.on_day(ctx, Answer(text=answer.text))
            if isinstance(result, Goto) and result.step == self.Step.TIME \
                    and ctx.data.day and ctx.data.day != before:
                changed = Say(Msg("appointments.day_changed",
                                  day=LongDate(date.fromisoformat(ctx.data.day))))
                return Goto(self.Step.TIME, say=[changed, *result.say])
            return result
        if moment is None and any_will_do(answer.text):  # the first of those shown
            moment = next(iter(self._shown_times(ctx)[0]), None)
        offered = [datetime.fromisoformat(m) for m in ctx.data.times]
        part = read_part_of_day(answer.text) if moment is None and answer.text else None
        if part is not None:  # «lo más temprano» (of those shown), «en la tarde»
            among = offered if part in (PartOfDay.MORNING, PartOfDay.AFTERNOON) else \
                [datetime.fromisoformat(m) for m in self._shown_times(ctx)[0]]
            moments = times_in_part(part, among)
            if not moments:
                return Invalid(Msg(f"appointments.none_{part.value}"))
            if len(moments) == 1:
                moment = moments[0].isoformat()
            else:
                ctx.data.part = part.value
                return Goto(self.Step.TIME)
        if moment is None and answer.text:  # «a las 10», «4 de la tarde»
            named = read_time(answer.text, offered)
            moment = named.isoformat() if named is not None else None
        if moment is None and names_a_time(answer.text or ""):
            return Invalid(self._time_refused(ctx, answer.text or ""))
        if moment is None:
            return Invalid(Msg("appointments.time_choose"))
        ctx.data.starts_at = moment
        return Goto(self.Step.CONFIRM)

    def _time_refused(self, ctx: Ctx[BookingData], text: str) -> Msg:
        """Why a time named is not one of those offered: the centre is closed then (its
        hours said), appointments start on the slot grid («cada 30 minutos»), or it is
        taken."""
        assert ctx.data.centre is not None and ctx.data.day is not None
        catalog = ctx.services.appointments.centres
        centre = catalog.by_id(ctx.data.centre)
        day = date.fromisoformat(ctx.data.day)
        hours = opening_hours(centre, day)
        meant = read_clock(text) or []
        if hours is None or not meant:
            return Msg("appointments.time_unclear")
        opens, closes = hours
        if all(not opens <= time(hour, minute) < closes for hour, minute in meant):
            return Msg("appointments.time_closed",
                       opens=ClockTime(datetime.combine(day, opens, tzinfo=centre.zone)),
                       closes=ClockTime(datetime.combine(day, closes, tzinfo=centre.zone)))
        if all(minute % catalog.slot_minutes for _, minute in meant):
            return Msg("appointments.time_grid", minutes=catalog.slot_minutes)
        return Msg("appointments.time_unclear")

    # --- confirmation ---------------------------------------------------------------

    def ask_confirm(self, ctx: Ctx[BookingData]) -> list[Say]:
        assert ctx.data.centre and ctx.data.starts_at and ctx.data.procedure
        centre = ctx.services.appointments.centres.by_id(ctx.data.centre)
        starts_at = datetime.fromisoformat(ctx.data.starts_at)
        procedure = Procedure(ctx.data.procedure)
        summary = Msg("appointments.summary",
                      procedure=Msg(f"appointments.procedure.{procedure.value}"),
                      centre=centre.name, address=centre.address,
                      when=Msg("appointments.when", day=LongDate(starts_at.date()),
                               time=ClockTime(starts_at)))
        options = (Option(CONFIRM, Msg("appointments.confirm")),
                   Option(OTHER_TIME, Msg("appointments.other_time")),
                   Option(button(Command.CANCEL), Msg("appointments.dont_book")))
        replacing = [Say(Msg("appointments.replaces", folio=ctx.data.moving))] \
            if ctx.data.moving else []
        return [Say(summary), *replacing, *dated(centre),
                Say(bring(procedure), options=options)]  # typed words reach the step:
        # «no, mejor en monterrey» (it was «Elige una de las opciones», then a «va» booked)

    async def on_confirm(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        if answer.choice == OTHER_TIME:
            return await self._times(ctx, [])
        typed = answer.text or ""
        if answer.choice is None and (names_a_day(typed) or names_a_calendar_day(typed)
                                      or _a_time_alone(typed)):
            return await self.on_time(ctx, answer)  # «mejor el viernes», «mejor a las 10»
        if answer.choice != CONFIRM:
            return Invalid(Msg("input.choose_option"))
        assert ctx.data.centre and ctx.data.starts_at and ctx.data.procedure
        starts_at = datetime.fromisoformat(ctx.data.starts_at)
        try:
            if ctx.data.moving is not None:
                booked = await ctx.services.appointments.reschedule(
                    self.holder(ctx), ctx.data.moving, ctx.data.centre, starts_at, ctx.now)
            else:
                booked = await ctx.services.appointments.book(
                    self.holder(ctx), Procedure(ctx.data.procedure), ctx.data.centre,
                    starts_at, ctx.now, ctx.locale)
        except SlotTaken as taken:
            return await self._times(ctx, [Say(Msg(taken.key))])
        return self.finished(ctx, booked)


DONE = {Told.EMAIL: "appointments.done", Told.SMS: "appointments.done_sms",
        Told.CHAT_ONLY: "appointments.done_chat_only"}


def done_says(booked: Booked) -> Say:
    """The confirmation, saying where else it went (e-mail, SMS, or nowhere: write it down)."""
    return Say(Msg(DONE[booked.told], folio=booked.appointment.folio,
                   centre=booked.centre.name, address=booked.centre.address,
                   when=when(booked), phone=booked.told_to))


CANCEL_OR_KEEP = (Option(CONFIRM, Msg("appointments.cancel_yes")),
                  Option(KEEP, Msg("appointments.cancel_no")))
"""The options of «¿Cancelamos tu cita…?», in the worker's flow and in the recovery."""


async def cancel_or_keep(ctx: Ctx, answer: Answer, holder: Holder, folio: str) -> Result:
    """The answer to «¿Cancelamos tu cita…?»: kept, or cancelled (and the time freed)."""
    said = read_yes_no(answer.text) if answer.choice is None else None
    if answer.choice == KEEP or said is False:
        return Done(say=[Say(Msg("appointments.kept"))])
    if answer.choice != CONFIRM and said is not True:
        return Invalid(Msg("input.choose_option"))
    cancelled = await ctx.services.appointments.cancel(holder, folio, ctx.now)
    return Done(say=[Say(Msg("appointments.cancelled", folio=cancelled.appointment.folio,
                             when=when(cancelled)))])
