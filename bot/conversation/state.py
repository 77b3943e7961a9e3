"""The conversation state kept in Redis, and its JSON form with a schema version.

State written by an older release is migrated step by step (``MIGRATIONS``); state that
cannot be read (unknown version, corrupted JSON, a failing migration) is reported as
``UnreadableState`` so the engine starts the user over and tells them, instead of crashing
on every message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

SCHEMA_VERSION = 6


@dataclass
class Frame:
    """One flow in progress: the flow's name, its current step and its data."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    entered: bool = False
    """The flow's ``enter`` hook already ran for this frame."""
    trail: list[str] = field(default_factory=list)
    """The flow's revisable steps already answered, oldest first (``Flow.revisable``): where
    «atrás» and «me equivoqué en…» lead back to."""


@dataclass
class Session:
    """A logged-in account on this conversation (times are unix seconds)."""

    account_id: str
    started_at: float
    last_seen_at: float
    epoch: int = 0
    """The account's session epoch when this session began; a password reset raises the
    account's epoch, which ends every session begun before it."""


@dataclass
class ConversationState:
    locale: str
    stack: list[Frame] = field(default_factory=list)
    misses: int = 0
    offered: list[list[str]] = field(default_factory=list)
    """Options of the last prompt as ``[id, label]`` pairs, to resolve numbers and words."""
    free_text: bool = True
    secret_input: bool = False
    """The last prompt asked for a secret (a password): the next text is never kept."""
    session: Session | None = None
    handoff: dict[str, Any] | None = None
    started_at: float = 0.0
    parked: dict[str, Any] | None = None
    """A procedure left for the menu, to be taken up again (``bot.conversation.parked``)."""
    finished: dict[str, Any] | None = None
    """The procedure just finished (``{"flow", "at"}``, and ``"declined"``: the step a no
    ended it at, ``Done.declined``; ``"cancelled"``: its frames, dropped by «cancelar»):
    what «cancélala», «change it», «ah no, sí acepto», «no espera, sí quiero seguir» said
    at the menu right after it refer to (``Flow.referred_back``)."""

    @property
    def top(self) -> Frame:
        return self.stack[-1]

    def in_flow(self) -> bool:
        """True when the user is inside something other than the main menu."""
        return len(self.stack) > 1

    def to_json(self, schema: int = SCHEMA_VERSION) -> str:
        # written out field by field: dataclasses.asdict deep-copies and is the hot spot
        session = self.session
        body = {
            "schema": schema,
            "locale": self.locale,
            "stack": [{"flow": f.flow, "step": f.step, "data": f.data, "entered": f.entered,
                       "trail": f.trail} for f in self.stack],
            "misses": self.misses,
            "offered": self.offered,
            "free_text": self.free_text,
            "secret_input": self.secret_input,
            "session": None if session is None else {
                "account_id": session.account_id,
                "started_at": session.started_at,
                "last_seen_at": session.last_seen_at,
                "epoch": session.epoch,
            },
            "handoff": self.handoff,
            "started_at": self.started_at,
            "parked": self.parked,
            "finished": self.finished,
        }
        return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS).decode()


class UnreadableState(ValueError):
    """Stored state that cannot be migrated to the current schema."""


Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 added the session's epoch and the secret-input flag."""
    if body.get("session"):
        body["session"]["epoch"] = 0
    body["secret_input"] = False
    return body


def _v2_to_v3(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 records whether a flow's ``enter`` hook ran: frames stored before it did
    run whatever they showed first."""
    for frame in body.get("stack", []):
        frame["entered"] = True
    return body


def _v3_to_v4(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 4 keeps each frame's trail of answered steps (for «atrás»): none before it."""
    for frame in body.get("stack", []):
        frame["trail"] = []
    return body


def _v4_to_v5(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 5 keeps a procedure left for the menu (``parked``): none before it."""
    body["parked"] = None
    return body


def _v5_to_v6(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 6 keeps the procedure just finished (``finished``): none before it."""
    body["finished"] = None
    return body


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                    5: _v5_to_v6}
"""``MIGRATIONS[n]`` turns a schema-``n`` body into schema ``n + 1``. Add one with every
change of the JSON shape and raise ``SCHEMA_VERSION``."""


def load_state(
    raw: str, migrations: dict[int, Migration] = MIGRATIONS, current: int = SCHEMA_VERSION
) -> ConversationState:
    try:
        body = orjson.loads(raw)
        version = int(body.pop("schema"))
        while version < current:
            if version not in migrations:
                raise UnreadableState(f"no migration from schema {version}")
            body = migrations[version](body)
            version += 1
        if version != current:
            raise UnreadableState(f"schema {version} is newer than {current}")
        session = body.pop("session", None)
        stack = [Frame(**frame) for frame in body.pop("stack")]
        return ConversationState(
            stack=stack,
            session=Session(**session) if session else None,
            **body,
        )
    except UnreadableState:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadableState(f"{type(error).__name__}: {error}") from error
