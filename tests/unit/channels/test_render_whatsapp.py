"""The WhatsApp renderer's rules, one at a time, at their boundaries."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.render_text import alias
from bot.channels.whatsapp.render import (
    MEDIA_ID_PLACEHOLDER,
    GraphCall,
    control_kind,
    e164,
    mark_read,
    more_page,
    page_count,
    render_template,
    render_whatsapp,
    reply_aliases,
    with_media_id,
)
from bot.conversation.messages import Button, OutDocument, Reply

TO = "+5215512345678"
PDF = OutDocument("estado.pdf", "application/pdf", b"%PDF-1.7", "Tu estado de cuenta")


def render(reply: Reply, page: int = 0) -> list[GraphCall]:
    return render_whatsapp(reply, TO, page=page, more_label="Más opciones",
                           list_label_default="Opciones")


def options(*titles: str) -> tuple[Button, ...]:
    return tuple(Button(f"opt:{i}", title) for i, title in enumerate(titles))


def numbered(count: int) -> tuple[Button, ...]:
    return options(*(f"Opción {i}" for i in range(count)))


def types(calls: list[GraphCall]) -> list[str]:
    return [c.payload.get("type", c.kind) if c.kind == "messages" else "media" for c in calls]


def interactive(call: GraphCall) -> dict[str, Any]:
    assert call.payload["type"] == "interactive"
    return call.payload["interactive"]  # type: ignore[no-any-return]


def rows(call: GraphCall) -> list[dict[str, Any]]:
    return interactive(call)["action"]["sections"][0]["rows"]  # type: ignore[no-any-return]


def test_a_text_is_one_message_in_the_graph_format() -> None:
    assert render(Reply("Hola")) == [GraphCall("messages", {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
        "type": "text", "text": {"body": "Hola"}})]


def test_4096_characters_are_one_text_and_4097_are_two() -> None:
    assert types(render(Reply("a" * 4096))) == ["text"]
    parts = render(Reply("a " * 2048 + "b"))
    assert types(parts) == ["text", "text"]
    assert all(len(c.payload["text"]["body"]) <= 4096 for c in parts)


@pytest.mark.parametrize(("titles", "kind"), [
    (("Sí", "No", "Tal vez"), "button"),
    (("Uno", "Dos", "Tres", "Cuatro"), "list"),
    (("x" * 20,), "button"),
    (("x" * 21,), "list"),
    (("Citas", "citas"), "list"),
])
def test_up_to_3_unique_titles_of_20_are_buttons_else_a_list(titles: tuple[str, ...],
                                                             kind: str) -> None:
    (call,) = render(Reply("¿Qué deseas?", options(*titles)))
    assert interactive(call)["type"] == kind == control_kind(options(*titles))


def test_options_with_a_description_are_a_list_so_it_shows() -> None:
    buttons = (Button("a", "Uno", "La primera"), Button("b", "Dos"))
    (call,) = render(Reply("?", buttons))
    assert rows(call)[0] == {"id": "a", "title": "Uno", "description": "La primera"}


def test_reply_buttons_carry_ids_and_titles() -> None:
    (call,) = render(Reply("¿Aceptas?", (Button("accept", "Acepto"), Button("no", "No"))))
    assert interactive(call) == {"type": "button", "body": {"text": "¿Aceptas?"}, "action": {
        "buttons": [{"type": "reply", "reply": {"id": "accept", "title": "Acepto"}},
                    {"type": "reply", "reply": {"id": "no", "title": "No"}}]}}


def test_a_body_over_1024_sends_the_earlier_parts_as_text_first() -> None:
    (call,) = render(Reply("b" * 1024, options("Sí")))
    assert interactive(call)["body"]["text"] == "b" * 1024
    text = "Contexto. " * 150 + "\n\n¿Continuamos?"
    first, last = render(Reply(text, options("Sí", "No")))
    assert first.payload["text"]["body"].startswith("Contexto.")
    assert interactive(last)["body"]["text"] == "¿Continuamos?"


def test_10_options_are_one_list_without_more() -> None:
    (call,) = render(Reply("Elige", numbered(10)))
    assert [r["id"] for r in rows(call)] == [f"opt:{i}" for i in range(10)]
    assert page_count(10) == 1


@pytest.mark.parametrize("count", [11, 12])
def test_over_10_options_are_paged_9_at_a_time_with_a_more_row(count: int) -> None:
    reply = Reply("Elige", numbered(count), list_label="Ver opciones")
    (first,) = render(reply)
    assert [r["id"] for r in rows(first)] == [f"opt:{i}" for i in range(9)] + ["more:1"]
    assert rows(first)[-1] == {"id": "more:1", "title": "Más opciones", "description": "2/2"}
    (second,) = render(reply, page=1)
    assert [r["id"] for r in rows(second)] == [f"opt:{i}" for i in range(9, count)] + [
        "more:0"]
    assert interactive(second)["action"]["button"] == "Ver opciones"
    assert page_count(count) == 2


def test_a_later_page_sends_only_the_list_and_pages_wrap_around() -> None:
    reply = Reply("Texto largo. " * 100 + "¿Cuál?", numbered(12), document=PDF)
    assert types(render(reply)) == ["media", "document", "text", "interactive"]
    (later,) = render(reply, page=1)
    assert interactive(later)["body"]["text"] == interactive(render(reply)[-1])["body"]["text"]
    assert rows(render(reply, page=2)[-1]) == rows(render(reply)[-1])
    assert render(Reply("Elige", numbered(3)), page=4) == render(Reply("Elige", numbered(3)))


def test_more_rows_and_their_pages() -> None:
    assert [more_page(i) for i in ("more:2", "more:x", "menu:more:1", "opt:1")] == [
        2, None, None, None]
    assert page_count(19) == 3
    reply = Reply("Elige", numbered(19))
    assert rows(render(reply, page=2)[0])[-1]["id"] == "more:0"
    assert rows(render(reply, page=1)[0])[-1]["description"] == "3/3"


def test_row_titles_of_24_stay_and_longer_ones_are_shortened_with_the_full_label_below() -> None:
    exact, longer = "x" * 24, "Consultar mi estado de cuenta completo"
    first, second = rows(render(Reply("?", options(exact, longer)))[0])
    assert first == {"id": "opt:0", "title": exact}
    assert second == {"id": "opt:1", "title": "Consultar mi estado de…", "description": longer}


def test_the_description_keeps_label_and_option_description_within_72() -> None:
    label = "Consultar el estado de cuenta de mi crédito"  # 43 characters
    (row,) = rows(render(Reply("?", (Button("a", label, "Incluye pagos y saldo"),)))[0])
    assert row["description"] == f"{label} · Incluye pagos y saldo"
    huge = "palabra " * 20
    (row,) = rows(render(Reply("?", (Button("a", label, huge),)))[0])
    assert len(row["description"]) <= 72 and row["description"].startswith(label)
    assert row["description"].endswith("…")
    (row,) = rows(render(Reply("?", (Button("a", "Corto", huge),)))[0])
    assert row["description"] == " ".join(["palabra"] * 9) + "…"  # 72 characters


def test_duplicate_titles_are_numbered_in_the_list() -> None:
    listed = rows(render(Reply("?", options("Citas", "Citas", "Otra")))[0])
    assert [r["title"] for r in listed] == ["Citas", "Citas (2)", "Otra"]
    same_prefix = options("Consultar mi estado de cuenta A", "Consultar mi estado de cuenta B")
    titles = [r["title"] for r in rows(render(Reply("?", same_prefix))[0])]
    assert len(set(titles)) == 2 and all(len(t) <= 24 for t in titles)


def test_the_list_button_uses_the_label_up_to_20_else_the_default() -> None:
    def button(label: str | None, default: str = "Opciones") -> str:
        calls = render_whatsapp(Reply("?", numbered(4), list_label=label), TO,
                                more_label="Más", list_label_default=default)
        return interactive(calls[0])["action"]["button"]  # type: ignore[no-any-return]

    assert button("x" * 20) == "x" * 20
    assert button("x" * 21) == "Opciones"
    assert button(None) == "Opciones"
    assert button(None, "Ver todas las opciones disponibles") == "Ver todas las…"


def test_a_long_more_label_is_shortened_to_a_row_title() -> None:
    calls = render_whatsapp(Reply("?", numbered(11)), TO,
                            more_label="Ver más opciones disponibles hoy",
                            list_label_default="Opciones")
    assert rows(calls[0])[-1]["title"] == "Ver más opciones…"


def test_ids_up_to_200_are_kept_and_longer_ones_aliased() -> None:
    kept, long = "k" * 200, "l" * 201
    reply = Reply("?", (Button(kept, "Uno"), Button(long, "Dos")))
    (call,) = render(reply)
    assert [b["reply"]["id"] for b in interactive(call)["action"]["buttons"]] == [
        kept, alias(long)]
    assert reply_aliases(reply) == {alias(long): long}
    listed = Reply("?", (Button(long, "Uno"),) + numbered(4))
    assert rows(render(listed)[0])[0]["id"] == alias(long)


def test_a_document_is_uploaded_then_sent_with_its_caption() -> None:
    upload, document = render(Reply("", document=PDF))
    assert upload == GraphCall("media", {"messaging_product": "whatsapp",
                                         "type": "application/pdf"}, PDF)
    assert document.payload["document"] == {"id": MEDIA_ID_PLACEHOLDER,
                                            "filename": "estado.pdf",
                                            "caption": "Tu estado de cuenta"}
    filled = with_media_id(document, "1037")
    assert filled.payload["document"]["id"] == "1037"
    assert document.payload["document"]["id"] == MEDIA_ID_PLACEHOLDER
    assert with_media_id(upload, "1037") == upload


def test_a_caption_of_1024_fits_and_1025_sends_the_rest_as_text_after() -> None:
    exact = OutDocument("a.pdf", "application/pdf", b"x", "c" * 1024)
    assert types(render(Reply("", document=exact))) == ["media", "document"]
    over = OutDocument("a.pdf", "application/pdf", b"x", "c" * 1020 + " resto")
    calls = render(Reply("", document=over))
    assert types(calls) == ["media", "document", "text"]
    assert calls[1].payload["document"]["caption"] == "c" * 1020
    assert calls[2].payload["text"]["body"] == "resto"
    no_caption = render(Reply("", document=OutDocument("a.pdf", "application/pdf", b"x")))
    assert "caption" not in no_caption[1].payload["document"]


def test_text_goes_before_a_document_unless_options_must_come_last() -> None:
    assert types(render(Reply("Aquí está", document=PDF))) == ["text", "media", "document"]
    assert types(render(Reply("Aquí está", options("Menú"), document=PDF))) == [
        "media", "document", "interactive"]


def test_contact_requests_and_deletions_render_as_the_text_alone() -> None:
    reply = Reply("Escribe tu número", request_contact="Compartir mi número",
                  delete_user_message=True)
    assert render(reply) == render(Reply("Escribe tu número"))


def test_blank_text_with_options_uses_the_list_label_as_body() -> None:
    (call,) = render(Reply(" ", options("Uno"), list_label="Ver opciones"))
    assert interactive(call)["body"]["text"] == "Ver opciones"
    assert render(Reply(" ")) == []


def test_templates_put_each_parameter_on_one_line_within_1024() -> None:
    call = render_template("recordatorio_cita", "es_MX", ["10:00\nmañana", "x " * 600],
                           "5215512345678")
    template = call.payload["template"]
    assert call.payload["to"] == TO and call.payload["type"] == "template"
    assert template["name"] == "recordatorio_cita" and template["language"] == {"code": "es_MX"}
    first, second = template["components"][0]["parameters"]
    assert first == {"type": "text", "text": "10:00 mañana"}
    assert len(second["text"]) <= 1024 and second["text"].endswith("…")
    assert "components" not in render_template("hola", "es_MX", [], TO).payload["template"]


def test_mark_read_shows_the_typing_indicator() -> None:
    assert mark_read("wamid.X") == GraphCall("messages", {
        "messaging_product": "whatsapp", "status": "read", "message_id": "wamid.X",
        "typing_indicator": {"type": "text"}})


def test_recipients_are_e164_with_plus() -> None:
    assert e164("5215512345678") == e164("+5215512345678") == TO
    with pytest.raises(ValueError):
        e164("52-155")
