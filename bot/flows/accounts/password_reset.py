"""Olvidé mi contraseña: NSS or e-mail, the same answer whether or not an account exists,
a code to the registered e-mail and one to the registered mobile, then a new password.
Every other session of the account ends and both addresses are told."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.commands import Command, button
from bot.conversation.messages import Msg, Option, Say
from bot.conversation.pages import PagePurpose
from bot.flows.appointments.recovery import AccountRecoveryFlow
from bot.flows.base import Accepts, Answer, Ctx, Done, Flow, Goto, Invalid, Result, Start
from bot.flows.common import (
    PasswordStep,
    code_answer,
    code_prompt,
    not_a_code,
    prepare_password,
    read_identifier,
    read_password,
    read_sign_in,
    signs_in,
)
from bot.flows.data import Sensitive
from bot.flows.terms import ACCEPT, ask_terms, on_terms
from bot.nlu import fields
from bot.nlu.answers import (
    CodeRequest,
    lost_access,
    remembers_password,
    wants_registration,
    wrong_address,
)
from bot.nlu.text import holds_address_or_number
from domain.accounts.codes import Medium
from domain.errors import DomainError
from domain.security.passwords import looks_like_password

LOST_EMAIL = "reset:lost_email"
"""«Ya no tengo ese correo»: an appointment to recover the account (no login needed)."""
LOST_MOBILE = "reset:lost_mobile"
"""«Ya no tengo ese celular»: the same appointment."""


@dataclass
class ResetData:
    identifier: Sensitive = None
    request_id: str | None = None
    page_url: Sensitive = None
    page_digest: str | None = None
    account_id: str | None = None
    """Set when the reset finished a registration that still needs the terms."""
    sms_verified: bool = False
    """The SMS code was typed where the e-mail one was asked (it arrives first)."""
    email_doubt: Sensitive = None
    email_meant: Sensitive = None
    """An address typed with a slip («@gmial.com») and what it probably meant, asked about."""


CHANGE_IDENTIFIER = "reset:change_identifier"


class PasswordResetFlow(Flow):
    name = "password_reset"
    kept_when_left = True

    class Step(StrEnum):
        IDENTIFIER = "identifier"
        EMAIL_CODE = "email_code"
        SMS_CODE = "sms_code"
        PASSWORD = "password"
        TERMS = "terms"

    accepts = {Step.EMAIL_CODE: Accepts.CODE, Step.SMS_CODE: Accepts.CODE,
               Step.PASSWORD: Accepts.SECRET}

    async def question(self, ctx: Ctx[ResetData], text: str) -> list[Say] | None:
        """«¿será que no tengo cuenta?» at a code: how to make one, and the code asked again
        (nothing said of the account; it opened the recovery appointment's booking)."""
        if ctx.state.top.step in (self.Step.EMAIL_CODE, self.Step.SMS_CODE) \
                and wants_registration(text):
            return [Say(Msg("reset.if_no_account"), options=(
                Option(button(Command.START, "registration"), Msg("menu.register")),))]
        return await super().question(ctx, text)
    revisable = {Step.IDENTIFIER.value: fields.EMAIL + fields.NSS}
    consents = {Step.TERMS.value: ACCEPT}  # noqa: RUF012
    first = Step.IDENTIFIER
    Data = ResetData

    async def enter(self, ctx: Ctx[ResetData]) -> Result | None:
        """Logged in («quiero cambiar mi contraseña»): the account is known, so its codes go
        at once (it asked a worker already in for the NSS or e-mail, as a stranger)."""
        if ctx.account_id is None:
            return None
        email = await ctx.services.accounts.sign_in_email(ctx.account_id)
        if email is None:
            return None
        ctx.data.identifier = email
        ctx.data.request_id = str(uuid.uuid4())
        await self._request(ctx)
        return Goto(self.Step.EMAIL_CODE, say=[Say(Msg("reset.sent_to_you"))])

    def ask_identifier(self, ctx: Ctx[ResetData]) -> list[Say]:
        return [Say(Msg("reset.ask_identifier"))]

    async def on_identifier(self, ctx: Ctx[ResetData], answer: Answer) -> Result:
        if lost_access(answer.text) and not holds_address_or_number(answer.text or ""):
            # «¿y si ya no tengo ese correo?»: the reset needs its code, so the recovery at
            # a centre (as from the code step); it was «Eso no parece un NSS ni un correo»
            return Start(AccountRecoveryFlow, replace=True)
        got = read_sign_in(answer.text or "", ctx.data.email_doubt, ctx.data.email_meant)
        ctx.data.email_doubt, ctx.data.email_meant = got.doubt, got.meant
        if got.identifier is None:
            assert got.question is not None
            return Goto(self.Step.IDENTIFIER, say=[got.question])
        ctx.data.identifier = got.identifier
        ctx.data.request_id = str(uuid.uuid4())
        await self._request(ctx)
        return Goto(self.Step.EMAIL_CODE, say=[Say(Msg("reset.sent"))])

    async def _request(self, ctx: Ctx[ResetData]) -> None:
        assert ctx.data.identifier and ctx.data.request_id
        await ctx.services.accounts.request_reset(ctx.data.identifier, ctx.data.request_id,
                                                  ctx.locale, ctx.now)

    def ask_email_code(self, ctx: Ctx[ResetData]) -> list[Say]:
        return code_prompt("reset.ask_email_code",
                           Option(LOST_EMAIL, Msg("recovery.lost_email")),
                           Option(CHANGE_IDENTIFIER, Msg("reset.change_identifier")))

    async def on_email_code(self, ctx: Ctx[ResetData], answer: Answer) -> Result:
        if self._another_identifier(ctx, answer) or (answer.text and "@" in answer.text):
            return await self.on_identifier(ctx, answer)  # a corrected address, or the NSS
        if answer.choice == CHANGE_IDENTIFIER or wrong_address(answer.text):
            return Goto(self.Step.IDENTIFIER)
        return await self._code(ctx, answer, Medium.EMAIL, self.Step.EMAIL_CODE)

    @staticmethod
    def _another_identifier(ctx: Ctx[ResetData], answer: Answer) -> bool:
        """An NSS or e-mail other than the one given, typed where a code is asked («me
        equivoqué, mi nss es …», alone or in a sentence): the reset starts again with it (at
        the SMS code it was «Eso no es un código»; with «me equivoqué» at the e-mail code,
        the NSS or e-mail asked again, the one typed dropped)."""
        text = answer.text or ""
        if answer.choice is not None or not signs_in(text) or code_answer(answer).code:
            return False
        return read_identifier(text) != ctx.data.identifier

    def ask_sms_code(self, ctx: Ctx[ResetData]) -> list[Say]:
        return code_prompt("reset.ask_sms_code",
                           Option(LOST_MOBILE, Msg("recovery.lost_mobile")))

    async def on_sms_code(self, ctx: Ctx[ResetData], answer: Answer) -> Result:
        if self._another_identifier(ctx, answer):
            return await self.on_identifier(ctx, answer)
        return await self._code(ctx, answer, Medium.SMS, self.Step.SMS_CODE)

    async def _code(self, ctx: Ctx[ResetData], answer: Answer, medium: Medium,
                    step: StrEnum) -> Result:
        assert ctx.data.request_id is not None
        if answer.choice in (LOST_EMAIL, LOST_MOBILE) or lost_access(answer.text):
            return Start(AccountRecoveryFlow, replace=True)  # the code went where it is lost
        if answer.choice is None and remembers_password(answer.text):
            return self._back_to_login(ctx)
        if answer.choice is None and looks_like_password(answer.text or ""):
            # the new password typed before its step, or the old one remembered: which is
            # not known, so neither is tried and the codes are not dropped (it went back to
            # the login, which lost the reset of whoever was typing the new one early)
            return Invalid(Msg("error.code.password_first"))
        reading = code_answer(answer)
        if reading.request is CodeRequest.RESEND:
            await self._request(ctx)  # both codes again: the same answer for every account
            ctx.data.sms_verified = False
            return Goto(self.Step.EMAIL_CODE, say=[Say(Msg("reset.sent"))])
        if reading.code is None:
            return not_a_code(reading)
        also = Medium.SMS if medium is Medium.EMAIL else Medium.EMAIL  # see ``check_code``
        verified = await ctx.services.accounts.check_code(ctx.data.request_id, medium,
                                                          reading.code, ctx.now, also=also)
        # the SMS step comes after the e-mail one is done
        email_done = medium is Medium.SMS or verified is Medium.EMAIL
        sms_done = verified is Medium.SMS or ctx.data.sms_verified
        said = [Say(Msg("code.other_was_sms"))] if verified is not medium else []
        if reading.second is not None and not (email_done and sms_done):  # both at once
            left = Medium.SMS if email_done else Medium.EMAIL
            try:
                await ctx.services.accounts.check_code(ctx.data.request_id, left,
                                                       reading.second, ctx.now)
                email_done, sms_done, said = True, True, []
            except DomainError as error:  # the first one stands: the other asked again
                said = [Say(Msg(error.key, **error.params))]
        ctx.data.sms_verified = sms_done
        if not email_done:  # the SMS one, at the e-mail step: the e-mail one next
            return Goto(self.Step.EMAIL_CODE, say=said)
        if not sms_done:
            return Goto(self.Step.SMS_CODE, say=said)
        await prepare_password(ctx, PagePurpose.RESET, request_id=ctx.data.request_id)
        return Goto(self.Step.PASSWORD)

    @staticmethod
    def _back_to_login(ctx: Ctx[ResetData]) -> Result:
        """«ya me acordé» where a code is asked: the login again with the NSS or e-mail
        given (the codes lapse unused)."""
        from bot.flows.accounts.login import LoginFlow  # the login opens this flow too

        return Start(LoginFlow, replace=True, say=[Say(Msg("reset.back_to_login"))],
                     answer=ctx.data.identifier)

    def ask_password(self, ctx: Ctx[ResetData]) -> list[Say]:
        return PasswordStep.for_ctx(ctx).prompt(ctx, "reset.ask_password", ctx.data.page_url)

    async def on_password(self, ctx: Ctx[ResetData], answer: Answer) -> Result:
        assert ctx.data.request_id is not None
        got = await read_password(ctx, answer, self.Step.PASSWORD, PagePurpose.RESET,
                                  request_id=ctx.data.request_id)
        if got.result is not None:
            return got.result
        if got.typed is not None:
            await ctx.services.accounts.complete_reset(ctx.data.request_id, got.typed, ctx.now)
        ctx.state.session = None  # this chat logs in again with the new password
        unfinished = await ctx.services.accounts.unfinished_after_reset(ctx.data.request_id)
        if unfinished is not None:  # a registration left before its end: the terms remain
            ctx.data.account_id = unfinished
            return Goto(self.Step.TERMS, say=[Say(Msg("password.saved"))])
        return Done(say=[Say(Msg("reset.done"))])

    def ask_terms(self, ctx: Ctx[ResetData]) -> list[Say]:
        return ask_terms(ctx)

    async def on_terms(self, ctx: Ctx[ResetData], answer: Answer) -> Result:
        return await on_terms(ctx, answer, ctx.data.account_id)
