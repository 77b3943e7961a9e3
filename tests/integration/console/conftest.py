"""The console's tests run in the world (``tests/support/world.py``: real SMTP and SMS
gateway, the demo data) with the service's HTTP app on a test server, and three staff
members enrolled."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyotp
import pytest
from aiohttp.test_utils import TestClient

from domain.staff.model import StaffRole
from domain.staff.service import StaffService
from tests.support.world import World

PASSWORD = "Consola#Segura2026"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class Member:
    email: str
    totp: pyotp.TOTP


@pytest.fixture
async def staff(world: World) -> dict[str, Member]:
    service = StaffService(uow=lambda: world.container.database.unit_of_work(
        world.container.keyring))
    members = {}
    for name, role in (("ana", StaffRole.AGENT), ("beto", StaffRole.AGENT),
                       ("sara", StaffRole.SUPERVISOR)):
        enrolment = await service.add(f"{name}@infonavit.example", role, PASSWORD,
                                      world.clock())
        members[name] = Member(enrolment.staff.email,
                               pyotp.TOTP(pyotp.parse_uri(enrolment.totp_uri).secret))
    return members


async def csrf_of(response_text: str) -> str:
    found = CSRF.search(response_text)
    assert found, response_text[:500]
    return found.group(1)


async def log_in(client: TestClient, member: Member, world: World,
                 code: str | None = None) -> str:
    """Logs ``client`` in (its cookie jar keeps the session); returns the session's CSRF."""
    form = await client.get("/console/login")
    csrf = await csrf_of(await form.text())
    answer = await client.post("/console/login", data={
        "csrf": csrf, "email": member.email, "password": PASSWORD,
        "code": code if code is not None else member.totp.at(world.clock())},
        allow_redirects=False)
    assert answer.status == 303, await answer.text()
    queue = await client.get("/console")
    return await csrf_of(await queue.text())
