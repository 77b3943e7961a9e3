"""How a turn's replies become platform messages: plain texts ride with the next reply."""

from __future__ import annotations

from bot.conversation.messages import Button, OutDocument, Reply
from bot.i18n.render import JOINED_TEXT_LIMIT, coalesce

MENU = Reply("¿Qué quieres hacer?", buttons=(Button("a", "A"), Button("b", "B")),
             list_label="Opciones")


def test_a_text_before_a_menu_becomes_its_first_paragraph() -> None:
    joined = coalesce([Reply("¡Hola!"), MENU])
    assert joined == [Reply("¡Hola!\n\n¿Qué quieres hacer?", buttons=MENU.buttons,
                            list_label="Opciones")]


def test_several_texts_join_in_order() -> None:
    assert coalesce([Reply("Uno"), Reply("Dos"), Reply("Tres")]) == [Reply("Uno\n\nDos\n\nTres")]


def test_a_text_after_buttons_starts_a_new_message() -> None:
    assert coalesce([MENU, Reply("Después")]) == [MENU, Reply("Después")]


def test_a_document_keeps_its_own_message() -> None:
    document = Reply("Tu estado", document=OutDocument("e.pdf", "application/pdf", b"%PDF"))
    assert coalesce([Reply("Listo"), document]) == [Reply("Listo"), document]


def test_a_contact_request_is_not_joined_into_what_follows() -> None:
    asking = Reply("Comparte tu número", request_contact="Compartir")
    assert coalesce([asking, Reply("O escríbelo")]) == [asking, Reply("O escríbelo")]


def test_texts_that_would_not_fit_stay_apart() -> None:
    long = Reply("x" * (JOINED_TEXT_LIMIT - 5))
    assert coalesce([long, MENU]) == [long, MENU]
    exact = Reply("y" * (JOINED_TEXT_LIMIT - len(MENU.text) - 2))
    assert len(coalesce([exact, MENU])[0].text) == JOINED_TEXT_LIMIT


def test_deleting_the_users_password_message_survives_the_join() -> None:
    joined = coalesce([Reply("Tu contraseña quedó guardada.", delete_user_message=True), MENU])
    assert len(joined) == 1 and joined[0].delete_user_message
    assert joined[0].buttons == MENU.buttons


def test_empty_texts_are_not_glued() -> None:
    assert coalesce([Reply(""), MENU]) == [Reply(""), MENU]
    assert coalesce([]) == []
