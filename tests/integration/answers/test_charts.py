"""The pictures: each is a PNG of 720x720 pixels under 150 KB whose caption gives the same
figures as the answer's text, in both languages; a picture that cannot be drawn in time, or
at all, is left out and the text goes, with one line in the log."""

from __future__ import annotations

import logging
import re
import struct
from decimal import Decimal

import pytest

from bot.charts.pool import ChartPool
from bot.charts.renderer import ChartRenderer
from bot.conversation.messages import Chart, Msg, OutImage, Reply
from tests.support.savings import logged_in
from tests.support.world import World

SIDE = 720
MAX_BYTES = 150_000
FIGURE = re.compile(r"\$?\d[\d,]*(?:\.\d+)?")


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from the PNG's header (signature, then the IHDR chunk)."""
    assert content[:8] == b"\x89PNG\r\n\x1a\n", "a PNG file"
    assert content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def picture(replies: list[Reply]) -> OutImage:
    [image] = [reply.image for reply in replies if reply.image is not None]
    return image


def words(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies if reply.image is None)


def check_picture(image: OutImage, text: str) -> None:
    assert png_size(image.content) == (SIDE, SIDE)
    assert len(image.content) < MAX_BYTES
    assert image.mime_type == "image/png" and image.filename.endswith(".png")
    assert "\n" not in image.caption, "one line"
    figures = FIGURE.findall(image.caption)
    assert figures, image.caption
    for figure in figures:
        assert figure in text, f"{figure} of «{image.caption}» not in the text:\n{text}"


@pytest.mark.parametrize(("lang", "labels"), [
    ("es_MX", ("Mis puntos", "Estado de cuenta", "Precalificación", "Ver detalles")),
    ("en", ("My points", "Account statement", "Prequalification", "See details")),
])
async def test_each_picture_says_what_its_text_says(world: World, lang: str,
                                                    labels: tuple[str, ...]) -> None:
    points, statement, precalification, details = labels
    chat = await logged_in(world, "existing_account", lang=lang,
                           user_id="5215500000980" if lang == "es_MX" else "5215500000981")
    await chat.press(points)
    check_picture(picture(chat.last), words(chat.last))
    await chat.send("menú" if lang == "es_MX" else "menu")
    await chat.press(statement)
    check_picture(picture(chat.last), words(chat.last))
    await chat.send("menú" if lang == "es_MX" else "menu")
    await chat.press(precalification)
    image, answer = picture(chat.last), words(chat.last)
    await chat.press(details)  # the sum's parts are in the details, the total in the answer
    check_picture(image, answer + "\n" + words(chat.last))


async def test_a_picture_not_drawn_in_time_is_left_out_and_the_text_goes(
        world: World, chart_pool: ChartPool, caplog: pytest.LogCaptureFixture) -> None:
    chat = await logged_in(world, "existing_account", user_id="5215500000982")
    world.container.engine.charts = ChartRenderer(chart_pool, timeout=0.000_001)
    with caplog.at_level(logging.WARNING, logger="bot.charts.renderer"):
        await chat.press("Mis puntos")
    assert all(reply.image is None for reply in chat.last)
    assert chat.last[0].text.startswith("Con lo que estimamos tienes 1,125 puntos: "
                                        "alcanzarías los 1,080")
    assert chat.last[-1].text == "¿Qué quieres hacer ahora?"
    warnings = [r for r in caplog.records if r.name == "bot.charts.renderer"]
    assert len(warnings) == 1 and "not drawn within" in warnings[0].getMessage()


async def test_a_picture_that_fails_is_logged_once_and_nothing_else_breaks(
        world: World, chart_pool: ChartPool, caplog: pytest.LogCaptureFixture) -> None:
    renderer = ChartRenderer(chart_pool)
    broken = Chart(kind="pie", name="roto", title=Msg("chart.balance.title"),
                   caption=Msg("chart.balance.title"), alt=Msg("chart.balance.title"),
                   labels=(Msg("chart.precal.credit"),), values=(Decimal(1),))
    translator = world.container.catalogs.translator("es_MX", world.container.settings.zone)
    with caplog.at_level(logging.WARNING, logger="bot.charts.renderer"):
        assert await renderer.image(broken, translator) is None
    failures = [r for r in caplog.records if r.name == "bot.charts.renderer"]
    assert len(failures) == 1 and "chart roto failed" in failures[0].getMessage()
    chat = await logged_in(world, "existing_account", user_id="5215500000983")
    await chat.press("Mis puntos")  # the same process draws the next picture
    check_picture(picture(chat.last), words(chat.last))
