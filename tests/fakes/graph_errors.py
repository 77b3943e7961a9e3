"""Graph API error bodies: `{"error": {"message", "type", "code", "error_data", "fbtrace_id"}}`."""

from __future__ import annotations

import secrets
from typing import Any

ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"

# code -> (title, details), as Meta documents them
KNOWN_ERRORS: dict[int, tuple[str, str]] = {
    131047: ("Re-engagement message",
             "Message failed to send because more than 24 hours have passed since the customer "
             "last replied to this number."),
    130429: ("Rate limit hit", "Cloud API message throughput has been reached."),
    131056: ("(Business Account, Consumer Account) pair rate limit hit",
             "Message failed to send because there were too many messages sent from this phone "
             "number to the same phone number in a short period of time."),
    131026: ("Message undeliverable",
             "Unable to deliver message. Reasons can include: the recipient phone number is not "
             "a WhatsApp phone number, or the recipient has not accepted the new Terms of "
             "Service."),
    131049: ("This message was not delivered to maintain healthy ecosystem engagement.",
             "In order to maintain a healthy ecosystem engagement, the message failed to be "
             "delivered."),
    131000: ("Something went wrong", "Message failed to send due to an unknown error."),
    131053: ("Media upload error", "Unable to upload the media used in the message."),
    132001: ("Template name does not exist in the translation",
             "template name does not exist in the translation"),
    132000: ("Number of parameters does not match the expected number of params",
             "body: number of localizable_params does not match the expected number of "
             "params"),
    132005: ("Translated text too long",
             "The translated text is too long: the body's text with its parameters is over "
             "1024 characters."),
    132012: ("Parameter format does not match format in the created template",
             "buttons: the parameter does not match a button of the template"),
}
# HTTP status of an injected 5xx -> (code, message)
SERVER_ERRORS: dict[int, tuple[int, str]] = {
    500: (1, "An unknown error has occurred."),
    502: (131000, "Something went wrong"),
    503: (2, "Service temporarily unavailable"),
    504: (131000, "Something went wrong"),
}


def fbtrace_id() -> str:
    return "A" + secrets.token_urlsafe(16)[:22]


class GraphApiError(Exception):
    """An error answer; the code, not the HTTP status, is what clients must key on."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        details: str | None = None,
        subcode: int | None = None,
        error_type: str = "OAuthException",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.subcode = subcode
        self.error_type = error_type

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.error_type,
                                 "code": self.code}
        if self.details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["fbtrace_id"] = fbtrace_id()
        return {"error": error}


def invalid_parameter(details: str) -> GraphApiError:
    return GraphApiError(400, 100, "(#100) Invalid parameter", details=details)


def known_error(code: int, *, status: int = 400, details: str | None = None) -> GraphApiError:
    title, default = KNOWN_ERRORS.get(code, ("Unknown error", "Unknown error."))
    return GraphApiError(status, code, f"(#{code}) {title}", details=details or default)


def server_error(status: int) -> GraphApiError:
    code, message = SERVER_ERRORS.get(status, (1, "An unknown error has occurred."))
    return GraphApiError(status, code, message)


def bad_token(missing: bool) -> GraphApiError:
    message = ("An access token is required to request this resource." if missing
               else "Invalid OAuth access token - Cannot parse access token")
    return GraphApiError(401, 190, message)


def unknown_object(object_id: str) -> GraphApiError:
    return GraphApiError(
        400, 100,
        f"Unsupported post request. Object with ID '{object_id}' does not exist, cannot be "
        "loaded due to missing permissions, or does not support this operation. Please read "
        "the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        subcode=33, error_type="GraphMethodException")


def unknown_path(path: str) -> GraphApiError:
    return GraphApiError(400, 2500, f"Unknown path components: {path}")


def status_error(code: int, details: str | None = None) -> dict[str, Any]:
    """The `errors[]` element of a `failed` status webhook."""
    title, default = KNOWN_ERRORS.get(code, ("Unknown error", "Unknown error."))
    return {"code": code, "title": title, "message": title,
            "error_data": {"details": details or default}, "href": ERROR_HREF}
