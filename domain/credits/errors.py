"""Why a typed payment reference was refused: one class per thing the worker can fix.

Each class names its catalog key (``locales/*/LC_MESSAGES/references.po``) and, in
``fields``, the keyword parameters it is raised with; the catalog sentence uses exactly
those as ``str.format`` placeholders. Positions are 1-based, as a person counts.

``str()`` of these errors gives only the key: what the worker typed stays in ``params``
and out of logs and tracebacks (a reference holds the credit number).
"""

from __future__ import annotations

from typing import ClassVar

from domain.errors import DomainError


class InvalidReference(DomainError):
    """Base of every refused payment reference."""

    key: ClassVar[str] = "error.reference.invalid"
    fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return self.key


class ReferenceLength(InvalidReference):
    key = "error.reference.length"
    fields = ("typed", "needed")


class ReferenceCharacter(InvalidReference):
    key = "error.reference.character"
    fields = ("position", "char")


class ReferenceCheck(InvalidReference):
    """The ISO 7064 MOD 97-10 check digits do not match: a digit was mistyped or two were
    swapped."""

    key = "error.reference.check"


class ReferenceUnknown(InvalidReference):
    """The check digits match but the reference is not one this service issues: the
    concept digit is not 1-4 or the expiry date is not a real day."""

    key = "error.reference.unknown"


class ReferenceExpired(InvalidReference):
    key = "error.reference.expired"
    fields = ("expired_on",)
