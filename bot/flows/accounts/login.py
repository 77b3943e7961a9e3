"""Iniciar sesión: NSS or e-mail, then the password; a chat this account never used also
needs a code by SMS. When it is done the flow below it (the one that asked for a session)
goes on where the user was."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from bot.conversation.messages import Msg, Option, Say
from bot.conversation.pages import PagePurpose
from bot.flows.accounts.password_reset import LOST_MOBILE, PasswordResetFlow
from bot.flows.accounts.register import RegisterFlow
from bot.flows.appointments.recovery import AccountRecoveryFlow
from bot.flows.base import (
    Abort,
    Accepts,
    Answer,
    Ctx,
    Done,
    Flow,
    Goto,
    Invalid,
    Result,
    Start,
)
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
from bot.flows.terms import ask_terms, on_terms
from bot.nlu.answers import (
    CodeRequest,
    forgot_password,
    going_back,
    lost_access,
    wants_registration,
    wrong_address,
)
from domain.accounts.codes import Medium
from domain.accounts.errors import InvalidCredentials, LoginLocked, ResendLimit, ResendTooSoon
from domain.security.passwords import could_be_a_password


@dataclass
class LoginData:
    identifier: Sensitive = None
    page_url: Sensitive = None
    page_digest: str | None = None
    account_id: str | None = None
    epoch: int = 0
    request_id: str | None = None
    email_doubt: Sensitive = None
    email_meant: Sensitive = None
    """An address typed with a slip («@gmial.com») and what it probably meant, asked about."""
    terms_pending: bool = False
    """The account's registration was left at its terms: they are asked before the worker
    is in (``LoginResult.terms_pending``)."""


class LoginFlow(Flow):
    name = "login"

    class Step(StrEnum):
        IDENTIFIER = "identifier"
        PASSWORD = "password"
        CHAT_CODE = "chat_code"
        TERMS = "terms"

    accepts = {Step.PASSWORD: Accepts.SECRET, Step.CHAT_CODE: Accepts.CODE}
    first = Step.IDENTIFIER
    Data = LoginData

    def ask_identifier(self, ctx: Ctx[LoginData]) -> list[Say]:
        return [Say(Msg("login.ask_identifier"))]

    async def on_identifier(self, ctx: Ctx[LoginData], answer: Answer) -> Result:
        if ctx.state.session is not None:
            return Done(say=[Say(Msg("login.already"))])
        if wants_registration(answer.text):  # no account yet: this is where one is made
            return Start(RegisterFlow, replace=True, say=[Say(Msg("login.to_register"))])
        if lost_access(answer.text):  # «perdí mi correo»: no login can follow; the recovery
            return Start(AccountRecoveryFlow, replace=True)  # (it was «Eso no parece un NSS»)
        got = read_sign_in(answer.text or "", ctx.data.email_doubt, ctx.data.email_meant)
        ctx.data.email_doubt, ctx.data.email_meant = got.doubt, got.meant
        if got.identifier is None:  # «maria@gmial.com»: asked about first
            assert got.question is not None
            return Goto(self.Step.IDENTIFIER, say=[got.question])
        ctx.data.identifier = got.identifier
        await prepare_password(ctx, PagePurpose.LOGIN, identifier=ctx.data.identifier)
        return Goto(self.Step.PASSWORD)

    def ask_password(self, ctx: Ctx[LoginData]) -> list[Say]:
        return PasswordStep.for_ctx(ctx).prompt(ctx, "login.ask_password", ctx.data.page_url)

    async def on_password(self, ctx: Ctx[LoginData], answer: Answer) -> Result:
        assert ctx.data.identifier is not None
        if forgot_password(answer.text):
            # «no me acuerdo»: never a failed login; the reset is what helps
            ctx.data.page_url = ctx.data.page_digest = None
            # with the NSS or e-mail just given: not asked again
            return Start(PasswordResetFlow, replace=True, say=[Say(Msg("login.to_reset"))],
                         answer=ctx.data.identifier)
        typed = answer.text or ""
        if typed and not could_be_a_password(typed):  # words, never a try: what they ask
            if wants_registration(typed):  # «no tengo cuenta» after an NSS at the menu
                ctx.data.page_url = ctx.data.page_digest = None
                return Start(RegisterFlow, replace=True, say=[Say(Msg("login.to_register"))],
                             answer=ctx.data.identifier)  # kept for after the notice
            if lost_access(typed):
                ctx.data.page_url = ctx.data.page_digest = None
                return Start(AccountRecoveryFlow, replace=True)
            if signs_in(typed) and read_identifier(typed) != ctx.data.identifier:
                # «ay no, es luis@…»: the NSS or e-mail corrected, the password asked again
                ctx.data.identifier = read_identifier(typed)
                await prepare_password(ctx, PagePurpose.LOGIN, identifier=ctx.data.identifier)
                return Goto(self.Step.PASSWORD, say=[Say(Msg("login.identifier_changed"))])
            if wrong_address(typed) or going_back(typed):  # the NSS or e-mail was mistyped
                ctx.data.page_url = ctx.data.page_digest = None
                return Goto(self.Step.IDENTIFIER)
        got = await read_password(ctx, answer, self.Step.PASSWORD, PagePurpose.LOGIN,
                                  choosing=False, identifier=ctx.data.identifier)
        if got.result is not None:
            return got.result
        if got.page_token is not None:
            outcome = await ctx.services.pages.outcome(got.page_token)
            if not outcome:
                raise InvalidCredentials()
            ctx.data.terms_pending = bool(outcome.get("terms_pending"))
            return await self._logged_in(ctx, outcome["account_id"], outcome["epoch"],
                                         outcome["needs_chat_code"])
        try:
            result = await ctx.services.accounts.log_in(ctx.data.identifier, got.typed or "",
                                                        ctx.chat, ctx.now)
        except InvalidCredentials:  # in the chat, how to fix either of the two
            return Invalid(Msg("login.invalid_in_chat"))
        except LoginLocked as locked:  # the password asked again could only fail (the right
            # one too, until the lock ends): the lock said, and the menu with the reset
            ctx.data.page_url = ctx.data.page_digest = None
            return Abort(say=[Say(Msg(locked.key, **locked.params))])
        ctx.data.terms_pending = result.terms_pending
        return await self._logged_in(ctx, result.account_id, result.session_epoch,
                                     result.needs_chat_code)

    async def _logged_in(self, ctx: Ctx[LoginData], account_id: str, epoch: int,
                         needs_chat_code: bool) -> Result:
        ctx.data.page_url = ctx.data.page_digest = None
        if not needs_chat_code and ctx.data.terms_pending:
            ctx.data.account_id = account_id
            return Goto(self.Step.TERMS, say=[Say(Msg("login.terms_pending"))])
        if not needs_chat_code:
            ctx.start_session(account_id, epoch)
            await ctx.services.accounts.set_locale(account_id, ctx.locale)
            return Done(say=[Say(Msg("login.done"))])
        ctx.data.account_id, ctx.data.epoch = account_id, epoch
        ctx.data.request_id = str(uuid.uuid4())
        try:
            await ctx.services.accounts.send_login_code(account_id, ctx.data.request_id,
                                                        ctx.locale, ctx.now)
        except (ResendTooSoon, ResendLimit) as error:
            # the password was right, but no code can go now: out of the password step
            # (where every word that followed counted as a wrong password, up to the lock)
            return Abort(say=[Say(Msg(error.key, **error.params)),
                              Say(Msg("login.code_later"))])
        return Goto(self.Step.CHAT_CODE)

    def ask_chat_code(self, ctx: Ctx[LoginData]) -> list[Say]:
        return code_prompt("login.ask_chat_code",
                           Option(LOST_MOBILE, Msg("recovery.lost_mobile")))

    async def on_chat_code(self, ctx: Ctx[LoginData], answer: Answer) -> Result:
        account_id, request_id = ctx.data.account_id, ctx.data.request_id
        assert account_id is not None and request_id is not None
        if answer.choice == LOST_MOBILE or lost_access(answer.text):
            # the code went to a lost phone: the recovery, with the NSS typed to log in (it
            # was asked again, right after it was given)
            nss = ctx.data.identifier or ""
            typed = nss if nss.isdigit() else None
            intro = [Say(Msg("recovery.intro"))] if typed else []  # the NSS prompt carried it
            return Start(AccountRecoveryFlow, replace=True, answer=typed, say=intro)
        reading = code_answer(answer)
        if reading.request is CodeRequest.RESEND:
            await ctx.services.accounts.send_login_code(account_id, request_id, ctx.locale,
                                                        ctx.now)
            return Goto(self.Step.CHAT_CODE, say=[Say(Msg("code.sent_again"))])
        if reading.code is None:
            return not_a_code(reading)
        await ctx.services.accounts.check_code(request_id, Medium.SMS, reading.code, ctx.now)
        await ctx.services.accounts.confirm_chat(account_id, ctx.chat, ctx.now)
        if ctx.data.terms_pending:  # the registration's last step, then the worker is in
            return Goto(self.Step.TERMS, say=[Say(Msg("login.terms_pending"))])
        ctx.start_session(account_id, ctx.data.epoch)
        # after the new-chat notice, which goes out in the language the owner knew until now
        await ctx.services.accounts.set_locale(account_id, ctx.locale)
        return Done(say=[Say(Msg("login.done"))])

    def ask_terms(self, ctx: Ctx[LoginData]) -> list[Say]:
        return ask_terms(ctx)

    async def on_terms(self, ctx: Ctx[LoginData], answer: Answer) -> Result:
        return await on_terms(ctx, answer, ctx.data.account_id)
