"""Pictures end to end: the precalification's chart reaches WhatsApp through the media
upload and an ``image`` message, and Telegram through a multipart ``sendPhoto``, each with
its one-line caption, before the answer in words and its options."""

from __future__ import annotations

import struct

from tests.integration.pipeline.conftest import Service, until

PHONE = "+5215512345077"
CHAT = 424277
CAPTION = ("Crédito $602,691.86 + Subcuenta $0.00 − gastos $0.00 = $602,691.86 para tu "
           "vivienda.")
ANSWER = ("Te podrían prestar $602,691.86; sumando tu Subcuenta y restando los gastos, "
          "tendrías $602,691.86 para tu vivienda.")
SIMULATOR = ("precalificación", "2", "9582.47", "30", "2", "0")
"""The simulator as typed: precalify, «Usar el simulador», salary, age, «Hombre», balance."""


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


async def test_whatsapp_gets_the_chart_through_the_media_upload(whatsapp: Service) -> None:
    wa = whatsapp.wa
    assert wa is not None
    await wa.deliver(wa.inbound.text(PHONE, "hola"))
    await until(lambda: wa.messages_to(PHONE), what="the welcome")
    for typed in SIMULATOR:
        sent = len(wa.messages_to(PHONE))
        await wa.deliver(wa.inbound.text(PHONE, typed))
        await until(lambda sent=sent: len(wa.messages_to(PHONE)) > sent, what=typed)
    await until(lambda: any(m.type == "image" for m in wa.messages_to(PHONE)), what="image")
    await until(lambda: ANSWER in (wa.messages_to(PHONE)[-1].text or ""), what="the answer")
    [upload_request] = wa.requests_to("media")
    assert upload_request.form["type"] == "image/png"
    [image] = [m for m in wa.messages_to(PHONE) if m.type == "image"]
    upload = wa.uploads[image.media_id or ""]
    assert (upload.mime_type, upload.filename) == ("image/png", "precalificacion.png")
    assert png_size(upload.data) == (720, 720)
    assert image.text == CAPTION
    answer = wa.messages_to(PHONE)[-1]
    assert answer.interactive_type == "list", "the answer in words carries the options"
    assert wa.messages_to(PHONE).index(image) == len(wa.messages_to(PHONE)) - 2


async def test_telegram_gets_the_chart_with_send_photo(telegram: Service) -> None:
    tg = telegram.tg
    assert tg is not None
    tg.updates.user(CHAT, "Ana", language_code="es")
    await tg.deliver(tg.updates.text(CHAT, "hola"))
    await until(lambda: tg.messages_to(CHAT), what="the welcome")
    for typed in SIMULATOR:
        sent = len(tg.messages_to(CHAT))
        await tg.deliver(tg.updates.text(CHAT, typed))
        await until(lambda sent=sent: len(tg.messages_to(CHAT)) > sent, what=typed)
    await until(lambda: ANSWER in (tg.messages_to(CHAT)[-1].text or ""), what="the answer")
    [photo] = [m for m in tg.messages_to(CHAT) if m.kind == "photo"]
    assert photo.text == CAPTION
    assert photo.document is not None and png_size(photo.document.data) == (720, 720)
    [call] = tg.calls_to("sendPhoto")
    assert call.content_type == "multipart/form-data"
    answer = tg.messages_to(CHAT)[-1]
    assert "Ver detalles" in answer.labels, "the answer in words carries the options"
