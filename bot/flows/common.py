"""Pieces the account flows share: reading an NSS-or-e-mail, code prompts, password prompts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.conversation.messages import Msg, Option, Say
from bot.conversation.pages import PagePurpose
from bot.flows.base import EVENT_PREFIX, Abort, Answer, Ctx, Goto, Invalid, Result
from bot.nlu.answers import (
    CodeReading,
    CodeRequest,
    asks_password_rule,
    asks_what_if_not,
    doubting,
    forgotten_identifier,
    going_back,
    login_password_with_words,
    not_a_password,
    password_with_words,
    read_code,
    read_yes_no,
)
from bot.nlu.text import questioning
from domain.accounts.model import ChatRef
from domain.errors import DomainError
from domain.identifiers import (
    find_email,
    find_nss,
    has_curp_shape,
    has_rfc_shape,
    likely_meant,
    nss_in,
    parse_email,
    parse_nss,
    whole_mobile,
)

PAGE_EVENT = EVENT_PREFIX + "page:"
RESEND = "code:resend"
NEW_LINK = "password:new_link"


@dataclass(frozen=True)
class EmailReading:
    """An e-mail address typed at a step that asks for one: the address to use, or the
    question to ask first (a slip from a common provider, ``likely_meant``)."""

    address: str | None = None
    typed: str | None = None
    meant: str | None = None

    def question(self) -> Say:
        return Say(Msg("email.did_you_mean", meant=self.meant, typed=self.typed))


def read_email(text: str, typo: str | None, meant_before: str | None) -> EmailReading:
    """«maria@gmial.com» is asked about once (the codes would go nowhere): «sí» takes what
    it probably meant (``meant_before``), the same address typed again (``typo``) stands.
    Raises the address's own error when there is none to read."""
    if meant_before is not None and read_yes_no(text) is True:
        return EmailReading(address=meant_before)
    typed = parse_email(find_email(text))
    meant = likely_meant(typed)
    if meant is not None and typed.key != typo:
        return EmailReading(typed=typed.key, meant=meant.key)
    return EmailReading(address=typed.key)


@dataclass(frozen=True)
class SignInReading:
    """The NSS or e-mail typed to log in or to reset a password: the one to use, or the
    question to ask first about an e-mail with a slip (and what to remember for the answer)."""

    identifier: str | None = None
    question: Say | None = None
    doubt: str | None = None
    meant: str | None = None


def read_sign_in(text: str, doubt: str | None, meant: str | None) -> SignInReading:
    """«maria@gmial.com» to log in or reset is asked about once, as at the registration
    (the reset's codes went nowhere, silently: «si hay una cuenta con ese dato…»)."""
    if meant is not None and read_yes_no(text) is True:
        return SignInReading(identifier=meant)
    identifier = read_identifier(text)
    if "@" not in identifier:
        return SignInReading(identifier=identifier)
    reading = read_email(identifier, doubt, meant)
    if reading.address is None:
        return SignInReading(question=reading.question(), doubt=reading.typed,
                             meant=reading.meant)
    return SignInReading(identifier=reading.address)


class IdentifierUnclear(DomainError):
    """Neither an 11-digit NSS nor an e-mail address."""

    key = "error.login.identifier"


class EmailForgotten(DomainError):
    """«no me acuerdo de mi correo» where the NSS will do as well: that one."""

    key = "error.login.forgot_email"


class NssForgotten(DomainError):
    """«no me sé mi NSS» where the e-mail will do as well: that one."""

    key = "error.login.forgot_nss"


class CurpAtSignIn(DomainError):
    """A CURP where an NSS or e-mail is asked: what was seen, and what the login takes (it
    was «Eso no parece un NSS ni un correo»)."""

    key = "error.login.curp_given"


class RfcAtSignIn(DomainError):
    key = "error.login.rfc_given"


class MobileAtSignIn(DomainError):
    """Ten digits: a mobile, or an NSS a digit short (it was «Tu NSS lleva 11 dígitos»)."""

    key = "error.login.mobile_given"


def read_identifier(text: str) -> str:
    """An NSS (validated, digits only) or an e-mail address (lower case), alone or inside
    a sentence («mi nss es 0311 9283 525»)."""
    if "@" not in text and nss_in(text) is None:
        if has_curp_shape(text):
            raise CurpAtSignIn()
        if has_rfc_shape(text):
            raise RfcAtSignIn()
        if whole_mobile(text):
            raise MobileAtSignIn()
    if "@" not in text and not any(char.isdigit() for char in text):
        forgotten = forgotten_identifier(text)
        if forgotten is not None:
            raise NssForgotten() if forgotten == "nss" else EmailForgotten()
        raise IdentifierUnclear()
    text = find_email(text) if "@" in text else find_nss(text)
    compact = "".join(text.split())
    if "@" in compact:
        return parse_email(compact).key
    if any(char.isdigit() for char in compact) and not any(c.isalpha() for c in compact):
        return parse_nss(compact).value
    raise IdentifierUnclear()


def signs_in(text: str | None) -> bool:
    """An NSS or an e-mail address, the login's first answer: typed at a step that offers
    a way in («Usar mis datos», the procedures of Citas) before being asked for it."""
    try:
        read_identifier(text or "")
    except DomainError:
        return False
    return True


def code_prompt(key: str, *changes: Option, **params: object) -> list[Say]:
    """Ask for a code, offering to send it again (and to change where it goes)."""
    options = [Option(RESEND, Msg("code.resend")), *changes]
    return [Say(Msg(key, **params), options=tuple(options))]


def code_answer(answer: Answer) -> CodeReading:
    """What the answer at a code step is: the resend button, a code (alone or inside a
    sentence), or a request in words; words without a code are never a wrong code."""
    if answer.choice == RESEND:
        return CodeReading(request=CodeRequest.RESEND)
    return read_code(answer.text)


def not_a_code(reading: CodeReading) -> Result:
    """The step's answer to words that hold no code: leave when asked, else say what a
    code looks like and how to get another (nothing is counted against the code)."""
    if reading.request is CodeRequest.LEAVE:
        return Abort(say=[Say(Msg("cancel.done"))])
    if reading.request is CodeRequest.HOW_LONG:  # «¿cuánto tarda el sms?»: it was «Eso no es
        return Invalid(Msg("code.how_long"), understood=True)  # un código»
    if reading.request is CodeRequest.VALIDITY:  # «¿cuánto dura el código?»: it was the
        return Invalid(Msg("code.validity"), understood=True)  # «no me llega» checklist
    if reading.request is CodeRequest.WRONG_LENGTH:  # «12345»: it spent a try
        return Invalid(Msg("code.wrong_length", typed=reading.typed), understood=True)
    if reading.request is CodeRequest.EXPLAIN:  # «no entiendo», «¿qué código?»: it was «Eso
        return Invalid(Msg("code.explained"), understood=True)  # no es un código» again
    return Invalid(Msg("code.not_a_code"))


def consent(answer: Answer, options: tuple[Option, Option],
            reask_key: str) -> bool | Invalid:
    """A consent step's answer: its first option (or a natural yes, in either language)
    is True, its second (or a natural no) False; anything else gets a short question with
    the same options, not the whole notice again."""
    if answer.choice == options[0].id:
        return True
    if answer.choice == options[1].id:
        return False
    if asks_what_if_not(answer.text):  # «¿y si no acepto qué pasa?»: answered (it declined)
        return Invalid(Msg("consent.if_not"), reask=[Say(Msg(reask_key), options=options)],
                       understood=True)
    said = read_yes_no(answer.text)
    if said is not None:
        return said
    key = "consent.doubt" if doubting(answer.text) else "consent.unclear"
    return Invalid(Msg(key), reask=[Say(Msg(reask_key), options=options)])


@dataclass
class PasswordStep:
    """How the current channel takes a password: typed (the message is deleted where the
    channel allows) or on a one-time page when typing it would leave it in the chat. Either
    way the next message is treated as a secret: some users type the password anyway."""

    uses_page: bool

    @classmethod
    def for_ctx(cls, ctx: Ctx) -> PasswordStep:
        return cls(uses_page=not ctx.channel.passwords_in_chat)

    def prompt(self, ctx: Ctx, typed_key: str, page_url: str | None) -> list[Say]:
        if self.uses_page and page_url:
            return [Say(Msg("password.page", url=page_url), secret_input=True,
                        options=(Option(NEW_LINK, Msg("password.new_link")),))]
        notice = "password.deleted" if ctx.channel.deletes_user_messages else "password.typed"
        return [Say(Msg(typed_key)), Say(Msg(notice), secret_input=True)]


async def new_page(ctx: Ctx, purpose: PagePurpose, replaces: str | None,
                   **ticket: str | None) -> tuple[str, str]:
    """Issue a password page for this conversation: (its URL, the token's digest). The page
    whose digest is ``replaces`` stops working."""
    pages = ctx.services.pages
    if replaces:
        await pages.revoke(replaces)
    token = await pages.issue(purpose=purpose, chat=ChatRef(ctx.chat.channel, ctx.chat.user_id),
                              locale=ctx.locale, **ticket)
    return pages.url(token), pages.digest(token)


async def prepare_password(ctx: Ctx[Any], purpose: PagePurpose, **ticket: str | None) -> None:
    """Before a password step: where the channel needs it, a fresh page (the flow's data
    keeps ``page_url`` and ``page_digest``; an earlier page stops working)."""
    if PasswordStep.for_ctx(ctx).uses_page:
        ctx.data.page_url, ctx.data.page_digest = await new_page(
            ctx, purpose, ctx.data.page_digest, **ticket)


@dataclass(frozen=True)
class PasswordAnswer:
    """What the user's answer at a password step was, once the shared cases are handled."""

    page_token: str | None = None
    """The page this flow offered was submitted (its work is done)."""
    typed: str | None = None
    """A password typed in the chat, where the channel allows it."""
    result: Result | None = None
    """Already answered here: a new link was asked for, or the chat is not the place."""


async def read_password(ctx: Ctx[Any], answer: Answer, step: StrEnum, purpose: PagePurpose,
                        choosing: bool = True, **ticket: str | None) -> PasswordAnswer:
    """The password step's common part for every flow that asks for one. ``choosing``: a
    new password (words around it are refused, not saved with it); else the account's,
    where a message that cannot be it is not tried (a failed try counts to the lock)."""
    token = page_token(answer, ctx, ctx.data.page_digest)
    if token is not None:
        if await ctx.services.pages.outcome(token) is None:  # the page did not do its work
            return PasswordAnswer(result=Invalid(Msg("password.page_not_done")))
        ctx.data.page_url = ctx.data.page_digest = None
        return PasswordAnswer(page_token=token)
    if answer.choice == NEW_LINK:
        await prepare_password(ctx, purpose, **ticket)
        return PasswordAnswer(result=Goto(step))
    if PasswordStep.for_ctx(ctx).uses_page:
        return PasswordAnswer(result=Invalid(Msg("password.use_page")))
    typed = answer.text or ""
    if choosing and asks_password_rule(typed):  # «¿qué es un carácter especial?», «¿como
        # cuál?»: it was «inventa una nueva», which says nothing of the rule asked about
        return PasswordAnswer(result=Invalid(Msg("password.rule_explained"), understood=True))
    if choosing and password_with_words(typed):
        return PasswordAnswer(result=Invalid(Msg("password.only_the_password")))
    if choosing and going_back(typed):  # «atrás», «regrésame»: it was «no es segura»
        return PasswordAnswer(result=Invalid(Msg("password.no_way_back"), understood=True))
    if not choosing and login_password_with_words(typed):  # «no espera es Tamarindo#…»:
        # asked alone, never tried with its words (a try counted towards the lock)
        return PasswordAnswer(result=Invalid(Msg("login.only_the_password"), understood=True))
    if choosing and len(typed.split()) > 1 and not_a_password(typed) and questioning(typed):
        # «y eso pa que es?», «la misma que en el portal?»: a question, never a weak password
        # (three of them were «algo no está saliendo bien»); read as one first
        return PasswordAnswer(result=Invalid(Msg("password.new_explained"), words=True))
    if not choosing and not_a_password(typed):
        return PasswordAnswer(result=Invalid(Msg("login.not_a_password"), words=True))
    return PasswordAnswer(typed=typed)


def page_token(answer: Answer, ctx: Ctx, expected_digest: str | None) -> str | None:
    """The token of a submitted password page, if this answer is that event and the token
    is the one this flow issued (the event id carries the token, which nobody else has)."""
    if not answer.choice or not answer.choice.startswith(PAGE_EVENT) or not expected_digest:
        return None
    token = answer.choice.removeprefix(PAGE_EVENT)
    return token if ctx.services.pages.digest(token) == expected_digest else None
