"""The one-time password page (WhatsApp, and any channel that cannot delete messages):
128-bit token, single use, CSRF-protected, and the chat goes on by itself after it."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from bot.conversation.messages import Inbound
from tests.integration.accounts.test_register import EMAIL, MOBILE, PASSWORD, to_password
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

LINK = re.compile(r"http://127\.0\.0\.1:8080(/p/[A-Za-z0-9_-]+)")


def link_in(chat: ChatUser) -> str:
    found = LINK.search(chat.text)
    assert found, chat.text
    return found.group(1)


async def form(web: TestClient, path: str) -> str:
    response = await web.get(path)
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    html = await response.text()
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


async def test_registration_on_whatsapp_uses_the_page(world: World, web: TestClient) -> None:
    chat = world.chat(user_id="5215512340001", channel="whatsapp")
    await to_password(world, chat)
    assert "tu contraseña no se escribe en este chat" in chat.text
    assert chat.options == ["Enviar otro enlace"]
    path = link_in(chat)
    token = path.removeprefix("/p/")
    assert len(token) >= 22, "at least 128 random bits"

    await chat.send(PASSWORD)
    assert chat.last[0].text.startswith("Por tu seguridad no escribas tu contraseña en este chat")

    csrf = await form(web, path)
    refused = await web.post(path, data={"password": PASSWORD, "confirm": PASSWORD})
    assert refused.status == 403
    cross_site = await web.post(path, data={"password": PASSWORD, "confirm": PASSWORD,
                                            "csrf": csrf}, headers={"Origin": "https://evil.example"})
    assert cross_site.status == 403
    mismatch = await web.post(path, data={"password": PASSWORD, "confirm": PASSWORD + "x",
                                          "csrf": csrf})
    assert mismatch.status == 400
    assert "Las dos contraseñas no son iguales" in await mismatch.text()
    weak = await web.post(path, data={"password": "abc", "confirm": "abc", "csrf": csrf})
    assert weak.status == 400
    weak_page = await weak.text()
    assert "Tu contraseña no es segura" in weak_page and "al menos 8 caracteres" in weak_page
    assert world.pushed.sent == [], "nothing moves in the chat until the page succeeds"

    done = await web.post(path, data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf},
                          headers={"Origin": "http://127.0.0.1:8080"})
    assert done.status == 200
    assert "Ya puedes volver al chat" in await done.text()
    [(user, replies)] = world.pushed.sent
    chat.last = replies
    assert user == chat.user_id
    assert replies[0].text == "Tu contraseña quedó guardada."
    assert "Último paso: términos y condiciones" in replies[-1].text

    again = await web.get(path)
    assert again.status == 410
    assert "Este enlace ya no sirve" in await again.text()
    replay = await web.post(path, data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf})
    assert replay.status == 410

    await chat.press("Acepto los términos")
    assert chat.last[0].text.startswith("¡Listo! Tu cuenta de Mi Cuenta Infonavit está activa")


async def test_a_new_link_replaces_the_old_one(world: World, web: TestClient) -> None:
    chat = world.chat(user_id="5215512340002", channel="whatsapp")
    await to_password(world, chat, email="otra@example.com", mobile="+525512340002")
    first = link_in(chat)
    await chat.press("Enviar otro enlace")
    second = link_in(chat)
    assert first != second
    assert (await web.get(first)).status == 410, "a new link revokes the old one"
    csrf = await form(web, second)
    done = await web.post(second, data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf})
    assert done.status == 200


async def test_an_unknown_or_expired_token_is_gone(world: World, web: TestClient) -> None:
    response = await web.get("/p/" + "A" * 22)
    assert response.status == 410
    too_long = await web.post("/p/" + "A" * 300, data={"password": "x"})
    assert too_long.status == 410


async def test_login_on_whatsapp_through_the_page(world: World, web: TestClient) -> None:
    chat = world.chat(user_id="5215512340003", channel="whatsapp")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(CARMEN["email"])
    path = link_in(chat)
    csrf = await form(web, path)
    wrong = await web.post(path, data={"password": "Nada#1234", "csrf": csrf})
    assert wrong.status == 400
    assert "no son correctos" in await wrong.text()
    right = await web.post(path, data={"password": CARMEN["password"], "csrf": csrf})
    assert right.status == 200
    [(_, replies)] = world.pushed.sent
    assert replies[-1].text.startswith("Es la primera vez que entras desde este chat.")
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    assert chat.last[0].text.startswith("Iniciaste sesión.")


async def test_reset_on_whatsapp_through_the_page(world: World, web: TestClient) -> None:
    chat = world.chat(user_id="5215512340004", channel="whatsapp")
    await chat.send("hola")
    await chat.press("Olvidé mi contraseña")
    await chat.send(CARMEN["email"])
    await chat.send(await world.email_code(CARMEN["email"]))
    await chat.send(await world.sms_code(CARMEN["mobile"]))
    path = link_in(chat)
    csrf = await form(web, path)
    done = await web.post(path, data={"password": "Nopal!Verde77", "confirm": "Nopal!Verde77",
                                      "csrf": csrf})
    assert done.status == 200
    [(_, replies)] = world.pushed.sent
    assert replies[0].text.startswith("Listo, cambiaste tu contraseña.")


async def test_the_page_is_in_the_users_language(world: World, web: TestClient) -> None:
    chat = world.chat(user_id="5215512340005", channel="whatsapp", lang="en")
    await to_password(world, chat, email=EMAIL, mobile=MOBILE)
    html = await (await web.get(link_in(chat))).text()
    assert "Create your password" in html and 'lang="en"' in html


async def test_a_forged_page_event_from_the_chat_moves_nothing(world: World,
                                                                web: TestClient) -> None:
    """Only the service makes events: a reply or callback id naming the page's event, sent
    from the chat (a modified client), is a stale option even with the right token."""
    chat = world.chat(user_id="5215512340009", channel="whatsapp")
    await to_password(world, chat)
    token = link_in(chat).removeprefix("/p/")
    prompt = chat.last[-1].text
    await chat.send(button=f"event:page:{token}")
    assert chat.last[0].text.startswith("Esa opción ya no está disponible"), chat.text
    assert chat.last[-1].text == prompt, "still waiting for the page"
    early = await world.container.engine.handle(Inbound(
        channel="whatsapp", user_id=chat.user_id, message_id="early-event",
        timestamp=world.clock(), button_id=f"event:page:{token}", internal=True))
    assert early[0].text == ("Todavía no se guarda tu contraseña en la página. Ábrela con el "
                             "enlace de arriba."), "an event before the page did its work"
    assert world.pushed.sent == []
    csrf = await form(web, "/p/" + token)
    done = await web.post("/p/" + token, data={"password": PASSWORD, "confirm": PASSWORD,
                                               "csrf": csrf})
    assert done.status == 200, "the link still works"
    [(_, replies)] = world.pushed.sent
    assert replies[0].text == "Tu contraseña quedó guardada."
