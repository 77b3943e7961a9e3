"""Outbox items: what the engine seals is what the sender opens, every field of a reply."""

from __future__ import annotations

import dataclasses

from bot.app.bootstrap import Container
from bot.conversation.messages import Button, OutDocument, OutImage, Reply
from bot.pipeline.outbox import OutboundJob


def test_every_field_of_a_reply_survives_the_outbox(container: Container) -> None:
    reply = Reply(
        text="Tu estado de cuenta está listo",
        buttons=(Button("menu", "Menú"), Button("statement:pdf", "PDF", "Descargar")),
        list_label="Opciones",
        document=OutDocument("estado.pdf", "application/pdf", b"%PDF-1.7\x00\xff", "Estado"),
        image=OutImage("puntos.png", "image/png", b"\x89PNG\r\n\x1a\n\x00", "Tus puntos: 1,125",
                       "Gráfica de barras"),
        request_contact="Compartir mi número",
        delete_user_message=True,
    )
    assert all(getattr(reply, f.name) != f.default for f in dataclasses.fields(Reply)), \
        "give every field of Reply a non-default value here"
    job = OutboundJob("wa:wamid.1:0", "whatsapp", "5215512345678", "es_MX", reply,
                      reply_to="wamid.1", page=2)

    item = container.outbox.pack(job)

    key, _, sealed = item.partition("\t")
    assert key == "wa:wamid.1:0"
    assert "estado" not in sealed and "5215512345678" not in sealed
    assert container.outbox.open(sealed) == job


def test_a_plain_reply_opens_with_its_defaults(container: Container) -> None:
    job = OutboundJob("tg:9:1", "telegram", "42", "en", Reply("Hi"))
    assert container.outbox.open(container.outbox.seal(job)) == job
