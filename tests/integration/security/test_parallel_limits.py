"""Every limit holds when the attack is parallel: 25 attempts at once (engine turns of 25
chats, or 25 HTTP requests), against the real Redis and database. Each attempt is counted
before its secret is checked, under the guard row's lock, so no more than the limit's
number of guesses are ever checked, and parallel first failures never collide (500)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import pytest
from aiohttp.test_utils import TestClient

from domain.accounts.codes import Medium
from domain.accounts.errors import CodeError, LookupsLocked, ResendLimit
from domain.accounts.model import ChatRef
from domain.notifications import CodePurpose
from domain.staff.service import StaffLocked, StaffLoginFailed, StaffService
from tests.integration.accounts.test_password_page import form, link_in
from tests.integration.console.conftest import PASSWORD, Member, csrf_of
from tests.support.chat import ChatUser
from tests.support.world import CARMEN, World

ATTEMPTS = 25
WRONG = "El NSS o correo, o la contraseña, no son correctos"
LOCKED = "Por seguridad bloqueamos el inicio de sesión"


async def _at_password(world: World, user_id: str, identifier: str) -> ChatUser:
    chat = world.chat(user_id)
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(identifier)
    return chat


async def test_25_chats_guessing_one_password_at_once_get_4_answers_then_the_lock(
        world: World) -> None:
    carmen = world.person("existing_account")
    chats = [await _at_password(world, f"52155000030{n:02}", carmen["nss"])
             for n in range(ATTEMPTS)]
    await asyncio.gather(*(chat.send(f"Equivocada#{n}") for n, chat in enumerate(chats)))
    answers = Counter("wrong" if chat.text.startswith(WRONG) else
                      "locked" if chat.text.startswith(LOCKED) else chat.text for chat in chats)
    assert answers == {"wrong": 4, "locked": ATTEMPTS - 4}, answers
    owner = await _at_password(world, "5215500003099", carmen["nss"])
    await owner.send(CARMEN["password"])
    assert owner.text.startswith(LOCKED), "the right password after the burst is refused"


async def test_the_lock_is_the_accounts_whichever_identifier_is_typed(world: World) -> None:
    carmen = world.person("existing_account")
    chat = await _at_password(world, "5215500003101", CARMEN["email"])
    for attempt in range(5):
        await chat.send(f"Equivocada#{attempt}")
    assert chat.text.startswith(LOCKED)
    by_nss = await _at_password(world, "5215500003102", carmen["nss"])
    await by_nss.send("Otra#Equivocada1")
    assert by_nss.text.startswith(LOCKED), "the NSS takes no more guesses"
    by_nss = await _at_password(world, "5215500003103", carmen["nss"])  # the lock ended the
    await by_nss.send(CARMEN["password"])  # login: a new one, with the right password
    assert by_nss.text.startswith(LOCKED)


async def test_25_first_failures_of_unknown_identifiers_at_once_never_fail(
        world: World) -> None:
    chats = [await _at_password(world, f"52155000032{n:02}", "nadie.aqui@example.com")
             for n in range(ATTEMPTS)]
    await asyncio.gather(*(chat.send("Equivocada#1") for chat in chats))
    answers = Counter("wrong" if chat.text.startswith(WRONG) else
                      "locked" if chat.text.startswith(LOCKED) else chat.text for chat in chats)
    assert answers == {"wrong": 4, "locked": ATTEMPTS - 4}, answers


async def _login_form(client: TestClient) -> str:
    return await csrf_of(await (await client.get("/console/login")).text())


async def test_25_wrong_console_logins_at_once_lock_and_the_right_one_is_refused(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    ana = staff["ana"]
    csrf = await _login_form(web)

    async def attempt(password: str) -> tuple[int, str]:
        answer = await web.post("/console/login", allow_redirects=False, data={
            "csrf": csrf, "email": ana.email, "password": password,
            "code": ana.totp.at(world.clock())})
        return answer.status, await answer.text()

    results = await asyncio.gather(*(attempt(f"Mala#{n}") for n in range(ATTEMPTS)))
    assert {status for status, _ in results} == {401}, "no 500 from parallel first failures"
    checked = [text for _, text in results if "Demasiados intentos" not in text]
    assert len(checked) == 4, "the fifth attempt locks; the other 20 are not checked"
    status, text = await attempt(PASSWORD)
    assert status == 401 and "Demasiados intentos" in text, "the right password is refused"


def _service(world: World) -> StaffService:
    return StaffService(uow=lambda: world.container.database.unit_of_work(
        world.container.keyring))


async def test_knowing_an_agents_email_locks_out_only_the_attackers_address(
        world: World, staff: dict[str, Member]) -> None:
    service, ana = _service(world), staff["ana"]

    async def attack(n: int) -> str:
        try:
            await service.log_in(ana.email, f"Mala#{n}", "000000", world.clock(),
                                 address="198.51.100.7")
        except (StaffLocked, StaffLoginFailed) as error:
            return type(error).__name__
        return "in"

    outcomes = Counter(await asyncio.gather(*(attack(n) for n in range(ATTEMPTS))))
    assert outcomes == {"StaffLoginFailed": 4, "StaffLocked": ATTEMPTS - 4}, outcomes
    member = await service.log_in(ana.email, PASSWORD, ana.totp.at(world.clock()),
                                  world.clock(), address="192.0.2.10")
    assert member.email == ana.email, "the agent's own address still logs in"


async def test_the_lock_comes_back_longer_each_time(
        world: World, staff: dict[str, Member]) -> None:
    service, ana = _service(world), staff["ana"]
    waits = []
    for _round in range(2):
        for n in range(5):
            try:
                await service.log_in(ana.email, f"Mala#{n}", "000000", world.clock(),
                                     address="198.51.100.8")
            except StaffLocked as error:
                waits.append(error.params["minutes"])
            except StaffLoginFailed:
                pass
        world.clock.advance(minutes=waits[-1] + 1)
    assert waits == [15, 30]


async def test_a_totp_code_logs_in_once(world: World, staff: dict[str, Member]) -> None:
    service, ana = _service(world), staff["ana"]
    code = ana.totp.at(world.clock())

    async def attempt(n: int) -> str:
        try:
            await service.log_in(ana.email, PASSWORD, code, world.clock(),
                                 address=f"192.0.2.{n}")
        except (StaffLoginFailed, StaffLocked):
            return "refused"
        return "in"

    outcomes = Counter(await asyncio.gather(*(attempt(n) for n in range(ATTEMPTS))))
    assert outcomes == {"in": 1, "refused": ATTEMPTS - 1}, outcomes
    world.clock.advance(seconds=61)  # the 20 refusals of the e-mail delayed it a minute
    later = await service.log_in(ana.email, PASSWORD, ana.totp.at(world.clock()),
                                 world.clock(), address="192.0.2.1")
    assert later.email == ana.email, "the next step's code works"


async def test_25_code_sends_at_once_send_3(world: World) -> None:
    accounts = world.container.services.accounts

    async def send(n: int) -> str:
        try:
            await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, CARMEN["mobile"],
                                     "account:parallel", str(uuid.uuid4()), "es_MX",
                                     world.clock())
        except ResendLimit:
            return "limit"
        return "sent"

    outcomes = Counter(await asyncio.gather(*(send(n) for n in range(ATTEMPTS))))
    assert outcomes == {"sent": 3, "limit": ATTEMPTS - 3}, outcomes
    await world.settle()
    assert len(world.sms.messages_to(CARMEN["mobile"])) == 3


async def test_25_nss_lookups_at_once_from_one_chat_look_up_5(world: World) -> None:
    accounts = world.container.services.accounts
    chat = ChatRef("terminal", "5215500003301")
    maria = world.person("active_woman")

    async def look(n: int) -> str:
        try:
            await accounts.check_nss(maria["nss"], world.clock(), chat)
        except LookupsLocked:
            return "locked"
        return "found"

    outcomes = Counter(await asyncio.gather(*(look(n) for n in range(ATTEMPTS))))
    assert outcomes == {"found": 5, "locked": ATTEMPTS - 5}, outcomes


async def test_resets_asked_by_anyone_leave_the_owners_login_codes_alone(world: World) -> None:
    accounts = world.container.services.accounts
    for _ in range(3):
        await accounts.request_reset(CARMEN["email"], str(uuid.uuid4()), "es_MX", world.clock())
    await world.settle()
    assert len(world.sms.messages_to(CARMEN["mobile"])) == 3
    owner = await _at_password(world, "5215500003401", CARMEN["email"])
    await owner.send(CARMEN["password"])
    assert owner.text.startswith("Es la primera vez que entras desde este chat.")
    await owner.send(await world.sms_code(CARMEN["mobile"]))
    assert owner.last[0].text.startswith("Iniciaste sesión.")


async def test_25_wrong_codes_at_once_get_5_tries_and_the_right_one_is_then_dead(
        world: World) -> None:
    accounts = world.container.services.accounts
    request = str(uuid.uuid4())
    await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, CARMEN["mobile"],
                             "account:codes-parallel", request, "es_MX", world.clock())
    right = await world.sms_code(CARMEN["mobile"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    async def guess(n: int) -> str:
        try:
            await accounts.check_code(request, Medium.SMS, wrong, world.clock())
        except CodeError as error:
            return error.key
        return "accepted"

    outcomes = Counter(await asyncio.gather(*(guess(n) for n in range(ATTEMPTS))))
    assert outcomes["error.code.wrong"] == 4, outcomes
    assert "accepted" not in outcomes and sum(outcomes.values()) == ATTEMPTS
    with pytest.raises(CodeError):
        await accounts.check_code(request, Medium.SMS, right, world.clock())


async def test_one_number_gets_at_most_20_codes_a_day_whatever_asks(world: World) -> None:
    """Separate budgets per purpose, and still a daily cap per number (SMS pumping)."""
    accounts = world.container.services.accounts
    number, sent = "+525577770000", 0
    for round_ in range(12):
        for purpose in (CodePurpose.REGISTER, CodePurpose.LOGIN, CodePurpose.RESET):
            try:
                await accounts.send_code(purpose, Medium.SMS, number,
                                         f"worker:pump-{round_}-{purpose.value}",
                                         str(uuid.uuid4()), "es_MX", world.clock())
                sent += 1
            except ResendLimit:
                pass
        world.clock.advance(minutes=16)
    await world.settle()
    assert sent == 20 and len(world.sms.messages_to(number)) == 20


async def test_25_password_pages_posted_at_once_check_4_then_lock(
        world: World, web: TestClient) -> None:
    """WhatsApp: 25 chats each open a login page for one account and post them together."""
    pages = []
    for n in range(ATTEMPTS):
        chat = world.chat(f"52155000035{n:02}", channel="whatsapp")
        await chat.send("hola")
        await chat.press("Iniciar sesión")
        await chat.send(CARMEN["email"])
        path = link_in(chat)
        pages.append((path, await form(web, path)))

    async def post(path: str, csrf: str, n: int) -> str:
        answer = await web.post(path, data={"password": f"Mala#{n}", "csrf": csrf})
        return await answer.text()

    texts = await asyncio.gather(*(post(path, csrf, n)
                                   for n, (path, csrf) in enumerate(pages)))
    locked = [text for text in texts if "bloqueamos" in text]
    assert len(locked) == ATTEMPTS - 4, [t[-300:] for t in texts if t not in locked][:2]
    owner = await _at_password(world, "5215500003599", CARMEN["email"])
    await owner.send(CARMEN["password"])
    assert owner.text.startswith(LOCKED)



async def test_a_page_posted_again_as_its_claim_is_let_go_logs_in_once(
        world: World, web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page is used once, also when its right password comes again at the worst moment
    (a double click, a replayed request): the claim was let go before the page was marked
    used, and a submission re-read the ticket only before claiming, so a second one
    arriving in between did the work again (a second login, a second event in the chat)."""
    chat = world.chat("5215500003698", channel="whatsapp")
    await chat.send("hola")
    await chat.press("Iniciar sesión")
    await chat.send(CARMEN["email"])
    path = link_in(chat)
    csrf = await form(web, path)
    pages = world.container.services.pages
    release = pages.release
    again: list[int] = []

    async def post() -> int:
        answer = await web.post(path, data={"password": CARMEN["password"], "csrf": csrf})
        return answer.status

    async def release_then_post(token: str) -> None:
        await release(token)
        if not again:  # the replay lands just as the first submission lets its claim go
            again.append(0)
            again[0] = await post()

    monkeypatch.setattr(pages, "release", release_then_post)
    first = await post()
    assert (first, again) == (200, [410]), "the replay finds the page used"
    assert len(world.pushed.sent) == 1, "one login went on in the chat"
