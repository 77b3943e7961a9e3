"""The terminal channel: ``micuenta chat``.

Options print as numbered lines and the user may answer with the number or the words. A
turn's other buttons (an answer's «Citas» shown above the step's own options, which the
numbers count) print with letters, and a letter typed alone presses its button, as a tap
would on a phone.
With stdin piped from a file or another program, each line is answered before the next is
read, and the line is echoed, so a scripted conversation reads like a transcript.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from string import ascii_lowercase
from typing import TextIO

from bot.conversation.engine import Engine, utc_now
from bot.conversation.messages import Inbound, Reply
from bot.i18n.catalogs import Translator
from bot.notify.outbox import DemoOutbox

CHANNEL = "terminal"


class TerminalChat:
    def __init__(
        self,
        engine: Engine,
        source: TextIO,
        sink: TextIO,
        hint: Translator,
        downloads: Path,
        user_id: str = "local",
        language_hint: str | None = None,
        on_turn: Callable[[], list[str]] | None = None,
    ) -> None:
        self.engine = engine
        self.source = source
        self.sink = sink
        self.hint = hint
        self.downloads = downloads
        self.user_id = user_id
        self.language_hint = language_hint
        self.on_turn = on_turn
        """Extra lines to show after each turn (the demo outbox's codes)."""

    async def run(self) -> None:
        interactive = self.source.isatty()
        if interactive:
            self._write(self.hint("terminal.hint"))
        loop = asyncio.get_running_loop()
        lettered: dict[str, str] = {}
        """The letters of the last turn's buttons that the numbers do not count."""
        while True:
            if interactive:
                self.sink.write("> ")
                self.sink.flush()
            line = await loop.run_in_executor(None, self.source.readline)
            if not line:
                break
            text = line.rstrip("\n")
            if not interactive:
                self._write(f"> {text}")
            if not text.strip():
                continue
            pressed = lettered.get(text.strip().lower())
            replies = await self.engine.handle(
                Inbound(
                    channel=CHANNEL,
                    user_id=self.user_id,
                    message_id=uuid.uuid4().hex,
                    timestamp=utc_now(),
                    text=None if pressed else text,
                    button_id=pressed,
                    language_hint=self.language_hint,
                )
            )
            lettered = {}
            offering = next((r for r in reversed(replies) if r.buttons), None)
            for reply in replies:
                self._show(reply, lettered, numbered=reply is offering)
            for extra in self.on_turn() if self.on_turn else []:
                self._write(extra)

    def _show(self, reply: Reply, lettered: dict[str, str], numbered: bool) -> None:
        """Print a reply: its buttons numbered when they are the step's options (what a
        typed number picks), else lettered (``lettered`` learns each letter's button)."""
        lines = [reply.text] if reply.text else []
        if reply.image is not None:
            path = self._save(reply.image.filename, reply.image.content)
            lines.append(f"[{reply.image.caption}] -> {path}")
        for number, button in enumerate(reply.buttons, start=1):
            if numbered:  # a description beside its option («Pago mensual — $5,648.22»)
                detail = f" — {button.description}" if button.description else ""
                lines.append(f"  {number}. {button.title}{detail}")
                continue
            letter = ascii_lowercase[len(lettered) % len(ascii_lowercase)]
            lettered[letter] = button.id
            lines.append(f"  {letter}) {button.title}")
        if reply.document is not None:
            path = self._save(reply.document.filename, reply.document.content)
            lines.append(f"  [{reply.document.caption or reply.document.filename}] -> {path}")
        self._write("\n".join(lines))

    def _save(self, name: str, content: bytes) -> Path:
        self.downloads.mkdir(parents=True, exist_ok=True)
        path = self.downloads / Path(name).name
        path.write_bytes(content)
        return path.resolve()

    def _write(self, text: str) -> None:
        self.sink.write(text + "\n\n")
        self.sink.flush()


def demo_lines(outbox: DemoOutbox, hint: Translator) -> list[str]:
    """What the demo outbox "sent" during the last turn, clearly marked as not sent."""
    lines = []
    for entry in outbox.drain_new():
        header = hint("terminal.demo_outbox", channel=entry.channel, to=entry.to)
        lines.append(f"{header}\n{entry.text}")
    return lines
