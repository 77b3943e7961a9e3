"""Issuing and checking one-time codes (the rules are in ``codes.py``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from domain.accounts.codes import CodePolicy, Medium, code_digest, matches, new_code, normalize_code
from domain.accounts.errors import (
    CodeDead,
    CodeEntryLocked,
    CodeError,
    CodeExpired,
    CodeNotDelivered,
    CodeOfEmailAlreadyUsed,
    CodeOfSmsAlreadyUsed,
    CodeReplaced,
    CodeUsed,
    CodeWrong,
    ResendLimit,
    ResendTooSoon,
)
from domain.notifications import CodePurpose, NotificationFailed, Notifier
from domain.uow import StoredCode, UnitOfWork

log = logging.getLogger(__name__)

ALREADY_USED: dict[Medium, type[CodeError]] = {Medium.SMS: CodeOfSmsAlreadyUsed,
                                               Medium.EMAIL: CodeOfEmailAlreadyUsed}
"""The code of each medium typed again after it was accepted."""


@dataclass(frozen=True)
class CodeOrder:
    """Who gets a code, for what, bound to which request."""

    purpose: CodePurpose
    medium: Medium
    address: str
    """E.164 phone or e-mail address; empty for a code that is never sent."""
    subject: str
    """Whose failures and sends are counted (``worker:<id>``, ``account:<id>``...)."""
    request_id: str
    account_id: str | None
    locale: str


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(1, -(-int((moment - now).total_seconds()) // 60))


async def issue_code(
    uow: UnitOfWork, notifier: Notifier | None, policy: CodePolicy, order: CodeOrder,
    now: datetime,
) -> datetime:
    """Store a new code (retiring the request's earlier one) and send it. ``notifier=None``
    stores a code nobody receives (used so unknown accounts behave like known ones)."""
    address_kind = "mobile" if order.medium is Medium.SMS else "email"
    async with uow:
        address_hash = uow.keyring.lookup.digest(order.address, address_kind)
        # the sends of this subject and this address are counted and added one after the
        # other (their guard rows locked until the commit): parallel requests cannot all
        # see a count under the limit
        await uow.guards.serialize(now, "sends:" + order.subject, "sends:" + address_hash)
        last = await uow.codes.latest(order.request_id, order.medium)
        if (last is not None and last.address_hash == address_hash
                and now - last.created_at < policy.resend_cooldown):
            wait = policy.resend_cooldown - (now - last.created_at)
            raise ResendTooSoon(seconds=max(1, int(wait.total_seconds())))
        for window, limit in ((policy.window, policy.per_window),
                              (policy.window * 96, policy.per_day)):
            for scope in ({"subject": order.subject}, {"address_hash": address_hash}):
                count, oldest = await uow.codes.sent_since(
                    since=now - window, medium=order.medium, purpose=order.purpose.value,
                    **scope)
                if count >= limit and oldest is not None:
                    raise ResendLimit(minutes=_minutes_until(oldest + window, now))
        day = policy.window * 96
        count, oldest = await uow.codes.sent_since(since=now - day, medium=order.medium,
                                                   address_hash=address_hash)
        if count >= policy.address_per_day and oldest is not None:
            raise ResendLimit(minutes=_minutes_until(oldest + day, now))
        code = new_code(policy.digits)
        await uow.codes.retire(order.request_id, order.medium, now)
        await uow.codes.add(
            request_id=order.request_id, purpose=order.purpose.value, medium=order.medium,
            subject=order.subject, address_hash=address_hash, account_id=order.account_id,
            code_hash=code_digest(uow.keyring.codes, order.request_id, order.medium, code),
            now=now, expires_at=now + policy.valid_for)
        await uow.commit()
    if notifier is None:
        return now + policy.valid_for
    minutes = int(policy.valid_for.total_seconds() // 60)
    try:
        if order.medium is Medium.SMS:
            await notifier.send_code_sms(order.address, code, order.purpose, order.locale,
                                         minutes)
        else:
            await notifier.send_code_email(order.address, code, order.purpose, order.locale,
                                           minutes)
    except NotificationFailed as error:
        raise CodeNotDelivered() from error
    return now + policy.valid_for


async def check_code(
    uow: UnitOfWork, policy: CodePolicy, request_id: str, medium: Medium, typed: str,
    now: datetime, also: Medium | None = None,
) -> StoredCode:
    """Accept the request's current code or raise why not. The try is counted before the
    code is compared (the code's row and the subject's guard locked until the commit), so
    tries sent in parallel are counted one after the other.

    ``also``: the request's code sent the other way at the same time (the SMS one typed
    where the e-mail one was asked: the SMS arrives first). When the typed code is that
    one's, that one is accepted and returned instead; the guard still counted one try."""
    async with uow:
        code = await uow.codes.latest(request_id, medium)
        if code is None:
            raise CodeExpired()
        subject = f"codes:{code.purpose}:{code.subject}"  # a reset never locks logins
        await uow.guards.serialize(now, subject)
        code = await uow.codes.latest(request_id, medium)  # as it is under the lock
        assert code is not None  # a code is never deleted while its request is open
        guard = await uow.guards.get(subject)
        if guard.locked(now):
            raise CodeEntryLocked(minutes=guard.minutes_left(now))
        if code.used_at is not None:
            raise CodeUsed()
        if now >= code.expires_at:
            raise CodeExpired()
        if code.tries >= policy.tries_per_code:
            raise CodeDead()
        guard, allowed = await uow.guards.attempt(subject, now, policy.rule)
        if not allowed:
            await uow.commit()
            raise CodeEntryLocked(minutes=guard.minutes_left(now))
        accepted = code if matches(uow.keyring.codes, request_id, medium, normalize_code(typed),
                                   code.code_hash) else None
        if accepted is None and also is not None:
            other = await uow.codes.latest(request_id, also)
            if other is not None and matches(uow.keyring.codes, request_id, also,
                                             normalize_code(typed), other.code_hash):
                if other.used_at is not None:  # typed twice: no try on the code asked for
                    await uow.commit()
                    raise ALREADY_USED[also]()
                if now < other.expires_at and other.tries < policy.tries_per_code:
                    accepted = other
        if accepted is None:
            typed_now = normalize_code(typed)
            for sent in (medium, also) if also is not None else (medium,):
                if any(old.used_at is None and matches(uow.keyring.codes, request_id, sent,
                                                       typed_now, old.code_hash)
                       for old in await uow.codes.earlier(request_id, sent)):
                    raise CodeReplaced()  # before the commit: no try counted, nor the guard's
        if accepted is not None:
            await uow.codes.mark_used(accepted.id, now)
            await uow.guards.clear(subject, now)
            await uow.commit()
            return accepted
        await uow.codes.record_try(code.id)
        await uow.commit()
    if guard.locked(now):
        raise CodeEntryLocked(minutes=guard.minutes_left(now))
    left = policy.tries_per_code - code.tries - 1
    if left <= 0:
        raise CodeDead()
    raise CodeWrong(left=left)


async def verified(uow: UnitOfWork, request_id: str, media: tuple[Medium, ...]) -> list[StoredCode]:
    """The request's used codes for every medium in ``media``; raises if one is missing."""
    found = []
    async with uow:
        for medium in media:
            code = await uow.codes.latest(request_id, medium)
            if code is None or code.used_at is None:
                raise CodeExpired()
            found.append(code)
    return found
