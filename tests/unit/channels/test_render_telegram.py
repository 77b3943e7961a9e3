"""The Telegram renderer's rules, one at a time, at their boundaries."""

from __future__ import annotations

from typing import Any

from bot.channels.telegram.render import (
    TelegramCall,
    TelegramRendering,
    callback_data,
    render_telegram,
    typing_action,
)
from bot.conversation.messages import Button, OutDocument, Reply

CHAT = 42
PDF = OutDocument("estado.pdf", "application/pdf", b"%PDF-1.7", "Tu estado de cuenta")


def render(reply: Reply, **options: Any) -> TelegramRendering:
    return render_telegram(reply, CHAT, **options)


def sent(rendering: TelegramRendering) -> list[TelegramCall]:
    return [c for c in rendering.calls if c.method in ("sendMessage", "sendDocument")]


def markup(call: TelegramCall) -> Any:
    return call.params.get("reply_markup")


def inline_rows(call: TelegramCall) -> list[list[str]]:
    found = markup(call) or {}
    return [[b["text"] for b in row] for row in found.get("inline_keyboard", [])]


def options(*titles: str) -> tuple[Button, ...]:
    return tuple(Button(f"opt:{i}", title) for i, title in enumerate(titles))


def test_a_short_reply_is_one_plain_send_message() -> None:
    rendering = render(Reply("Hola"))
    assert rendering.calls == (TelegramCall("sendMessage", {"chat_id": CHAT, "text": "Hola"}),)
    assert rendering.callback_aliases == {} and rendering.reply_keyboard_shown is None


def test_4096_characters_are_one_message_and_4097_are_two_with_buttons_on_the_last() -> None:
    exact = "palabra " * 511 + "final"  # 4093 characters
    exact += "!" * (4096 - len(exact))
    assert len(exact) == 4096 and len(sent(render(Reply(exact, options("Sí"))))) == 1
    reply = Reply(exact + "!", options("Sí", "No"))
    first, second = sent(render(reply))
    assert len(first.params["text"]) <= 4096 and markup(first) is None
    assert inline_rows(second) == [["Sí", "No"]]
    assert second.params["text"] == "final!!!!"
    assert (first.params["text"] + " " + second.params["text"]).split() == reply.text.split()


def test_short_titles_go_two_per_row_and_any_longer_title_one_per_row() -> None:
    twelve = "x" * 12
    assert inline_rows(sent(render(Reply("?", options("Sí", "No", twelve))))[0]) == [
        ["Sí", "No"], [twelve]]
    assert inline_rows(sent(render(Reply("?", options("Sí", "x" * 13))))[0]) == [
        ["Sí"], ["x" * 13]]


def test_callback_data_is_the_id_up_to_64_bytes_and_an_alias_beyond() -> None:
    exactly = "ñ" * 32  # 32 characters, 64 bytes
    over = "a" + "ñ" * 32  # 33 characters, 65 bytes
    assert callback_data(exactly) == exactly
    assert callback_data(over).startswith("h:") and len(callback_data(over)) == 18
    rendering = render(Reply("?", (Button(exactly, "Uno"), Button(over, "Dos"))))
    data = [b["callback_data"] for row in markup(sent(rendering)[0])["inline_keyboard"]
            for b in row]
    assert data == [exactly, callback_data(over)]
    assert rendering.callback_aliases == {callback_data(over): over}


def test_an_empty_id_also_gets_an_alias() -> None:
    assert render(Reply("?", (Button("", "Uno"),))).callback_aliases == {
        callback_data(""): ""}


def test_the_contact_request_is_a_one_time_reply_keyboard_on_the_text() -> None:
    rendering = render(Reply("Comparte tu número", request_contact="Compartir mi número"))
    (call,) = rendering.calls
    assert markup(call) == {"keyboard": [[{"text": "Compartir mi número",
                                           "request_contact": True}]],
                            "one_time_keyboard": True, "resize_keyboard": True}
    assert rendering.reply_keyboard_shown is True


def test_contact_request_with_options_goes_on_its_own_message_after_the_text() -> None:
    reply = Reply("Comparte tu número", options("Cancelar"),
                  request_contact="Compartir mi número")
    text, contact = sent(render(reply))
    assert inline_rows(text) == [["Cancelar"]]
    assert contact.params["text"] == "Compartir mi número"
    assert markup(contact)["keyboard"][0][0]["request_contact"] is True


def test_contact_request_uses_an_earlier_part_of_a_split_text_when_it_is_free() -> None:
    reply = Reply("a " * 3000, options("Cancelar"), request_contact="Compartir")
    first, last = sent(render(reply))
    assert "keyboard" in markup(first) and "inline_keyboard" in markup(last)


def test_the_keyboard_is_removed_on_the_first_message_free_of_options() -> None:
    rendering = render(Reply("Gracias"), remove_reply_keyboard=True)
    assert markup(rendering.calls[0]) == {"remove_keyboard": True}
    assert rendering.reply_keyboard_shown is False
    split = sent(render(Reply("a " * 3000, options("Ok")), remove_reply_keyboard=True))
    assert markup(split[0]) == {"remove_keyboard": True} and inline_rows(split[1]) == [["Ok"]]


def test_removal_and_options_on_one_message_split_into_text_then_options() -> None:
    reply = Reply("Te enviamos un código", options("Reenviar"), list_label="Ver opciones")
    text, menu = sent(render(reply, remove_reply_keyboard=True))
    assert text.params["text"] == "Te enviamos un código"
    assert markup(text) == {"remove_keyboard": True}
    assert menu.params["text"] == "Ver opciones" and inline_rows(menu) == [["Reenviar"]]


def test_a_new_contact_request_replaces_the_old_keyboard_instead_of_removing_it() -> None:
    rendering = render(Reply("Otra vez", request_contact="Compartir"), remove_reply_keyboard=True)
    assert "keyboard" in markup(rendering.calls[0])
    assert rendering.reply_keyboard_shown is True


def test_the_users_message_is_deleted_before_the_reply() -> None:
    calls = render(Reply("Listo", delete_user_message=True), reply_to_message_id=7).calls
    assert calls[0] == TelegramCall("deleteMessage", {"chat_id": CHAT, "message_id": 7})
    assert calls[1].method == "sendMessage"
    assert "reply_to_message_id" not in calls[1].params


def test_nothing_is_deleted_without_the_message_id_or_the_request() -> None:
    assert [c.method for c in render(Reply("x", delete_user_message=True)).calls] == [
        "sendMessage"]
    assert [c.method for c in render(Reply("x"), reply_to_message_id=7).calls] == [
        "sendMessage"]


def test_text_then_document_with_the_options_on_the_document() -> None:
    calls = sent(render(Reply("Aquí está", options("Menú"), document=PDF)))
    assert [c.method for c in calls] == ["sendMessage", "sendDocument"]
    assert calls[1].document is PDF and calls[1].params["caption"] == "Tu estado de cuenta"
    assert markup(calls[0]) is None and inline_rows(calls[1]) == [["Menú"]]


def test_a_caption_of_1024_fits_and_1025_sends_the_rest_as_text_after() -> None:
    exact = OutDocument("a.pdf", "application/pdf", b"x", "c" * 1024)
    assert [c.method for c in render(Reply("", document=exact)).calls] == ["sendDocument"]
    caption = ("palabra " * 128).strip() + " final"  # 1029 characters
    over = OutDocument("a.pdf", "application/pdf", b"x", caption)
    document, rest = render(Reply("", options("Ok"), document=over)).calls
    assert len(document.params["caption"]) <= 1024 and rest.params["text"] == "final"
    assert markup(document) is None and inline_rows(rest) == [["Ok"]]


def test_a_document_without_caption_sends_no_caption() -> None:
    (call,) = render(Reply("", document=OutDocument("a.pdf", "application/pdf", b"x"))).calls
    assert call.params == {"chat_id": CHAT}


def test_blank_text_with_options_uses_the_list_label_and_blank_alone_sends_nothing() -> None:
    (call,) = render(Reply("  ", options("Uno"), list_label="Ver opciones")).calls
    assert call.params["text"] == "Ver opciones"
    (call,) = render(Reply("", options("Uno"))).calls
    assert call.params["text"] == "…"
    assert render(Reply(" ")).calls == ()
    assert render(Reply(" "), remove_reply_keyboard=True).reply_keyboard_shown is None


def test_typing_action() -> None:
    assert typing_action(CHAT) == TelegramCall("sendChatAction",
                                               {"chat_id": CHAT, "action": "typing"})


def test_what_an_option_describes_is_in_the_text_as_its_button_cannot_show_it() -> None:
    """A Telegram button shows only its label: the amounts beside «Pago mensual» and
    «Liquidar mi crédito» (WhatsApp lists show them as row descriptions) were lost."""
    buttons = (Button("credit:concept:1", "Pago mensual", "$5,648.22"),
               Button("credit:concept:3", "Liquidar mi crédito", "$607,077.39"),
               Button("credit:concept:4", "Otra cantidad"))
    [message] = sent(render(Reply("¿Qué quieres pagar?", buttons)))
    assert message.params["text"] == ("¿Qué quieres pagar?\n\n• Pago mensual — $5,648.22\n"
                                      "• Liquidar mi crédito — $607,077.39")
    assert inline_rows(message) == [["Pago mensual"], ["Liquidar mi crédito"],
                                    ["Otra cantidad"]]
