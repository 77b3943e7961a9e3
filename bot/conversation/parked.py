"""A procedure left for the menu, kept to be taken up again.

«menú» in the middle of a registration used to drop the NSS, CURP and everything else given:
opening «Registro» again started over at the privacy notice. The frames left are kept in
the state (``ConversationState.parked``) for ``PARKED_FOR_S``; opening the same procedure
again within it, by the same account (or by nobody logged in, as before), goes on at the
step where the worker was. «cancelar» still throws it all away: that one is asked for.

Not kept: a procedure with nothing answered yet, or at a step that shows its result
(``Flow.settled``: opened again, it is worked out anew). A password page open is not kept
(leaving revokes it: ``Engine._revoke_dropped_pages``): taken up, the step gets a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from bot.conversation.state import ConversationState, Frame

PARKED_FOR_S = 30 * 60
"""How long a procedure left for the menu can be taken up again where it was."""


def park(state: ConversationState, now: float,
         unfinished: Callable[[Frame], bool]) -> str | None:
    """Keep the frames above the menu in ``state.parked`` when the procedure under them is
    ``unfinished`` (something answered, nothing shown yet that ends it); returns its name
    (``None``: nothing kept)."""
    frames = state.stack[1:]
    if not frames:
        return None
    bottom = frames[0]
    if not unfinished(bottom):
        return None
    kept = [asdict(frame) for frame in frames]
    for frame in kept:  # the page is revoked as the procedure is left
        if frame["data"].get("page_digest"):
            frame["data"] = {**frame["data"], "page_url": None, "page_digest": None}
    state.parked = {"stack": kept, "at": now,
                    "account": state.session.account_id if state.session else None}
    return bottom.flow


def take_parked(state: ConversationState, flow: str, now: float) -> list[Frame] | None:
    """The frames of ``flow`` left for the menu, if they may be taken up again now (and no
    longer kept); ``None`` when there are none for it."""
    frames = peek_parked(state, flow, now)
    if frames is not None:
        state.parked = None
    return frames


def peek_parked(state: ConversationState, flow: str, now: float) -> list[Frame] | None:
    """The frames of ``flow`` left for the menu that may be taken up again now, still kept
    (a lapsed or another session's procedure is dropped); ``None`` when there are none."""
    parked = state.parked
    if not parked:
        return None
    account = state.session.account_id if state.session else None
    frames = [Frame(**frame) for frame in parked.get("stack", [])]
    fresh = now - float(parked.get("at", 0)) <= PARKED_FOR_S
    if not frames or not fresh or parked.get("account") != account:
        state.parked = None  # lapsed, or another session's: gone
        return None
    if frames[0].flow != flow:
        return None  # kept for when that one is opened
    return frames


def parked_flow(state: ConversationState) -> str | None:
    """The procedure left for the menu, if any is kept (lapsed or not: ``peek_parked``)."""
    stack = (state.parked or {}).get("stack") or []
    return str(stack[0].get("flow")) if stack else None
