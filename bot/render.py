"""Turn what flows say (keys) into what adapters send (sentences in the user's language)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator
from bot.messages import Button, OutDocument, Reply, Say


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
