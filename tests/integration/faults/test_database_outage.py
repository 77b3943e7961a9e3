"""PostgreSQL away for 10 s under load (issue 17, item 4). The service reaches the shared
PostgreSQL through a TCP proxy the test controls; the proxy is cut (new connections
refused, open ones reset) just as every user sends the step that needs the database (the
NSS of a registration is looked up in the workers' records). Those messages must be
answered after the database returns, with what the step says, not an apology, and none
twice: lost and duplicated counted at the sink."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from domain.demo import seed_demo
from domain.persistence.database import Database
from domain.security.crypto import Keyring
from tests.integration.faults.harness import Platform, Serve, TcpProxy, serve_env, users
from tests.support.backends import Backends

pytestmark = [pytest.mark.faults,
              # the proxy resets sockets mid-flight; one may be collected unclosed there
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]

USERS = 20
DOWN_S = 10.0
BEFORE = ("hola", "registro", "1")
"""Welcome and menu; the privacy notice; accepted: «Escribe tu NSS». No database yet."""
NSS = "03119283525"
"""A demo worker's (María Fernanda López Hernández): the answer asks for the CURP."""
CURP_PROMPT = "Ahora escribe tu CURP"
APOLOGY = "algo falló de nuestro lado"


async def test_the_database_away_for_ten_seconds_delays_answers_and_loses_none(
        real_backends: Backends, database_url: str, database: Database, redis: Redis,
        serve_data_dir: Path, platform: Platform, processes: list[Serve],
        tmp_path: Path) -> None:
    env = serve_env(serve_data_dir, real_backends.redis_url, "", platform)
    await seed_demo(database.unit_of_work(Keyring(env["MICUENTA_SECRET_KEY"])),
                    datetime.now(UTC))
    direct = make_url(database_url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    await proxy.start()
    env["MICUENTA_DATABASE_URL"] = direct.set(host="127.0.0.1", port=proxy.port) \
        .render_as_string(hide_password=False)
    serve = Serve(env, tmp_path / "serve.log")
    processes.append(serve.start())
    await serve.healthy()
    talkers = users("7", USERS)
    await platform.converse([serve.url], talkers, BEFORE, pause_s=0.2)
    before = await platform.settle(dict.fromkeys(talkers, len(BEFORE)), timeout_s=20,
                                   quiet_s=0.5)
    assert (before.lost, before.duplicated) == (0, 0), str(before)
    assert all("NSS" in platform.sink.texts[user][-1] for user in talkers)

    await proxy.cut()
    cut_at = time.monotonic()
    await platform.converse([serve.url], talkers, [NSS], pause_s=0.5, start=len(BEFORE))
    await asyncio.sleep(max(0.0, DOWN_S - (time.monotonic() - cut_at)))
    answered_while_down = sum(platform.sink.replies(user) - len(BEFORE) for user in talkers)
    await proxy.start()
    tally = await platform.settle(dict.fromkeys(talkers, len(BEFORE) + 1), timeout_s=30)
    assert (tally.lost, tally.duplicated) == (0, 0), f"{tally}\n{serve.log()}"
    last = {user: platform.sink.texts[user][-1] for user in talkers}
    assert not [user for user, text in last.items() if APOLOGY in text], \
        "an apology instead of the answer"
    assert all(text.startswith(CURP_PROMPT) for text in last.values()), last
    assert answered_while_down == 0
    await asyncio.to_thread(serve.stop)  # while the proxy still runs in this loop
    print(f"database away {DOWN_S:.0f} s; all {USERS} NSS answered after it came back, "
          f"within {time.monotonic() - cut_at:.1f} s of the cut")
