"""The root of every error the business rules raise.

Each subclass names one thing the user can fix (or one reason a request is refused)
and carries the message key the conversation layer shows, plus the values that fill it.
Keys live in the catalogs under ``locales/``; the domain never holds a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of all business-rule errors; ``key`` names the catalog message."""

    key: ClassVar[str] = "error.domain"
    lasts: ClassVar[bool] = False
    """The refusal lasts minutes (a limit, a lock): the same request can only fail again
    until then, so whoever shows it offers a way out at once, not after more tries."""

    a_miss: ClassVar[bool] = True
    """A wrong answer, counted towards offering a way out; ``False`` for a right answer
    the record has nothing for (a year before the first movement)."""

    def __init__(self, **params: Any) -> None:
        self.params: Mapping[str, Any] = params
        super().__init__(f"{self.key} {dict(params)!r}" if params else self.key)
