"""``micuenta inbox dead``: list the dead letters, put one back (``--replay ID``) or delete
one (``--drop ID``). One JSON line per dead letter; never the payload (it stays sealed)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.app.settings import Settings
from bot.pipeline.deadletters import DeadLetters
from bot.pipeline.inbox import Inbox


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inbox = commands.add_parser("inbox", help="the inbox's dead letters")
    inbox_commands = inbox.add_subparsers(dest="inbox_command", required=True)
    dead = inbox_commands.add_parser(
        "dead", help="list entries set aside after failing (id, channel, attempts, reason)")
    action = dead.add_mutually_exclusive_group()
    action.add_argument("--replay", metavar="ID", help="put this one back into the inbox")
    action.add_argument("--drop", metavar="ID", help="delete this one")


async def inbox_dead(settings: Settings, replay: str | None, drop: str | None) -> int:
    from bot.app.bootstrap import make_redis  # the service's parts load only for this command

    redis = make_redis(settings.redis_url, settings.redis_cluster)
    try:
        dead = DeadLetters(redis)
        if replay:
            letter = await dead.get(replay)
            if letter is None or letter.partition < 0:
                print(f"micuenta: no dead letter {replay}", file=sys.stderr)
                return 1
            new_id = await dead.replay(replay, Inbox.stream(letter.partition))
            print(json.dumps({"replayed": replay, "entry": new_id}))
            return 0
        if drop:
            if not await dead.drop(drop):
                print(f"micuenta: no dead letter {drop}", file=sys.stderr)
                return 1
            print(json.dumps({"dropped": drop}))
            return 0
        for letter in await dead.list(1000):
            print(json.dumps(letter.summary(), ensure_ascii=False))
        return 0
    finally:
        await redis.aclose()
