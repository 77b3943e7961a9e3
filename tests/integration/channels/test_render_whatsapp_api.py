"""Every call the WhatsApp renderer makes is accepted by the local Graph API server (which
enforces the real limits), executed with a plain aiohttp client as the sender would."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from aiohttp import ClientSession, FormData

from bot.channels.whatsapp.render import (
    GraphCall,
    mark_read,
    more_page,
    render_template,
    render_whatsapp,
    reply_aliases,
    with_media_id,
)
from bot.conversation.messages import Button, OutDocument, Reply
from tests.fakes.graph_server import GraphServer

USER = "+5215512345678"
MORE, OPTIONS = "Más opciones", "Ver opciones"


@pytest.fixture
async def wa() -> AsyncIterator[GraphServer]:
    async with GraphServer(templates={"recordatorio_cita"}) as server:
        server.open_window(USER)
        yield server


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


async def execute(wa: GraphServer, http: ClientSession, calls: Sequence[GraphCall]
                  ) -> list[dict[str, Any]]:
    """A minimal sender: uploads as multipart (the payload's fields plus ``file``), messages
    as JSON with the placeholder replaced by the last upload's id; fails on any refusal."""
    headers = {"Authorization": f"Bearer {wa.access_token}"}
    answers, media_id = [], ""
    for call in calls:
        if call.kind == "media":
            assert call.document is not None
            form = FormData()
            for name, value in call.payload.items():
                form.add_field(name, value)
            form.add_field("file", call.document.content, filename=call.document.filename,
                           content_type=call.document.mime_type)
            async with http.post(wa.media_url, data=form, headers=headers) as response:
                answer = await response.json()
            media_id = answer.get("id", "")
        else:
            async with http.post(wa.messages_url, json=with_media_id(call, media_id).payload,
                                 headers=headers) as response:
                answer = await response.json()
        assert response.status == 200, answer
        answers.append(answer)
    return answers


def render(reply: Reply, page: int = 0) -> list[GraphCall]:
    return render_whatsapp(reply, USER, page=page, more_label=MORE, list_label_default=OPTIONS)


def long_text() -> str:
    paragraph = ("Tu ahorro para el retiro crece cada bimestre con las aportaciones de tu "
                 "patrón. ") * 12
    return "\n\n".join(f"{i}. {paragraph}" for i in range(12))  # about 12,000 characters


async def test_long_text_and_12_long_options_are_accepted_page_by_page(
    wa: GraphServer, http: ClientSession
) -> None:
    buttons = tuple(Button(f"menu:item-{i}", f"Consultar el trámite número {i} de mi cuenta")
                    for i in range(12))
    reply = Reply(long_text(), buttons, list_label="Ver todas las opciones del menú")
    await execute(wa, http, render(reply))
    seen = wa.messages_to(USER)
    assert [m.type for m in seen[:-1]] == ["text"] * (len(seen) - 1)
    assert seen[-1].interactive_type == "list" and len(seen[-1].rows) == 10
    assert " ".join(m.text or "" for m in seen).split() == reply.text.split()
    assert seen[-1].list_button == OPTIONS  # the label is over 20: the default

    offered: list[str] = []
    page: int | None = 0
    while page is not None:  # follow the "more" rows until they lead back to page 0
        await execute(wa, http, render(reply, page))
        rows = wa.messages_to(USER)[-1].rows
        offered += [r.id for r in rows if more_page(r.id) is None]
        page = more_page(rows[-1].id) or None
    assert offered == [b.id for b in buttons]
    assert all(len(r.title) <= 24 and len(r.description or "") <= 72
               for m in wa.messages_to(USER) for r in m.rows)


async def test_long_or_duplicate_titles_become_a_list_that_is_accepted(
    wa: GraphServer, http: ClientSession
) -> None:
    reply = Reply("¿Qué deseas hacer?", (
        Button("a", "Consultar mi saldo disponible"), Button("b", "Citas"),
        Button("c", "Citas")))
    await execute(wa, http, render(reply))
    (seen,) = wa.messages_to(USER)
    assert seen.interactive_type == "list"
    assert seen.options == ["Consultar mi saldo…", "Citas", "Citas (2)"]
    assert seen.rows[0].description == "Consultar mi saldo disponible"


async def test_three_short_options_are_reply_buttons(wa: GraphServer,
                                                     http: ClientSession) -> None:
    reply = Reply("Contexto. " * 120 + "\n\n¿Aceptas los términos?",
                  (Button("accept", "Acepto"), Button("decline", "No acepto"),
                   Button("x" * 230, "Leer más")))
    await execute(wa, http, render(reply))
    text, buttons = wa.messages_to(USER)
    assert text.type == "text" and buttons.interactive_type == "button"
    assert buttons.text == "¿Aceptas los términos?"
    aliases = reply_aliases(reply)
    assert [aliases.get(i, i) for i, _ in buttons.buttons] == [b.id for b in reply.buttons]


async def test_a_document_with_a_long_caption_and_options_is_accepted(
    wa: GraphServer, http: ClientSession
) -> None:
    caption = "Estado de cuenta del crédito. " * 40  # 1,200 characters
    pdf = OutDocument("estado.pdf", "application/pdf", b"%PDF-1.7 estado", caption)
    reply = Reply("Aquí está tu estado de cuenta.", (Button("menu:home", "Menú"),),
                  document=pdf)
    await execute(wa, http, render(reply))
    document, rest, question = wa.messages_to(USER)
    assert document.type == "document" and document.filename == "estado.pdf"
    assert wa.uploads[document.media_id or ""].data == b"%PDF-1.7 estado"
    assert (document.text or "") and len(document.text or "") <= 1024
    assert f"{document.text} {rest.text}".split() == caption.split()
    assert question.text == "Aquí está tu estado de cuenta." and question.options == ["Menú"]


async def test_a_template_is_accepted_outside_the_window(wa: GraphServer,
                                                        http: ClientSession) -> None:
    other = "+5215599999999"
    call = render_template("recordatorio_cita", "es_MX", ["mañana\na las 10:00"], other)
    await execute(wa, http, [call])
    (seen,) = wa.messages_to(other)
    assert seen.template == "recordatorio_cita"
    assert seen.payload["template"]["components"][0]["parameters"][0]["text"] == (
        "mañana a las 10:00")


async def test_mark_read_with_typing_is_accepted(wa: GraphServer, http: ClientSession) -> None:
    inbound = wa.inbound.text(USER, "hola")
    await execute(wa, http, [mark_read(inbound["id"])])
    assert [(m.message_id, m.typing_indicator) for m in wa.read_marks] == [
        (inbound["id"], True)]
