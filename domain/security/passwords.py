"""Password policy and storage (SECURITY.md "Passwords"; ASVS 5.0 6.2, NIST SP 800-63B).

Policy: 8 to 128 characters (never truncated), counted after Unicode NFKC; at least one
upper-case letter, one lower-case letter, one digit and one special character (anything
visible that is neither a letter nor a digit, space included); not a common password;
not containing the worker's NSS, CURP, RFC, names, e-mail, nor "infonavit"/"micuenta".
``check_password`` names every rule broken at once; ``ensure_strong_password`` raises.

The common passwords are the ``passwords`` frequency list of the ``zxcvbn`` package (MIT;
30,000 entries from Mark Burnett's 10-million-password sample, lower case; zxcvbn removed
from it the words it ranks higher in its name and word lists, all of which lack the digits
and symbols our own rules demand), plus our Spanish additions in
``data/common_passwords_es.txt``. Both are read once, on first use.

Storage: argon2id with m = 19 MiB, t = 2, p = 1 (OWASP / ASVS minimum) over the NFKC form.
Hashing is CPU-bound (tens of milliseconds): async callers must run ``hash_password`` and
``verify_password`` in a thread (``asyncio.to_thread``), never on the event loop.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import VerificationError

from domain.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 128
ARGON2_MEMORY_KIB = 19456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
SERVICE_WORDS = ("infonavit", "micuenta")
MIN_COMMON_PASSWORDS = 3000
_SPANISH_LIST = Path(__file__).parent / "data" / "common_passwords_es.txt"
_NAME_PARTICLES = frozenset({"del", "las", "los", "van", "von", "der", "den", "dos", "das"})
_MIN_PERSONAL = 3  # shorter names or e-mail local parts are not looked for


class PasswordRuleViolation(DomainError):
    """One broken password rule; ``str()`` is the key only, never password-derived data."""

    key: ClassVar[str] = "error.password.rule"
    fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return self.key


class PasswordTooShort(PasswordRuleViolation):
    key = "error.password.too_short"
    fields = ("minimum",)


class PasswordTooLong(PasswordRuleViolation):
    key = "error.password.too_long"
    fields = ("maximum",)


class PasswordNoUppercase(PasswordRuleViolation):
    key = "error.password.no_upper"


class PasswordNoLowercase(PasswordRuleViolation):
    key = "error.password.no_lower"


class PasswordNoDigit(PasswordRuleViolation):
    key = "error.password.no_digit"


class PasswordNoSpecial(PasswordRuleViolation):
    key = "error.password.no_special"


class PasswordCommon(PasswordRuleViolation):
    key = "error.password.common"


class PasswordContainsNss(PasswordRuleViolation):
    key = "error.password.contains_nss"


class PasswordContainsCurp(PasswordRuleViolation):
    key = "error.password.contains_curp"


class PasswordContainsRfc(PasswordRuleViolation):
    key = "error.password.contains_rfc"


class PasswordContainsName(PasswordRuleViolation):
    key = "error.password.contains_name"


class PasswordContainsEmail(PasswordRuleViolation):
    key = "error.password.contains_email"


class PasswordContainsServiceName(PasswordRuleViolation):
    key = "error.password.contains_service_name"


class WeakPassword(DomainError):
    """The password breaks the rules in ``violations`` (each with its own key)."""

    key = "error.password.weak"
    fields: ClassVar[tuple[str, ...]] = ("violations",)

    def __init__(self, violations: Sequence[PasswordRuleViolation]) -> None:
        self.violations = tuple(violations)
        super().__init__(violations=self.violations)

    def __str__(self) -> str:
        return f"{self.key}: {', '.join(v.key for v in self.violations)}"


@dataclass(frozen=True, slots=True)
class PersonalData:
    """What the password must not contain; any field may be unknown. Names as written."""

    nss: str | None = None
    curp: str | None = None
    rfc: str | None = None
    names: Sequence[str] = ()
    email: str | None = None


def normalize_password(password: str) -> str:
    """The form that is checked and hashed: Unicode NFKC."""
    return unicodedata.normalize("NFKC", password)


def check_password(
    password: str, personal: PersonalData | None = None
) -> list[PasswordRuleViolation]:
    """Every rule the password breaks, in a stable order; empty when it is acceptable."""
    text = normalize_password(password)
    found: list[PasswordRuleViolation] = []
    if len(text) < MIN_LENGTH:
        found.append(PasswordTooShort(minimum=MIN_LENGTH))
    if len(text) > MAX_LENGTH:
        found.append(PasswordTooLong(maximum=MAX_LENGTH))
    if not any(ch.isupper() for ch in text):
        found.append(PasswordNoUppercase())
    if not any(ch.islower() for ch in text):
        found.append(PasswordNoLowercase())
    if not any(ch.isdigit() for ch in text):
        found.append(PasswordNoDigit())
    if not any(_is_special(ch) for ch in text):
        found.append(PasswordNoSpecial())
    if text.casefold() in common_passwords():
        found.append(PasswordCommon())
    found.extend(_personal_violations(_folded_alnum(text), personal or PersonalData()))
    return found


_ADDRESS = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|://|^www\.", re.IGNORECASE)
"""An e-mail address or a link: text of a password's shape that is not one."""


def could_be_a_password(text: str) -> bool:
    """Text with the shape every password here has (``MIN_LENGTH`` to ``MAX_LENGTH``
    characters, upper and lower case, a digit and a special character): at a login, text
    without it («no tengo cuenta», «ok») cannot be the account's password and is never
    tried (nor counted towards the lock)."""
    text = normalize_password(text.strip())
    return (MIN_LENGTH <= len(text) <= MAX_LENGTH
            and any(ch.isupper() for ch in text) and any(ch.islower() for ch in text)
            and any(ch.isdigit() for ch in text) and any(_is_special(ch) for ch in text))


def looks_like_password(text: str) -> bool:
    """One word that could be a password and is not an e-mail address or a link: typed
    where no password was asked («Mango!Trueno58» at the menu), it is kept out of
    transcripts and deleted where the channel allows."""
    text = text.strip()
    if any(ch.isspace() for ch in text) or _ADDRESS.search(text):
        return False
    return could_be_a_password(text)


_WRAPPING = "\"'«»“”‘’()[]{},;:"


def holds_password(text: str) -> bool:
    """A password in ``text``, alone or inside a sentence («mi contra es Mango!Trueno58»,
    «pass: Mango!Trueno58»): one of its words could be one (``looks_like_password``), as
    typed or without the quotes and punctuation around it. Such a message is kept out of
    transcripts (only a password typed alone was, and the sentence was kept in clear)."""
    return any(looks_like_password(word) or looks_like_password(word.strip(_WRAPPING))
               for word in text.split())


def ensure_strong_password(password: str, personal: PersonalData | None = None) -> None:
    """Raise ``WeakPassword`` naming every broken rule, or return if there is none."""
    violations = check_password(password, personal)
    if violations:
        raise WeakPassword(violations)


def _personal_violations(text: str, personal: PersonalData) -> list[PasswordRuleViolation]:
    """``text`` is the password folded to lower-case letters and digits, no accents."""
    found: list[PasswordRuleViolation] = []
    identifiers = (
        (personal.nss, PasswordContainsNss),
        (personal.curp, PasswordContainsCurp),
        (personal.rfc, PasswordContainsRfc),
    )
    for value, error in identifiers:
        if value and _contains(text, _folded_alnum(value)):
            found.append(error())
    words = (w for name in personal.names for w in re.split(r"[^a-z]+", _fold(name)))
    if any(w not in _NAME_PARTICLES and _contains(text, w) for w in words):
        found.append(PasswordContainsName())
    if personal.email and _contains(text, _folded_alnum(personal.email.rpartition("@")[0])):
        found.append(PasswordContainsEmail())
    if any(word in text for word in SERVICE_WORDS):
        found.append(PasswordContainsServiceName())
    return found


def _is_special(char: str) -> bool:
    """Neither a letter nor a digit, nor an invisible control or format character."""
    return not char.isalnum() and unicodedata.category(char)[0] != "C"


def _contains(text: str, part: str) -> bool:
    return len(part) >= _MIN_PERSONAL and part in text


def _fold(text: str) -> str:
    """Compatibility-decompose, drop accents and other marks, case-fold: José -> jose."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _folded_alnum(text: str) -> str:
    return "".join(ch for ch in _fold(text) if ch.isalnum())


@cache
def common_passwords() -> frozenset[str]:
    """The blocklist, NFKC and case-folded: zxcvbn's public list plus our Spanish one."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # loaded on first use only

    public = FREQUENCY_LISTS["passwords"]
    entries = public.split(",") if isinstance(public, str) else list(public)
    if len(entries) < MIN_COMMON_PASSWORDS:
        raise RuntimeError(f"zxcvbn ships only {len(entries)} common passwords")
    for line in _SPANISH_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            entries.append(line.strip())
    return frozenset(normalize_password(entry).casefold() for entry in entries)


_HASHER = PasswordHasher(
    time_cost=ARGON2_TIME_COST,
    memory_cost=ARGON2_MEMORY_KIB,
    parallelism=ARGON2_PARALLELISM,
    type=Type.ID,
)


def hash_password(password: str) -> str:
    """An argon2id PHC string for the NFKC form. CPU-bound: run it in a thread from async."""
    return _HASHER.hash(normalize_password(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """True when the password matches; False on mismatch. CPU-bound: run it in a thread.

    A stored value that is not an argon2 hash at all raises ``argon2.exceptions.
    InvalidHashError``: that is a data fault to surface, not a wrong password.
    """
    try:
        return _HASHER.verify(stored_hash, normalize_password(password))
    except VerificationError:
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (rehash at login)."""
    return _HASHER.check_needs_rehash(stored_hash)
