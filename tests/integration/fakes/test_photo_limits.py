"""The local servers' picture paths: Telegram ``sendPhoto`` (multipart, the Bot API's photo
limits) and the Cloud API's image upload and ``image`` message (type, signature, 5 MB)."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession, FormData
from telegram import Bot
from telegram.error import BadRequest

from tests.fakes.graph_media import IMAGE_MAX_BYTES
from tests.fakes.graph_server import GraphServer
from tests.fakes.telegram_photos import PHOTO_DIMENSIONS, PHOTO_EMPTY, PHOTO_UNREADABLE
from tests.fakes.telegram_server import TelegramServer

CHAT = 5550002
USER = "+5215512345678"


def png(width: int, height: int) -> bytes:
    """A real, minimal PNG (one grey row repeated): enough for any reader's header check."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress((b"\x00" + b"\x80" * width) * height)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns otherwise (an error here)


@pytest.fixture
async def tg() -> AsyncIterator[TelegramServer]:
    async with TelegramServer() as server:
        yield server


@pytest.fixture
async def bot(tg: TelegramServer) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url) as client:
        yield client


async def refused(tg: TelegramServer, bot: Bot, photo: bytes, description: str) -> None:
    with pytest.raises(BadRequest):
        await bot.send_photo(CHAT, photo=photo, filename="a.png")
    assert tg.calls[-1].response == {"ok": False, "error_code": 400, "description": description}


async def test_send_photo_uploads_a_picture_with_its_caption(tg: TelegramServer,
                                                             bot: Bot) -> None:
    picture = png(720, 720)
    sent = await bot.send_photo(CHAT, photo=picture, filename="puntos.png",
                                caption="Tus puntos: 1,125; se piden 1,080.")
    assert [(p.width, p.height) for p in sent.photo] == [(90, 90), (720, 720)]
    assert sent.caption == "Tus puntos: 1,125; se piden 1,080."
    (upload,) = tg.uploads
    assert (upload.field, upload.data) == ("photo", picture)
    assert tg.calls_to("sendPhoto")[0].content_type == "multipart/form-data"
    (seen,) = tg.messages_to(CHAT)
    assert (seen.kind, seen.text) == ("photo", "Tus puntos: 1,125; se piden 1,080.")


@pytest.mark.parametrize(("photo", "description"), [
    (b"%PDF-1.7 not a picture", PHOTO_UNREADABLE),
    (png(2100, 100), PHOTO_DIMENSIONS),  # a side ratio over 20
    (png(6000, 4500), PHOTO_DIMENSIONS),  # width + height over 10000
])
async def test_send_photo_refuses_what_the_bot_api_refuses(
        tg: TelegramServer, bot: Bot, photo: bytes, description: str) -> None:
    await refused(tg, bot, photo, description)


async def test_send_photo_without_a_photo_and_with_a_long_caption(tg: TelegramServer,
                                                                  bot: Bot) -> None:
    status, body = await _raw_send_photo(tg)
    assert (status, body["description"]) == (400, PHOTO_EMPTY)
    with pytest.raises(BadRequest):
        await bot.send_photo(CHAT, photo=png(10, 10), filename="a.png", caption="c" * 1025)


async def _raw_send_photo(tg: TelegramServer) -> tuple[int, dict[str, Any]]:
    async with ClientSession() as http, http.post(f"{tg.base_url}{tg.token}/sendPhoto",
                                                  json={"chat_id": CHAT}) as response:
        return response.status, await response.json()


@pytest.fixture
async def wa() -> AsyncIterator[GraphServer]:
    async with GraphServer() as server:
        yield server


async def upload(wa: GraphServer, http: ClientSession, data: bytes,
                 mime_type: str) -> tuple[int, dict[str, Any]]:
    form = FormData()
    form.add_field("messaging_product", "whatsapp")
    form.add_field("type", mime_type)
    form.add_field("file", io.BytesIO(data), filename="puntos.png", content_type=mime_type)
    headers = {"Authorization": f"Bearer {wa.access_token}"}
    async with http.post(wa.media_url, data=form, headers=headers) as response:
        return response.status, await response.json()


async def test_whatsapp_image_upload_then_image_message(wa: GraphServer) -> None:
    wa.open_window(USER)
    async with ClientSession() as http:
        status, body = await upload(wa, http, png(720, 720), "image/png")
        assert status == 200
        media_id = body["id"]
        message = {"messaging_product": "whatsapp", "to": USER, "type": "image",
                   "image": {"id": media_id, "caption": "Tus puntos: 1,125"}}
        headers = {"Authorization": f"Bearer {wa.access_token}"}
        async with http.post(wa.messages_url, json=message, headers=headers) as response:
            assert response.status == 200
        (seen,) = wa.messages_to(USER)
        assert (seen.type, seen.media_id, seen.text) == ("image", media_id, "Tus puntos: 1,125")
        status, body = await upload(wa, http, b"%PDF-1.7", "application/pdf")
        pdf = body["id"]
        message["image"] = {"id": pdf}
        async with http.post(wa.messages_url, json=message, headers=headers) as response:
            assert response.status == 400
            assert "must be an image" in (await response.json())["error"]["error_data"][
                "details"]


@pytest.mark.parametrize(("data", "mime_type", "code"), [
    (png(10, 10), "image/gif", 100),  # not a type the Cloud API takes for images
    (b"%PDF-1.7", "image/png", 131053),  # not what its type says
    (png(10, 10) + b"\0" * IMAGE_MAX_BYTES, "image/png", 131053),  # over 5 MB
    (b"", "image/png", 100),
])
async def test_whatsapp_image_uploads_the_cloud_api_refuses(wa: GraphServer, data: bytes,
                                                            mime_type: str, code: int) -> None:
    async with ClientSession() as http:
        status, body = await upload(wa, http, data, mime_type)
    assert status == 400 and body["error"]["code"] == code
