"""A CURP, an RFC or a mobile typed where the login asks for the NSS or e-mail: what it
looks like and what the login takes (it was «Eso no parece un NSS ni un correo», or «Tu NSS
lleva 11 dígitos» for a mobile)."""

from __future__ import annotations

import pytest

from tests.support.world import World


@pytest.mark.parametrize(("typed", "said"), [
    ("LOHF920417MJCPRR04", "Eso parece tu CURP, pero para entrar no sirve"),
    ("mi curp es lohf920417mjcprr04", "Eso parece tu CURP, pero para entrar no sirve"),
    ("LOHF920417K25", "Eso parece tu RFC, pero para entrar no sirve"),
    ("55 1234 5678", "Escribiste 10 dígitos, como un número de celular"),
    ("mi cel es 5512345678", "Escribiste 10 dígitos, como un número de celular"),
])
async def test_what_the_login_saw_and_what_it_takes(world: World, typed: str,
                                                    said: str) -> None:
    chat = world.chat()
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(typed)
    assert chat.last[0].text.startswith(said), chat.text
    assert "NSS (11 dígitos" in chat.last[0].text
    assert chat.last[-1].text.startswith("Escribe tu NSS o tu correo") \
        or "NSS" in chat.last[-1].text, chat.text
