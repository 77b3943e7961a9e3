"""The console over HTTP: a whole handoff from the agent's side, and the security matrix:
E1 no session, E2 CSRF and cross-site posts, E3 another agent's conversation, E4 two agents
taking over at once, E5 a wrong or missing TOTP code and the lock after five."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from domain.persistence.models import TranscriptRow
from tests.integration.console.conftest import PASSWORD, Member, csrf_of, log_in
from tests.support.chat import ChatUser
from tests.support.world import World

LINK = re.compile(r'href="/console/c/([0-9a-f]+)"')


@pytest.fixture
async def other(web: TestClient) -> AsyncIterator[TestClient]:
    """A second browser on the same server (its own cookies)."""
    client = TestClient(web.server)
    yield client
    await client.session.close()


async def _waiting_user(world: World, user_id: str = "5215500000701") -> tuple[ChatUser, str]:
    chat = world.chat(user_id)
    await chat.send("hola")
    await chat.send("asesor")
    [entry] = await world.container.services.handoff.waiting()
    return chat, entry.id


def _pushed(world: World) -> list[str]:
    return [reply.text for _, replies in world.pushed.sent for reply in replies]


async def test_an_agent_serves_a_user_from_the_queue_to_the_hand_back(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    chat, cid = await _waiting_user(world)
    csrf = await log_in(web, staff["ana"], world)
    queue = await (await web.get("/console")).text()
    assert "terminal ******0701" in queue and LINK.search(queue).group(1) == cid  # type: ignore[union-attr]
    assert "5215500000701" not in queue, "the user's id stays masked"
    page = await web.get(f"/console/c/{cid}")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    taken = await web.post(f"/console/c/{cid}/take", data={"csrf": csrf},
                           allow_redirects=False)
    assert taken.status == 303
    assert _pushed(world) == ["Hola, ya te atiende un asesor de Mi Cuenta. Escríbele aquí."]
    await chat.send("no me llega el código <script>")
    assert chat.last == []
    rows = await (await web.get(f"/console/c/{cid}/messages")).json()
    assert rows[-1]["text"] == "no me llega el código <script>" and rows[-1]["who"] == "Usuario"
    html = await (await web.get(f"/console/c/{cid}")).text()
    assert "&lt;script&gt;" in html and "<script>\n" not in html.split("</ol>")[0]
    await web.post(f"/console/c/{cid}/say",
                   data={"csrf": csrf, "text": "Te ayudo: revisa tu spam."})
    assert _pushed(world)[-1] == "Te ayudo: revisa tu spam."
    back = await web.post(f"/console/c/{cid}/back",
                          data={"csrf": csrf, "note": "Código en spam; NSS 12345678903"},
                          allow_redirects=False)
    assert back.status == 303
    assert _pushed(world)[-2:] == ["El asesor terminó de atenderte. Si necesitas algo más, "
                                   "aquí sigo.", "¿Qué quieres hacer? Elige una opción:"]
    assert (await web.get(f"/console/c/{cid}")).status == 404, "no longer on the desk"
    await world.container.transcripts.flush()
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        notes = [row.text for row in await uow.session.scalars(
            select(TranscriptRow).where(TranscriptRow.direction == "stf"))]
    assert notes == ["Código en spam; NSS ******8903"], "the note is kept, masked"


async def test_e1_nothing_without_a_session(world: World, web: TestClient) -> None:
    _, cid = await _waiting_user(world)
    for path in ("/console", f"/console/c/{cid}"):
        answer = await web.get(path, allow_redirects=False)
        assert (answer.status, answer.headers["Location"]) == (303, "/console/login")
    assert (await web.get(f"/console/c/{cid}/messages")).status == 401
    for action in ("take", "say", "back"):
        answer = await web.post(f"/console/c/{cid}/{action}", data={"text": "x"})
        assert answer.status == 401
    assert (await web.post("/console/logout")).status == 401
    assert await world.container.services.handoff.taken() == []
    assert _pushed(world) == []


async def test_e2_posts_need_the_csrf_value_and_our_origin(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    _, cid = await _waiting_user(world)
    csrf = await log_in(web, staff["ana"], world)
    assert (await web.post(f"/console/c/{cid}/take", data={})).status == 403
    assert (await web.post(f"/console/c/{cid}/take", data={"csrf": "guess"})).status == 403
    cross = await web.post(f"/console/c/{cid}/take", data={"csrf": csrf},
                           headers={"Origin": "https://evil.example"})
    assert cross.status == 403
    assert await world.container.services.handoff.taken() == [], "none of them took it"
    form = await web.get("/console/login")
    login_csrf = await csrf_of(await form.text())
    forged = await web.post("/console/login", data={
        "csrf": login_csrf + "x", "email": staff["beto"].email, "password": PASSWORD,
        "code": staff["beto"].totp.at(world.clock())})
    assert forged.status == 403


async def test_e3_an_agent_cannot_see_or_act_on_another_agents_conversation(
        world: World, web: TestClient, other: TestClient, staff: dict[str, Member]) -> None:
    _, cid = await _waiting_user(world)
    ana = await log_in(web, staff["ana"], world)
    await web.post(f"/console/c/{cid}/take", data={"csrf": ana})
    beto = await log_in(other, staff["beto"], world)
    assert "terminal ******0701" not in await (await other.get("/console")).text()
    assert (await other.get(f"/console/c/{cid}")).status == 403
    assert (await other.get(f"/console/c/{cid}/messages")).status == 403
    for action in ("say", "back", "take"):
        answer = await other.post(f"/console/c/{cid}/{action}",
                                  data={"csrf": beto, "text": "hola"})
        assert answer.status in (403, 409), action
    assert _pushed(world) == ["Hola, ya te atiende un asesor de Mi Cuenta. Escríbele aquí."]
    sara = TestClient(web.server)
    try:
        await log_in(sara, staff["sara"], world)
        assert "terminal ******0701" in await (await sara.get("/console")).text()
        assert (await sara.get(f"/console/c/{cid}")).status == 200, "a supervisor sees all"
    finally:
        await sara.session.close()


async def test_e4_two_agents_taking_over_at_once_one_wins(
        world: World, web: TestClient, other: TestClient, staff: dict[str, Member]) -> None:
    _, cid = await _waiting_user(world)
    ana = await log_in(web, staff["ana"], world)
    beto = await log_in(other, staff["beto"], world)
    answers = await asyncio.gather(
        web.post(f"/console/c/{cid}/take", data={"csrf": ana}, allow_redirects=False),
        other.post(f"/console/c/{cid}/take", data={"csrf": beto}, allow_redirects=False))
    winner, loser = sorted(a.status for a in answers)
    # 409: both looked before either took it, the desk's script chose; 403: the loser
    # looked after the winner had taken it
    assert winner == 303 and loser in (403, 409), answers
    assert len(await world.container.services.handoff.taken()) == 1
    assert _pushed(world) == ["Hola, ya te atiende un asesor de Mi Cuenta. Escríbele aquí."]


async def test_e5_no_entry_without_the_right_code_and_a_lock_after_five(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    ana = staff["ana"]
    for code in ("", "000000", ana.totp.at(world.clock().timestamp() - 600)):
        form = await web.get("/console/login")
        answer = await web.post("/console/login", data={
            "csrf": await csrf_of(await form.text()), "email": ana.email,
            "password": PASSWORD, "code": code}, allow_redirects=False)
        assert answer.status == 401
        assert "El correo, la contraseña o el código no son correctos." in await answer.text()
    for _ in range(2):
        form = await web.get("/console/login")
        await web.post("/console/login", data={
            "csrf": await csrf_of(await form.text()), "email": ana.email,
            "password": "Equivocada#2026", "code": ana.totp.at(world.clock())})
    form = await web.get("/console/login")
    locked = await web.post("/console/login", data={
        "csrf": await csrf_of(await form.text()), "email": ana.email, "password": PASSWORD,
        "code": ana.totp.at(world.clock())})
    assert locked.status == 401
    assert "Demasiados intentos. Espera 15 minutos" in await locked.text()
    assert (await web.get("/console", allow_redirects=False)).status == 303
    world.clock.advance(minutes=16)
    await log_in(web, ana, world)


async def test_a_session_is_a_strict_httponly_cookie_that_idles_out_and_logs_out(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    form = await web.get("/console/login")
    answer = await web.post("/console/login", data={
        "csrf": await csrf_of(await form.text()), "email": staff["ana"].email,
        "password": PASSWORD, "code": staff["ana"].totp.at(world.clock())},
        allow_redirects=False)
    cookie = answer.cookies["mc_console"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/console"
    redis = world.container.redis
    [key] = [k async for k in redis.scan_iter("console:session:*")]
    assert 0 < await redis.ttl(key) <= 900
    assert cookie.value not in key.decode(), "only the token's hash is stored"
    csrf = await csrf_of(await (await web.get("/console")).text())
    out = await web.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
    assert out.status == 303
    assert [k async for k in redis.scan_iter("console:session:*")] == []


async def test_takeovers_hand_backs_and_refusals_are_audited(
        world: World, web: TestClient, other: TestClient, staff: dict[str, Member]) -> None:
    _, cid = await _waiting_user(world)
    ana = await log_in(web, staff["ana"], world)
    await web.post(f"/console/c/{cid}/take", data={"csrf": ana})
    await log_in(other, staff["beto"], world)
    await other.get(f"/console/c/{cid}")
    await web.post(f"/console/c/{cid}/back", data={"csrf": ana})
    form = await other.get("/console/login")
    await other.post("/console/login", data={
        "csrf": await csrf_of(await form.text()), "email": staff["sara"].email,
        "password": PASSWORD, "code": "123456"})
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        entries = list(reversed(await uow.audit.recent()))
    assert [e.kind for e in entries] == ["staff_login", "takeover", "staff_login",
                                         "console_refused", "hand_back", "staff_login_failed"]
    assert entries[1].detail == {"conversation": cid, "channel": "terminal"}
    assert "sara" not in entries[-1].subject and entries[-1].detail == {"known": 1}
    assert world.container.metrics.registry.get_sample_value(
        "micuenta_suspicious_events_total", {"kind": "console_refused"}) == 1


async def test_the_script_is_the_static_file_served_as_javascript_under_the_strict_csp(
        web: TestClient) -> None:
    from pathlib import Path

    import bot.handlers.console as console

    answer = await web.get("/console/console.js")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert await answer.read() == (Path(console.__file__).parent / "static"
                                   / "console.js").read_bytes()
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
