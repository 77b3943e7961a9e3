"""/privacidad and /terminos are real pages in both languages, with the password page's
headers; every link the service prints names the address it serves on, never a fixed
port (issue 12, trap 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from bot.app.settings import Settings
from bot.handlers.page_security import PAGE_HEADERS
from tests.support.world import World


@pytest.mark.parametrize(("path", "spanish", "english"), [
    ("/privacidad", "Aviso de privacidad de Mi Cuenta por chat", "Mi Cuenta chat privacy notice"),
    ("/terminos", "Términos y condiciones de Mi Cuenta por chat",
     "Mi Cuenta chat terms and conditions"),
])
async def test_the_pages_exist_in_both_languages(web: TestClient, path: str, spanish: str,
                                                 english: str) -> None:
    default = await web.get(path)
    assert default.status == 200
    body = await default.text()
    assert spanish in body and '<html lang="es">' in body
    for header, value in PAGE_HEADERS.items():
        if header != "Cache-Control":
            assert default.headers[header] == value
    assert "frame-ancestors 'none'" in default.headers["Content-Security-Policy"]
    by_query = await (await web.get(path + "?lang=en")).text()
    assert english in by_query and '<html lang="en">' in by_query
    by_header = await web.get(path, headers={"Accept-Language": "en-US,en;q=0.9,es;q=0.5"})
    assert english in await by_header.text()
    assert by_header.headers["Content-Language"] == "en"
    spanish_first = await web.get(path, headers={"Accept-Language": "es-MX,en;q=0.5"})
    assert spanish in await spanish_first.text()


async def test_the_notice_names_the_rights_and_the_retention(web: TestClient) -> None:
    body = await (await web.get("/privacidad")).text()
    assert "«mis datos»" in body.replace("&laquo;", "«").replace("&raquo;", "»")
    assert "365 días" in body


async def test_the_links_in_the_chat_open_these_pages(world: World, web: TestClient) -> None:
    chat = world.chat()
    await chat.send("registro")
    assert "Aviso completo: http://127.0.0.1:8080/privacidad" in chat.text
    response = await web.get("/privacidad")
    assert response.status == 200


def test_links_use_the_served_address_without_a_public_url(tmp_path: Path) -> None:
    served = Settings.from_env({"MICUENTA_PORT": "9123", "MICUENTA_DATA_DIR": str(tmp_path)})
    assert served.public_url == "http://127.0.0.1:9123"
    wildcard = Settings.from_env({"MICUENTA_HOST": "0.0.0.0", "MICUENTA_PORT": "8000"})
    assert wildcard.public_url == "http://127.0.0.1:8000"
    public = Settings.from_env({"MICUENTA_PORT": "9123",
                                "MICUENTA_PUBLIC_URL": "https://micuenta.example.mx/"})
    assert public.public_url == "https://micuenta.example.mx"
