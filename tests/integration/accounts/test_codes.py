"""One-time codes under attack: at most 5 guesses a code, 10 failures in a row lock code
entry for 30 minutes whatever was resent, expired and reused codes refused."""

from __future__ import annotations

import uuid

import pytest

from domain.accounts.codes import Medium
from domain.accounts.errors import CodeExpired, CodeUsed
from domain.notifications import CodePurpose
from tests.integration.accounts.test_register import MOBILE, to_codes
from tests.support.world import World


async def test_the_sixth_guess_of_a_code_is_refused(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    right = await world.sms_code(MOBILE)
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1):
        await chat.send(wrong)
        tries = "Te queda 1 intento" if left == 1 else f"Te quedan {left} intentos"
        assert chat.last[0].text == f"Ese código no es correcto. {tries} con este código."
    await chat.send(wrong)
    assert chat.last[0].text.startswith("Ese código ya no sirve por demasiados intentos.")
    await chat.send(right)
    assert chat.last[0].text.startswith("Ese código ya no sirve por demasiados intentos."), (
        "the sixth guess is refused even when it is right")


async def test_the_eleventh_failure_in_a_row_is_refused_resends_do_not_reset(
    world: World,
) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    for _ in range(5):
        await chat.send("999999")
    world.clock.advance(seconds=61)
    await chat.press("Reenviar código")
    assert chat.last[0].text == "Te enviamos un código nuevo. El anterior ya no sirve."
    for _ in range(4):
        await chat.send("999999")
        assert chat.last[0].text.startswith("Ese código no es correcto.")
    await chat.send("999999")  # the tenth failure in a row
    assert chat.last[0].text == ("Por seguridad bloqueamos la captura de códigos por 30 minutos "
                                 "tras muchos intentos fallidos.")
    right = await world.sms_code(MOBILE)
    await chat.send(right)  # the eleventh try, with the right code
    assert chat.last[0].text.startswith("Por seguridad bloqueamos la captura de códigos")
    world.clock.advance(minutes=31)
    await chat.send(right)
    assert chat.last[0].text.startswith("Ese código ya venció"), "codes last 10 minutes"
    await chat.press("Reenviar código")
    await chat.send(await world.sms_code(MOBILE))
    assert chat.last[0].text == "Listo, tu celular quedó verificado."


async def test_an_expired_code_is_refused(world: World) -> None:
    chat = world.chat()
    await to_codes(world, chat)
    right = await world.sms_code(MOBILE)
    world.clock.advance(minutes=10, seconds=1)
    await chat.send(right)
    assert chat.last[0].text.startswith("Ese código ya venció (duran 10 minutos).")


async def test_a_used_code_is_refused(world: World) -> None:
    accounts = world.container.services.accounts
    request = str(uuid.uuid4())
    await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, "+525500001111", "account:test",
                             request, "es_MX", world.clock())
    code = await world.sms_code("+525500001111")
    await accounts.check_code(request, Medium.SMS, code, world.clock())
    with pytest.raises(CodeUsed):
        await accounts.check_code(request, Medium.SMS, code, world.clock())
    with pytest.raises(CodeExpired):
        await accounts.check_code(str(uuid.uuid4()), Medium.SMS, code, world.clock())


async def test_a_code_is_bound_to_its_request(world: World) -> None:
    accounts = world.container.services.accounts
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, "+525500002222", "account:a",
                             first, "es_MX", world.clock())
    code = await world.sms_code("+525500002222")
    await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, "+525500003333", "account:b",
                             second, "es_MX", world.clock())
    from domain.accounts.errors import CodeWrong
    with pytest.raises(CodeWrong):
        await accounts.check_code(second, Medium.SMS, code, world.clock())


async def test_resends_are_limited_per_window_and_per_phone(world: World) -> None:
    accounts = world.container.services.accounts
    from domain.accounts.errors import ResendLimit
    for _ in range(3):
        await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, "+525500004444", "account:c",
                                 str(uuid.uuid4()), "es_MX", world.clock())
        world.clock.advance(minutes=1)
    with pytest.raises(ResendLimit) as caught:
        await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, "+525500004444", "account:d",
                                 str(uuid.uuid4()), "es_MX", world.clock())
    assert caught.value.params["minutes"] == 12
    assert len(world.sms.messages_to("+525500004444")) == 3, "no fourth SMS went out"


async def test_codes_are_stored_hashed(world: World) -> None:
    from sqlalchemy import select

    from domain.persistence.models import CodeRow

    accounts = world.container.services.accounts
    await accounts.send_code(CodePurpose.LOGIN, Medium.SMS, "+525500005555", "account:e",
                             str(uuid.uuid4()), "es_MX", world.clock())
    code = await world.sms_code("+525500005555")
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        stored = [row.code_hash for row in await uow.session.scalars(select(CodeRow))]
    assert stored and all(code not in value for value in stored)
