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

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.conversation.commands import Command, button
from bot.conversation.messages import ClockTime, LongDate, Msg, Option, Say, ShortDate
from bot.flows.base import Answer, Ctx, Goto, Invalid, Result
from bot.nlu import fields
from domain.appointments.centres import Centre
from domain.appointments.model import Holder
from domain.appointments.places import find_place, state_name
from domain.appointments.procedures import Procedure, requirements
from domain.appointments.service import Booked, SlotTaken, Told
from domain.values.days import read_day, read_time

BOOKING_WORDS: dict[str, tuple[str, ...]] = {
    "state": fields.STATE, "centre": fields.CENTRE, "day": fields.DAY, "time": fields.TIME,
}
"""The booking steps a worker may go back to, with what names them (``Flow.revisable``)."""

CONFIRM = "appt:confirm"
OTHER_TIME = "appt:other_time"
BOOKING_YES_NO = {"confirm": (CONFIRM, button(Command.CANCEL))}
"""«sí» books the time shown, «no» leaves without booking (``Flow.yes_no``)."""
DOCUMENTS_TOPIC = "documents"
"""The help topic a question about documents is (``bot/conversation/help_topics.py``)."""
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


def bring(procedure: Procedure) -> Msg:
    return Msg("appointments.bring", items=[Msg(key) for key in requirements(procedure)])


class BookingSteps(ABC):
    """Mixed into a ``Flow`` whose ``Step`` has the steps below."""

    Step: Any

    @abstractmethod
    def holder(self, ctx: Ctx[Any]) -> Holder:
        """Who the booking is held by (an account, or a record checked without a login)."""

    @abstractmethod
    def finished(self, ctx: Ctx[Any], booked: Booked) -> Result:
        """What the flow says and does once the appointment is booked."""

    def about(self, topic: str, ctx: Ctx[Any]) -> list[Say] | None:
        """What to bring to this appointment, when asked for documents on the way."""
        if topic != DOCUMENTS_TOPIC:
            return None
        if ctx.data.procedure is None:
            return [Say(Msg("appointments.bring_general"))]
        procedure = Procedure(ctx.data.procedure)
        return [Say(Msg("appointments.bring_for",
                        procedure=Msg(f"appointments.procedure.{procedure.value}"),
                        items=[Msg(key) for key in requirements(procedure)]))]

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
        if place is None:
            return Invalid(Msg("appointments.place_unknown"))
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
        return await self._typed_place(ctx, answer.text or "", ctx.data.state)

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
        return Goto(self.Step.DAY, say=say)

    # --- day and time ---------------------------------------------------------------

    def ask_day(self, ctx: Ctx[BookingData]) -> list[Say]:
        options = tuple(Option(PICK + day, Msg("appointments.plain_date",
                                               day=ShortDate(date.fromisoformat(day))))
                        for day in ctx.data.days)
        return [Say(Msg("appointments.ask_day"), options=options)]

    async def on_day(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        day = picked(answer, ctx.data.days)
        if day is None and answer.text:  # «mejor el martes», «el 15», «mañana»
            assert ctx.data.centre is not None
            zone = ctx.services.appointments.centres.by_id(ctx.data.centre).zone
            named = read_day(answer.text, ctx.now.astimezone(zone).date(),
                             [date.fromisoformat(offered) for offered in ctx.data.days])
            day = named.isoformat() if named is not None else None
        if day is None:
            return Invalid(Msg("appointments.day_unclear"))
        ctx.data.day = day
        return await self._times(ctx, [])

    async def _times(self, ctx: Ctx[BookingData], say: list[Say]) -> Result:
        assert ctx.data.centre is not None and ctx.data.day is not None
        times = await ctx.services.appointments.free_times(
            ctx.data.centre, date.fromisoformat(ctx.data.day), ctx.now)
        ctx.data.times = [moment.isoformat() for moment in times]
        if not times:
            return await self._centre(ctx, ctx.data.centre,
                                      [*say, Say(Msg("appointments.day_full"))])
        return Goto(self.Step.TIME, say=say)

    def ask_time(self, ctx: Ctx[BookingData]) -> list[Say]:
        options = tuple(Option(PICK + moment, Msg("appointments.plain_time",
                                                  time=ClockTime(datetime.fromisoformat(moment))))
                        for moment in ctx.data.times)
        return [Say(Msg("appointments.ask_time"), options=options)]

    async def on_time(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        moment = picked(answer, ctx.data.times)
        if moment is None and answer.text:  # «a las 10», «4 de la tarde»
            named = read_time(answer.text, [datetime.fromisoformat(m) for m in ctx.data.times])
            moment = named.isoformat() if named is not None else None
        if moment is None:
            return Invalid(Msg("appointments.time_unclear"))
        ctx.data.starts_at = moment
        return Goto(self.Step.CONFIRM)

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
        return [Say(summary), *dated(centre),
                Say(bring(procedure), options=options, free_text=False)]

    async def on_confirm(self, ctx: Ctx[BookingData], answer: Answer) -> Result:
        if answer.choice == OTHER_TIME:
            return await self._times(ctx, [])
        if answer.choice != CONFIRM:
            return Invalid(Msg("input.choose_option"))
        assert ctx.data.centre and ctx.data.starts_at and ctx.data.procedure
        try:
            booked = await ctx.services.appointments.book(
                self.holder(ctx), Procedure(ctx.data.procedure), ctx.data.centre,
                datetime.fromisoformat(ctx.data.starts_at), ctx.now, ctx.locale)
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


