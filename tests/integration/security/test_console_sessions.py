"""Console sessions (issue 13, weaker spots): an absolute lifetime of 8 hours that polling
does not stretch, one button that ends every session of a staff member, and a logout that
ends the session on the server (the old cookie is worth nothing after it)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient

from bot.handlers.console_sessions import session_key
from tests.integration.console.conftest import Member, log_in
from tests.support.world import World


@pytest.fixture
async def laptop(web: TestClient) -> AsyncIterator[TestClient]:
    """A second browser on the same server (its own cookies)."""
    client = TestClient(web.server)
    yield client
    await client.session.close()


async def _status(client: TestClient, path: str = "/console") -> int:
    return (await client.get(path, allow_redirects=False)).status


async def test_polling_does_not_keep_a_session_past_8_hours(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    await log_in(web, staff["ana"], world)
    for _ in range(47):  # every 10 minutes for 7 h 50 min: idle never reached
        world.clock.advance(minutes=10)
        assert await _status(web) == 200
    cookie = web.session.cookie_jar.filter_cookies(web.make_url("/console"))["mc_console"]
    key = session_key(cookie.value)
    assert 0 < await world.container.redis.ttl(key) <= 10 * 60, "idle never past the end"
    world.clock.advance(minutes=10)
    assert await _status(web) == 303, "8 hours after the login it ends, busy or not"
    assert not await world.container.redis.exists(key)


async def test_one_button_ends_every_session_of_the_staff_member(
        world: World, web: TestClient, laptop: TestClient, staff: dict[str, Member]) -> None:
    await log_in(laptop, staff["ana"], world)
    world.clock.advance(seconds=30)  # a new TOTP step for the second login
    csrf = await log_in(web, staff["ana"], world)
    world.clock.advance(seconds=30)
    other = TestClient(web.server)
    try:
        await log_in(other, staff["beto"], world)
        page = await (await web.get("/console")).text()
        assert "Cerrar todas mis sesiones" in page
        ended = await web.post("/console/logout/all", data={"csrf": csrf},
                               allow_redirects=False)
        assert ended.status == 303
        assert await _status(web) == 303 and await _status(laptop) == 303
        assert await _status(other) == 200, "another staff member's session stays"
    finally:
        await other.session.close()


async def test_logout_ends_the_session_on_the_server(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    csrf = await log_in(web, staff["ana"], world)
    cookie = web.session.cookie_jar.filter_cookies(web.make_url("/console"))["mc_console"]
    await web.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
    replay = await web.get("/console", allow_redirects=False,
                           headers={"Cookie": f"mc_console={cookie.value}"})
    assert replay.status == 303, "the old cookie opens nothing"
