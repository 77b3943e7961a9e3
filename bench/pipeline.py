"""The whole WhatsApp pipeline under open-loop load.

Starts ``micuenta serve`` (a real process) against a real Redis and a Graph API sink on
127.0.0.1, then posts signed webhooks for N users, each sending a 6-message conversation,
at a fixed rate regardless of the answers (open loop). Prints one JSON line per rate:
sustained messages/s, webhook answer p50/p99, end-to-end (webhook posted -> the reply's
POST reaches the sink) p50/p99, lost, duplicated, the CPU milliseconds each message cost
the service, this load generator and Redis, and Redis memory per conversation.

    .venv/bin/python bench/pipeline.py --redis redis://127.0.0.1:6379/14 --rates 80 1000 1200
    .venv/bin/python bench/pipeline.py --cluster redis://127.0.0.1:7100/0 --rates 1000 3000

With ``--cluster`` (a node of a Redis Cluster, e.g. from ``tests/support/redis_cluster.sh``)
the service runs with ``MICUENTA_REDIS_CLUSTER=true``; Redis's CPU is then counted on every
master, and each master's share is printed with how far the busiest and idlest are from
the mean (the aim: each within 15%).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import hmac
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import aiohttp
import orjson
from lean_http import Poster, answer_bytes, request_bytes, serve
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

ROOT = Path(__file__).resolve().parent.parent
APP_SECRET = "bench-app-secret"
PHONE_ID = "100000000000001"
TOKEN = "bench-token"
FLOW = ("hola", "ayuda", "idioma", "2", "menu", "cancelar")
REPLIES_PER_USER = 6
"""One WhatsApp message per turn: hola: welcome + menu; ayuda: help + menu; idioma: the
choice; 2: "done" + menu; menu: the menu; cancelar: "nothing to cancel" + menu (a text and
the menu after it travel as one message, ``bot.i18n.render.coalesce``)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Sink:
    """The Graph API as far as the pipeline needs it: accepts and timestamps messages.

    Served by ``lean_http`` with ready-made answers: it shares the two cores with the
    service, so the less it costs, the more of the machine the service under test gets."""

    READ = answer_bytes(200, json.dumps({"success": True}).encode())
    NOT_FOUND = answer_bytes(404, b"{}", "Not Found")

    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.total = 0

    def respond(self, path: bytes, raw: bytes) -> bytes:
        if not path.endswith(b"/messages"):
            return self.NOT_FOUND
        body = orjson.loads(raw)
        if body.get("status") == "read":
            return self.READ
        self.arrivals[str(body.get("to", "")).lstrip("+")].append(time.perf_counter())
        self.total += 1
        return answer_bytes(200, b'{"messaging_product":"whatsapp","messages":[{"id":'
                                 b'"wamid.out%d"}]}' % self.total)


def webhook(user: str, index: int, text: str) -> bytes:
    body = {"object": "whatsapp_business_account", "entry": [{"id": "waba", "changes": [{
        "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "5215500000000", "phone_number_id": PHONE_ID},
            "contacts": [{"wa_id": user, "profile": {"name": "Bench"}}],
            "messages": [{"from": user, "id": f"wamid.{user}.{index}",
                          "timestamp": str(int(time.time())), "type": "text",
                          "text": {"body": text}}]}}]}]}
    return json.dumps(body, separators=(",", ":")).encode()


def sign(raw: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()


def cpu_seconds(root: int) -> float:
    """User + system CPU of a process and its children (the serve processes), from /proc;
    ``nan`` where /proc is not there."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids, total = [root], 0.0
    try:
        for task in Path(f"/proc/{root}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    except OSError:
        return float("nan")
    return total


async def wait_healthy(url: str, patience_s: float = 60) -> None:
    deadline = time.monotonic() + patience_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the service did not become healthy")


async def settle(service_pid: int, patience_s: float = 60) -> None:
    """Until the service's processes are idle: a process that answers ``/healthz`` may
    still have a sibling importing its libraries, and that start-up's CPU (seconds of it)
    must not be counted as the messages'."""
    deadline = time.monotonic() + patience_s
    before = cpu_seconds(service_pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = cpu_seconds(service_pid)
        if now - before < 0.05:
            return
        before = now


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class RedisNodes:
    """The Redis the service uses: one server, or every master of a cluster."""

    def __init__(self, url: str, cluster: bool) -> None:
        self.cluster = RedisCluster.from_url(url) if cluster else None
        self.single = None if cluster else Redis.from_url(url)

    async def _each(self, section: str) -> dict[str, dict[str, Any]]:
        if self.cluster is None:
            assert self.single is not None
            return {"single": await self.single.info(section)}
        replies = await self.cluster.info(section, target_nodes=RedisCluster.PRIMARIES)
        return {str(name): info for name, info in replies.items()}

    async def cpu_seconds(self) -> dict[str, float]:
        return {name: float(info["used_cpu_user"]) + float(info["used_cpu_sys"])
                for name, info in (await self._each("cpu")).items()}

    async def memory(self) -> int:
        return sum(int(info["used_memory"]) for info in (await self._each("memory")).values())

    async def flush(self) -> None:
        if self.cluster is not None:
            await self.cluster.flushall(target_nodes=RedisCluster.PRIMARIES)
        else:
            assert self.single is not None
            await self.single.flushdb()

    async def aclose(self) -> None:
        await (self.cluster or self.single).aclose()  # type: ignore[union-attr]


def spread(cpu: dict[str, float]) -> dict[str, Any]:
    """Each master's CPU and how far the busiest and the idlest are from the mean (%)."""
    mean = sum(cpu.values()) / len(cpu) if cpu else 0.0
    if len(cpu) < 2 or not mean:
        return {}
    return {"per_master_cpu_s": {name: round(value, 2) for name, value in sorted(cpu.items())},
            "busiest_vs_mean_pct": round((max(cpu.values()) / mean - 1) * 100, 1),
            "idlest_vs_mean_pct": round((min(cpu.values()) / mean - 1) * 100, 1)}


async def run_rate(url: str, sink: Sink, users: int, rate: float, tag: str,
                   drain_s: float, service_pid: int, redis: RedisNodes) -> dict[str, Any]:
    """Post every message of every user at ``rate`` per second, interleaved."""
    plan = [(f"52155{tag}{u:06d}", i, FLOW[i]) for i in range(len(FLOW)) for u in range(users)]
    host, port = url.removeprefix("http://").rsplit(":", 1)
    # whole requests, signed, are made before the clock starts: the load generator shares
    # the machine's two cores with the service, and every cycle it spends is one it lacks
    requests = [(user, request_bytes(host, int(port), "/webhooks/whatsapp", {
        "X-Hub-Signature-256": sign(raw), "Content-Type": "application/json"}, raw))
        for user, index, text in plan for raw in (webhook(user, index, text),)]
    posted: dict[str, list[float]] = defaultdict(list)
    answers: list[float] = []
    failures = 0
    poster = Poster(host, int(port))
    outstanding = len(requests)
    all_answered = asyncio.get_running_loop().create_future()
    cpu_before = cpu_seconds(service_pid)
    own_before, redis_before = own_cpu_seconds(), await redis.cpu_seconds()
    start = time.perf_counter()

    def post(user: str, request: bytes) -> None:
        sent = time.perf_counter()
        posted[user].append(sent)

        def answered(status: int) -> None:
            nonlocal failures, outstanding
            answers.append(time.perf_counter() - sent)
            failures += status != 200
            outstanding -= 1
            if not outstanding:
                all_answered.set_result(None)

        poster.post(request, answered)

    due = 0
    while due < len(requests):  # open loop: each tick posts whatever is due by now
        until = min(len(requests), int((time.perf_counter() - start) * rate) + 1)
        for user, request in requests[due:until]:
            post(user, request)
        due = until
        await asyncio.sleep(0.002)
    await all_answered
    posting_s = time.perf_counter() - start
    deadline = time.perf_counter() + drain_s
    total = len(plan)
    users_of_run = {user for user, _, _ in plan}

    def replies() -> int:
        return sum(len(sink.arrivals.get(user, [])) for user in users_of_run)

    expected = REPLIES_PER_USER * len(users_of_run)
    while time.perf_counter() < deadline and replies() < expected:  # noqa: ASYNC110
        await asyncio.sleep(0.1)  # polling the sink's counters
    last = max((max(sink.arrivals[u]) for u in users_of_run if sink.arrivals.get(u)),
               default=time.perf_counter())
    finished = last - start
    service_cpu_s = cpu_seconds(service_pid) - cpu_before
    own_cpu_s = own_cpu_seconds() - own_before
    redis_after = await redis.cpu_seconds()
    per_node = {name: redis_after[name] - redis_before.get(name, 0.0) for name in redis_after}
    redis_cpu_s = sum(per_node.values())
    await asyncio.sleep(1.0)  # anything still on its way would be a duplicate
    counts = [len(sink.arrivals.get(user, [])) for user in users_of_run]
    poster.close()
    latencies = []
    for user, times in posted.items():
        arrivals = sorted(sink.arrivals.get(user, []))
        for sent in sorted(times):
            first = next((a for a in arrivals if a >= sent), None)
            if first is not None:
                latencies.append(first - sent)
    answers.sort()
    latencies.sort()

    def pct(values: list[float], q: float) -> float:
        return round(values[min(len(values) - 1, int(len(values) * q))] * 1000, 1) if values \
            else float("nan")

    return {
        "rate_offered": rate, "messages": total, "posting_s": round(posting_s, 2),
        "sustained_messages_per_s": round(total / finished, 1),
        "webhook_p50_ms": pct(answers, 0.5), "webhook_p99_ms": pct(answers, 0.99),
        "end_to_end_p50_ms": pct(latencies, 0.5), "end_to_end_p99_ms": pct(latencies, 0.99),
        "service_cpu_ms_per_message": round(service_cpu_s * 1000 / total, 3),
        "load_generator_cpu_ms_per_message": round(own_cpu_s * 1000 / total, 3),
        "redis_cpu_ms_per_message": round(redis_cpu_s * 1000 / total, 3),
        **spread(per_node),
        "webhook_errors": failures,
        "users_missing_replies": sum(c < REPLIES_PER_USER for c in counts),
        "users_with_extra_replies": sum(c > REPLIES_PER_USER for c in counts),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--rates", type=float, nargs="+", default=[80, 1000, 1200],
                        help="offered messages/s, one level each: the aims (80 and 1,000) "
                             "and one above, where the sustained rate is the ceiling")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14",
                        help="a Redis database for the bench alone: it is flushed")
    parser.add_argument("--cluster", default=None, metavar="URL",
                        help="a node of a Redis Cluster: the service runs on the cluster")
    parser.add_argument("--drain", type=float, default=120)
    parser.add_argument("--database", default=None,
                        help="database URL (default: a SQLite file; e.g. "
                             "postgresql+asyncpg://postgres@127.0.0.1:5432/bench)")
    parser.add_argument("--processes", type=int, default=2,
                        help="serve processes sharing the port (one per core measured best "
                             "on two cores once the generator became lean)")
    parser.add_argument("--number-rate", type=int, default=5000,
                        help="messages/s our number may send (Meta's default is 80; the sink "
                             "is ours, so the bench lifts it to measure the pipeline)")
    parser.add_argument("--serve-log", type=Path, default=None, metavar="FILE",
                        help="keep the service's log here (default: a temporary file)")
    args = parser.parse_args()
    gc.freeze()  # as the service does (``bot.app.cli``): the generator's heap is long-lived
    gc.set_threshold(20_000, 20, 20)
    sink = Sink()
    sink_port, port = free_port(), free_port()
    sink_server = await serve(sink.respond, "127.0.0.1", sink_port)
    redis_url = args.cluster or args.redis
    redis = RedisNodes(redis_url, cluster=bool(args.cluster))
    await redis.flush()
    memory_before = await redis.memory()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MICUENTA_REDIS_URL": redis_url, "MICUENTA_PORT": str(port),
               "MICUENTA_REDIS_CLUSTER": str(bool(args.cluster)).lower(),
               "MICUENTA_DATA_DIR": tmp, "MICUENTA_LOG_LEVEL": "WARNING",
               "MICUENTA_DATABASE_URL": args.database or f"sqlite+aiosqlite:///{tmp}/bench.db",
               "MICUENTA_SECRET_KEY": "bench-secret-key-0123456789-0123456789",
               "MICUENTA_WHATSAPP_TOKEN": TOKEN, "MICUENTA_WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
               "MICUENTA_WHATSAPP_APP_SECRET": APP_SECRET,
               "MICUENTA_WHATSAPP_API_URL": f"http://127.0.0.1:{sink_port}/v25.0",
               "MICUENTA_WHATSAPP_RATE": str(args.number_rate),
               "MICUENTA_PROCESSES": str(args.processes)}
        subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"],  # noqa: ASYNC221
                       env=env, cwd=ROOT, check=True, capture_output=True)
        log_path = args.serve_log or Path(tmp) / "serve.log"
        log_file = log_path.open("w")  # noqa: ASYNC230 - once, before the load
        service = subprocess.Popen(  # noqa: ASYNC220 - the service under test, once
            [sys.executable, "-m", "bot", "serve"], env=env, cwd=ROOT, stderr=log_file)
        url = f"http://127.0.0.1:{port}"
        results = []
        try:
            await wait_healthy(url)
            await asyncio.sleep(3 * args.processes)  # the processes share out the inbox
            await settle(service.pid)
            for n, rate in enumerate(args.rates):
                users = args.users if rate >= 500 else max(1, min(args.users, int(rate * 4)))
                results.append(await run_rate(url, sink, users, rate, f"{n}", args.drain,
                                              service.pid, redis))
            memory_after = await redis.memory()
            conversations = sum(r["messages"] for r in results) // len(FLOW)
        except Exception:
            print(log_path.read_text()[-3000:], file=sys.stderr)  # noqa: ASYNC240
            raise
        finally:
            service.send_signal(signal.SIGINT)
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.kill()
            log_file.close()
            await redis.aclose()
            sink_server.close()
    print(json.dumps({
        "bench": "pipeline", "redis": redis_url, "cluster": bool(args.cluster),
        "processes": args.processes, "load_average": os.getloadavg(),
        "levels": results, "replies_at_sink": sink.total,
        "lost": sum(r["users_missing_replies"] for r in results),
        "duplicated": sum(r["users_with_extra_replies"] for r in results),
        "redis_bytes_per_conversation": round((memory_after - memory_before) /
                                              max(1, conversations)),
    }))


if __name__ == "__main__":
    import uvloop  # the service runs on it too; the generator needs every spare cycle

    uvloop.run(main())
