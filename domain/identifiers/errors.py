"""Why an identifier was refused: one class per thing the worker can fix.

Each class names its catalog key (``locales/*/LC_MESSAGES/identifiers.po``) and, in
``fields``, the keyword parameters it is raised with; the catalog sentence uses exactly
those as ``str.format`` placeholders. Positions are 1-based, as a person counts.

``str()`` of these errors gives only the key: the values typed by the worker (part of a
CURP, a birth date) stay in ``params`` and out of logs and tracebacks.
"""

from __future__ import annotations

from typing import ClassVar

from domain.errors import DomainError


class InvalidIdentifier(DomainError):
    """Base of every refused NSS, CURP, RFC, phone number or e-mail address."""

    key: ClassVar[str] = "error.identifier.invalid"
    fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return self.key


# --- NSS -------------------------------------------------------------------------------


class NssLength(InvalidIdentifier):
    key = "error.nss.length"
    fields = ("typed", "needed")


class NssCharacter(InvalidIdentifier):
    key = "error.nss.character"
    fields = ("position", "char")


class NssCheckDigit(InvalidIdentifier):
    key = "error.nss.check_digit"


# --- CURP ------------------------------------------------------------------------------


class CurpLength(InvalidIdentifier):
    key = "error.curp.length"
    fields = ("typed", "needed")


class CurpLetterExpected(InvalidIdentifier):
    key = "error.curp.letter"
    fields = ("position", "char")


class CurpDigitExpected(InvalidIdentifier):
    key = "error.curp.digit"
    fields = ("position", "char")


class CurpConsonantExpected(InvalidIdentifier):
    key = "error.curp.consonant"
    fields = ("position", "char")


class CurpEnye(InvalidIdentifier):
    """A CURP never holds Ñ: RENAPO writes X in its place."""

    key = "error.curp.enye"
    fields = ("position",)


class CurpCharacter(InvalidIdentifier):
    """Position 17 (homonym differentiator) takes a letter or a digit."""

    key = "error.curp.character"
    fields = ("position", "char")


class CurpSex(InvalidIdentifier):
    key = "error.curp.sex"
    fields = ("char",)


class CurpState(InvalidIdentifier):
    key = "error.curp.state"
    fields = ("code",)


class CurpDate(InvalidIdentifier):
    key = "error.curp.date"
    fields = ("date",)


class CurpCheckDigit(InvalidIdentifier):
    key = "error.curp.check_digit"


# --- RFC -------------------------------------------------------------------------------


class RfcLength(InvalidIdentifier):
    key = "error.rfc.length"
    fields = ("typed", "needed")


class RfcCompany(InvalidIdentifier):
    """Twelve characters shaped like a persona moral RFC: a company's, not a worker's."""

    key = "error.rfc.company"


class RfcHomoclaveMissing(InvalidIdentifier):
    """Ten characters shaped like an RFC without its last three (homoclave)."""

    key = "error.rfc.homoclave_missing"


class RfcGeneric(InvalidIdentifier):
    """XAXX010101000 / XEXX010101000: the SAT's generic RFCs, nobody's own."""

    key = "error.rfc.generic"


class RfcLetterExpected(InvalidIdentifier):
    key = "error.rfc.letter"
    fields = ("position", "char")


class RfcDigitExpected(InvalidIdentifier):
    key = "error.rfc.digit"
    fields = ("position", "char")


class RfcCharacter(InvalidIdentifier):
    """Homoclave and check digit (positions 11-13) take letters or digits."""

    key = "error.rfc.character"
    fields = ("position", "char")


class RfcDate(InvalidIdentifier):
    key = "error.rfc.date"
    fields = ("date",)


class RfcCheckDigit(InvalidIdentifier):
    key = "error.rfc.check_digit"


# --- Mobile phone ----------------------------------------------------------------------


class PhoneLength(InvalidIdentifier):
    key = "error.phone.length"
    fields = ("typed", "needed")


class PhoneCharacter(InvalidIdentifier):
    key = "error.phone.character"
    fields = ("char",)


class PhoneCountry(InvalidIdentifier):
    """A ``+`` followed by a country code other than 52."""

    key = "error.phone.country"


class PhoneAreaCode(InvalidIdentifier):
    """Ten digits starting with 0 or 1: no Mexican number does."""

    key = "error.phone.area_code"


# --- E-mail ----------------------------------------------------------------------------


class EmailMissingAt(InvalidIdentifier):
    key = "error.email.missing_at"


class EmailManyAt(InvalidIdentifier):
    key = "error.email.many_at"


class EmailSpace(InvalidIdentifier):
    key = "error.email.space"


class EmailAccent(InvalidIdentifier):
    """A letter with an accent, an ñ or any other non-ASCII character."""

    key = "error.email.accent"


class EmailDomain(InvalidIdentifier):
    key = "error.email.domain"
    fields = ("domain",)


class EmailInvalid(InvalidIdentifier):
    """Any other syntax problem found by ``email-validator``."""

    key = "error.email.invalid"


# --- no try at the identifier at all (words only) ----------------------------------------


class NssNotInText(InvalidIdentifier):
    key = "error.nss.not_in_text"


class CurpNotInText(InvalidIdentifier):
    key = "error.curp.not_in_text"


class RfcNotInText(InvalidIdentifier):
    key = "error.rfc.not_in_text"


class PhoneNotInText(InvalidIdentifier):
    key = "error.phone.not_in_text"


class EmailNotInText(InvalidIdentifier):
    key = "error.email.not_in_text"
