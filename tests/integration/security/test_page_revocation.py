"""A login or password page dies with its flow (issue 13, weaker spots): cancelled, back
at the menu, another flow started on top (the language), or the conversation expired. It
used to stay valid for its 10 minutes whatever the chat did."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.integration.accounts.test_password_page import link_in
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World


async def _at_login_page(world: World, user_id: str) -> tuple[ChatUser, str]:
    chat = world.chat(user_id, channel="whatsapp")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(CARMEN["email"])
    return chat, link_in(chat)


@pytest.mark.parametrize("leave", ["cancelar", "menú", "idioma", "ayuda"])
async def test_leaving_the_flow_revokes_its_page(world: World, web: TestClient,
                                                 leave: str) -> None:
    chat, path = await _at_login_page(world, "5215500006001")
    assert (await web.get(path)).status == 200
    await chat.send(leave)
    if leave == "ayuda":  # help answers and stays in the flow: the page still works
        assert (await web.get(path)).status == 200
        return
    assert (await web.get(path)).status == 410
    answer = await web.post(path, data={"password": CARMEN["password"], "csrf": "x"})
    assert answer.status == 410


async def test_an_expired_conversation_revokes_its_page(world: World, web: TestClient) -> None:
    chat, path = await _at_login_page(world, "5215500006002")
    store = world.container.engine.store
    await world.container.redis.delete(store.state_key(f"{chat.channel}:{chat.user_id}"))
    assert (await web.get(path)).status == 410, "the conversation timed out"


async def test_a_new_link_revokes_the_old_one_and_works(world: World, web: TestClient) -> None:
    chat, first = await _at_login_page(world, "5215500006003")
    await chat.press("Enviar otro enlace")
    second = link_in(chat)
    assert first != second
    assert (await web.get(first)).status == 410
    assert (await web.get(second)).status == 200
