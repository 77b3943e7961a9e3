"""Cambiar correo / cambiar celular, logged in: the new address, the account's password
again (a session on a phone left unlocked must not be enough to take the account: the
address is where the password reset goes), a code sent to the new address, and once that
code is typed the address is saved and the old one told. Whether another account holds the
address is said only then, to whoever proved it is theirs. Two flows share the steps, one
per address kind, so «cambiar mi celular» opens the right one at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from bot.conversation.messages import Msg, Option, Say
from bot.conversation.pages import PagePurpose
from bot.flows.base import Accepts, Answer, Ctx, Done, Flow, Goto, Result, Start
from bot.flows.common import (
    PasswordStep,
    code_answer,
    code_prompt,
    not_a_code,
    prepare_password,
    read_email,
    read_password,
)
from bot.flows.data import Sensitive
from bot.nlu import fields
from bot.nlu.answers import CodeRequest, field_named, going_back, wrong_address
from bot.nlu.text import holds_address_or_number
from domain.accounts.codes import Medium
from domain.accounts.errors import EmailInUse, InvalidCredentials, PhoneInUse
from domain.errors import DomainError
from domain.identifiers import (
    find_email,
    find_mobile,
    mask_email,
    mask_phone,
    parse_email,
    parse_mobile,
)

OTHER_ADDRESS = "contact:other"


@dataclass
class ContactData:
    address: Sensitive = None
    request_id: str | None = None
    identifier: Sensitive = None
    """The account's e-mail, to check its password against."""
    page_url: Sensitive = None
    page_digest: str | None = None
    confirmed: bool = False
    """The password was given again in this change (once is enough for another address)."""
    email_doubt: Sensitive = None
    """A new e-mail that looks mistyped, asked about (``read_email``)."""
    email_meant: Sensitive = None


class ContactChangeFlow(Flow):
    """Base of the two flows below (no ``Step`` of its own is registered)."""

    medium: ClassVar[Medium]
    requires_login = True

    class Step(StrEnum):
        ADDRESS = "address"
        PASSWORD = "password"
        CODE = "code"

    first = Step.ADDRESS
    accepts = {Step.PASSWORD: Accepts.SECRET}
    Data = ContactData
    revisable = {Step.ADDRESS.value: fields.EMAIL + fields.MOBILE}

    def _read(self, text: str) -> str:
        if self.medium is Medium.EMAIL:
            return parse_email(find_email(text)).key
        return parse_mobile(find_mobile(text)).e164

    def _masked(self, address: str) -> str:
        return mask_email(address) if self.medium is Medium.EMAIL else mask_phone(address)

    def ask_address(self, ctx: Ctx[ContactData]) -> list[Say]:
        return [Say(Msg(f"contact.ask_{self.medium.value}"))]

    async def on_address(self, ctx: Ctx[ContactData], answer: Answer) -> Result:
        assert ctx.account_id is not None  # the flow requires a session
        other = _OTHER_FLOW[self.medium]
        if not holds_address_or_number(answer.text or "") and field_named(
                answer.text, _MEDIUM_WORDS) == other.medium.value:
            # «no, mejor el celular» where the new e-mail is asked: that change instead (it
            # was «No encontré un correo en tu mensaje»)
            return Start(other, replace=True)
        if self.medium is Medium.EMAIL:
            reading = read_email(answer.text or "", ctx.data.email_doubt, ctx.data.email_meant)
            ctx.data.email_doubt, ctx.data.email_meant = reading.typed, reading.meant
            if reading.address is None:  # «maria@gmial.com»: asked about first
                return Goto(self.Step.ADDRESS, say=[reading.question()])
            address = reading.address
        else:
            address = self._read(answer.text or "")
        await ctx.services.accounts.check_contact_is_new(ctx.account_id, self.medium, address,
                                                         ctx.now)
        ctx.data.address = address
        if ctx.data.confirmed:
            return await self._send_code(ctx)
        ctx.data.identifier = await ctx.services.accounts.sign_in_email(ctx.account_id)
        await prepare_password(ctx, PagePurpose.LOGIN, identifier=ctx.data.identifier)
        return Goto(self.Step.PASSWORD)

    def ask_password(self, ctx: Ctx[ContactData]) -> list[Say]:
        return PasswordStep.for_ctx(ctx).prompt(ctx, f"contact.ask_password_{self.medium.value}",
                                                ctx.data.page_url)

    async def on_password(self, ctx: Ctx[ContactData], answer: Answer) -> Result:
        assert ctx.account_id is not None and ctx.data.identifier is not None
        if wrong_address(answer.text) or going_back(answer.text):  # the address was mistyped
            ctx.data.page_url = ctx.data.page_digest = None
            typed = answer.text or ""
            if not holds_address_or_number(typed):
                return Goto(self.Step.ADDRESS)
            try:  # «me equivoqué, es 5587654329»: the right one came with it
                return await self.on_address(ctx, Answer(text=typed))
            except DomainError as error:
                return Goto(self.Step.ADDRESS, say=[Say(Msg(error.key, **error.params))])
        got = await read_password(ctx, answer, self.Step.PASSWORD, PagePurpose.LOGIN,
                                  choosing=False, identifier=ctx.data.identifier)
        if got.result is not None:
            return got.result
        if got.page_token is not None:
            outcome = await ctx.services.pages.outcome(got.page_token)
            account_id = outcome["account_id"] if outcome else None
        else:  # counted towards the login lock like any other try
            account_id = (await ctx.services.accounts.log_in(
                ctx.data.identifier, got.typed or "", ctx.chat, ctx.now)).account_id
        if account_id != ctx.account_id:
            raise InvalidCredentials()
        ctx.data.page_url = ctx.data.page_digest = None
        ctx.data.confirmed = True
        return await self._send_code(ctx)

    async def _send_code(self, ctx: Ctx[ContactData]) -> Result:
        assert ctx.account_id is not None and ctx.data.address
        ctx.data.request_id = str(uuid.uuid4())
        await ctx.services.accounts.send_contact_code(ctx.account_id, self.medium,
                                                      ctx.data.address, ctx.data.request_id,
                                                      ctx.locale, ctx.now)
        return Goto(self.Step.CODE)

    def ask_code(self, ctx: Ctx[ContactData]) -> list[Say]:
        return code_prompt(f"contact.ask_code_{self.medium.value}",
                           Option(OTHER_ADDRESS, Msg(f"contact.other_{self.medium.value}")),
                           address=self._masked(ctx.data.address or ""))

    async def on_code(self, ctx: Ctx[ContactData], answer: Answer) -> Result:
        assert ctx.account_id is not None and ctx.data.address and ctx.data.request_id
        if answer.choice == OTHER_ADDRESS:
            return Goto(self.Step.ADDRESS)
        reading = code_answer(answer)
        if reading.request is CodeRequest.RESEND:
            await ctx.services.accounts.send_contact_code(
                ctx.account_id, self.medium, ctx.data.address, ctx.data.request_id,
                ctx.locale, ctx.now)
            return Goto(self.Step.CODE, say=[Say(Msg("code.sent_again"))])
        if reading.code is None:
            return not_a_code(reading)
        await ctx.services.accounts.check_code(ctx.data.request_id, self.medium, reading.code,
                                               ctx.now)
        try:
            await ctx.services.accounts.change_contact(ctx.account_id, self.medium,
                                                       ctx.data.address, ctx.data.request_id,
                                                       ctx.now)
        except (EmailInUse, PhoneInUse) as taken:  # told to whoever proved it is theirs
            return Goto(self.Step.ADDRESS, say=[Say(Msg(taken.key))])
        return Done(say=[Say(Msg(f"contact.changed_{self.medium.value}",
                                 address=self._masked(ctx.data.address)))])


class ChangeEmailFlow(ContactChangeFlow):
    name = "change_email"
    medium = Medium.EMAIL


class ChangeMobileFlow(ContactChangeFlow):
    name = "change_mobile"
    medium = Medium.SMS


_OTHER_FLOW: dict[Medium, type[ContactChangeFlow]] = {Medium.EMAIL: ChangeMobileFlow,
                                                      Medium.SMS: ChangeEmailFlow}
"""The other contact change, for a change of mind at the new address."""
_MEDIUM_WORDS = {Medium.EMAIL.value: fields.EMAIL, Medium.SMS.value: fields.MOBILE}
