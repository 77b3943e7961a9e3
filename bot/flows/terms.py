"""The terms step that ends a registration, shared by Registro and by a password reset
that finishes a registration left before its end."""

from __future__ import annotations

from bot.conversation.messages import Msg, Option, Say, Template
from bot.flows.base import Answer, Ctx, Done, Invalid, Result
from bot.flows.common import consent
from bot.nlu.answers import asks_what_it_says

ACCEPT = "register:accept"
DECLINE = "register:decline"
DECLINE_SURE = "register:decline_sure"
TERMS_OPTIONS = (Option(ACCEPT, Msg("register.accept_terms")),
                 Option(DECLINE, Msg("register.decline")))
SURE_OPTIONS = (Option(ACCEPT, Msg("register.accept_terms")),
                Option(DECLINE_SURE, Msg("register.decline_sure")))
"""After a first no: what it costs, and the no said again to leave (a «nel» there ended a
registration at its last step, codes and password given, with no way back)."""
TERMS_POINTS = ("legal.terms.personal", "legal.terms.secrets", "legal.terms.free",
                "legal.terms.limits", "legal.terms.info")
"""What the terms say (the page ``/terminos`` adds how changes are told): also the chat's
answer to «¿qué dicen?»."""


def ask_terms(ctx: Ctx) -> list[Say]:
    terms = Template("terms", {"url": ctx.services.about.public_url + "/terminos"})
    return [Say(terms, options=TERMS_OPTIONS)]


async def on_terms(ctx: Ctx, answer: Answer, account_id: str | None) -> Result:
    """Accepted: the account becomes active and this chat is logged in to it."""
    confirming = any(option_id == DECLINE_SURE for option_id, _ in ctx.state.offered)
    if answer.choice == DECLINE_SURE:
        return Done(say=[Say(Msg("register.terms_declined"))])
    options = SURE_OPTIONS if confirming else TERMS_OPTIONS
    if answer.choice is None and asks_what_it_says(answer.text):  # «¿qué dicen? resumido»:
        # what they say, in short (it was «tómate tu tiempo», or an acceptance unread)
        return Invalid(Msg("terms.in_short", items=[Msg(key) for key in TERMS_POINTS]),
                       reask=[Say(Msg("consent.terms_reask"), options=options)],
                       understood=True)
    accepted = consent(answer, options, "consent.terms_reask")
    if isinstance(accepted, Invalid):
        return accepted
    if not accepted and confirming:
        return Done(say=[Say(Msg("register.terms_declined"))])
    if not accepted:
        return Invalid(Msg("register.terms_decline_first"),
                       reask=[Say(Msg("consent.terms_reask"), options=SURE_OPTIONS)],
                       understood=True)
    assert account_id is not None
    await ctx.services.accounts.accept_terms(account_id, ctx.chat, ctx.now)
    epoch = await ctx.services.accounts.session_epoch(account_id)
    ctx.start_session(account_id, epoch or 0)
    return Done(say=[Say(Msg("register.done"))])
