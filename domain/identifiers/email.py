"""E-mail addresses: syntax only (no DNS), checked by the ``email-validator`` package.

Normalisation is deliberately small: surrounding whitespace and invisible format
characters are removed (nothing else: dots and dashes matter in an address), then
``email-validator`` gives its normalised form: the domain lower-cased (and IDNA-normalised),
the local part kept as typed (in Unicode NFC). ``EmailAddress.key`` lower-cases the whole
address, for lookups and uniqueness: no two accounts may differ only in letter case.

A few common mistakes get their own error (no @, two @, a space, a domain without a dot);
whatever else ``email-validator`` refuses becomes ``EmailInvalid``.

Only ASCII addresses are accepted (``EmailAccent``): an accent or ñ in an address is almost
always a typing slip here, internationalised mailboxes need SMTPUTF8 from every relay on
the way, and look-alike letters (Cyrillic "а" for "a") would otherwise pass.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from rapidfuzz.distance import DamerauLevenshtein

from domain.identifiers._text import mask_email
from domain.identifiers.errors import (
    EmailAccent,
    EmailDomain,
    EmailInvalid,
    EmailManyAt,
    EmailMissingAt,
    EmailSpace,
)


@dataclass(frozen=True, slots=True)
class EmailAddress:
    """A syntactically valid address; ``repr`` is masked so it can be logged."""

    value: str

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"EmailAddress({mask_email(self.value)})"

    @property
    def key(self) -> str:
        """The address lower-cased, to look accounts up by."""
        return self.value.lower()

    @property
    def local_part(self) -> str:
        return self.value.rpartition("@")[0]

    @property
    def domain(self) -> str:
        return self.value.rpartition("@")[2]


def parse_email(text: str) -> EmailAddress:
    """Normalise and check an address's syntax, or raise the error that says what to fix."""
    address = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()
    if "@" not in address:
        raise EmailMissingAt()
    if address.count("@") > 1:
        raise EmailManyAt()
    if any(ch.isspace() for ch in address):
        raise EmailSpace()
    if not address.isascii():
        raise EmailAccent()
    domain = address.rpartition("@")[2]
    if domain and ("." not in domain.strip(".") or ".." in domain):
        raise EmailDomain(domain=domain)
    try:
        valid = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise EmailInvalid() from None
    return EmailAddress(valid.normalized)


COMMON_DOMAINS = (
    "gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.mx", "hotmail.es",
    "outlook.es", "live.com", "live.com.mx", "icloud.com", "prodigy.net.mx", "msn.com",
)
"""The providers most addresses in Mexico are at: a domain one or two keystrokes from one of
them («gmial.com», «hotmal.com», «gmail.con») is almost always that one mistyped."""
OTHER_PROVIDERS = frozenset({"mail.com", "aol.com", "me.com", "gmx.com", "gmx.net", "zoho.com",
                             "proton.me", "protonmail.com", "yandex.com", "email.com"})
"""Real providers a slip from a common one («mail.com»): never corrected."""
MAX_DOMAIN_SLIPS = 2


def likely_meant(address: EmailAddress) -> EmailAddress | None:
    """The address with its domain corrected when the domain looks like a common one
    mistyped («maria@gmial.com» -> «maria@gmail.com»); None when it is one of them or is
    not near any (a company's own domain)."""
    domain = address.domain.lower()
    if domain in COMMON_DOMAINS or domain in OTHER_PROVIDERS:
        return None
    near = [(DamerauLevenshtein.distance(domain, known), known) for known in COMMON_DOMAINS]
    distance, best = min(near)
    if distance > MAX_DOMAIN_SLIPS or sum(d == distance for d, _ in near) > 1:
        return None
    return EmailAddress(f"{address.local_part}@{best}")
