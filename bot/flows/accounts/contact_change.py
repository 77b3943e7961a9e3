"""Cambiar correo / cambiar celular, logged in: the new address, a code sent to it, and
once that code is typed the address is saved and the old one told. Two flows share the
steps, one per address kind, so «cambiar mi celular» opens the right one at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from bot.conversation.messages import Msg, Option, Say
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Result
from bot.flows.common import code_answer, code_prompt, not_a_code
from bot.flows.data import Sensitive
from bot.nlu import fields
from bot.nlu.answers import CodeRequest
from domain.accounts.codes import Medium
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


class ContactChangeFlow(Flow):
    """Base of the two flows below (no ``Step`` of its own is registered)."""

    medium: ClassVar[Medium]
    requires_login = True

    class Step(StrEnum):
        ADDRESS = "address"
        CODE = "code"

    first = Step.ADDRESS
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
        address = self._read(answer.text or "")
        ctx.data.request_id = str(uuid.uuid4())
        await ctx.services.accounts.send_contact_code(ctx.account_id, self.medium, address,
                                                      ctx.data.request_id, ctx.locale, ctx.now)
        ctx.data.address = address
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
        await ctx.services.accounts.change_contact(ctx.account_id, self.medium,
                                                   ctx.data.address, ctx.data.request_id,
                                                   ctx.now)
        return Done(say=[Say(Msg(f"contact.changed_{self.medium.value}",
                                 address=self._masked(ctx.data.address)))])


class ChangeEmailFlow(ContactChangeFlow):
    name = "change_email"
    medium = Medium.EMAIL


class ChangeMobileFlow(ContactChangeFlow):
    name = "change_mobile"
    medium = Medium.SMS
