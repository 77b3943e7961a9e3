"""Precalificación: how much INFONAVIT could lend, as an estimate. Logged in, from the
worker's record; otherwise "use my data" (log in first) or the simulator, which asks the
monthly salary, age, sex and subcuenta balance, each checked on its own (a wrong answer asks
only that again). Then "what if" changes without starting over: another term, a
co-borrower's income. A worker who cannot apply yet is first told why and what to do; the
amount waits behind «¿Cuánto me prestarían cuando cumpla?», labelled as for then.

Simulator answers are amounts a worker may consider private, so they are kept encrypted in
the conversation state like identifiers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.help_topics import JOINT_CREDIT
from bot.conversation.messages import Money, Msg, Option, Say
from bot.flows.accounts.login import LoginFlow
from bot.flows.base import Accepts, Answer, Ctx, Done, Flow, Goto, Invalid, Result, Start
from bot.flows.common import signs_in
from bot.flows.data import Sensitive
from bot.flows.savings.views import precalification_details_says, precalification_says
from bot.nlu import fields
from bot.nlu.answers import (
    age_said_apart,
    asks_other_salary,
    asks_payment,
    asks_result_figure,
    asks_taxes,
    asks_term,
    asks_what_subaccount,
    asks_what_to_do,
    asks_why,
    asks_why_needed,
    declines_to_say,
    dont_know,
    drops_partner,
    keeps_as_is,
    leaves_it,
    names_partner,
    read_sex,
    says_age,
    says_none,
    says_term,
    says_their_income,
    wants_own_data,
    years_said,
)
from domain.errors import DomainError
from domain.savings.inputs import (
    MAN,
    MIN_AGE,
    SEXES,
    WOMAN,
    AmountUnclear,
    Income,
    parse_age,
    parse_amount,
    parse_term,
)
from domain.savings.precalification.estimate import (
    IncomeBelowMinimum,
    Precalification,
    SimulatorInputs,
    TermNotAvailable,
    WhatIf,
)
from domain.savings.records import Sex
from domain.values.ages import age_from_birth, read_years
from domain.values.amounts import read_amount

MINE = "precal:mine"
SIMULATOR = "precal:simulator"
SEX = "precal:sex:"
BALANCE_UNKNOWN = "precal:balance:unknown"
TERM = "precal:term"
CO_BORROWER = "precal:co_borrower"
NO_CO_BORROWER = "precal:no_co_borrower"
RESTART = "precal:restart"
DETAILS = "precal:details"
WHEN_MET = "precal:when_met"
AMOUNT_IS_SALARY = "precal:amount:salary"
AMOUNT_IS_BALANCE = "precal:amount:balance"
OWN_SALARY = "precal:own_salary"
RECORD = "record"
SIMULATION = "simulator"


@dataclass
class PrecalData:
    mode: str | None = None
    """``record`` (the logged-in worker's) or ``simulator`` (typed answers)."""
    wants_record: bool = False
    """Chose "use my data" before logging in: the prompt after the login says so."""
    salary: Sensitive = None
    """The simulator's salary; on the record's estimate, another one said («¿y si gano 15
    mil?»: the rest stays the record's), ``None`` for the record's own."""
    age: int | None = None
    sex: str | None = None
    balance: Sensitive = None
    term: int | None = None
    term_ahead: int | None = None
    """A term said before the estimate («y a 15 años?» at the salary): used by the next one."""
    co_income: Sensitive = None
    max_term: int | None = None
    """The longest term of the last estimate (None when there was no estimate)."""
    blocked: bool = False
    """The last estimate came with unmet requirements: the worker cannot apply yet."""
    when_met: bool = False
    """Asked for the amount they could get once they meet the requirements."""
    partner_named: bool = False
    """Someone to buy with was talked about («mi esposo también cotiza»): «gana como 15
    mil» that follows is their income, not the worker's salary."""
    record_blocked: bool = False
    """The simulator opened from a record's estimate that could not be given (a pension in
    process, a credit already): «¿y por qué no puedo?» in it is about that one."""
    balance_unknown: bool = False
    """«No lo sé» was the Subcuenta: an amount said bare after it may be that balance."""
    amount_doubt: Sensitive = None
    """An amount said bare at the result after «No lo sé», asked about (salary or balance)."""


SALARY_FLOOR = Decimal("1000")
"""A typed amount this large is a monthly salary, never an age or a term."""


def _a_salary(text: str) -> bool:
    """«mejor con 15000», «y si gano 15 mil?»: an amount a monthly salary could be (the
    worker's: «mi esposa gana 10 mil» is the co-borrower's, ``_partner_income``)."""
    amount = read_amount(text)
    return amount is not None and amount >= SALARY_FLOOR and read_years(text) is None \
        and not names_partner(text)


def _an_age(text: str) -> bool:
    """«no, tengo 35», «y si tuviera 40?»: years said as the worker's age (a bare «a 20
    años» may be the term)."""
    return read_years(text) is not None and says_age(text) and not names_partner(text)


def _a_term(text: str | None) -> bool:
    """«y a 15 años?», «con plazo de 20»: years said as the credit's term, at any step."""
    return read_years(text or "") is not None and says_term(text) and not names_partner(text)


def _bare_term(text: str | None, at_result: bool) -> bool:
    """«10 años», «actually 10 years» with no word of age: at the estimate, the term (an age
    change says so: «tengo 40»); before it, only when too few years for an age (it was read
    as the age: «La edad debe ser de 18 a 100» and the estimate lost)."""
    years = read_years(text or "")
    if years is None or says_age(text) or names_partner(text) \
            or not fields.names(text, fields.YEARS):
        return False
    return at_result or years < MIN_AGE  # never an age: a term


def _partner_income(text: str | None) -> bool:
    """«mi esposa gana 10 mil», «my husband makes 12000»: the co-borrower's income, said at
    any step (it is asked only after the estimate)."""
    return names_partner(text) and read_amount(text or "") is not None


class PrecalificationFlow(Flow):
    name = "precalification"
    kept_when_left = True

    class Step(StrEnum):
        CHOOSE = "choose"
        SALARY = "salary"
        AGE = "age"
        SEX = "sex"
        BALANCE = "balance"
        RESULT = "result"
        TERM = "term"
        CO_BORROWER = "co_borrower"
        WHICH_AMOUNT = "which_amount"

    first = Step.CHOOSE
    settled = frozenset({Step.CHOOSE.value, Step.RESULT.value})
    Data = PrecalData
    revisable = {Step.SALARY.value: fields.SALARY, Step.AGE.value: fields.AGE,
                 Step.SEX.value: fields.SEX, Step.BALANCE.value: fields.BALANCE}
    accepts = {Step.SEX.value: Accepts.OPTIONS}
    """The sex step reads its own words («masculino», «female») but takes no data: a value
    typed there («mejor con 15000») is a change of an earlier answer."""
    revised_by_value = {Step.SALARY.value: lambda text: _a_salary(text),
                        Step.AGE.value: lambda text: _an_age(text)}

    def handle(self, step: StrEnum, ctx: Ctx, answer: Answer) -> Awaitable[Result]:
        """«mi esposa gana 10 mil» at any step: the co-borrower's income, not the worker's
        salary (it replaced it) nor the balance."""
        if answer.choice is None and (_partner_income(answer.text) or (
                (ctx.data.partner_named or ctx.data.co_income) and says_their_income(answer.text)
                and read_amount(answer.text or "") is not None)):
            return self._partner_said(ctx, answer, step)
        if answer.choice is None and step is not self.Step.TERM and (
                _a_term(answer.text) or _bare_term(answer.text, step is self.Step.RESULT)):
            return self._term_said(ctx, answer, step)
        if answer.choice is None and drops_partner(answer.text) and ctx.data.co_income \
                and step is not self.Step.RESULT:  # «quítale el coacreditado» before the result
            return self._partner_dropped(ctx, step)
        if answer.choice is None and ctx.data.mode != RECORD and wants_own_data(answer.text):
            return self._with_record(ctx)  # «mejor con mis datos» in the simulator
        return super().handle(step, ctx, answer)

    @staticmethod
    async def _partner_dropped(ctx: Ctx[PrecalData], step: StrEnum) -> Result:
        ctx.data.co_income = None
        return Goto(step, say=[Say(Msg("precal_flow.co_borrower_dropped"))])

    async def _partner_said(self, ctx: Ctx[PrecalData], answer: Answer,
                            step: StrEnum) -> Result:
        if step is self.Step.CO_BORROWER:  # the answer to this very question («mi esposo gana
            # como 10 mil»): it was «lo sumo cuando calcule tu monto» and the question again
            return await self.on_co_borrower(ctx, answer)
        if step is self.Step.RESULT and ctx.data.blocked and not ctx.data.when_met:
            return Goto(step, say=[Say(Msg("precal_flow.joint_blocked"))])  # nothing to add to
        if step is self.Step.RESULT and ctx.data.max_term is not None:
            checked = _checked_income(ctx, answer, co_borrower=True)
            if isinstance(checked, Invalid):  # what to fix, and the result's question
                return Goto(step, say=[_partner_too_low(checked)])
            amount, said = checked
            ctx.data.co_income = str(amount)
            taken = Say(Msg("precal_flow.co_borrower_taken", amount=Money(amount)))
            return _saying_first([*said, taken], await self._calculate(ctx))
        return Goto(step, say=self._partner_kept(ctx, answer.text or ""))

    async def _term_said(self, ctx: Ctx[PrecalData], answer: Answer, step: StrEnum) -> Result:
        """The term said on the way: at the estimate, worked out at once; before it, kept
        for it (the longest term depends on the age and sex not given yet)."""
        years = parse_term(answer.text or "")
        if step is self.Step.RESULT and ctx.data.max_term is not None:
            try:
                return await self._with_term(ctx, years)
            except TermNotAvailable as refused:  # said so here: not read as anything else
                return Goto(step, say=[Say(Msg(refused.key, **refused.params))])
        ctx.data.term_ahead = years
        return Goto(step, say=[Say(Msg("precal_flow.term_kept", years=years))])

    async def _with_term(self, ctx: Ctx[PrecalData], years: int) -> Result:
        """The estimate over ``years``; a term out of range leaves the one before."""
        before, ctx.data.term = ctx.data.term, years
        try:
            return await self._calculate(ctx)
        except TermNotAvailable:
            ctx.data.term = before
            raise

    @staticmethod
    def _partner_kept(ctx: Ctx[PrecalData], text: str) -> list[Say]:
        """The co-borrower's income said before the estimate: kept and added to it (or
        what to fix in it), the step under way asked again."""
        checked = _checked_income(ctx, Answer(text=text), co_borrower=True)
        if isinstance(checked, Invalid):
            return [_partner_too_low(checked)]
        amount, said = checked
        ctx.data.co_income = str(amount)
        return [*said, Say(Msg("precal_flow.co_borrower_kept", amount=Money(amount)))]

    def about(self, topic: str, ctx: Ctx[PrecalData], text: str = "") -> list[Say] | None:
        """Buying with someone else, asked on the way: where this flow adds them (and the
        income of whoever it is, when said: «mi esposa gana 10 mil» at «¿Eres mujer u
        hombre?»)."""
        if topic != JOINT_CREDIT or ctx.data.mode is None:
            return None
        data = ctx.data
        data.partner_named = True
        if data.blocked and not data.when_met and data.mode == RECORD:  # a credit already, a
            # pension: the way was «Precalificación», which refused the same again
            return [Say(Msg("precal_flow.joint_blocked"))]
        if _partner_income(text) and ctx.state.top.step != self.Step.RESULT.value:
            return self._partner_kept(ctx, text)
        if ctx.state.top.step == self.Step.RESULT.value and data.max_term is not None \
                and not data.blocked:
            return [Say(Msg("precal_flow.joint_added", amount=Money(Decimal(data.co_income)))
                        if data.co_income else Msg("precal_flow.joint_here"))]
        if data.mode == SIMULATION and ctx.state.top.step != self.Step.RESULT.value:
            return [Say(Msg("precal_flow.joint_after"))]
        return None

    async def question(self, ctx: Ctx[PrecalData], text: str) -> list[Say] | None:
        """The term, another salary and the monthly payment asked on the way (the term
        question was read as «what does it cost», the others were not understood)."""
        result_shown = ctx.state.top.step == self.Step.RESULT.value
        if asks_term(text) and not _a_term(text):
            mine = [Say(Msg("precal_flow.about_term_yours", years=ctx.data.max_term))] \
                if ctx.data.max_term is not None else []
            return [Say(Msg("precal_flow.about_term")), *mine]
        if asks_other_salary(text) and read_amount(text) is None:
            return [Say(Msg("precal_flow.about_other_salary"))]
        if asks_taxes(text) and read_amount(text) is None:  # «¿antes o después de impuestos?»
            return [Say(Msg("precal_flow.about_gross"))]
        if asks_what_subaccount(text):  # «¿qué es la subcuenta?» (it was «No entendí…»)
            return [Say(Msg("precal_flow.about_subaccount"))]
        if asks_payment(text) and not result_shown and read_amount(text) is None:
            return [Say(Msg("precal_flow.about_payment"))]
        if ctx.data.record_blocked and ctx.data.mode == SIMULATION and not result_shown \
                and asks_why(text) and read_amount(text) is None:  # «¿y por qué no puedo?»
            return [Say(Msg("precal_flow.simulator_after_block"))]
        return await super().question(ctx, text)

    # --- whose data -----------------------------------------------------------------

    async def enter(self, ctx: Ctx[PrecalData]) -> Result | None:
        """Logged in: the estimate from the record at once (the simulator stays a tap away)."""
        if await self._account(ctx) is None:
            return None
        self._forget(ctx.data)
        ctx.data.mode = RECORD
        return await self._calculate(ctx)

    def ask_choose(self, ctx: Ctx[PrecalData]) -> list[Say]:
        if ctx.account_id is None:
            key, mine = "precal_flow.ask_choose", Option(MINE, Msg("precal_flow.mine_log_in"))
        else:
            key = ("precal_flow.ask_choose_logged_in" if ctx.data.wants_record
                   else "precal_flow.ask_choose_session")
            mine = Option(MINE, Msg("precal_flow.mine"))
        options = (mine, Option(SIMULATOR, Msg("precal_flow.simulator")))
        return [Say(Msg(key), options=options)]

    async def on_choose(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        if answer.choice == SIMULATOR:
            self._forget(ctx.data)
            ctx.data.mode = SIMULATION
            return Goto(self.Step.SALARY)
        if answer.choice is None and ctx.account_id is None and signs_in(answer.text):
            ctx.data.wants_record = True  # «carmen@…»: the login now, then the record
            return Start(LoginFlow, answer=answer.text, enter_after=True)
        if answer.choice is None and answer.text:
            return self._salary_typed_at_choice(ctx, answer)
        if answer.choice != MINE:
            return Invalid(Msg("input.choose_option"))
        return await self._with_record(ctx)

    async def _with_record(self, ctx: Ctx[PrecalData]) -> Result:
        """The estimate from the worker's record: at once when logged in, else after the
        login (not the question again: the record is what was asked for)."""
        if await self._account(ctx) is None:
            ctx.data.wants_record = True
            return Start(LoginFlow, enter_after=True)
        self._forget(ctx.data)
        ctx.data.mode = RECORD
        return await self._calculate(ctx)

    def _salary_typed_at_choice(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        """«gano 12 mil» instead of a button: the simulator with that salary (an amount is
        what the simulator asks first); words that are no amount say what to do. An age
        said with it («gano 12 mil y tengo 30 años») is taken too."""
        answer, years = _age_apart(answer)
        try:
            ctx.services.savings.read_income(answer.text or "", ctx.now)
        except AmountUnclear:
            mine = "precal_flow.mine_log_in" if ctx.account_id is None else "precal_flow.mine"
            return Invalid(Msg("precal_flow.choose_or_salary", mine=Msg(mine),
                               simulator=Msg("precal_flow.simulator")))
        self._forget(ctx.data)
        ctx.data.mode = SIMULATION
        checked = _checked_income(ctx, answer, co_borrower=False)
        if isinstance(checked, Invalid):
            return Goto(self.Step.SALARY, say=[Say(checked.problem), *(checked.reask or [])[:-1]])
        amount, said = checked
        ctx.data.salary = str(amount)
        said = [*said, Say(Msg("precal_flow.salary_taken", amount=Money(amount))),
                *self._age_taken(ctx, years)]
        if ctx.data.age is None:
            return Goto(self.Step.AGE, passed=(self.Step.SALARY,), say=said)
        return Goto(self.Step.SEX, passed=(self.Step.SALARY, self.Step.AGE), say=said)

    @staticmethod
    def _age_taken(ctx: Ctx[PrecalData], years: int | None) -> list[Say]:
        """An age said along with the salary, kept when it is one the simulator takes."""
        if years is None or ctx.data.age is not None:
            return []
        try:
            ctx.data.age = parse_age(str(years))
        except DomainError:
            return []  # asked at its own step, where what is wrong with it is said
        return [Say(Msg("precal_flow.age_taken", age=ctx.data.age))]

    async def _account(self, ctx: Ctx[PrecalData]) -> str | None:
        """The logged-in account, if its session still stands (a password reset elsewhere
        ends it: this flow is open to anonymous users, so the login gate does not check)."""
        session = ctx.state.session
        if session is None:
            return None
        if await ctx.services.accounts.session_epoch(session.account_id) != session.epoch:
            ctx.state.session = None
            return None
        return session.account_id

    @staticmethod
    def _forget(data: PrecalData) -> None:
        """A new estimate's answers start empty; a co-borrower's income said before the
        first choice («he makes 12000» at «¿Con qué datos?») is kept for it."""
        if data.mode is not None:
            data.co_income = None
        data.salary = data.balance = data.sex = None
        data.age = data.term = data.max_term = None
        data.wants_record = data.blocked = data.when_met = data.record_blocked = False

    # --- the simulator's questions --------------------------------------------------

    def ask_salary(self, ctx: Ctx[PrecalData]) -> list[Say]:
        return [Say(Msg("precal_flow.ask_salary"))]

    async def on_salary(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        answer, years = _age_apart(answer)
        checked = _checked_income(ctx, answer, co_borrower=False)
        if isinstance(checked, Invalid):
            return checked
        amount, said = checked
        said = [*said, *self._age_taken(ctx, years)]
        before, ctx.data.salary = ctx.data.salary, str(amount)
        if before is not None and Decimal(before) != amount and not said:
            # changed later («¿y si gano 20 mil?» at another step): say it was taken
            said = [Say(Msg("precal_flow.salary_changed", amount=Money(amount)))]
        return _saying_first(said, await self._onward(ctx, self.Step.AGE))

    def ask_age(self, ctx: Ctx[PrecalData]) -> list[Say]:
        return [Say(Msg("precal_flow.ask_age"))]

    async def on_age(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        born = age_from_birth(answer.text or "", ctx.now.date())
        before, ctx.data.age = ctx.data.age, parse_age(
            str(born.age) if born is not None else answer.text or "")
        said = [Say(Msg("precal_flow.age_changed", age=ctx.data.age))] \
            if before is not None and before != ctx.data.age else []
        if born is not None:  # «nací en 1990»: it was read as an income of $1,990
            said.append(Say(Msg("precal_flow.age_from_date" if born.exact
                                else "precal_flow.age_from_year", age=born.age, year=born.year,
                                younger=born.age - 1)))
        return _saying_first(said, await self._onward(ctx, self.Step.SEX))

    def ask_sex(self, ctx: Ctx[PrecalData]) -> list[Say]:
        options = (Option(SEX + WOMAN.lower(), Msg("precal_flow.woman")),
                   Option(SEX + MAN.lower(), Msg("precal_flow.man")))
        return [Say(Msg("precal_flow.ask_sex"), options=options)]  # «masculino», «female»

    async def on_sex(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        chosen = (answer.choice or "").removeprefix(SEX).upper() if answer.choice \
            else read_sex(answer.text, ctx.locale) or ""
        if chosen not in SEXES and (dont_know(answer.text) or declines_to_say(answer.text)
                                    or asks_why_needed(answer.text)):  # «¿pa qué quieres saber?»
            # «no sé», «prefiero no decirlo»: why it is asked, and which one errs low
            return Invalid(Msg("precal_flow.sex_why"))
        if chosen not in SEXES:
            return Invalid(Msg("input.choose_option"))
        ctx.data.sex = chosen
        return await self._onward(ctx, self.Step.BALANCE)

    def ask_balance(self, ctx: Ctx[PrecalData]) -> list[Say]:
        unknown = Option(BALANCE_UNKNOWN, Msg("precal_flow.balance_unknown"))
        return [Say(Msg("precal_flow.ask_balance"), options=(unknown,))]

    async def on_balance(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        if answer.choice == BALANCE_UNKNOWN or dont_know(answer.text) or says_none(answer.text):
            ctx.data.balance = "0"  # «no», «no tengo»: nothing (it cancelled the estimate)
            ctx.data.balance_unknown = answer.choice == BALANCE_UNKNOWN \
                or dont_know(answer.text)
        elif years_said(answer.text):  # «y si fueran 20 años»: years are no balance
            raise AmountUnclear()
        else:
            ctx.data.balance = str(parse_amount(answer.text or "", allow_zero=True))
        return await self._calculate(ctx)

    async def _onward(self, ctx: Ctx[PrecalData], step: PrecalificationFlow.Step) -> Result:
        """The next question not answered yet, or, when the worker went back to correct one
        answer («me equivoqué en la edad») and the ones after it still stand, the estimate
        at once: what they typed is not asked again."""
        data = ctx.data
        given = {self.Step.AGE: data.age, self.Step.SEX: data.sex,
                 self.Step.BALANCE: data.balance}
        rest = list(given)[list(given).index(step):]
        missing = next((later for later in rest if given[later] is None), None)
        if missing is not None:  # the first one not given yet; those before it stand
            return Goto(missing, passed=tuple(rest[:rest.index(missing)]))
        result = await self._calculate(ctx)
        if isinstance(result, Goto):
            return dataclasses.replace(result, passed=tuple(rest))
        return result

    # --- the estimate and what-if ---------------------------------------------------

    async def _calculate(self, ctx: Ctx[PrecalData], details: bool = False) -> Result:
        """The estimate with the data given: the short answer, or with ``details`` how it
        is worked out."""
        data = ctx.data
        said: list[Say] = []
        if data.term_ahead is not None:  # said before the estimate: used now, once
            data.term, data.term_ahead = data.term_ahead, None
        try:
            result = await self._precalify(ctx)
        except TermNotAvailable as refused:
            if data.term is None or data.max_term is not None:
                raise
            # the term said ahead does not fit this worker's age: the longest one, and why
            said = [Say(Msg("precal_flow.term_ahead_refused", years=data.term,
                            **refused.params))]
            data.term = None
            result = await self._precalify(ctx)
        if result is None:
            data.mode = None
            return Goto(self.Step.CHOOSE, say=[Say(Msg("session.ended"))])
        data.max_term = result.estimate.max_term_years if result.estimate else None
        data.blocked = bool(result.reasons)
        if details:
            return Goto(self.Step.RESULT, say=precalification_details_says(result))
        return Goto(self.Step.RESULT,
                    say=[*said, *precalification_says(result, when_met=data.when_met)])

    async def _precalify(self, ctx: Ctx[PrecalData]) -> Precalification | None:
        """The precalification of the record or of the simulator's answers (None when the
        record's session has ended)."""
        data = ctx.data
        co_income = Decimal(data.co_income) if data.co_income else None
        what_if = WhatIf(term_years=data.term, co_borrower_monthly_income=co_income)
        savings = ctx.services.savings
        if data.mode == RECORD:
            if data.salary is not None:  # another salary said on the worker's own estimate
                what_if = dataclasses.replace(what_if, monthly_salary=Decimal(data.salary))
            account = await self._account(ctx)
            if account is None:
                return None
            return await savings.precalify(account, ctx.now, what_if)
        assert data.salary and data.age and data.balance is not None
        inputs = SimulatorInputs(monthly_salary=Decimal(data.salary), age=data.age,
                                 sex=self._sex(data.sex),
                                 subcuenta_balance=Decimal(data.balance))
        return savings.simulate(inputs, ctx.now, what_if)

    @staticmethod
    def _sex(value: str | None) -> Sex:
        return WOMAN if value == WOMAN else MAN

    def ask_result(self, ctx: Ctx[PrecalData]) -> list[Say]:
        data = ctx.data
        options = []
        if data.max_term is not None and data.blocked and not data.when_met:
            options.append(Option(WHEN_MET, Msg("precal_flow.when_met")))
        elif data.max_term is not None:  # an estimate: its workings and what-ifs
            options.append(Option(DETAILS, Msg("answer.precal.details")))
            options.append(Option(TERM, Msg("precal_flow.change_term")))
            label = Msg("precal_flow.change_co_borrower" if data.co_income
                        else "precal_flow.add_co_borrower")
            options.append(Option(CO_BORROWER, label))
            if data.co_income:
                options.append(Option(NO_CO_BORROWER, Msg("precal_flow.remove_co_borrower")))
        if data.mode == SIMULATION:
            options.append(Option(RESTART, Msg("precal_flow.restart")))
        elif data.mode == RECORD:  # opened straight on the record: the simulator a tap away
            if data.salary is not None:
                options.append(Option(OWN_SALARY, Msg("precal_flow.own_salary")))
            options.append(Option(SIMULATOR, Msg("precal_flow.simulator")))
        options.append(Option(button(Command.MENU), Msg("escape.menu")))
        shown = data.max_term is not None and (data.when_met or not data.blocked)
        key = "precal_flow.ask_what_if" if shown else "precal_flow.ask_next"
        # typed words reach the step: a salary on the record is the simulator's («gano como
        # 15 mil»), in the simulator a new salary or age; the co-borrower's income anywhere
        return [Say(Msg(key), options=tuple(options))]

    async def on_result(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        if answer.choice == WHEN_MET and ctx.data.max_term is not None:
            ctx.data.when_met = True
            return await self._calculate(ctx)
        if answer.choice == DETAILS and ctx.data.max_term is not None:
            return await self._calculate(ctx, details=True)
        can_change = ctx.data.max_term is not None
        if answer.choice == TERM and can_change:
            return Goto(self.Step.TERM)
        if answer.choice == CO_BORROWER and can_change:
            return Goto(self.Step.CO_BORROWER)
        if ctx.data.co_income and (answer.choice == NO_CO_BORROWER or (
                answer.choice is None and drops_partner(answer.text))):  # «quita a mi esposo»
            ctx.data.co_income = None
            return await self._calculate(ctx)
        if answer.choice == RESTART and ctx.data.mode == SIMULATION:
            self._forget(ctx.data)
            return Goto(self.Step.SALARY)
        if answer.choice == SIMULATOR and ctx.data.mode == RECORD:
            blocked = ctx.data.blocked
            self._forget(ctx.data)
            ctx.data.mode, ctx.data.record_blocked = SIMULATION, blocked
            return Goto(self.Step.SALARY)
        typed = (answer.text or "") if answer.choice is None else ""
        if leaves_it(typed):  # «déjalo así»: the estimate stands, nothing to cancel
            return Done(say=[Say(Msg("precal_flow.left_as_is"))])
        if asks_why(typed) and can_change:  # «¿y por qué tan poquito?»: what it rests on
            details = await self._calculate(ctx, details=True)
            return _saying_first([Say(Msg("precal_flow.why_amount"))], details)
        if (asks_why(typed) or asks_what_to_do(typed)) and not can_change and ctx.data.mode:
            return await self._calculate(ctx)  # «¿por qué no puedo?»: the reasons, what to do
        if asks_result_figure(typed) and can_change and read_amount(typed) is None:
            return await self._calculate(ctx)  # «¿y de cuánto sería la mensualidad?»: shown again
        if ctx.data.mode == RECORD and (answer.choice == OWN_SALARY or (
                ctx.data.salary is not None and wants_own_data(typed))):
            ctx.data.salary = None  # «con mi sueldo de verdad»: the record's again
            return await self._calculate(ctx)
        if ctx.data.mode == RECORD and _a_salary(typed) and not can_change:
            return self._salary_typed_at_choice(ctx, answer)  # no amount on the record (a
            # credit already): the simulator, with it
        if ctx.data.mode == RECORD and _a_salary(typed):
            return await self._record_with_salary(ctx, answer)
        if ctx.data.mode == SIMULATION and read_amount(typed) is not None \
                and fields.names(typed, fields.BALANCE) and not fields.names(typed, fields.SALARY):
            return await self.on_balance(ctx, answer)  # «tengo 110 mil ahorrados»
        if ctx.data.mode == SIMULATION and _a_salary(typed) and ctx.data.balance_unknown \
                and not fields.names(typed, fields.SALARY):  # «como 110 mil» after «No lo
            ctx.data.amount_doubt = str(read_amount(typed))  # sé» the Subcuenta: which one
            return Goto(self.Step.WHICH_AMOUNT)  # (it became the salary: $2.9 million)
        if ctx.data.mode == SIMULATION and _a_salary(typed):  # «y si gano 20 mil?»
            return await self.on_salary(ctx, answer)
        if ctx.data.mode == SIMULATION and _an_age(typed):  # «y si tuviera 40?»
            return await self.on_age(ctx, answer)
        return Invalid(Msg("input.choose_option"))

    async def _record_with_salary(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        """«gano 12 mil al mes» on the worker's own estimate: the same estimate with that
        salary, the age, sex, savings and months kept from the record (it was the simulator,
        which asked them all again and took «no sé» of the savings as none)."""
        checked = _checked_income(ctx, answer, co_borrower=False)
        if isinstance(checked, Invalid):
            return checked
        amount, said = checked
        ctx.data.salary = str(amount)
        taken = Say(Msg("precal_flow.record_salary_taken", amount=Money(amount)))
        return _saying_first([*said, taken], await self._calculate(ctx))

    def ask_which_amount(self, ctx: Ctx[PrecalData]) -> list[Say]:
        amount = Money(Decimal(ctx.data.amount_doubt or "0"))
        return [Say(Msg("precal_flow.which_amount", amount=amount), options=(
            Option(AMOUNT_IS_SALARY, Msg("precal_flow.amount_is_salary")),
            Option(AMOUNT_IS_BALANCE, Msg("precal_flow.amount_is_balance"))))]

    async def on_which_amount(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        amount, ctx.data.amount_doubt = ctx.data.amount_doubt, None
        typed = answer.text or ""
        if answer.choice == AMOUNT_IS_BALANCE or (answer.choice is None and fields.names(
                typed, fields.BALANCE)):
            ctx.data.balance_unknown = False
            return await self.on_balance(ctx, Answer(text=amount))
        if answer.choice == AMOUNT_IS_SALARY or (answer.choice is None and fields.names(
                typed, fields.SALARY)):
            return await self.on_salary(ctx, Answer(text=amount))
        ctx.data.amount_doubt = amount
        return Invalid(Msg("input.choose_option"))

    def ask_term(self, ctx: Ctx[PrecalData]) -> list[Say]:
        most = ctx.data.max_term or 1  # the example within reach: «como 20» where 17 was the
        return [Say(Msg("precal_flow.ask_term", max_years=most,  # most, then «de 1 a 17»
                        example=min(TERM_EXAMPLE, most)))]

    async def on_term(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        if keeps_as_is(answer.text):  # «déjalo así»: the result as it was
            return await self._calculate(ctx)
        # a term out of range: what it can be, asked again (the estimate keeps its term); the
        # years were the term's, never an age changed («30 years» took 30 as the age)
        try:
            return await self._with_term(ctx, parse_term(answer.text or ""))
        except TermNotAvailable as refused:
            return Invalid(Msg(refused.key, **refused.params), understood=True)

    def ask_co_borrower(self, ctx: Ctx[PrecalData]) -> list[Say]:
        return [Say(Msg("precal_flow.ask_co_borrower"))]

    async def on_co_borrower(self, ctx: Ctx[PrecalData], answer: Answer) -> Result:
        if keeps_as_is(answer.text):  # «mejor no», «sin coacreditado»: the result as it was
            return await self._calculate(ctx)
        checked = _checked_income(ctx, answer, co_borrower=True)
        if isinstance(checked, Invalid):
            return checked
        amount, said = checked
        ctx.data.co_income = str(amount)
        return _saying_first(said, await self._calculate(ctx))


def _checked_income(ctx: Ctx[PrecalData], answer: Answer,
                    co_borrower: bool) -> tuple[Decimal, list[Say]] | Invalid:
    """A monthly income of at least today's minimum; the worker's and a co-borrower's alike,
    with what to say about it. Pay said per day, week, fortnight or year («350 al día») is
    turned into the monthly figure, and the worker is told which one is used."""
    income = ctx.services.savings.read_income(answer.text or "", ctx.now)
    said = _said_monthly(income)
    try:
        amount = ctx.services.savings.check_income(income.monthly, ctx.now, co_borrower)
    except IncomeBelowMinimum as error:
        problem = Msg(error.key, minimum=Money(error.params["minimum"]))
        ask = Say(Msg("precal_flow.ask_co_borrower" if co_borrower else "precal_flow.ask_salary"))
        return Invalid(problem, reask=[*said, ask] if said else None)
    return amount, said


def _age_apart(answer: Answer) -> tuple[Answer, int | None]:
    """The salary's words and the age said with them («gano 12 mil y tengo 30 años»): the
    answer without the age, and the age; the answer as it was when no age is said apart."""
    years, rest = age_said_apart(answer.text)
    if years is None or read_amount(rest) is None:
        return answer, None
    return dataclasses.replace(answer, text=rest), years


def _partner_too_low(refused: Invalid) -> Say:
    """A co-borrower's income under the minimum, said in passing: not added, and why (not
    «escribe su ingreso», which the step under way would take as its own answer)."""
    return Say(Msg("precal_flow.co_borrower_too_low", **refused.problem.params))


def _said_monthly(income: Income) -> list[Say]:
    """«Con $350.00 al día, tu ingreso al mes es de $10,640.00.» when the pay was said per
    another period; nothing when it was monthly."""
    if not income.converted or income.period is None:
        return []
    return [Say(Msg(f"precal_flow.income_per_{income.period.value}", typed=Money(income.typed),
                    monthly=Money(income.monthly)))]


TERM_EXAMPLE = 20
"""The term shown as an example where the term is asked, when the worker's age allows it."""


def _saying_first(said: list[Say], result: Result) -> Result:
    """``result`` with ``said`` before what it says."""
    if not said or isinstance(result, Invalid):
        return result
    return dataclasses.replace(result, say=[*said, *result.say])
