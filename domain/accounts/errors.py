"""Why an account procedure cannot go on; each names what the worker can do about it."""

from __future__ import annotations

from domain.errors import DomainError


class AccountError(DomainError):
    key = "error.account.generic"


class WorkerNotFound(AccountError):
    """No record with that NSS (or it is not in this service's data)."""

    key = "error.account.worker_not_found"


class NoActiveRelationship(AccountError):
    key = "error.account.no_active_relationship"


class CurpMismatch(AccountError):
    """The CURP is valid but not the one in the worker's record."""

    key = "error.account.curp_mismatch"


class RfcMismatch(AccountError):
    key = "error.account.rfc_mismatch"


class AccountExists(AccountError):
    key = "error.account.exists"


class EmailInUse(AccountError):
    key = "error.account.email_in_use"


class PhoneInUse(AccountError):
    key = "error.account.phone_in_use"


class InvalidCredentials(AccountError):
    """Wrong identifier or password: the same answer whether the account exists or not."""

    key = "error.login.invalid"


class LoginLocked(AccountError):
    """Too many failed passwords: ``minutes`` until the next try."""

    key = "error.login.locked"


class RegistrationExpired(AccountError):
    """The registration in progress was lost (another device finished or it expired)."""

    key = "error.account.registration_expired"


class CodeError(DomainError):
    key = "error.code.generic"


class CodeWrong(CodeError):
    """Wrong code; ``left`` tries remain for this code."""

    key = "error.code.wrong"


class CodeDead(CodeError):
    """Five wrong tries: this code no longer works, a new one must be requested."""

    key = "error.code.dead"


class CodeExpired(CodeError):
    key = "error.code.expired"


class CodeUsed(CodeError):
    key = "error.code.used"


class CodeReplaced(CodeError):
    """A code sent before «Reenviar código» sent a new one: said so, and no try counted
    (it was «Ese código no es correcto. Te quedan 4 intentos»)."""

    key = "error.code.replaced"


class CodeOfSmsAlreadyUsed(CodeError):
    """The SMS code, accepted already, typed again where the e-mail one is asked: said so,
    and no try counted against the code asked for."""

    key = "error.code.sms_already_used"


class CodeOfEmailAlreadyUsed(CodeError):
    """The e-mail code, accepted already, typed again where the SMS one is asked."""

    key = "error.code.email_already_used"


class CodeEntryLocked(CodeError):
    """Ten failures in a row: code entry is locked for ``minutes``."""

    key = "error.code.locked"
    lasts = True


class ResendTooSoon(CodeError):
    """A new code can be sent in ``seconds``."""

    key = "error.code.resend_wait"


class ResendLimit(CodeError):
    """Too many codes sent in the window; ``minutes`` until another may be sent."""

    key = "error.code.resend_limit"
    lasts = True


class CodeNotDelivered(CodeError):
    """The SMS or e-mail could not be handed over for delivery."""

    key = "error.code.not_delivered"


class LookupsLocked(AccountError):
    """Too many NSS, CURP or RFC that did not match, from one chat (enumeration):
    ``minutes`` until it may try again."""

    key = "error.account.lookups_locked"
    lasts = True


class IdentityMismatch(AccountError):
    """No record holds both this NSS and this CURP (one answer for either being wrong, so
    the answer does not tell which NSS exist)."""

    key = "error.account.identity_mismatch"
