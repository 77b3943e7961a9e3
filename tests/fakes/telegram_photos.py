"""``sendPhoto`` of the local Bot API server, with the limits the Bot API documents for an
uploaded photo: at most 10 MB, width + height at most 10000, a side ratio of at most 20, a
picture Telegram can read (JPEG, PNG, WebP here: the header is read for the size); the
caption like any caption (1024 characters). The message carries ``photo``: the sizes
Telegram keeps (a thumbnail and the original)."""

from __future__ import annotations

import struct
from typing import Any

from tests.fakes.telegram_limits import ApiError, bad_request

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDES = 10_000
PHOTO_MAX_RATIO = 20
PHOTO_EMPTY = "Bad Request: there is no photo in the request"
PHOTO_DIMENSIONS = "Bad Request: PHOTO_INVALID_DIMENSIONS"
PHOTO_UNREADABLE = "Bad Request: IMAGE_PROCESS_FAILED"
PHOTO_TOO_BIG = "Request Entity Too Large"
THUMBNAIL_SIDE = 90


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height read from a PNG, JPEG or WebP header; None when it is none of them."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:3] == b"\xff\xd8\xff":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                return None
            marker, length = data[index + 1], struct.unpack(">H", data[index + 2:index + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[index + 5:index + 9])
                return int(width), int(height)
            index += 2 + length
        return None
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    return None


def check_photo(data: bytes) -> tuple[int, int]:
    """The photo's width and height, or the error the Bot API answers."""
    if not data:
        raise bad_request("Bad Request: file must be non-empty")
    if len(data) > PHOTO_MAX_BYTES:
        raise ApiError(413, PHOTO_TOO_BIG)
    size = image_size(data)
    if size is None:
        raise bad_request(PHOTO_UNREADABLE)
    width, height = size
    if (width + height > PHOTO_MAX_SIDES or min(width, height) == 0
            or max(width, height) / min(width, height) > PHOTO_MAX_RATIO):
        raise bad_request(PHOTO_DIMENSIONS)
    return width, height


def photo_sizes(number: int, width: int, height: int, file_size: int) -> list[dict[str, Any]]:
    """The ``PhotoSize`` list of a sent photo: a thumbnail, then the original."""
    scale = THUMBNAIL_SIDE / max(width, height)
    sizes = [(max(1, round(width * scale)), max(1, round(height * scale)), file_size // 20),
             (width, height, file_size)]
    return [{"file_id": f"AgACAgEAAxkDAAI{number:08d}{index}",
             "file_unique_id": f"AQAD{number:06d}{index}", "width": w, "height": h,
             "file_size": size} for index, (w, h, size) in enumerate(sizes)]
