"""The ``micuenta`` command (also ``python -m bot``)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.app.deadletter_cli import add_parser as add_inbox_parser
from bot.app.deadletter_cli import inbox_dead
from bot.app.settings import Settings, SettingsError, variable
from bot.ops import log_redaction

CHILD_FLAG = variable("child_process")
GC_YOUNG_THRESHOLD = 100_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="micuenta", description="Mi Cuenta by chat")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the HTTP service (webhooks, health, metrics)")
    chat = commands.add_parser("chat", help="chat with the assistant in this terminal")
    chat.add_argument("--user", default="local", help="the terminal user's id")
    chat.add_argument("--lang", default=None, help="language hint (es or en)")
    chat.add_argument("--verbose", action="store_true",
                      help="show log lines here too (else they go to MICUENTA_DATA_DIR/chat.log)")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply the migrations up to the newest")
    backup = db_commands.add_parser(
        "backup", help="a consistent backup (SQLite online backup or pg_dump) and its manifest")
    backup.add_argument("path", nargs="?", default=None,
                        help="where (default: MICUENTA_DATA_DIR/backups/micuenta-<time>)")
    restore = db_commands.add_parser(
        "restore", help="replace the database with a backup and check it against the manifest "
                        "(stop the service first)")
    restore.add_argument("path")
    staff = commands.add_parser("staff", help="support staff accounts")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    staff_add = staff_commands.add_parser(
        "add", help="a staff account (password from MICUENTA_STAFF_PASSWORD or asked); "
                    "prints its TOTP enrolment URI")
    staff_add.add_argument("email")
    staff_add.add_argument("--role", choices=("agent", "supervisor"), required=True)
    intents = commands.add_parser(
        "intents", help="read utterances on stdin, print one JSON line each: text, intent, "
                        "score, alternatives")
    intents.add_argument("--eval", metavar="FILE", type=Path,
                         help="read intent<TAB>text lines instead; print accuracy, per-intent "
                              "precision and recall and the most confused pairs")
    add_inbox_parser(commands)
    seed = commands.add_parser("seed", help="load data")
    seed.add_argument("--demo", action="store_true", required=True,
                      help="the demo workers (prints their identities as JSON)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as error:
        print(f"micuenta: {error}", file=sys.stderr)
        return 2
    quiet_chat = args.command == "chat" and not args.verbose
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        # the terminal chat is a conversation: its log lines go to a file, not between turns
        handlers=[_chat_log(settings) if quiet_chat else logging.StreamHandler(sys.stderr)],
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    for name in Settings.unknown(os.environ):
        logging.getLogger(__name__).warning("%s is not a setting: ignored", name)
    log_redaction.install(settings.secret_values())
    if args.command == "serve":
        return _serve(settings)
    if args.command == "chat":
        if not _chat_database(settings):
            return 1
        return asyncio.run(_chat(settings, args.user, args.lang))
    if args.command == "intents":
        return _intents(settings, args.eval)
    if args.command == "inbox":
        return asyncio.run(inbox_dead(settings, args.replay, args.drop))
    if args.command == "staff":
        return asyncio.run(_staff_add(settings, args.email, args.role))
    if args.command == "db":
        if args.db_command in ("backup", "restore"):
            return _backup_or_restore(settings, args.db_command, args.path)
        from domain.persistence.migrate import upgrade

        upgrade(settings.database_url)
        print("database is up to date", file=sys.stderr)
        return 0
    if args.command == "seed":
        from sqlalchemy.exc import DBAPIError

        try:
            return asyncio.run(_seed(settings))
        except DBAPIError as error:
            print(f"micuenta: the database refused the demo data ({error.orig}). "
                  "Run `micuenta db upgrade` first.", file=sys.stderr)
            return 1
    return 2  # pragma: no cover - argparse refuses other commands


def _backup_or_restore(settings: Settings, what: str, path: str | None) -> int:
    """Prints one JSON line: the file and every table's row count and checksum."""
    from dataclasses import asdict

    from domain.persistence.backup import BackupFailed, backup, restore

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(path) if path else settings.data_dir / "backups" / f"micuenta-{stamp}"
    try:
        if what == "backup":
            manifest = asyncio.run(backup(settings.database_url, target))
        else:
            manifest = asyncio.run(restore(settings.database_url, target))
    except (BackupFailed, OSError) as error:
        print(f"micuenta: {what} failed: {error}", file=sys.stderr)
        return 1
    print(json.dumps({what: str(target),
                      "tables": {name: asdict(s) for name, s in manifest.items()}}))
    return 0


async def _staff_add(settings: Settings, email: str, role: str) -> int:
    """The TOTP URI goes to stdout (for a QR code), shown once; nothing else is printed
    there."""
    import getpass

    from bot.app.keys import resolve_secret
    from bot.i18n.catalogs import Catalogs
    from domain.errors import DomainError
    from domain.persistence.database import Database
    from domain.security.crypto import Keyring
    from domain.staff.model import StaffRole
    from domain.staff.service import StaffService

    password = settings.staff_password
    if password is None:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("micuenta: the two passwords differ", file=sys.stderr)
            return 1
    database = Database(settings.database_url)
    keyring = Keyring(resolve_secret(settings))
    try:
        enrolment = await StaffService(uow=lambda: database.unit_of_work(keyring)).add(
            email, StaffRole(role), password, datetime.now().astimezone())
    except DomainError as error:
        translator = Catalogs.load().translator(settings.locale, settings.zone)
        print(f"micuenta: {translator.text(error.key, error.params)}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    print(enrolment.totp_uri)
    return 0


def _intents(settings: Settings, labelled: Path | None) -> int:
    """One JSON line per line read: what the service makes of it (blank lines skipped); or,
    with ``--eval``, how it does on labelled lines."""
    from bot.nlu.evaluate import evaluate
    from bot.nlu.examples import BadExamples, load_labelled
    from bot.nlu.free_text import without_data
    from bot.nlu.model import IntentClassifier

    classifier = IntentClassifier.load(settings.data_dir / "nlu")
    if labelled is not None:
        try:
            pairs = load_labelled(labelled)
        except (OSError, BadExamples) as error:
            print(f"micuenta: {error}", file=sys.stderr)
            return 2
        print("\n".join(evaluate(classifier, pairs).lines()))
        return 0
    for line in sys.stdin:
        if line.strip():
            text = line.strip()
            guess = classifier.classify(without_data(text))  # as the service reads it
            print(json.dumps({"text": text, "intent": guess.intent, "score": guess.score,
                              "alternatives": [{"intent": name, "score": score}
                                               for name, score in guess.alternatives]},
                             ensure_ascii=False), flush=True)
    return 0


def _serve(settings: Settings) -> int:
    """Serve; with ``MICUENTA_PROCESSES`` > 1, that many processes share the port (each one
    answers webhooks and takes its share of the inbox partitions and the sending)."""
    from aiohttp import web

    from bot.app.web import MaskingAccessLogger, create_app

    children: list[subprocess.Popen[bytes]] = []
    if settings.processes > 1 and not settings.child_process:
        env = {**os.environ, CHILD_FLAG: "1"}
        children = [subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env)
                    for _ in range(settings.processes - 1)]
    if not settings.child_process:
        print(
            f"Mi Cuenta is listening on http://{settings.host}:{settings.port} "
            f"({settings.processes} process(es); health: /healthz, metrics: /metrics). "
            "Chat in a terminal with: make chat",
            file=sys.stderr,
        )
    app = create_app(settings)
    app.on_startup.append(_settle_memory)
    try:
        web.run_app(app, host=settings.host, port=settings.port, print=None,
                    access_log_class=MaskingAccessLogger, reuse_port=settings.processes > 1,
                    loop=_fast_loop())
    finally:
        for child in children:
            child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0


async def _settle_memory(_app: object) -> None:
    """Once everything is built: what exists now lives as long as the process, so the
    garbage collector stops walking it (``gc.freeze``), and it runs its young-generation
    pass less often (a turn makes short-lived objects by the thousand, nearly none in
    cycles). Measured in the pipeline benchmark, not assumed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)


def _fast_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (more messages per core in the pipeline
    benchmark: README, "Figures behind the design"), else asyncio's own."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def _chat_log(settings: Settings) -> logging.Handler:
    path = Path(settings.data_dir) / "chat.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return logging.FileHandler(path, encoding="utf-8")


async def _database_is_current(url: str) -> bool:
    from domain.persistence.database import Database, ensure_sqlite_folder
    from domain.persistence.migrate import is_current

    ensure_sqlite_folder(url)
    database = Database(url)
    try:
        return await is_current(database.engine)
    finally:
        await database.dispose()


def _chat_database(settings: Settings) -> bool:
    """Before the first turn: an embedded (demo) database is migrated; any other that is
    behind is named in one line with the command that fixes it."""
    from domain.persistence.migrate import upgrade

    if asyncio.run(_database_is_current(settings.database_url)):
        return True
    if settings.is_demo:
        upgrade(settings.database_url)
        return True
    print("micuenta: the database is not up to date; run `micuenta db upgrade` first.",
          file=sys.stderr)
    return False


async def _chat(settings: Settings, user: str, lang: str | None) -> int:
    from bot.app.bootstrap import build
    from bot.handlers.terminal import TerminalChat, demo_lines

    container = await build(settings)
    try:
        hint = container.catalogs.translator(settings.locale, settings.zone)
        outbox = container.demo_outbox
        chat = TerminalChat(container.engine, sys.stdin, sys.stdout, hint,
                            Path(settings.data_dir) / "downloads", user, lang,
                            on_turn=(lambda: demo_lines(outbox, hint))
                            if outbox is not None else None)
        await chat.run()
    finally:
        await container.aclose()
    return 0


async def _seed(settings: Settings) -> int:
    from bot.app.bootstrap import build
    from domain.demo import seed_demo

    container = await build(settings)
    try:
        now = datetime.now(settings.zone)
        identities = await seed_demo(container.database.unit_of_work(container.keyring), now)
    finally:
        await container.aclose()
    print(json.dumps(identities, ensure_ascii=False, indent=2))
    return 0
