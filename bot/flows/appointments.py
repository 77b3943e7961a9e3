"""Citas: book an appointment at a service centre (procedure -> state -> centre -> day ->
time -> confirm, as the portal does), see the upcoming ones and cancel one.

Days and times are the centre's local ones. What was offered (days, times) is kept in the
flow's data, so an answer is checked against exactly what the worker saw; a time taken by
someone else meanwhile is refused at confirmation and the free times are offered again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.commands import Command, button
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Invalid, Result
from bot.messages import ClockTime, LongDate, Msg, Option, Say, ShortDate
from domain.appointments.procedures import Procedure, requirements
from domain.appointments.service import MAX_UPCOMING, Booked, SlotTaken

BOOK = "appt:book"
CANCEL = "appt:cancel"
CONFIRM = "appt:confirm"
OTHER_TIME = "appt:other_time"
KEEP = "appt:keep"
PICK = "appt:pick:"
"""Prefix of an option picked from a list (a procedure, state, centre, day or time)."""


@dataclass
class AppointmentData:
    procedure: str | None = None
    state: str | None = None
    centre: str | None = None
    day: str | None = None
    starts_at: str | None = None
    days: list[str] = field(default_factory=list)
    """The days offered (ISO dates)."""
    times: list[str] = field(default_factory=list)
    """The times offered (ISO datetimes in the centre's zone)."""
    folios: list[str] = field(default_factory=list)
    """The upcoming appointments, when last looked at."""
    cancelling: str | None = None


def _picked(answer: Answer, offered: list[str]) -> str | None:
    choice = (answer.choice or "").removeprefix(PICK)
    return choice if answer.choice and choice in offered else None


def when(booked: Booked) -> Msg:
    return Msg("appointments.when", day=LongDate(booked.starts_at.date()),
                time=ClockTime(booked.starts_at))


def booked_says(booked: Booked) -> Say:
    return Say(Msg("appointments.booked_line", folio=booked.appointment.folio,
                   procedure=Msg(f"appointments.procedure.{booked.appointment.procedure}"),
                   centre=booked.centre.name, when=when(booked)))


def bring(procedure: Procedure) -> Msg:
    return Msg("appointments.bring", items=[Msg(key) for key in requirements(procedure)])


class AppointmentsFlow(Flow):
    name = "appointments"
    requires_login = True

    class Step(StrEnum):
        MINE = "mine"
        PROCEDURE = "procedure"
        STATE = "state"
        CENTRE = "centre"
        DAY = "day"
        TIME = "time"
        CONFIRM = "confirm"
        CANCEL = "cancel"
        CANCEL_CONFIRM = "cancel_confirm"

    first = Step.PROCEDURE
    Data = AppointmentData

    async def enter(self, ctx: Ctx[AppointmentData]) -> Result | None:
        upcoming = await self._upcoming(ctx)
        if not upcoming:
            return Goto(self.Step.PROCEDURE)
        says = [Say(Msg("appointments.yours"))] + [booked_says(b) for b in upcoming]
        return Goto(self.Step.MINE, say=says)

    async def _upcoming(self, ctx: Ctx[AppointmentData]) -> list[Booked]:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        upcoming = await ctx.services.appointments.upcoming(ctx.account_id, ctx.now)
        ctx.data.folios = [b.appointment.folio for b in upcoming]
        return upcoming

    # --- the upcoming ones ----------------------------------------------------------

    def ask_mine(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = []
        if len(ctx.data.folios) < MAX_UPCOMING:
            options.append(Option(BOOK, Msg("appointments.book")))
        if ctx.data.folios:
            options.append(Option(CANCEL, Msg("appointments.cancel")))
        options.append(Option(button(Command.MENU), Msg("escape.menu")))
        return [Say(Msg("appointments.next"), options=tuple(options), free_text=False)]

    async def on_mine(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        if answer.choice == BOOK and len(ctx.data.folios) < MAX_UPCOMING:
            return Goto(self.Step.PROCEDURE)
        if answer.choice == CANCEL and ctx.data.folios:
            return Goto(self.Step.CANCEL)
        return Invalid(Msg("input.choose_option"))

    # --- booking --------------------------------------------------------------------

    def ask_procedure(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = tuple(Option(PICK + p.value, Msg(f"appointments.procedure.{p.value}"))
                        for p in Procedure)
        return [Say(Msg("appointments.ask_procedure"), options=options, free_text=False)]

    async def on_procedure(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        picked = _picked(answer, [p.value for p in Procedure])
        if picked is None:
            return Invalid(Msg("input.choose_option"))
        ctx.data.procedure = picked
        return Goto(self.Step.STATE)

    def ask_state(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        states = ctx.services.appointments.centres.states()
        options = tuple(Option(PICK + code, Msg("appointments.plain", text=name))
                        for code, name in states)
        return [Say(Msg("appointments.ask_state"), options=options, free_text=False)]

    async def on_state(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        centres = ctx.services.appointments.centres
        picked = _picked(answer, [code for code, _ in centres.states()])
        if picked is None:
            return Invalid(Msg("input.choose_option"))
        ctx.data.state = picked
        in_state = centres.in_state(picked)
        if len(in_state) == 1:
            only = in_state[0]
            return await self._centre(ctx, only.id, [Say(Msg(
                "appointments.only_centre", centre=only.name, address=only.address))])
        return Goto(self.Step.CENTRE)

    def ask_centre(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        in_state = ctx.services.appointments.centres.in_state(ctx.data.state or "")
        options = tuple(Option(PICK + c.id, Msg("appointments.plain", text=c.name),
                               Msg("appointments.plain", text=c.address)) for c in in_state)
        return [Say(Msg("appointments.ask_centre"), options=options, free_text=False)]

    async def on_centre(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        in_state = ctx.services.appointments.centres.in_state(ctx.data.state or "")
        picked = _picked(answer, [c.id for c in in_state])
        if picked is None:
            return Invalid(Msg("input.choose_option"))
        return await self._centre(ctx, picked, [])

    async def _centre(self, ctx: Ctx[AppointmentData], centre_id: str,
                      say: list[Say]) -> Result:
        ctx.data.centre = centre_id
        days = await ctx.services.appointments.free_days(centre_id, ctx.now)
        ctx.data.days = [day.isoformat() for day in days]
        if not days:  # another centre of the state, or another state if it has just this one
            others = len(ctx.services.appointments.centres.in_state(ctx.data.state or "")) > 1
            return Goto(self.Step.CENTRE if others else self.Step.STATE,
                        say=[*say, Say(Msg("appointments.centre_full"))])
        return Goto(self.Step.DAY, say=say)

    def ask_day(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = tuple(Option(PICK + day, Msg("appointments.plain_date",
                                               day=ShortDate(date.fromisoformat(day))))
                        for day in ctx.data.days)
        return [Say(Msg("appointments.ask_day"), options=options, free_text=False)]

    async def on_day(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        picked = _picked(answer, ctx.data.days)
        if picked is None:
            return Invalid(Msg("input.choose_option"))
        ctx.data.day = picked
        return await self._times(ctx, [])

    async def _times(self, ctx: Ctx[AppointmentData], say: list[Say]) -> Result:
        assert ctx.data.centre is not None and ctx.data.day is not None
        times = await ctx.services.appointments.free_times(
            ctx.data.centre, date.fromisoformat(ctx.data.day), ctx.now)
        ctx.data.times = [moment.isoformat() for moment in times]
        if not times:
            return await self._centre(ctx, ctx.data.centre,
                                      [*say, Say(Msg("appointments.day_full"))])
        return Goto(self.Step.TIME, say=say)

    def ask_time(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = tuple(Option(PICK + moment, Msg("appointments.plain_time",
                                                  time=ClockTime(datetime.fromisoformat(moment))))
                        for moment in ctx.data.times)
        return [Say(Msg("appointments.ask_time"), options=options, free_text=False)]

    async def on_time(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        picked = _picked(answer, ctx.data.times)
        if picked is None:
            return Invalid(Msg("input.choose_option"))
        ctx.data.starts_at = picked
        return Goto(self.Step.CONFIRM)

    def ask_confirm(self, ctx: Ctx[AppointmentData]) -> list[Say]:
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
        return [Say(summary), Say(bring(procedure), options=options, free_text=False)]

    async def on_confirm(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        if answer.choice == OTHER_TIME:
            return await self._times(ctx, [])
        if answer.choice != CONFIRM:
            return Invalid(Msg("input.choose_option"))
        assert ctx.account_id and ctx.data.centre and ctx.data.starts_at and ctx.data.procedure
        try:
            booked = await ctx.services.appointments.book(
                ctx.account_id, Procedure(ctx.data.procedure), ctx.data.centre,
                datetime.fromisoformat(ctx.data.starts_at), ctx.now)
        except SlotTaken as taken:
            return await self._times(ctx, [Say(Msg(taken.key))])
        return Done(say=[Say(Msg("appointments.done", folio=booked.appointment.folio,
                                 centre=booked.centre.name, address=booked.centre.address,
                                 when=when(booked)))])

    # --- cancelling -----------------------------------------------------------------

    def ask_cancel(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = tuple(Option(PICK + folio, Msg("appointments.folio", folio=folio))
                        for folio in ctx.data.folios)
        return [Say(Msg("appointments.ask_cancel"), options=options, free_text=False)]

    async def on_cancel(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        picked = _picked(answer, ctx.data.folios)
        if picked is None:
            return Invalid(Msg("input.choose_option"))
        ctx.data.cancelling = picked
        return Goto(self.Step.CANCEL_CONFIRM)

    def ask_cancel_confirm(self, ctx: Ctx[AppointmentData]) -> list[Say]:
        options = (Option(CONFIRM, Msg("appointments.cancel_yes")),
                   Option(KEEP, Msg("appointments.cancel_no")))
        return [Say(Msg("appointments.ask_cancel_confirm", folio=ctx.data.cancelling),
                    options=options, free_text=False)]

    async def on_cancel_confirm(self, ctx: Ctx[AppointmentData], answer: Answer) -> Result:
        if answer.choice == KEEP:
            return Done(say=[Say(Msg("appointments.kept"))])
        if answer.choice != CONFIRM:
            return Invalid(Msg("input.choose_option"))
        assert ctx.account_id is not None and ctx.data.cancelling is not None
        cancelled = await ctx.services.appointments.cancel(ctx.account_id,
                                                           ctx.data.cancelling, ctx.now)
        return Done(say=[Say(Msg("appointments.cancelled", folio=cancelled.appointment.folio,
                                 when=when(cancelled)))])
