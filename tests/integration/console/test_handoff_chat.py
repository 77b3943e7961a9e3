"""Handoff as the user lives it: «asesor» puts the chat in the queue, the bot goes quiet
while an agent has it, the agent's words arrive, «cancelar» leaves, handing back returns to
the menu; events from outside the service (a forged id) move nothing."""

from __future__ import annotations

import pytest

from bot.conversation.events import push_event
from domain.accounts.model import ChatRef
from tests.support.chat import ChatUser
from tests.support.world import World

MENU_PROMPT = "¿Qué quieres hacer? Elige una opción:"


async def _event(world: World, chat: ChatUser, event: str, text: str | None = None) -> None:
    await push_event(world.container.engine, world.container.dispatcher, frozenset(),
                     ChatRef(chat.channel, chat.user_id), event, world.clock(), text)


def _pushed(world: World) -> list[str]:
    return [reply.text for _, replies in world.pushed.sent for reply in replies]


async def test_waiting_for_an_agent_and_leaving(world: World) -> None:
    chat = world.chat("5215500000601")
    await chat.send("hola")
    await chat.send("asesor")
    assert chat.text.startswith("Te comunico con un asesor.")
    assert "800 008 3900" in chat.text
    desk = world.container.services.handoff
    [waiting] = await desk.waiting()
    assert (waiting.channel, waiting.shown_user) == ("terminal", "******0601")
    await chat.send("¿me ayudan con mi crédito?")
    # what they wrote is for the agent, and they are told so (it got the place alone)
    assert chat.last[0].text == ("Anoté tu mensaje: el asesor lo verá cuando tome tu "
                                 "conversación.")
    assert chat.last[1].text == ("Sigues en espera de un asesor: vas en el lugar 1. Aún no "
                                 "tengo un tiempo estimado.")
    await chat.send("cancelar")
    assert chat.last[0].text == "Dejaste la espera: ningún asesor te va a escribir."
    assert chat.last[-1].text == MENU_PROMPT
    assert await desk.waiting() == []


async def test_leaving_the_queue_in_words_goes_back_to_the_step(world: World) -> None:
    """«ya no quiero esperar» in the agent's queue was «Sigues en espera» again and again:
    only «cancelar» or «menú» left, and leaving lost the registration under way. In words
    too now, and the worker is back at the step where they asked for an agent, with what
    they had given; «menú» still goes to the menu."""
    chat = world.chat("5215500000603")
    person = world.person("active_woman")
    await chat.send("hola")
    await chat.send("registro")
    await chat.send("acepto")
    await chat.send(person["nss"])
    await chat.send("me pasas con alguien de verdad?")
    assert chat.text.startswith("Te comunico con un asesor."), chat.text
    await chat.send("ya no quiero esperar")
    assert chat.last[0].text == "Dejaste la espera: ningún asesor te va a escribir.", chat.text
    assert chat.last[-1].text.startswith("Ahora escribe tu CURP"), chat.text
    assert await world.container.services.handoff.waiting() == []
    await chat.send(person["curp"])
    assert chat.last[-1].text.startswith("Escribe tu RFC con homoclave"), chat.text


@pytest.mark.parametrize("words", ["ya no quiero asesor", "no necesito hablar con una persona",
                                   "i dont need an agent anymore", "forget it, go back",
                                   "olvidalo, regresame a donde estaba"])
async def test_not_wanting_an_agent_any_more_leaves_the_queue(world: World, words: str) -> None:
    """«ya no quiero asesor» in the queue was «Anoté tu mensaje: el asesor lo verá…», the
    worker still waiting."""
    chat = world.chat(f"52155000006{len(words):02d}9")
    await chat.send("hola")
    await chat.send("quiero hablar con alguien")
    assert chat.options == ["Problemas comunes", "Cancelar la espera"], chat.text
    await chat.send(words)
    assert chat.last[0].text == "Dejaste la espera: ningún asesor te va a escribir.", chat.text
    assert await world.container.services.handoff.waiting() == []


async def test_the_queue_s_buttons_work_typed(world: World) -> None:
    """«2» and «Cancelar la espera» typed (the queue's own buttons) got «Sigues en
    espera» again: only «cancelar» and «menú» left the queue."""
    for typed in ("2", "cancelar la espera"):
        chat = world.chat("5215500000604" if typed == "2" else "5215500000605")
        await chat.send("hola")
        await chat.send("quiero hablar con alguien")
        assert chat.options == ["Problemas comunes", "Cancelar la espera"], chat.text
        await chat.send(typed)
        assert chat.last[0].text == "Dejaste la espera: ningún asesor te va a escribir.", chat.text
    assert await world.container.services.handoff.waiting() == []


async def test_an_agent_takes_over_writes_and_hands_back(world: World) -> None:
    chat = world.chat("5215500000602")
    await chat.send("hola")
    await chat.send("asesor")
    await _event(world, chat, "event:handoff:take:staff-1")
    assert _pushed(world) == ["Hola, ya te atiende un asesor de Mi Cuenta. Escríbele aquí."]
    await chat.send("tengo una duda con mi pago")
    assert chat.last == [], "the bot says nothing while an agent has the chat"
    await _event(world, chat, "event:handoff:say:staff-1", "Claro, ¿cuál es tu duda?")
    await _event(world, chat, "event:handoff:say:staff-2", "no es mío")  # not the owner
    assert _pushed(world)[1:] == ["Claro, ¿cuál es tu duda?"]
    await _event(world, chat, "event:handoff:back:staff-1")
    assert _pushed(world)[2:] == ["El asesor terminó de atenderte. Si necesitas algo más, "
                                  "aquí sigo.", MENU_PROMPT]
    await chat.send("puntos")
    assert chat.last[0].text == "Para ver esto necesitas iniciar sesión.", "the bot is back"


async def test_a_handoff_event_from_the_chat_itself_moves_nothing(world: World) -> None:
    chat = world.chat("5215500000603")
    await chat.send("hola")
    await chat.send("asesor")
    await chat.send(button="event:handoff:take:me")
    assert chat.last[0].text == ("Sigues en espera de un asesor: vas en el lugar 1. Aún no "
                                 "tengo un tiempo estimado.")
    await _event(world, chat, "event:handoff:say:me", "hola")
    assert _pushed(world) == [], "nobody owns it: nothing goes out"


async def test_leaving_an_agent_says_so_and_leaving_the_queue_says_that(world: World) -> None:
    """Leaving the queue said «Saliste de la conversación con el asesor» when no agent had
    spoken: waiting it is «Dejaste la espera»; with an agent, the conversation is left."""
    chat = world.chat("5215500000606")
    await chat.send("hola")
    await chat.send("asesor")
    await _event(world, chat, "event:handoff:take:staff-1")
    await chat.send("cancelar")
    assert chat.last[0].text == "Saliste de la conversación con el asesor.", chat.text
    assert chat.last[-1].text == MENU_PROMPT
