"""Recuperar mi cuenta: an appointment to recover the account when the e-mail (or the mobile)
is lost, booked without a login (the people who need it cannot log in). Reached from the
password reset's e-mail-code step («Ya no tengo ese correo»), from Citas' procedure list
without a login, and from words («perdí mi correo», «cambié de número y no puedo entrar»).

The worker gives their NSS and CURP; both must be on the same record. A miss counts against
the chat's lookups as in registration (five lock them for 30 minutes, audited), and the
answer does not say which of the two was wrong. Then the one-per-procedure check, and the
shared booking steps (``bot.flows.appointments.booking``).
A recovery appointment already booked is shown, and may be cancelled or moved to another day
or time with the same proof (the worker asked «cancela mi cita» or «cámbiala para el martes»
without a login: ``AppointmentsFlow`` sends them here). The booking is stored against the
record, not
an account; its confirmation goes by SMS to the mobile of the worker's account when there
is one, else it is only shown here (with the advice to write the folio down).
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.messages import Msg, Option, Say
from bot.flows.appointments.booking import (
    BOOKING_BY_VALUE,
    BOOKING_WORDS,
    BOOKING_YES_NO,
    CANCEL_OR_KEEP,
    CONFIRM,
    KEEP,
    BookingData,
    BookingSteps,
    cancel_or_keep,
    done_says,
    keep_when,
    when,
)
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Result
from bot.flows.data import Sensitive
from bot.nlu import fields
from bot.nlu.answers import cancels_appointment, moves_it
from domain.accounts.errors import IdentityMismatch
from domain.appointments.model import Holder
from domain.appointments.procedures import Procedure
from domain.appointments.service import Booked
from domain.identifiers import find_curp, find_nss, parse_curp, parse_nss, whole_curp
from domain.values.days import names_when

MOVE = "appt:move"


@dataclass
class RecoveryData(BookingData):
    nss: Sensitive = None
    booked: str | None = None
    """The folio of the recovery appointment already booked, when there is one."""
    booked_centre: str | None = None
    """Its centre: a move keeps it («cámbiala para el martes»)."""


class AccountRecoveryFlow(BookingSteps, Flow):
    name = "account_recovery"
    kept_when_left = True

    class Step(StrEnum):
        NSS = "nss"
        CURP = "curp"
        STATE = "state"
        CENTRE = "centre"
        DAY = "day"
        TIME = "time"
        CONFIRM = "confirm"
        BOOKED = "booked"
        """One is booked already: keep it or cancel it (the NSS and CURP that may book
        one may cancel it: the worker has no login)."""

    first = Step.NSS
    identifier_steps = frozenset({Step.NSS.value, Step.CURP.value})
    Data = RecoveryData
    revisable = {Step.NSS.value: fields.NSS, Step.CURP.value: fields.CURP, **BOOKING_WORDS}
    revised_by_value = BOOKING_BY_VALUE
    yes_no = {**BOOKING_YES_NO, Step.BOOKED.value: (CONFIRM, KEEP)}

    _BOOKING = frozenset({Step.STATE, Step.CENTRE, Step.DAY, Step.TIME, Step.CONFIRM})

    def handle(self, step: StrEnum, ctx: Ctx, answer: Answer) -> Awaitable[Result]:
        """«cancela mi cita» while booking one: nothing is booked yet, so the booking stops
        here and says so (it was read as the logged-in «Citas» and asked for a login)."""
        if step in self._BOOKING and answer.choice is None and ctx.data.moving is None \
                and cancels_appointment(answer.text):
            return self._nothing_booked()
        return self.place_instead(step, ctx, answer) or super().handle(step, ctx, answer)

    @staticmethod
    async def _nothing_booked() -> Result:
        return Done(say=[Say(Msg("recovery.nothing_booked"))])

    async def question(self, ctx: Ctx[RecoveryData], text: str) -> list[Say] | None:
        return self.visit_question(text) or await super().question(ctx, text)

    def holder(self, ctx: Ctx[RecoveryData]) -> Holder:
        assert ctx.data.worker_id is not None  # the CURP step sets it
        return Holder(ctx.data.worker_id)

    def finished(self, ctx: Ctx[RecoveryData], booked: Booked) -> Result:
        if ctx.data.moving is not None:  # the old one went in the same transaction
            return Done(say=[Say(Msg("appointments.moved", folio=ctx.data.moving)),
                             done_says(booked)], centre=booked.centre.id)
        return Done(say=[done_says(booked)], centre=booked.centre.id)

    async def enter(self, ctx: Ctx[RecoveryData]) -> Result | None:
        if ctx.account_id is not None:  # «perdí mi correo» while logged in: change it here
            return Done(say=[Say(Msg("recovery.logged_in"))])
        return Goto(self.Step.NSS, say=[Say(Msg("recovery.intro"))])

    def ask_nss(self, ctx: Ctx[RecoveryData]) -> list[Say]:
        return [Say(Msg("recovery.ask_nss"))]

    async def on_nss(self, ctx: Ctx[RecoveryData], answer: Answer) -> Result:
        ctx.data.nss = parse_nss(find_nss(answer.text or "")).value
        if answer.text and whole_curp(answer.text):  # «mi nss es … y mi curp …»: both at
            return await self.on_curp(ctx, Answer(text=answer.text))  # once (it asked again)
        return Goto(self.Step.CURP)

    def ask_curp(self, ctx: Ctx[RecoveryData]) -> list[Say]:
        return [Say(Msg("recovery.ask_curp"))]

    async def on_curp(self, ctx: Ctx[RecoveryData], answer: Answer) -> Result:
        curp = parse_curp(find_curp(answer.text or "")).value
        assert ctx.data.nss is not None
        try:
            worker_id = await ctx.services.accounts.identify(ctx.data.nss, curp, ctx.now,
                                                             ctx.chat)
        except IdentityMismatch as mismatch:
            ctx.data.nss = None
            return Goto(self.Step.NSS, say=[Say(Msg(mismatch.key))])
        if not await ctx.services.accounts.has_account(worker_id):  # nothing to recover
            return Done(say=[Say(Msg("recovery.no_account"))])
        ctx.data.worker_id = worker_id
        ctx.data.procedure = Procedure.ACCOUNT_RECOVERY.value
        booked = await ctx.services.appointments.booked_for(
            self.holder(ctx), Procedure.ACCOUNT_RECOVERY, ctx.now)
        if booked is not None:  # when it is, and whether to keep it
            ctx.data.booked, ctx.data.booked_centre = booked.appointment.folio, booked.centre.id
            return Goto(self.Step.BOOKED, say=[Say(Msg(
                "recovery.already_booked_here", folio=booked.appointment.folio,
                centre=booked.centre.name, address=booked.centre.address, when=when(booked)))])
        return Goto(self.Step.STATE, say=[Say(Msg("recovery.identified"))])

    def ask_booked(self, ctx: Ctx[RecoveryData]) -> list[Say]:
        cancel, keep = CANCEL_OR_KEEP
        return [Say(Msg("recovery.ask_cancel_booked"),
                    options=(cancel, Option(MOVE, Msg("appointments.move")), keep))]

    async def on_booked(self, ctx: Ctx[RecoveryData], answer: Answer) -> Result:
        assert ctx.data.booked is not None
        typed = answer.text or ""
        if answer.choice == MOVE or (answer.choice is None and (
                moves_it(typed) or names_when(typed))):  # «no, mejor el martes»
            return await self._move(ctx, typed)
        return await cancel_or_keep(ctx, answer, self.holder(ctx), ctx.data.booked)

    async def _move(self, ctx: Ctx[RecoveryData], typed: str) -> Result:
        """The booked one to another day or time at the same centre (another centre a «mejor
        en otro lado» away): the day said with it is kept for the day's step."""
        assert ctx.data.booked is not None and ctx.data.booked_centre is not None
        ctx.data.moving = ctx.data.booked
        if names_when(typed):
            keep_when(ctx.data, typed)
        return await self._again_at(ctx, ctx.data.booked_centre, [])


class RecoveryLookupFlow(AccountRecoveryFlow):
    """The recovery appointment looked for, not booked: «cancela mi cita», «¿cuándo es mi
    cita?» from someone who cannot log in. The same NSS and CURP find it (and it may be
    cancelled or moved); when there is none, that is said, and nothing is booked (it went on
    to book a new one)."""

    name = "account_recovery_lookup"

    async def enter(self, ctx: Ctx[RecoveryData]) -> Result | None:
        if ctx.account_id is not None:
            return Done(say=[Say(Msg("recovery.logged_in"))])
        return Goto(self.Step.NSS, say=[Say(Msg("recovery.lookup_intro"))])

    async def on_curp(self, ctx: Ctx[RecoveryData], answer: Answer) -> Result:
        result = await super().on_curp(ctx, answer)
        if isinstance(result, Goto) and result.step is self.Step.STATE:  # none booked
            return Done(say=[Say(Msg("recovery.none_booked"))])
        return result
