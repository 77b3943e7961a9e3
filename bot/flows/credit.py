"""Mi crédito y pagos: the credit's status and figures, then a payment slip (monthly payment,
amount to be current, payoff or another amount) with its reference and where to pay, or
the check of a reference typed from a slip.

Opening the flow shows the credit at once (``enter``). A worker without a credit is offered
the precalification instead.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

import orjson

from bot.conversation.commands import Command, button
from bot.conversation.messages import LongDate, Money, Msg, Option, Percent, Say
from bot.flows.base import Answer, Ctx, Flow, Goto, Invalid, Result, Start
from bot.flows.data import Sensitive
from bot.flows.savings.precalification import PrecalificationFlow
from bot.nlu import fields
from bot.nlu.paying import (
    CreditQuestion,
    SlipQuestion,
    amount_to_pay,
    asks_due,
    asks_owed,
    asks_payoff,
    asks_what_if_paying,
    cannot_pay,
    checks_reference,
    credit_question,
    means_the_slip_given,
    monthly_payments_counted,
    paid_not_showing,
    payment_named,
    payment_reported,
    place_named,
    reference_in,
    reference_tried,
    reference_typed,
    slip_question,
    wants_to_pay,
)
from bot.nlu.text import questioning
from domain.credits.clabe import INFONAVIT_BANK_REFERENCE, INFONAVIT_CLABE
from domain.credits.expiry import SLIP_VALID_FOR
from domain.credits.payments import (
    CODI_MAXIMUM,
    STORE_MINIMUM,
    OtherAmountOutOfRange,
    PaymentOption,
    options_from_text,
    options_to_text,
    payoff,
    to_be_current,
)
from domain.credits.reference import PaymentConcept, PaymentReference
from domain.credits.service import CreditView, PaymentSlip
from domain.errors import DomainError
from domain.savings.inputs import parse_amount
from domain.savings.records import CreditStatus, CreditSummary, Regime

_NO_SLIP_YET = {SlipQuestion.WHERE: "credit.slip_first",
                SlipQuestion.EXPIRY: "credit.slip_validity",
                SlipQuestion.REFERENCE: "credit.slip_first"}
"""The answer to a question about a slip asked before there is one."""

PAY = "credit:pay"
CHECK = "credit:check"
LAST_SLIP = "credit:check:last_slip"
PRECALIFY = "credit:precalify"
CONCEPT = "credit:concept:"


@dataclass
class CreditData:
    has_credit: bool = False
    offer: Sensitive = None
    """Today's payment options, "concept=amount" joined by ";" (no amount for another
    amount), as the last look at the credit found them: amounts owed are kept encrypted."""
    maximum: Sensitive = None
    """What pays the credit off: the most another amount may be."""
    slip: Sensitive = None
    """The last slip given in this visit (concept, reference, expiry, cut at the month's
    end, credit number, as JSON), for the questions that follow it («¿hasta cuándo
    vale?», «¿dónde pago?»)."""

    payroll: bool = False
    """The employer deducts the monthly payment from the pay (ROA): a monthly slip paid on
    top of it is a second payment, so it is said with the slip."""

    @property
    def can_pay(self) -> bool:
        return bool(self.offer)


def concept_label(concept: PaymentConcept) -> Msg:
    return Msg(f"credit.concept.{concept.name.lower()}")


def _day(value: date | None) -> LongDate | Msg:
    return LongDate(value) if value is not None else Msg("credit.date_unknown")


def _status_note(credit: CreditSummary) -> Msg | None:
    """What the status means for the worker, and what to do."""
    match credit.status:
        case CreditStatus.CURRENT:
            return Msg("credit.note.current_roa" if credit.regime is Regime.ROA
                       else "credit.note.current_rea")
        case CreditStatus.IN_ARREARS:
            return Msg("credit.note.in_arrears", missed=credit.missed_payments,
                       amount=Money(to_be_current(credit)))
        case CreditStatus.EXTENSION:
            return Msg("credit.note.extension", until=_day(credit.relief_until),
                       used=credit.extension_months_used)
        case CreditStatus.UNEMPLOYMENT_COVER:
            return Msg("credit.note.unemployment_cover", until=_day(credit.relief_until),
                       amount=Money(credit.monthly_payment / 10))
        case CreditStatus.RESTRUCTURED:
            return Msg("credit.note.restructured")
        case CreditStatus.IN_PROCESS:
            return Msg("credit.note.in_process")
        case CreditStatus.PAID_OFF:
            return Msg("credit.note.paid_off", closed=_day(credit.closed_on))
        case CreditStatus.CANCELLED:
            return Msg("credit.note.cancelled", closed=_day(credit.closed_on))
    return None


def credit_says(view: CreditView) -> list[Say]:
    credit = view.credit
    if credit is None:
        return [Say(Msg("credit.none"))]
    says = [Say(Msg("credit.summary", number=credit.number,
                    regime=Msg(f"credit.regime.{credit.regime.value.lower()}"),
                    status=Msg(f"credit.status.{credit.status.value}")))]
    if view.options:
        says.append(Say(Msg("credit.figures", balance=Money(credit.balance),
                            payment=Money(credit.monthly_payment),
                            rate=Percent(credit.annual_rate), years=credit.term_years,
                            granted=_day(credit.granted_on))))
    note = _status_note(credit)
    if note is not None:
        says.append(Say(note))
    amount, discount = payoff(credit)
    if view.options and discount > 0:
        says.append(Say(Msg("credit.payoff_discount", amount=Money(amount),
                            discount=Money(discount))))
    return says


def slip_says(slip: PaymentSlip, credit_number: str) -> list[Say]:
    reference = slip.reference
    says = [Say(Msg("credit.slip", concept=concept_label(reference.concept),
                    reference=reference.grouped(), amount=Money(slip.amount),
                    expires=LongDate(reference.expires_on), minimum=Money(STORE_MINIMUM)))]
    if slip.cut_at_month_end:
        says.append(Say(Msg("credit.payoff_valid_to_month_end",
                            expires=LongDate(reference.expires_on))))
    return [
        *says,
        Say(Msg("credit.where_to_pay", clabe=INFONAVIT_CLABE,
                bank_reference=INFONAVIT_BANK_REFERENCE, number=credit_number,
                codi=Money(CODI_MAXIMUM))),
    ]


def _slip_to_text(slip: PaymentSlip) -> str:
    reference = slip.reference
    return orjson.dumps([int(reference.concept), reference.grouped(),
                         reference.expires_on.isoformat(), slip.cut_at_month_end,
                         reference.credit_number]).decode()


def slip_answer_says(question: SlipQuestion, kept: str) -> list[Say]:
    """The answer to a question about the slip just given (``kept``: ``_slip_to_text``)."""
    concept, reference, expires, cut, credit_number = orjson.loads(kept)
    expiry = LongDate(date.fromisoformat(expires))
    if question is SlipQuestion.REFERENCE:
        return [Say(Msg("credit.slip_reference", concept=concept_label(PaymentConcept(concept)),
                        reference=reference, expires=expiry))]
    if question is SlipQuestion.EXPIRY:
        key = "credit.slip_expires_month_end" if cut else "credit.slip_expires"
        return [Say(Msg(key, concept=concept_label(PaymentConcept(concept)),
                        reference=reference, expires=expiry))]
    return [Say(Msg("credit.slip_where", reference=reference, expires=expiry,
                    minimum=Money(STORE_MINIMUM))),
            Say(Msg("credit.where_to_pay", clabe=INFONAVIT_CLABE,
                    bank_reference=INFONAVIT_BANK_REFERENCE, number=credit_number,
                    codi=Money(CODI_MAXIMUM)))]


def reference_says(reference: PaymentReference) -> list[Say]:
    return [Say(Msg("credit.reference_ok", number=reference.credit_number,
                    concept=concept_label(reference.concept),
                    expires=LongDate(reference.expires_on)))]


def _out_of_range(amount: Decimal, error: OtherAmountOutOfRange) -> Msg:
    """Which limit the amount passed (the question after it says both)."""
    if amount < error.minimum:
        return Msg("credit.amount_too_low", amount=Money(amount), minimum=Money(error.minimum))
    return Msg("credit.amount_too_high", amount=Money(amount), maximum=Money(error.maximum))


def _before_the_slip(asked: SlipQuestion) -> list[Say]:
    """Where a slip is paid, or how long it lasts, asked before there is one."""
    return [Say(Msg(_NO_SLIP_YET[asked], days=SLIP_VALID_FOR.days,
                    minimum=Money(STORE_MINIMUM)))]


_ANSWERED = {CreditQuestion.NOT_SHOWING: "credit.not_showing",
             CreditQuestion.CURRENT_MEANING: "credit.current_meaning",
             CreditQuestion.REFERENCE_MEANING: "credit.reference_meaning",
             CreditQuestion.WHICH_SLIP: "credit.which_slip",
             CreditQuestion.EXTRA_EFFECT: "credit.extra_effect"}
"""The credit questions whose answer is the same for every credit."""


def _payments_left(credit: CreditSummary | None, today: date) -> list[Say]:
    """When the credit ends if every monthly payment is made, from its start and term, and
    about how many monthly payments that is from today."""
    if credit is None or credit.granted_on is None or credit.term_years <= 0:
        return [Say(Msg("credit.payments_left_unknown"))]
    start = credit.granted_on
    end = date(start.year + credit.term_years, start.month, min(start.day, 28))
    months = max(0, (end.year - today.year) * 12 + end.month - today.month
                 - (1 if end.day < today.day else 0))
    return [Say(Msg("credit.payments_left", years=credit.term_years, granted=LongDate(start),
                    end=LongDate(end), months=months))]


def _option(option: PaymentOption) -> Option:
    description = Msg("credit.option_amount", amount=Money(option.amount)) \
        if option.amount is not None else None
    return Option(CONCEPT + str(int(option.concept)), concept_label(option.concept),
                  description)


class CreditFlow(Flow):
    name = "credit"
    requires_login = True

    class Step(StrEnum):
        SUMMARY = "summary"
        PAY = "pay"
        AMOUNT = "amount"
        CHECK = "check"

    first = Step.SUMMARY
    settled = frozenset({Step.SUMMARY.value})
    reads_opening_words = frozenset({Step.SUMMARY.value})
    """«i want to pay my loan» from the menu: what to pay next, not the summary's question."""
    revisable = {Step.SUMMARY.value: fields.SUMMARY, Step.PAY.value: fields.PAYMENT}
    """«regresa» at the amount goes back to what to pay, and from there to the summary
    (the menu was the only way back, with the credit flow lost)."""
    Data = CreditData

    def committing(self, step: str) -> frozenset[str]:
        """The payoff slip only with its verb («liquidar»): «para ver lo de mi crédito»
        named its «crédito» and got a slip for the whole debt."""
        if step == self.Step.PAY.value:
            return frozenset({CONCEPT + str(int(PaymentConcept.PAYOFF))})
        return super().committing(step)

    async def enter(self, ctx: Ctx[CreditData]) -> Result | None:
        view = await self._view(ctx)
        return Goto(self.Step.SUMMARY, say=credit_says(view))

    async def _view(self, ctx: Ctx[CreditData]) -> CreditView:
        assert ctx.account_id is not None  # the login gate stands in front of this flow
        view = await ctx.services.credits.view(ctx.account_id, ctx.now)
        ctx.data.has_credit = view.credit is not None
        ctx.data.payroll = view.credit is not None and view.credit.regime is Regime.ROA
        ctx.data.offer = options_to_text(view.options) or None
        ctx.data.maximum = str(payoff(view.credit)[0]) if view.options and view.credit else None
        return view

    async def question(self, ctx: Ctx[CreditData], text: str) -> list[Say] | None:
        """The credit's own questions, asked where it is shown or paid («¿cuántos pagos me
        faltan?», «¿qué es liquidar?», «¿puedo pagar menos?», «ya pagué y no se refleja»):
        answered, and the step asked again. They gave a slip the worker did not pick, or «No
        sé responder esa pregunta aquí»."""
        if ctx.data.has_credit and payment_reported(text) and not paid_not_showing(text):
            return [Say(Msg("credit.payment_reported"))]  # «pagué 5648 el lunes en oxxo»
        asked = credit_question(text) if ctx.data.has_credit else None
        if asked is None or (asked is CreditQuestion.WHICH_SLIP
                             and ctx.state.top.step != self.Step.PAY.value) \
                or (asked is CreditQuestion.AMOUNT_LIMITS and ctx.data.maximum is None):
            return await super().question(ctx, text)
        if asked is CreditQuestion.PAYMENTS_LEFT:
            return _payments_left((await self._view(ctx)).credit, ctx.now.date())
        if asked is CreditQuestion.PAYOFF_MEANING:
            return [Say(Msg("credit.payoff_meaning")), *self._payoff_said(ctx)]
        if asked is CreditQuestion.AMOUNT_LIMITS and ctx.data.maximum is not None:
            return [Say(Msg("credit.amount_limits", minimum=Money(STORE_MINIMUM),
                            maximum=Money(Decimal(ctx.data.maximum))))]
        if asked is CreditQuestion.PAYING_LESS:
            return [Say(Msg("credit.paying_less", option=concept_label(PaymentConcept.OTHER),
                            minimum=Money(STORE_MINIMUM))), Say(Msg("credit.cannot_pay"))]
        return [Say(Msg(_ANSWERED[asked]))]

    async def _asked(self, ctx: Ctx[CreditData], answer: Answer) -> Result | None:
        """One of the credit's own questions typed at a step (``question``): answered
        before any reading of its words as what to pay («ya pagué y no se refleja» named a
        payment), and the step asked again."""
        if answer.choice is not None or not answer.text:
            return None
        said = await self.question(ctx, answer.text)
        return None if said is None else Goto(self.Step(ctx.state.top.step), say=said)

    # --- what next ------------------------------------------------------------------

    def ask_summary(self, ctx: Ctx[CreditData]) -> list[Say]:
        options: list[Option] = []
        if ctx.data.can_pay:
            options.append(Option(PAY, Msg("credit.pay")))
        if ctx.data.has_credit:
            options.append(Option(CHECK, Msg("credit.check")))
        else:
            options.append(Option(PRECALIFY, Msg("credit.precalify")))
        options.append(Option(button(Command.MENU), Msg("escape.menu")))
        # typed text reaches the step first: a question about the slip just given
        return [Say(Msg("credit.next"), options=tuple(options),
                    free_text=ctx.data.slip is not None or ctx.data.can_pay)]

    async def on_summary(self, ctx: Ctx[CreditData], answer: Answer) -> Result:
        own = await self._asked(ctx, answer)
        if own is not None:
            return own
        asked = slip_question(answer.text) if answer.choice is None else None
        if asked is not None and ctx.data.slip is not None:
            return Goto(self.Step.SUMMARY, say=slip_answer_says(asked, ctx.data.slip))
        said = self._about_paying(ctx, answer)
        if said is not None:
            return await said
        if asked is not None and ctx.data.can_pay:  # no slip yet: what to pay first
            return Goto(self.Step.PAY, say=_before_the_slip(asked))
        if answer.choice == PAY and ctx.data.can_pay:
            return Goto(self.Step.PAY)
        paying = wants_to_pay(answer.text) if answer.choice is None else None
        named = payment_named(answer.text) if answer.choice is None else None
        if named is not None and ctx.data.can_pay and not questioning(answer.text or "") \
                and self._offered(ctx, PaymentConcept[named]):  # «quiero pagar la mensualidad»
            return await self._slip(ctx, PaymentConcept[named])
        if paying is not None and ctx.data.can_pay:  # «y si pago todo de una vez?»
            return Goto(self.Step.PAY, say=self._payoff_said(ctx) if paying else [])
        if answer.choice == CHECK and ctx.data.has_credit:
            if ctx.data.slip is not None and means_the_slip_given(answer.text):
                return await self.on_check(ctx, Answer(choice=LAST_SLIP))  # «revisa esa»
            return Goto(self.Step.CHECK)
        if answer.choice == PRECALIFY and not ctx.data.has_credit:
            return Start(PrecalificationFlow, replace=True)
        return Invalid(Msg("input.choose_option"))

    def _about_paying(self, ctx: Ctx[CreditData], answer: Answer,
                      owed: bool = False) -> Awaitable[Result] | None:
        """Words about paying typed where a payment can be asked for: with ``owed`` (at what
        to pay, where the credit's figures are no longer in sight) «¿cuánto debo?» gets
        today's amounts; an amount («mejor 500 pesos», «quiero abonar 2 mil») its slip (or,
        out of range, what the amount may be)."""
        if answer.choice is not None:
            return None
        if ctx.data.has_credit and cannot_pay(answer.text):  # «ya no trabajo», «prórroga»
            return self._relief(ctx)
        if ctx.data.has_credit and (reference_typed(answer.text)
                                    or checks_reference(answer.text)):
            return self._reference_typed(ctx, answer.text or "")
        if not ctx.data.can_pay:
            return None
        months = monthly_payments_counted(answer.text)
        monthly = self._amount_of(ctx, PaymentConcept.MONTHLY)
        if months is not None and monthly is not None and self._offered(
                ctx, PaymentConcept.OTHER) and not questioning(answer.text or ""):
            return self._other(ctx, monthly * months)  # «2 mensualidades»: it was $2
        if asks_due(answer.text) or (owed and asks_owed(answer.text)):
            return self._owed(ctx)  # «how much is it this month?»: today's amounts
        if asks_payoff(answer.text) and self._offered(ctx, PaymentConcept.PAYOFF):
            return self._payoff_asked(ctx)  # «¿cuánto sería para liquidar?»
        amount = amount_to_pay(answer.text)
        if amount is not None and self._offered(ctx, PaymentConcept.OTHER) \
                and asks_what_if_paying(answer.text):
            return self._what_if(ctx, amount)  # «¿y si pago 5 mil de más?»: asked, not a slip
        if amount is not None and self._offered(ctx, PaymentConcept.OTHER):
            return self._other(ctx, amount)
        return None

    async def _what_if(self, ctx: Ctx[CreditData], amount: Decimal) -> Result:
        """Paying an amount of one's choosing, asked about: how it is done and how to ask
        for its slip; the step under way stays."""
        typed = str(int(amount)) if amount == amount.to_integral_value() else f"{amount:.2f}"
        return Goto(self.Step(ctx.state.top.step), say=[Say(Msg(
            "credit.what_if_amount", option=concept_label(PaymentConcept.OTHER),
            minimum=Money(STORE_MINIMUM), maximum=Money(Decimal(ctx.data.maximum or 0)),
            amount=Money(amount), typed=typed))])

    async def _reference_typed(self, ctx: Ctx[CreditData], text: str) -> Result:
        """A reference typed (19 digits, give or take a typo) or its check asked for where a
        payment was: checked at once, or what to fix in it at the check's own step."""
        if not reference_typed(text) and ctx.data.slip and means_the_slip_given(text):
            text = orjson.loads(ctx.data.slip)[1]  # «revisa esa referencia»: the one just given
        if not reference_typed(text):
            return Goto(self.Step.CHECK)
        try:
            return await self.on_check(ctx, Answer(text=text))
        except DomainError as error:
            return Goto(self.Step.CHECK, say=[Say(Msg(error.key, **error.params))])

    async def _relief(self, ctx: Ctx[CreditData]) -> Result:
        """What a worker who cannot pay can ask for (an extension, the unemployment cover, a
        restructuring or agreement), and where; the step under way stays."""
        return Goto(self.Step(ctx.state.top.step), say=[Say(Msg("credit.cannot_pay"))])

    async def _owed(self, ctx: Ctx[CreditData]) -> Result:
        lines = [Msg("credit.owed_line", concept=concept_label(option.concept),
                     amount=Money(option.amount))
                 for option in options_from_text(ctx.data.offer) if option.amount is not None]
        return Goto(self.Step.PAY, say=[Say(Msg("credit.owed", lines=lines))])

    async def _payoff_asked(self, ctx: Ctx[CreditData]) -> Result:
        return Goto(self.Step.PAY, say=self._payoff_said(ctx))

    async def _other(self, ctx: Ctx[CreditData], amount: Decimal) -> Result:
        try:
            return await self._slip(ctx, PaymentConcept.OTHER, amount)
        except OtherAmountOutOfRange as error:  # what was wrong, and the amount asked
            return Goto(self.Step.AMOUNT, say=[Say(_out_of_range(amount, error))])

    @staticmethod
    def _amount_of(ctx: Ctx[CreditData], concept: PaymentConcept) -> Decimal | None:
        return next((option.amount for option in options_from_text(ctx.data.offer)
                     if option.concept is concept), None)

    @staticmethod
    def _offered(ctx: Ctx[CreditData], concept: PaymentConcept) -> bool:
        return concept in {option.concept for option in options_from_text(ctx.data.offer)}

    @classmethod
    def _payoff_said(cls, ctx: Ctx[CreditData]) -> list[Say]:
        """What paying it all off would take today, before the choice of what to pay."""
        payoff = cls._amount_of(ctx, PaymentConcept.PAYOFF)
        if payoff is None:
            return []
        return [Say(Msg("credit.payoff_said", amount=Money(payoff),
                        option=concept_label(PaymentConcept.PAYOFF)))]

    # --- a payment slip -------------------------------------------------------------

    def ask_pay(self, ctx: Ctx[CreditData]) -> list[Say]:
        options = tuple(_option(option) for option in options_from_text(ctx.data.offer))
        # typed text reaches the step: «¿se puede en oxxo?», «¿hasta cuándo vale?»
        return [Say(Msg("credit.ask_pay"), options=options)]

    async def on_pay(self, ctx: Ctx[CreditData], answer: Answer) -> Result:
        own = await self._asked(ctx, answer)
        if own is not None:
            return own
        asked = slip_question(answer.text) if answer.choice is None else None
        if asked is not None:  # answered, and what to pay asked again
            return Goto(self.Step.PAY, say=_before_the_slip(asked))
        said = self._about_paying(ctx, answer, owed=True)
        if said is not None:
            return await said
        paying = wants_to_pay(answer.text) if answer.choice is None else None
        if paying and self._offered(ctx, PaymentConcept.PAYOFF):  # «y si lo liquido todo?»
            if questioning(answer.text or ""):  # asked: what it would take, then the choice
                return Goto(self.Step.PAY, say=self._payoff_said(ctx))
            return await self._slip(ctx, PaymentConcept.PAYOFF)
        named = payment_named(answer.text) if answer.choice is None \
            and not questioning(answer.text or "") else None  # «¿qué es liquidar?» asks
        if named is not None and self._offered(ctx, PaymentConcept[named]):  # «la del mes»
            return await self._slip(ctx, PaymentConcept[named])
        if answer.choice is None and place_named(answer.text):  # «oxxo»: where, then what
            return Goto(self.Step.PAY, say=_before_the_slip(SlipQuestion.WHERE))
        try:
            concept = PaymentConcept(int((answer.choice or "").removeprefix(CONCEPT)))
        except ValueError:
            return Invalid(Msg("input.choose_option"))
        if concept not in {option.concept for option in options_from_text(ctx.data.offer)}:
            return Invalid(Msg("input.choose_option"))
        if concept is PaymentConcept.OTHER:
            return Goto(self.Step.AMOUNT)
        return await self._slip(ctx, concept)

    def ask_amount(self, ctx: Ctx[CreditData]) -> list[Say]:
        return [Say(Msg("credit.ask_amount", minimum=Money(STORE_MINIMUM),
                        maximum=Money(Decimal(ctx.data.maximum or STORE_MINIMUM))))]

    async def on_amount(self, ctx: Ctx[CreditData], answer: Answer) -> Result:
        own = await self._asked(ctx, answer)
        if own is not None:
            return own
        asked = slip_question(answer.text) if answer.choice is None else None
        if asked is not None:  # «¿dónde lo pago?»: answered, and the amount asked again
            return Goto(self.Step.AMOUNT, say=_before_the_slip(asked))
        if reference_typed(answer.text) or checks_reference(answer.text):
            return await self._reference_typed(ctx, answer.text or "")
        if cannot_pay(answer.text):
            return await self._relief(ctx)
        named = payment_named(answer.text) if not questioning(answer.text or "") else None
        if named is not None and self._offered(ctx, PaymentConcept[named]) \
                and not any(char.isdigit() for char in answer.text or ""):
            return await self._slip(ctx, PaymentConcept[named])  # «no, mejor la mensualidad»
        amount = parse_amount(answer.text or "")
        try:
            return await self._slip(ctx, PaymentConcept.OTHER, amount)
        except OtherAmountOutOfRange as error:
            return Invalid(_out_of_range(amount, error))

    async def _slip(self, ctx: Ctx[CreditData], concept: PaymentConcept,
                    amount: Decimal | None = None) -> Result:
        assert ctx.account_id is not None
        slip = await ctx.services.credits.slip(ctx.account_id, concept, ctx.now, amount)
        ctx.data.slip = _slip_to_text(slip)
        says = slip_says(slip, slip.reference.credit_number)
        if concept is PaymentConcept.MONTHLY and ctx.data.payroll:
            says.insert(1, Say(Msg("credit.payroll_monthly_slip")))
        return Goto(self.Step.SUMMARY, say=says)

    # --- checking a reference -------------------------------------------------------

    def ask_check(self, ctx: Ctx[CreditData]) -> list[Say]:
        if ctx.data.slip is None:
            return [Say(Msg("credit.ask_reference"))]
        # the slip just given is a tap away (it asked for the 19 digits it had just shown)
        return [Say(Msg("credit.ask_reference"),
                    options=(Option(LAST_SLIP, Msg("credit.check_last_slip")),))]

    async def on_check(self, ctx: Ctx[CreditData], answer: Answer) -> Result:
        assert ctx.account_id is not None
        if ctx.data.slip is not None and (answer.choice == LAST_SLIP or (
                answer.choice is None and means_the_slip_given(answer.text))):
            answer = Answer(text=orjson.loads(ctx.data.slip)[1])  # «esa», the one just given
        asked = slip_question(answer.text)
        if asked is not None and ctx.data.slip is not None:  # about the slip just given
            return Goto(self.Step.CHECK, say=slip_answer_says(asked, ctx.data.slip))
        if asked is not None:
            return Goto(self.Step.CHECK, say=_before_the_slip(asked))
        typed = answer.text or ""
        if credit_question(typed) is CreditQuestion.WHICH_SLIP:  # «quiero pagar», «ficha»:
            return Goto(self.Step.PAY)  # a change of mind (it was «No encontré una referencia»)
        if not reference_tried(typed):  # «en el banco», «pagué hace 3 días y no aparece»:
            # words, not a reference mistyped (it counted their letters as digits)
            return Invalid(Msg("credit.reference_not_found"), words=True)
        reference = await ctx.services.credits.check(ctx.account_id, reference_in(typed),
                                                     ctx.now)
        return Goto(self.Step.SUMMARY, say=reference_says(reference))
