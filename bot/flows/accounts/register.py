"""Registro: privacy notice and consent, NSS, CURP, RFC, e-mail, mobile, a code by SMS and
one by e-mail, password, terms. Every step keeps what was already given: a wrong CURP asks
for the CURP again, nothing else. Nothing is kept before the user consents."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bot.conversation.help_topics import SECURITY, WHY_ASKED
from bot.conversation.messages import Msg, Option, Say, Template
from bot.conversation.pages import PagePurpose
from bot.flows.base import Accepts, Answer, Ctx, Done, Flow, Goto, Invalid, Result, Start
from bot.flows.common import (
    PasswordStep,
    code_answer,
    code_prompt,
    consent,
    not_a_code,
    prepare_password,
    read_email,
    read_password,
)
from bot.flows.data import Sensitive
from bot.flows.terms import ACCEPT, DECLINE, ask_terms, on_terms
from bot.nlu import fields
from bot.nlu.answers import (
    CodeRequest,
    asks_someone_elses,
    asks_someone_elses_email,
    wrong_address,
)
from bot.nlu.text import joined
from domain.accounts.codes import Medium
from domain.accounts.errors import (
    AccountExists,
    EmailInUse,
    PhoneInUse,
    ResendLimit,
    ResendTooSoon,
)
from domain.errors import DomainError
from domain.identifiers import (
    at_joined,
    find_curp,
    find_mobile,
    find_nss,
    find_rfc,
    has_curp_shape,
    has_rfc_shape,
    identity_in,
    mask_email,
    mask_phone,
    nss_in,
    parse_curp,
    parse_email,
    parse_mobile,
    parse_nss,
    parse_rfc,
    whole_curp,
    whole_email,
    whole_mobile,
    whole_rfc,
)
from domain.notifications import CodePurpose

HAS_ACCOUNT_LOGIN = "register:log_in"
HAS_ACCOUNT_RESET = "register:reset"
CHANGE_MOBILE = "register:change_mobile"
CHANGE_EMAIL = "register:change_email"


@dataclass
class RegisterData:
    consent_at: float | None = None
    notice_asked_about: bool = False
    """A question about the privacy notice was answered: the notice is not shown again, its
    question alone is asked."""
    notice_unseen: bool = False
    """Data came with the words that opened the registration («quiero registrarme, mi nss
    es …»): the notice was never on screen, so it is shown whole before its question."""
    nss: Sensitive = None
    worker_id: str | None = None
    curp: Sensitive = None
    rfc: Sensitive = None
    email: Sensitive = None
    mobile: Sensitive = None
    request_id: str | None = None
    mobile_verified: bool = False
    email_verified: bool = False
    account_id: str | None = None
    resuming: bool = False
    """Resuming a registration left unfinished: the codes go to the contacts it verified."""
    page_url: Sensitive = None
    page_digest: str | None = None
    has_account: bool = False
    """The NSS typed already has an account: the login and the reset are offered."""
    rfc_ahead: Sensitive = None
    """An RFC typed at the CURP step, taken once the CURP is in."""
    email_doubt: Sensitive = None
    """An address that looks mistyped («maria@gmial.com»), asked about: typed again as it
    is, it stands."""
    email_meant: Sensitive = None
    """The address it probably meant («maria@gmail.com»): «sí» takes it."""
    ahead: Sensitive = None
    """Identity data typed before its step (the NSS at the privacy notice, the CURP at the
    NSS step), as found: taken when its step comes; dropped with the rest if the notice is
    declined."""


class RegisterFlow(Flow):
    name = "register"
    kept_when_left = True

    class Step(StrEnum):
        PRIVACY = "privacy"
        NSS = "nss"
        CURP = "curp"
        RFC = "rfc"
        EMAIL = "email"
        MOBILE = "mobile"
        SMS_CODE = "sms_code"
        EMAIL_CODE = "email_code"
        PASSWORD = "password"
        TERMS = "terms"

    accepts = {Step.SMS_CODE: Accepts.CODE, Step.EMAIL_CODE: Accepts.CODE,
               Step.PASSWORD: Accepts.SECRET}
    revisable = {Step.NSS.value: fields.NSS, Step.CURP.value: fields.CURP,
                 Step.RFC.value: fields.RFC, Step.EMAIL.value: fields.EMAIL,
                 Step.MOBILE.value: fields.MOBILE}
    first = Step.PRIVACY
    Data = RegisterData
    identifier_steps = frozenset({Step.NSS.value, Step.CURP.value, Step.RFC.value,
                                  Step.EMAIL.value, Step.MOBILE.value})

    # --- privacy and identity -------------------------------------------------------

    consents = {Step.PRIVACY.value: ACCEPT, Step.TERMS.value: ACCEPT}  # noqa: RUF012
    _CONSENT = (Option(ACCEPT, Msg("register.accept")), Option(DECLINE, Msg("register.decline")))

    def about(self, topic: str, ctx: Ctx[RegisterData], text: str = "") -> list[Say] | None:
        """At the privacy notice, «¿para qué quieren mis datos?», «¿qué son los derechos
        ARCO?» are about the notice: what the data is for and the rights (not the account's
        safety tips)."""
        if topic in (SECURITY, WHY_ASKED) and ctx.state.top.step == self.Step.PRIVACY.value:
            ctx.data.notice_asked_about = True
            return [Say(Msg("register.privacy_explained"))]
        return super().about(topic, ctx, text)

    def ask_privacy(self, ctx: Ctx[RegisterData]) -> list[Say]:
        shown = not ctx.data.notice_unseen
        if shown and (ctx.data.ahead or ctx.data.notice_asked_about):  # its question alone
            return [Say(Msg("consent.privacy_reask"), options=self._CONSENT)]
        about = ctx.services.about
        notice = Template("privacy", {"operator": about.operator_name,
                                      "url": about.public_url + "/privacidad"})
        return [Say(notice, options=self._CONSENT)]

    async def on_privacy(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        found = identity_in(answer.text or "") if answer.choice is None else None
        accepted = consent(answer, self._CONSENT, "consent.privacy_reask")
        if not isinstance(accepted, bool):
            if found is None:
                return accepted
            # the NSS (or more) typed before consenting: not used until the worker accepts
            # (with the words that opened this, the notice was never on screen: shown whole)
            ctx.data.ahead = identity_in(answer.text or "", ctx.data.ahead)  # with the earlier
            ctx.data.notice_unseen = answer.opening
            return Goto(self.Step.PRIVACY, say=[Say(Msg("register.data_before_consent"))])
        if not accepted:
            return Done(say=[Say(Msg("register.declined"))], declined=True)
        ctx.data.consent_at = ctx.now.timestamp()
        ahead, ctx.data.ahead = found or ctx.data.ahead, None
        if ahead and nss_in(ahead):  # «sí, mi nss es 0311…», or the one kept: taken now
            try:
                return await self.on_nss(ctx, Answer(text=ahead))
            except DomainError as error:
                return Goto(self.Step.NSS, say=[Say(Msg(error.key, **error.params))])
        ctx.data.ahead = ahead
        return Goto(self.Step.NSS)

    def ask_nss(self, ctx: Ctx[RegisterData]) -> list[Say]:
        if ctx.data.has_account:  # the NSS typed has an account: the way in is a tap away
            return [Say(Msg("register.ask_nss_or_account"),
                        options=(Option(HAS_ACCOUNT_LOGIN, Msg("menu.login")),
                                 Option(HAS_ACCOUNT_RESET, Msg("menu.password_reset"))))]
        return [Say(Msg("register.ask_nss"))]

    async def on_nss(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        if answer.choice in (HAS_ACCOUNT_LOGIN, HAS_ACCOUNT_RESET) and ctx.data.has_account:
            # here, not at the top: the login flow opens the registration itself
            from bot.flows.accounts.login import LoginFlow
            from bot.flows.accounts.password_reset import PasswordResetFlow
            wanted = LoginFlow if answer.choice == HAS_ACCOUNT_LOGIN else PasswordResetFlow
            return Start(wanted, replace=True, answer=ctx.data.nss)
        typed = answer.text or ""
        kept = None if nss_in(typed) else identity_in(typed, ctx.data.ahead)
        if kept is not None and kept != ctx.data.ahead:
            # a CURP, RFC or e-mail before the NSS: kept for its step
            ctx.data.ahead = kept
            return Goto(self.Step.NSS, say=[Say(Msg("register.kept_for_later"))])
        nss = parse_nss(find_nss(typed)).value
        if ctx.data.nss is not None and nss != ctx.data.nss:
            # another worker: the codes sent (and verified) were for the NSS corrected
            ctx.data.request_id, ctx.data.resuming = None, False
            ctx.data.mobile_verified = ctx.data.email_verified = False
        try:
            ctx.data.worker_id = await ctx.services.accounts.check_nss(nss, ctx.now, ctx.chat)
        except AccountExists:
            ctx.data.nss, ctx.data.has_account = nss, True
            return Goto(self.Step.NSS, say=[Say(Msg("register.nss_has_account"))])
        ctx.data.nss, ctx.data.has_account = nss, False
        pending = await ctx.services.accounts.pending_contacts(ctx.data.worker_id)
        kept, ctx.data.ahead = ctx.data.ahead, None
        if pending is None:
            return await self._ahead(ctx, self._with_given(ctx, identity_in(typed, kept) or typed))
        # a registration left unfinished (codes verified, no password or no terms): the
        # contacts it verified prove who this is again, then the password
        ctx.data.email, ctx.data.mobile = pending
        sent_before = ctx.data.resuming and ctx.data.request_id is not None
        ctx.data.resuming = True
        if not sent_before:
            ctx.data.request_id = str(uuid.uuid4())
        try:
            await self._send(ctx, Medium.SMS)
            await self._send(ctx, Medium.EMAIL)
        except (ResendTooSoon, ResendLimit):
            if not sent_before:
                raise
            # back at the NSS in this same resume («regresa»): the codes already sent
            # still work, so the step that takes them is where to go, not a refusal
            return Goto(self.Step.SMS_CODE, say=[Say(Msg("register.resume_codes_sent"))])
        return Goto(self.Step.SMS_CODE, say=[Say(Msg("register.resume"))])

    async def _ahead(self, ctx: Ctx[RegisterData], text: str,
                     start: StrEnum | None = None) -> Result:
        """The data typed before it was asked, from step ``start`` on (the CURP, the RFC,
        the e-mail and the mobile with the NSS, «03119283525 LOHF920417MJCPRR04»; the RFC,
        the e-mail and the mobile with the CURP…): each taken and checked as its own step
        would, in order; the first one missing (or refused, with why) is asked next."""
        taken: list[RegisterFlow.Step] = []
        ctx.data.ahead = None  # in ``text`` now (``_with_given``)
        ahead = ((self.Step.CURP, whole_curp), (self.Step.RFC, whole_rfc),
                 (self.Step.EMAIL, whole_email), (self.Step.MOBILE, whole_mobile))
        steps: list[StrEnum] = [step for step, _ in ahead]
        for step, find in ahead[steps.index(start or self.Step.CURP):]:
            found = find(text)
            if found is None:
                return Goto(step, passed=tuple(taken))
            if step is self.Step.MOBILE:  # the codes go out: the SMS code is asked next
                result = await self.on_mobile(ctx, Answer(text=found))
                if isinstance(result, Goto):
                    result = dataclasses.replace(result, passed=(*taken, self.Step.MOBILE))
                return result
            try:
                doubt = await self._take(ctx, step, found)
            except DomainError as error:
                return Goto(step, say=[Say(Msg(error.key, **error.params))],
                            passed=tuple(taken))
            if doubt is not None:  # «maria@gmial.com»: asked about at its step
                return Goto(step, say=[doubt], passed=tuple(taken))
            taken.append(step)
        return Goto(self.Step.MOBILE, passed=tuple(taken))

    async def _take(self, ctx: Ctx[RegisterData], step: StrEnum, value: str) -> Say | None:
        """``value`` taken as ``step``'s answer; the question to ask first, if any."""
        if step is self.Step.CURP:
            curp = parse_curp(value).value
            await ctx.services.accounts.check_curp(self._worker(ctx), curp, ctx.now, ctx.chat)
            ctx.data.curp = curp
        elif step is self.Step.RFC:
            rfc = parse_rfc(value).value
            await ctx.services.accounts.check_rfc(self._worker(ctx), rfc, ctx.now, ctx.chat)
            ctx.data.rfc = rfc
        else:
            reading = read_email(value, None, None)
            if reading.address is None:
                ctx.data.email_doubt, ctx.data.email_meant = reading.typed, reading.meant
                return reading.question()
            ctx.data.email = reading.address
        return None

    def ask_curp(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return [Say(Msg("register.ask_curp"))]

    async def on_curp(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        typed = answer.text or ""
        if has_rfc_shape(typed) and not has_curp_shape(typed):  # kept for its own step
            ctx.data.rfc_ahead = find_rfc(typed)
            return Goto(self.Step.CURP, say=[Say(Msg("register.rfc_at_curp"))])
        kept = self._kept_ahead(ctx, typed, self.Step.CURP)
        if kept is not None:
            return kept
        curp = parse_curp(find_curp(answer.text or "")).value
        await ctx.services.accounts.check_curp(self._worker(ctx), curp, ctx.now, ctx.chat)
        ctx.data.curp = curp
        ahead, ctx.data.rfc_ahead = ctx.data.rfc_ahead, None
        if ahead:  # the RFC given before its turn: checked now, not asked again
            try:
                await self._take(ctx, self.Step.RFC, ahead)
            except DomainError as error:
                return Goto(self.Step.RFC, say=[Say(Msg(error.key, **error.params))])
            return Goto(self.Step.EMAIL, passed=(self.Step.RFC,))
        return await self._ahead(ctx, self._with_given(ctx, typed),  # «… y mi rfc …»
                                 start=self.Step.RFC)

    @staticmethod
    def _with_given(ctx: Ctx[RegisterData], typed: str) -> str:
        """``typed`` with the CURP, RFC and e-mail given before a step was corrected
        («me equivoqué en el NSS»), each where ``typed`` holds none of its own: checked again
        on the way forward (against the corrected record), not asked again (they were). The
        mobile too while no code went to it (a new one kept to send them to)."""
        mobile = ctx.data.mobile if ctx.data.request_id is None else None
        given = [value for value, find in ((ctx.data.curp, whole_curp), (ctx.data.rfc, whole_rfc),
                                           (ctx.data.email, whole_email),
                                           (mobile, whole_mobile))
                 if value and find(typed) is None]
        ahead = [value for find in (whole_curp, whole_rfc, whole_email, whole_mobile)
                 if (value := find(ctx.data.ahead or "")) and find(typed) is None]
        return joined(typed, *given, *ahead)  # what was typed before its step too

    def _kept_ahead(self, ctx: Ctx[RegisterData], typed: str,
                    step: RegisterFlow.Step) -> Result | None:
        """Later data typed with no try at this step's own (the e-mail and mobile at the
        RFC, the mobile at the e-mail): kept for its step, this one asked again (it was this
        step's error, «Tu RFC lleva 13 caracteres y escribiste 10», and the data lost)."""
        finds = {self.Step.CURP: (whole_email, whole_mobile),
                 self.Step.RFC: (whole_email, whole_mobile),
                 self.Step.EMAIL: (whole_mobile,)}[step]
        typed = at_joined(typed)  # «maria @ gmail.com» found whole: taken out whole
        found = [value for find in finds if (value := find(typed))]
        rest = typed
        for value in found:
            rest = rest.replace(value, "")
        if not found or "@" in rest or any(char.isdigit() for char in rest):
            return None  # nothing later, or a try at this step's too: its own answer
        ctx.data.ahead = joined(ctx.data.ahead or "", *found)
        return Goto(step, say=[Say(Msg(f"register.kept_ahead.{step.value}"))])

    def ask_rfc(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return [Say(Msg("register.ask_rfc"))]

    async def on_rfc(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        typed = answer.text or ""
        if has_curp_shape(typed) and not has_rfc_shape(typed):
            return Invalid(Msg("register.curp_at_rfc"))
        kept = self._kept_ahead(ctx, typed, self.Step.RFC)
        if kept is not None:
            return kept
        rfc = parse_rfc(find_rfc(answer.text or "")).value
        await ctx.services.accounts.check_rfc(self._worker(ctx), rfc, ctx.now, ctx.chat)
        ctx.data.rfc = rfc
        # «… correo …», or the contacts kept from before (a change of a resumed one)
        return await self._ahead(ctx, self._with_given(ctx, typed), start=self.Step.EMAIL)

    @staticmethod
    def _worker(ctx: Ctx[RegisterData]) -> str:
        assert ctx.data.worker_id is not None  # the NSS step always sets it
        return ctx.data.worker_id

    # --- contact data and codes -----------------------------------------------------

    def ask_email(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return [Say(Msg("register.ask_email"))]

    async def on_email(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        if "@" not in (answer.text or "") and asks_someone_elses_email(answer.text):
            return Goto(self.Step.EMAIL, say=[Say(Msg("register.email_someone_elses"))])
        if ctx.data.request_id is None:
            kept = self._kept_ahead(ctx, answer.text or "", self.Step.EMAIL)
            if kept is not None:
                return kept
        reading = read_email(answer.text or "", ctx.data.email_doubt, ctx.data.email_meant)
        ctx.data.email_doubt, ctx.data.email_meant = reading.typed, reading.meant
        if reading.address is None:  # «maria@gmial.com»: asked about first
            return Goto(self.Step.EMAIL, say=[reading.question()])
        email = reading.address
        ctx.data.email = email
        ctx.data.email_verified = False
        if ctx.data.request_id is None:  # first time through: the mobile comes next
            return await self._ahead(ctx, self._with_given(ctx, answer.text or ""),
                                     start=self.Step.MOBILE)
        await self._send(ctx, Medium.EMAIL)  # the e-mail was changed at its code step
        return Goto(self.Step.EMAIL_CODE)

    def ask_mobile(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return [Say(Msg("register.ask_mobile"), request_contact=ctx.channel.requests_contact)]

    async def on_mobile(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        if answer.contact is None and "@" in (answer.text or ""):
            # «maria@gmail.com» at the mobile: the e-mail corrected, then the mobile again
            result = await self.on_email(ctx, Answer(text=answer.text))
            if isinstance(result, Goto) and result.step is self.Step.MOBILE:
                changed = Say(Msg("register.email_changed", email=mask_email(ctx.data.email or "")))
                return Goto(self.Step.MOBILE, say=[changed])
            return result
        if answer.contact is None and not any(char.isdigit() for char in answer.text or "") \
                and asks_someone_elses(answer.text):  # «¿puedo poner el de mi hijo?»
            return Goto(self.Step.MOBILE, say=[Say(Msg("register.mobile_someone_elses"))])
        if answer.contact is not None:
            if not answer.contact.is_own:
                return Invalid(Msg("register.contact_not_own"))
            mobile = parse_mobile(answer.contact.phone).e164
        else:
            mobile = parse_mobile(find_mobile(answer.text or "")).e164
        if ctx.data.curp is None or ctx.data.rfc is None:
            # a new mobile for a registration resumed by its NSS alone: the codes go to it
            # once the CURP and RFC prove who this is (kept, not asked again)
            ctx.data.mobile = mobile
            return Goto(self.Step.CURP, say=[Say(Msg("register.prove_before_codes"))])
        first_time = ctx.data.request_id is None
        if first_time:
            ctx.data.request_id = str(uuid.uuid4())
        ctx.data.mobile = mobile
        ctx.data.mobile_verified = False
        await self._send(ctx, Medium.SMS)
        if first_time:
            await self._send(ctx, Medium.EMAIL)
        return Goto(self.Step.SMS_CODE)

    async def _send(self, ctx: Ctx[RegisterData], medium: Medium) -> None:
        address = ctx.data.mobile if medium is Medium.SMS else ctx.data.email
        assert address is not None and ctx.data.request_id is not None
        await ctx.services.accounts.send_code(
            CodePurpose.REGISTER, medium, address, "worker:" + self._worker(ctx),
            ctx.data.request_id, ctx.locale, ctx.now)

    def ask_sms_code(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return code_prompt("register.ask_sms_code",
                           Option(CHANGE_MOBILE, Msg("register.change_mobile")),
                           phone=mask_phone(ctx.data.mobile or ""))

    async def on_sms_code(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        return await self._code(ctx, answer, Medium.SMS)

    def ask_email_code(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return code_prompt("register.ask_email_code",
                           Option(CHANGE_EMAIL, Msg("register.change_email")),
                           email=mask_email(ctx.data.email or ""))

    async def on_email_code(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        return await self._code(ctx, answer, Medium.EMAIL)

    async def _code(self, ctx: Ctx[RegisterData], answer: Answer, medium: Medium) -> Result:
        step = self.Step.SMS_CODE if medium is Medium.SMS else self.Step.EMAIL_CODE
        corrected = await self._corrected(ctx, answer.text or "", step) \
            if answer.choice is None else None
        if corrected is not None:
            return corrected
        change = CHANGE_MOBILE if answer.choice == CHANGE_MOBILE else CHANGE_EMAIL \
            if answer.choice == CHANGE_EMAIL or (medium is Medium.EMAIL
                                                 and wrong_address(answer.text)) else None
        if change is not None and ctx.data.resuming:
            # new contacts for an unfinished registration: the one changed asked, the other
            # kept; the CURP and RFC prove the identity before any code goes to them
            self._unresume(ctx)
            if change == CHANGE_MOBILE:
                ctx.data.mobile = None
            else:
                ctx.data.email = None
        if change == CHANGE_MOBILE:
            return Goto(self.Step.MOBILE)
        if change == CHANGE_EMAIL:
            return Goto(self.Step.EMAIL)
        reading = code_answer(answer)
        if reading.request is CodeRequest.RESEND:
            await self._send(ctx, medium)
            return Goto(step, say=[Say(Msg("code.sent_again"))])
        if reading.code is None:
            return not_a_code(reading)
        assert ctx.data.request_id is not None
        other = Medium.EMAIL if medium is Medium.SMS else Medium.SMS
        # the other code too: accepted when still pending, said so when typed again
        verified = await ctx.services.accounts.check_code(
            ctx.data.request_id, medium, reading.code, ctx.now, also=other)
        self._verified(ctx, verified)
        said = [Say(Msg(f"code.other_was_{verified.value}"))] if verified is not medium else []
        left = Medium.EMAIL if not ctx.data.email_verified \
            else Medium.SMS if not ctx.data.mobile_verified else None
        if reading.second is not None and left is not None:  # both codes in one message
            try:
                self._verified(ctx, await ctx.services.accounts.check_code(
                    ctx.data.request_id, left, reading.second, ctx.now))
                said = []
            except DomainError as error:  # the first one stands: the other asked again
                said = [Say(Msg(error.key, **error.params))]
        if not ctx.data.email_verified:
            return Goto(self.Step.EMAIL_CODE,
                        say=said or [Say(Msg("register.mobile_verified"))])
        if not ctx.data.mobile_verified:
            return Goto(self.Step.SMS_CODE, say=said)
        return await self._open_account(ctx)

    @staticmethod
    def _unresume(ctx: Ctx[RegisterData]) -> None:
        """A resumed registration whose contacts change: its codes are dropped; new ones go
        out once the CURP and RFC are in (``on_mobile``)."""
        ctx.data.resuming, ctx.data.request_id = False, None
        ctx.data.mobile_verified = ctx.data.email_verified = False

    async def _corrected(self, ctx: Ctx[RegisterData], text: str,
                         step: StrEnum) -> Result | None:
        """A value given before typed again, different, where a code is asked («me equivoqué,
        mi correo es …», «no, mi cel es …», «mi nss es …»): taken as its own step would take
        it, with what follows (a code to the new address, the NSS checked again with the
        rest). It was dropped: «Escribe tu correo» asked again, or «Eso no es un código».
        ``None``: no such value in ``text``."""
        data = ctx.data
        nss = nss_in(text)
        if nss is not None and parse_nss(nss).value != data.nss:
            return await self.on_nss(ctx, Answer(text=text))
        for field, find, parse in ((self.Step.CURP, whole_curp, parse_curp),
                                   (self.Step.RFC, whole_rfc, parse_rfc)):
            value = find(text)
            if value is not None and parse(value).value != getattr(data, field.value):
                await self._take(ctx, field, value)
                return Goto(step, say=[Say(Msg(f"register.{field.value}_corrected"))])
        email = whole_email(text)
        email = email if email is not None and parse_email(email).key != data.email else None
        mobile = whole_mobile(text)
        mobile = mobile if mobile is not None and parse_mobile(mobile).e164 != data.mobile \
            else None
        if email is None and mobile is None:
            return None
        if data.resuming:  # see ``_code``: kept, sent to once the identity is proved
            self._unresume(ctx)
            if mobile is not None:
                data.mobile = parse_mobile(mobile).e164
            return await (self.on_email(ctx, Answer(text=email)) if email is not None
                          else self.on_mobile(ctx, Answer(text=mobile)))
        said: list[Say] = []
        result: Result | None = None
        if email is not None:
            result = await self.on_email(ctx, Answer(text=email))
            if not isinstance(result, Goto) or result.step is self.Step.EMAIL:
                return result  # a slip («@gmial.com») asked about at the e-mail
            said.append(Say(Msg("register.email_changed", email=mask_email(data.email or ""))))
        if mobile is not None:
            result = await self.on_mobile(ctx, Answer(text=mobile))
            said.append(Say(Msg("register.mobile_changed", phone=mask_phone(data.mobile or ""))))
        assert isinstance(result, Goto)
        return dataclasses.replace(result, say=[*said, *result.say])

    @staticmethod
    def _verified(ctx: Ctx[RegisterData], medium: Medium) -> None:
        if medium is Medium.SMS:
            ctx.data.mobile_verified = True
        else:
            ctx.data.email_verified = True

    async def _open_account(self, ctx: Ctx[RegisterData]) -> Result:
        """Whether the e-mail or the mobile is another account's is said only now, to
        whoever proved they receive it: before, the answer would tell anyone typing an
        address whether it has an account (the code goes out either way)."""
        data = ctx.data
        assert data.email and data.mobile and data.request_id and data.consent_at
        try:
            data.account_id = await ctx.services.accounts.create_account(
                worker_id=self._worker(ctx), email=data.email, mobile=data.mobile,
                locale=ctx.locale, consent_at=datetime.fromtimestamp(data.consent_at, UTC),
                request_id=data.request_id, now=ctx.now)
        except EmailInUse as taken:
            data.email, data.email_verified = None, False
            return Goto(self.Step.EMAIL, say=[Say(Msg(taken.key))])
        except PhoneInUse as taken:
            data.mobile, data.mobile_verified = None, False
            return Goto(self.Step.MOBILE, say=[Say(Msg(taken.key))])
        await prepare_password(ctx, PagePurpose.REGISTER, account_id=data.account_id)
        return Goto(self.Step.PASSWORD, say=[Say(Msg("register.contact_verified"))])

    # --- password and terms ---------------------------------------------------------

    def ask_password(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return PasswordStep.for_ctx(ctx).prompt(ctx, "register.ask_password", ctx.data.page_url)

    async def on_password(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        assert ctx.data.account_id is not None
        got = await read_password(ctx, answer, self.Step.PASSWORD, PagePurpose.REGISTER,
                                  account_id=ctx.data.account_id)
        if got.result is not None:
            return got.result
        if got.typed is not None:
            await ctx.services.accounts.set_password(ctx.data.account_id, got.typed, ctx.now)
        return Goto(self.Step.TERMS, say=[Say(Msg("password.saved"))])

    def ask_terms(self, ctx: Ctx[RegisterData]) -> list[Say]:
        return ask_terms(ctx)

    async def on_terms(self, ctx: Ctx[RegisterData], answer: Answer) -> Result:
        return await on_terms(ctx, answer, ctx.data.account_id)
