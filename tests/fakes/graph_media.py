"""The Cloud API's limits on uploaded media (``POST /{phone-number-id}/media``) and on the
``image`` message, for the local Graph API server.

Images are ``image/jpeg`` or ``image/png`` (8-bit RGB or RGBA) of at most 5 MB; the bytes
must be what the ``type`` says. Other kinds keep the server's former leniency (any type a
document may be, up to 100 MB). An ``image`` message must name an uploaded image."""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any

from tests.fakes.graph_errors import invalid_parameter, known_error

IMAGE_TYPES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 100 * 1024 * 1024


def check_upload(mime_type: str, data: bytes) -> None:
    """Raises the error the Cloud API answers for an upload it refuses."""
    if not data:
        raise invalid_parameter("Param file must be a non-empty file")
    if mime_type.startswith("image/"):
        signature = IMAGE_TYPES.get(mime_type)
        if signature is None:
            raise invalid_parameter(f"Param file must be a file with one of the following "
                                    f"types: {', '.join(IMAGE_TYPES)}. Received {mime_type}")
        if len(data) > IMAGE_MAX_BYTES:
            raise known_error(131053, details=f"Image file size {len(data)} bytes exceeds the "
                                              f"limit of {IMAGE_MAX_BYTES} bytes")
        if not data.startswith(signature):
            raise known_error(131053, details=f"The file is not a valid {mime_type}")
    elif len(data) > DOCUMENT_MAX_BYTES:
        raise known_error(131053, details="File size exceeds the limit")


def check_image_message(body: Mapping[str, Any], uploads: Container[str]) -> None:
    """An ``image`` message names an uploaded picture (not a PDF uploaded as a document)."""
    media_id = body.get("id")
    upload = uploads.get(media_id) if isinstance(uploads, Mapping) else None
    mime_type = getattr(upload, "mime_type", None)
    if upload is not None and mime_type not in IMAGE_TYPES:
        raise invalid_parameter(f"Param image['id'] must be an image (image/jpeg or "
                                f"image/png), not {mime_type}")
