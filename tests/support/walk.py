"""Walk every flow as a demo worker would: open each menu item, then press each option of
its first answer once, collecting every reply (pictures' captions and alt text included).

Used by the first-answer and the plain-words tests; both read the same walk."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation.messages import Reply
from bot.i18n.render import coalesce
from tests.support.chat import ChatUser, titles
from tests.support.savings import LOG_IN, log_in

SKIP_ITEMS = {"Cerrar sesión", "Salir", "Log out", "Idioma", "Language", "Iniciar sesión", "Log in"}
"""Menu items that end the walk's session or change its language: their own tests cover them."""
FLOWS_BELOW = {"Ver mis aportaciones", "See my contributions"}
MENU = {"es_MX": "menú", "en": "menu"}
LEAVE = {"es_MX": "cancelar", "en": "cancel"}


@dataclass
class Turn:
    """One turn: what was pressed (``item`` / ``option``) and the messages it became."""

    item: str
    option: str | None
    replies: list[Reply]


@dataclass
class Walk:
    turns: list[Turn] = field(default_factory=list)

    def first_answers(self) -> list[Turn]:
        """The answers a flow gives when it opens (a menu item, or the contributions list
        opened from the points or the statement)."""
        return [turn for turn in self.turns
                if turn.option is None or turn.option in FLOWS_BELOW]


def words_before_options(replies: list[Reply]) -> str:
    """What a phone shows before the buttons: the texts of the messages the turn becomes
    (pictures apart), up to the one carrying the options."""
    texts = []
    for reply in coalesce(replies):
        if reply.image is None and reply.text:
            texts.append(reply.text)
        if reply.buttons:
            break
    return "\n\n".join(texts)


def everything(replies: list[Reply]) -> str:
    """Every word the user receives: texts, options, captions, alt texts, file names."""
    parts = []
    for reply in replies:
        parts += [reply.text, *titles([reply])]
        parts += [b.description for b in reply.buttons if b.description]
        if reply.image is not None:
            parts += [reply.image.caption, reply.image.alt, reply.image.filename]
        if reply.document is not None:
            parts += [reply.document.caption or "", reply.document.filename]
    return "\n".join(parts)


async def walk(world: object, chat: ChatUser, lang: str, case: str | None) -> Walk:
    """Every menu item (logged in as ``case``, or anonymous) and one level below it."""
    out = Walk()
    await chat.send("hola" if lang == "es_MX" else "hi")
    out.turns.append(Turn("(welcome)", None, chat.last))
    if case is not None:
        await chat.press(LOG_IN[lang])
        await log_in(world, chat, case, lang)  # type: ignore[arg-type]
        out.turns.append(Turn("(logged in)", None, chat.last))
    items = [t for t in chat.options if t not in SKIP_ITEMS]
    for item in items:
        await chat.send(MENU[lang])
        await chat.press(item)
        first = chat.last
        out.turns.append(Turn(item, None, first))
        for option in titles(first):
            if option in SKIP_ITEMS:
                continue
            await chat.send(MENU[lang])
            await chat.press(item)
            if option not in chat.options:
                continue  # the answer changed its options (a step now done)
            await chat.press(option)
            out.turns.append(Turn(item, option, chat.last))
            await chat.send(LEAVE[lang])  # a handoff queue or a half-done step
        await chat.send(LEAVE[lang])
    return out
