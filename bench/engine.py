"""Engine throughput: N simulated users through a 6-step flow, interleaved.

Runs against the Redis in ``MICUENTA_REDIS_URL`` (or ``--redis``; ``memory://`` is the
in-process fakeredis), once per concurrency level, and prints one JSON line: messages/s,
p50/p99 latency per message, Redis round trips per message, the CPU each message cost this
process and Redis (the server's own ``INFO cpu``: everything that server did meanwhile, so
give the bench a Redis of its own), and peak RSS.

    .venv/bin/python bench/engine.py --redis redis://127.0.0.1:6379/14 --users 2000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app.bootstrap import build  # noqa: E402
from bot.app.settings import Settings  # noqa: E402
from bot.conversation.engine import utc_now  # noqa: E402
from bot.conversation.messages import Inbound, Msg, Option, Say  # noqa: E402
from bot.flows.base import Answer, Ctx, Done, Flow, Goto, Result  # noqa: E402
from bot.i18n.catalogs import Catalogs  # noqa: E402
from domain.persistence.migrate import upgrade  # noqa: E402

STEPS = 6


@dataclass
class SurveyData:
    answers: list[str] = field(default_factory=list)


class SurveyFlow(Flow):
    """Six questions, each with two options and free text, like a short procedure."""

    name = "menu"

    class Step(StrEnum):
        S1 = "s1"
        S2 = "s2"
        S3 = "s3"
        S4 = "s4"
        S5 = "s5"
        S6 = "s6"

    first = Step.S1
    Data = SurveyData

    def _ask(self, ctx: Ctx[SurveyData]) -> list[Say]:
        options = (Option("yes", Msg("bench.yes")), Option("no", Msg("bench.no")))
        return [Say(Msg("bench.question", n=str(len(ctx.data.answers) + 1)), options=options)]

    async def _on(self, ctx: Ctx[SurveyData], answer: Answer) -> Result:
        ctx.data.answers.append(answer.choice or answer.text or "")
        steps = list(self.Step)
        if len(ctx.data.answers) >= STEPS:
            ctx.data.answers.clear()
            return Done()
        return Goto(steps[len(ctx.data.answers)])

    ask_s1 = ask_s2 = ask_s3 = ask_s4 = ask_s5 = ask_s6 = _ask
    on_s1 = on_s2 = on_s3 = on_s4 = on_s5 = on_s6 = _on


def database_url(data_dir: Path) -> str:
    return f"sqlite+aiosqlite:///{data_dir / 'bench.db'}"


async def container(redis_url: str, data_dir: Path) -> Any:
    settings = Settings.from_env({
        "MICUENTA_REDIS_URL": redis_url, "MICUENTA_DATA_DIR": str(data_dir),
        "MICUENTA_SECRET_KEY": "bench-secret-key-0123456789-0123456789",
        "MICUENTA_DATABASE_URL": database_url(data_dir),
    })
    base = Catalogs.load()
    extra = {"bench.question": "Question {n}?", "bench.yes": "Yes", "bench.no": "No"}
    catalogs = Catalogs({loc: {**m, **extra} for loc, m in base.messages.items()},
                        base.templates)
    built = await build(settings, catalogs=catalogs)
    built.engine.conversation.flows._flows["menu"] = SurveyFlow()
    return built


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def redis_cpu_seconds(redis: Any) -> float:
    """The Redis server's CPU so far (``nan`` for the in-process fakeredis)."""
    try:
        info = await redis.info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])
    except (KeyError, TypeError, AttributeError):
        return float("nan")


async def run_level(redis_url: str, users: int, concurrency: int, data_dir: Path) -> dict:
    app = await container(redis_url, data_dir)
    redis = app.redis
    await redis.flushdb()
    calls = 0
    original = redis.execute_command

    async def counting(*args: Any, **options: Any) -> Any:
        nonlocal calls
        calls += 1
        return await original(*args, **options)

    redis.execute_command = counting
    redis_cpu_before = await redis_cpu_seconds(redis)
    own_before = own_cpu_seconds()
    run = uuid.uuid4().hex[:6]
    # interleaved: message k of every user, then message k+1 of every user
    work = [(f"{run}-{user}", step) for step in range(STEPS) for user in range(users)]
    queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    latencies: list[float] = []

    async def worker() -> None:
        while not queue.empty():
            user, step = queue.get_nowait()
            inbound = Inbound(channel="bench", user_id=user, message_id=f"{user}:{step}",
                              timestamp=utc_now(), text="yes" if step % 2 else "1")
            started = time.perf_counter()
            await app.engine.handle(inbound)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    own_cpu_s = own_cpu_seconds() - own_before
    redis.execute_command = original
    redis_cpu_s = await redis_cpu_seconds(redis) - redis_cpu_before
    await redis.flushdb()
    await app.aclose()
    latencies.sort()
    return {
        "concurrency": concurrency,
        "messages": len(work),
        "messages_per_s": round(len(work) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
        "redis_round_trips_per_message": round(calls / len(work), 3),
        "process_cpu_ms_per_message": round(own_cpu_s * 1000 / len(work), 3),
        "redis_cpu_ms_per_message": round(redis_cpu_s * 1000 / len(work), 3),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 64])
    parser.add_argument("--redis", default=None,
                        help="default: the service's MICUENTA_REDIS_URL (memory:// unset)")
    args = parser.parse_args()
    args.redis = args.redis or Settings.from_env(os.environ).redis_url
    with tempfile.TemporaryDirectory() as tmp:
        # the transcripts table must exist, as after `make migrate` (alembic runs its own loop)
        await asyncio.to_thread(upgrade, database_url(Path(tmp)))
        levels = [await run_level(args.redis, args.users, c, Path(tmp)) for c in args.concurrency]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "bench": "engine", "redis": args.redis, "users": args.users, "steps": STEPS,
        "levels": levels, "peak_rss_mib": round(peak_kib / 1024, 1),
    }))


if __name__ == "__main__":
    asyncio.run(main())
