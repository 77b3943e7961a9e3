"""Turn what flows say (keys) into what adapters send (sentences in the user's language)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.conversation.messages import Button, OutDocument, Reply, Say
from bot.i18n.catalogs import Translator


def render(says: Sequence[Say], translator: Translator) -> list[Reply]:
    replies = []
    for say in says:
        buttons = tuple(
            Button(
                option.id,
                translator.render(option.label),
                translator.render(option.description) if option.description else None,
            )
            for option in say.options
        )
        document = None
        if say.document is not None:
            caption = say.document.caption
            document = OutDocument(
                say.document.filename,
                say.document.mime_type,
                say.document.content,
                translator.render(caption) if caption else None,
            )
        replies.append(
            Reply(
                text=translator.render(say.text),
                buttons=buttons,
                list_label=translator("ui.options") if buttons else None,
                document=document,
                request_contact=translator("ui.share_contact") if say.request_contact else None,
                delete_user_message=say.delete_user_message,
            )
        )
    return replies


JOINED_TEXT_LIMIT = 1024
"""The tightest text limit a joined message must respect on every channel: a WhatsApp
interactive body and a Telegram document caption hold 1,024 characters."""
PARAGRAPH = "\n\n"


def is_plain_text(reply: Reply) -> bool:
    return not (reply.buttons or reply.document or reply.image or reply.request_contact)


def coalesce(replies: Sequence[Reply], limit: int = JOINED_TEXT_LIMIT) -> list[Reply]:
    """The platform messages a turn's replies become: a plain text followed by another
    reply travels in that reply's message, as its first paragraph ("Welcome!" and the menu
    arrive as one message with the menu's buttons), when the joined text fits ``limit``.

    Fewer messages reach the user (one notification instead of two on a phone with a poor
    connection), and each API call the platform counts against the number's rate (80/s on
    WhatsApp) answers more. A document or a picture keeps its own message (its text is a
    caption)."""
    joined: list[Reply] = []
    for reply in replies:
        previous = joined[-1] if joined else None
        text = f"{previous.text}{PARAGRAPH}{reply.text}" if previous else ""
        if (previous is not None and is_plain_text(previous) and reply.document is None
                and reply.image is None and previous.text and reply.text and len(text) <= limit):
            joined[-1] = replace(reply, text=text, delete_user_message=(
                previous.delete_user_message or reply.delete_user_message))
        else:
            joined.append(reply)
    return joined
