"""The credit's use cases on the in-memory unit of work: payment slips and the references
they carry."""

from __future__ import annotations

import pytest

from domain.credits.reference import PaymentConcept
from domain.credits.service import NoCredit, ReferenceOfAnotherCredit
from tests.unit.conftest import Desk


async def account_of(desk: Desk, case: str) -> str:
    async with desk.uow() as uow:
        worker = await uow.workers.by_nss(desk.person(case)["nss"])
        account = await uow.accounts.by_worker(worker.id) if worker else None
    assert account is not None
    return account.id


async def test_a_slips_reference_reads_back_as_the_workers_own(desk: Desk) -> None:
    service, luis = desk.credits(), await account_of(desk, "with_credit")
    view = await service.view(luis, desk.now())
    assert view.credit is not None and view.options
    slip = await service.slip(luis, PaymentConcept.MONTHLY, desk.now())
    assert slip.amount == view.options[0].amount
    checked = await service.check(luis, slip.reference.grouped(), desk.now())
    assert checked.digits == slip.reference.digits
    assert checked.credit_number == view.credit.number


async def test_a_reference_of_another_credit_is_refused(desk: Desk) -> None:
    service = desk.credits()
    slip = await service.slip(await account_of(desk, "with_credit"), PaymentConcept.MONTHLY,
                              desk.now())
    carmen = await account_of(desk, "existing_account")
    with pytest.raises(ReferenceOfAnotherCredit):
        await service.check(carmen, slip.reference.digits, desk.now())


async def test_no_credit_no_slip(desk: Desk) -> None:
    service, carmen = desk.credits(), await account_of(desk, "existing_account")
    assert (await service.view(carmen, desk.now())).credit is None
    with pytest.raises(NoCredit):
        await service.slip(carmen, PaymentConcept.MONTHLY, desk.now())
