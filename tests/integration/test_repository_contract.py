"""One contract for the unit of work and its repositories, run on every implementation: the
SQL one (on the suite's database) and the in-memory one the unit tests use. A behaviour
the in-memory one gets wrong fails here, beside the SQL one that gets it right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.codes import Guard, GuardRule, Medium
from domain.accounts.model import Account, AccountStatus, ChatRef
from domain.appointments.model import AppointmentStatus
from domain.demo import demo_records
from domain.persistence.database import Database
from domain.savings.records import WorkerRecord
from domain.security.crypto import Keyring
from domain.staff.model import StaffRole
from domain.uow import (
    AccountConflict,
    SameProcedure,
    SlotFull,
    StoredWorker,
    TooMany,
    TranscriptEntry,
    UnitOfWork,
)
from tests.support.memory import MemoryDatabase
from tests.support.secret import TEST_SECRET

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
Make = Callable[[], UnitOfWork]


@pytest.fixture(params=["sql", "memory"])
def make(request: pytest.FixtureRequest) -> Make:
    """A maker of units of work on a fresh database (the suite's, emptied after the test,
    or a new one in memory)."""
    keyring = Keyring(TEST_SECRET)
    if request.param == "memory":
        memory = MemoryDatabase()
        return lambda: memory.unit_of_work(keyring)
    database: Database = request.getfixturevalue("database")
    return lambda: database.unit_of_work(keyring)


def records() -> list[WorkerRecord]:
    return [record for _, record in demo_records(NOW.date())]


async def workers(make: Make, count: int = 2) -> list[StoredWorker]:
    async with make() as uow:
        stored = [await uow.workers.put(record, NOW) for record in records()[:count]]
        await uow.commit()
    return stored


async def account(make: Make, worker: StoredWorker, email: str = "ana@example.com",
                  mobile: str = "+525511112222") -> Account:
    async with make() as uow:
        added = await uow.accounts.add(worker_id=worker.id, email=email, mobile=mobile,
                                       locale="es_MX", consent_at=NOW, now=NOW)
        await uow.commit()
    return added


# --- the unit of work --------------------------------------------------------------------


async def test_what_is_not_committed_is_not_kept(make: Make) -> None:
    record = records()[0]
    async with make() as uow:
        await uow.workers.put(record, NOW)
        assert await uow.workers.by_nss(record.nss) is not None, "seen inside its block"
    async with make() as uow:
        assert await uow.workers.by_nss(record.nss) is None


async def test_a_unit_of_work_may_be_entered_again_and_each_block_is_a_transaction(
        make: Make) -> None:
    record = records()[0]
    uow = make()
    async with uow:
        await uow.workers.put(record, NOW)
        await uow.commit()
        await uow.workers.put(replace(record, first_name="Otra"), NOW)
    async with uow:
        found = await uow.workers.by_nss(record.nss)
    assert found is not None and found.record.first_name == record.first_name


# --- workers ------------------------------------------------------------------------------


async def test_a_worker_is_found_by_nss_and_id_and_replaced_by_nss(make: Make) -> None:
    (first, second) = await workers(make)
    async with make() as uow:
        assert await uow.workers.by_id(first.id) == first
        assert await uow.workers.by_nss(second.record.nss) == second
        assert await uow.workers.by_nss("00000000000") is None
        assert await uow.workers.by_id("nobody") is None
        again = await uow.workers.put(replace(first.record, first_name="Nueva"), NOW)
        await uow.commit()
    assert again.id == first.id
    async with make() as uow:
        found = await uow.workers.by_id(first.id)
    assert found is not None and found.record.first_name == "Nueva"


# --- accounts -----------------------------------------------------------------------------


async def test_an_account_is_opened_pending_and_found_by_each_identifier(make: Make) -> None:
    (worker, _) = await workers(make)
    added = await account(make, worker)
    assert (added.status, added.password_hash, added.session_epoch, added.terms_at) == (
        AccountStatus.PENDING_PASSWORD, None, 0, None)
    async with make() as uow:
        assert await uow.accounts.by_id(added.id) == added
        assert await uow.accounts.by_worker(worker.id) == added
        assert await uow.accounts.by_email("ana@example.com") == added
        assert await uow.accounts.by_mobile("+525511112222") == added
        assert await uow.accounts.by_email("otra@example.com") is None


@pytest.mark.parametrize("taken", ["worker", "email", "mobile"])
async def test_a_second_account_for_a_taken_identifier_conflicts_and_rolls_back(
        make: Make, taken: str) -> None:
    (first, second) = await workers(make)
    await account(make, first)
    worker = first if taken == "worker" else second
    email = "ana@example.com" if taken == "email" else "luis@example.com"
    mobile = "+525511112222" if taken == "mobile" else "+525533334444"
    async with make() as uow:
        await uow.guards.put("written-before", Guard(3), NOW)
        with pytest.raises(AccountConflict):
            await uow.accounts.add(worker_id=worker.id, email=email, mobile=mobile,
                                   locale="es_MX", consent_at=NOW, now=NOW)
        assert await uow.guards.get("written-before") == Guard(), "the transaction is gone"


async def test_password_terms_locale_and_sessions_change_the_account(make: Make) -> None:
    (worker, _) = await workers(make)
    added = await account(make, worker)
    later = NOW + timedelta(minutes=5)
    async with make() as uow:
        await uow.accounts.set_password(added.id, "hash", later)
        pending = await uow.accounts.by_id(added.id)
        await uow.accounts.activate(added.id, later)
        await uow.accounts.set_locale(added.id, "en")
        assert await uow.accounts.end_sessions(added.id) == 1
        assert await uow.accounts.end_sessions(added.id) == 2
        await uow.commit()
    assert pending is not None and pending.status is AccountStatus.PENDING_TERMS
    async with make() as uow:
        found = await uow.accounts.by_id(added.id)
        with pytest.raises(LookupError):
            await uow.accounts.set_password("nobody", "hash", later)
    assert found is not None
    assert (found.status, found.password_hash, found.terms_at, found.locale,
            found.session_epoch) == (AccountStatus.ACTIVE, "hash", later, "en", 2)


async def test_a_contact_change_is_refused_when_another_account_holds_it(make: Make) -> None:
    (first, second) = await workers(make)
    ana = await account(make, first)
    luis = await account(make, second, "luis@example.com", "+525533334444")
    async with make() as uow:
        await uow.accounts.set_contact(ana.id, Medium.EMAIL, "ana.nueva@example.com")
        await uow.accounts.set_contact(ana.id, Medium.SMS, "+525599990000")
        await uow.commit()
    async with make() as uow:
        with pytest.raises(AccountConflict):
            await uow.accounts.set_contact(luis.id, Medium.EMAIL, "ana.nueva@example.com")
    async with make() as uow:
        moved = await uow.accounts.by_email("ana.nueva@example.com")
        assert await uow.accounts.by_mobile("+525599990000") == moved
        assert await uow.accounts.by_email("ana@example.com") is None
    assert moved is not None and moved.id == ana.id


async def test_chats_are_linked_counted_moved_and_go_with_the_account(make: Make) -> None:
    (first, second) = await workers(make)
    ana = await account(make, first)
    luis = await account(make, second, "luis@example.com", "+525533334444")
    telegram, whatsapp = ChatRef("telegram", "1"), ChatRef("whatsapp", "5215511112222")
    async with make() as uow:
        await uow.accounts.link_chat(ana.id, telegram, NOW)
        await uow.accounts.link_chat(ana.id, whatsapp, NOW)
        await uow.accounts.link_chat(ana.id, ChatRef("telegram", "2"), NOW)
        await uow.accounts.link_chat(luis.id, ChatRef("telegram", "9"), NOW)
        await uow.commit()
    async with make() as uow:
        assert await uow.accounts.chat_counts(ana.id) == (("telegram", 2), ("whatsapp", 1))
        assert await uow.accounts.is_linked(ana.id, telegram)
        assert not await uow.accounts.is_linked(luis.id, telegram)
        assert not await uow.accounts.move_chat(telegram, ChatRef("telegram", "9")), "taken"
        assert not await uow.accounts.move_chat(ChatRef("telegram", "404"), ChatRef("x", "1"))
        assert await uow.accounts.move_chat(whatsapp, ChatRef("whatsapp", "5215599990000"))
        await uow.accounts.link_chat(luis.id, telegram, NOW)  # the chat now logs in as Luis
        await uow.commit()
    async with make() as uow:
        assert await uow.accounts.is_linked(ana.id, ChatRef("whatsapp", "5215599990000"))
        assert not await uow.accounts.is_linked(ana.id, whatsapp)
        assert await uow.accounts.chat_counts(ana.id) == (("telegram", 1), ("whatsapp", 1))
        await uow.accounts.remove(ana.id)
        await uow.commit()
    async with make() as uow:
        assert await uow.accounts.by_id(ana.id) is None
        assert await uow.accounts.chat_counts(ana.id) == ()
        assert await uow.accounts.chat_counts(luis.id) == (("telegram", 2),)


# --- codes and guards -----------------------------------------------------------------------


async def add_code(uow: UnitOfWork, request_id: str, at: datetime, *, medium: Medium = Medium.SMS,
                   subject: str = "worker:1", address_hash: str = "a1", purpose: str = "register",
                   account_id: str | None = None) -> None:
    await uow.codes.add(request_id=request_id, purpose=purpose, medium=medium, subject=subject,
                        address_hash=address_hash, account_id=account_id,
                        code_hash="h" + request_id, now=at, expires_at=at + timedelta(minutes=10))


async def test_the_latest_code_of_a_request_and_medium_is_the_one_that_counts(
        make: Make) -> None:
    async with make() as uow:
        await add_code(uow, "r1", NOW)
        await add_code(uow, "r1", NOW + timedelta(minutes=1))
        await add_code(uow, "r1", NOW + timedelta(minutes=2), medium=Medium.EMAIL)
        await uow.commit()
    async with make() as uow:
        latest = await uow.codes.latest("r1", Medium.SMS)
        assert latest is not None and latest.created_at == NOW + timedelta(minutes=1)
        assert (latest.tries, latest.used_at, latest.code_hash) == (0, None, "hr1")
        assert await uow.codes.latest("r2", Medium.SMS) is None
        await uow.codes.record_try(latest.id)
        await uow.codes.record_try(latest.id)
        await uow.codes.mark_used(latest.id, NOW + timedelta(minutes=3))
        await uow.commit()
    async with make() as uow:
        used = await uow.codes.latest("r1", Medium.SMS)
    assert used is not None and (used.tries, used.used_at) == (2, NOW + timedelta(minutes=3))


async def test_codes_sent_are_counted_by_subject_address_and_purpose(make: Make) -> None:
    async with make() as uow:
        await add_code(uow, "r1", NOW - timedelta(hours=2))
        await add_code(uow, "r2", NOW - timedelta(minutes=30))
        await add_code(uow, "r3", NOW - timedelta(minutes=20), subject="worker:2")
        await add_code(uow, "r4", NOW - timedelta(minutes=10), purpose="reset")
        await add_code(uow, "r5", NOW - timedelta(minutes=5), medium=Medium.EMAIL)
        await uow.commit()
    since = NOW - timedelta(hours=1)
    async with make() as uow:
        assert await uow.codes.sent_since(since=since, medium=Medium.SMS) == (
            3, NOW - timedelta(minutes=30))
        assert await uow.codes.sent_since(since=since, medium=Medium.SMS,
                                          subject="worker:1") == (2, NOW - timedelta(minutes=30))
        assert await uow.codes.sent_since(since=since, medium=Medium.SMS, address_hash="a1",
                                          purpose="reset") == (1, NOW - timedelta(minutes=10))
        assert await uow.codes.sent_since(since=NOW, medium=Medium.SMS) == (0, None)


async def test_retired_codes_expire_now_and_forgotten_ones_are_gone(make: Make) -> None:
    async with make() as uow:
        await add_code(uow, "r1", NOW - timedelta(minutes=1), account_id="acc-1")
        await add_code(uow, "r9", NOW - timedelta(minutes=1), account_id="acc-2")
        await uow.codes.retire("r1", Medium.SMS, NOW)
        await uow.commit()
    async with make() as uow:
        retired = await uow.codes.latest("r1", Medium.SMS)
        assert retired is not None and retired.expires_at == NOW
        await uow.codes.forget_account("acc-1")
        await uow.commit()
    async with make() as uow:
        assert await uow.codes.latest("r1", Medium.SMS) is None
        assert await uow.codes.latest("r9", Medium.SMS) is not None


async def test_a_guard_counts_attempts_locks_refunds_and_clears(make: Make) -> None:
    rule = GuardRule(3, timedelta(minutes=15))
    async with make() as uow:
        assert await uow.guards.get("login:x") == Guard()
        await uow.guards.serialize(NOW, "login:x", "login:y")
        assert await uow.guards.get("login:x") == Guard()
        outcomes = [await uow.guards.attempt("login:x", NOW, rule) for _ in range(4)]
        await uow.commit()
    assert [allowed for _, allowed in outcomes] == [True, True, True, False]
    locked = Guard(0, NOW + timedelta(minutes=15), 1)
    assert outcomes[2][0] == locked
    async with make() as uow:
        assert await uow.guards.get("login:x") == locked
        await uow.guards.refund("login:x", NOW, rule)
        assert await uow.guards.get("login:x") == Guard(2, None, 0)
        await uow.guards.put("login:y", Guard(1), NOW)
        await uow.guards.clear("login:x", NOW)
        await uow.commit()
    async with make() as uow:
        assert await uow.guards.get("login:x") == Guard()
        assert await uow.guards.get("login:y") == Guard(1)


# --- appointments ---------------------------------------------------------------------------


async def book(uow: UnitOfWork, worker: StoredWorker, folio: str, at: datetime, *,
               procedure: str = "retiro", account_id: str | None = None, desks: int = 2,
               most: int = 3) -> AppointmentStatus:
    booked = await uow.appointments.book(
        worker_id=worker.id, account_id=account_id, centre_id="c1", procedure=procedure,
        starts_at=at, desks=desks, folio=folio, now=NOW, most=most)
    assert (booked.folio, booked.worker_id, booked.starts_at) == (folio, worker.id, at)
    return booked.status


async def test_a_slot_has_as_many_bookings_as_desks(make: Make) -> None:
    first, second, third = await workers(make, 3)
    at = NOW + timedelta(days=1)
    async with make() as uow:
        assert await book(uow, first, "F1", at) is AppointmentStatus.BOOKED
        await book(uow, second, "F2", at)
        with pytest.raises(SlotFull):
            await book(uow, third, "F3", at)
        await uow.commit()
    async with make() as uow:
        assert await uow.appointments.booked_counts("c1", at, at + timedelta(hours=1)) == {at: 2}
        assert await uow.appointments.booked_counts("c1", NOW, at) == {}
        cancelled = await uow.appointments.cancel(first.id, "F1", NOW)
        assert cancelled is not None and cancelled.status is AppointmentStatus.CANCELLED
        assert await uow.appointments.cancel(first.id, "F1", NOW) is None, "only once"
        assert await uow.appointments.cancel(first.id, "F2", NOW) is None, "not theirs"
        await book(uow, third, "F3", at)  # the desk given back
        await uow.commit()
    async with make() as uow:
        found = await uow.appointments.by_id(cancelled.id)
    assert found == cancelled


async def test_a_worker_holds_one_per_procedure_and_a_most_in_all(make: Make) -> None:
    (worker, _) = await workers(make)
    ana = await account(make, worker)
    day = NOW + timedelta(days=1)
    async with make() as uow:
        await book(uow, worker, "F1", day + timedelta(hours=2), account_id=ana.id)
        await book(uow, worker, "F2", day, procedure="credito")
        with pytest.raises(SameProcedure) as same:
            await book(uow, worker, "F3", day + timedelta(hours=4))
        assert same.value.folio == "F1"
        with pytest.raises(TooMany):
            await book(uow, worker, "F4", day + timedelta(hours=4), procedure="otro", most=2)
        await uow.commit()
    async with make() as uow:
        mine = await uow.appointments.upcoming_of_worker(worker.id, NOW)
        assert [a.folio for a in mine] == ["F2", "F1"], "soonest first"
        assert [a.folio for a in await uow.appointments.upcoming(ana.id, NOW)] == ["F1"]
        assert await uow.appointments.upcoming_of_worker(worker.id, day + timedelta(hours=3)) \
            == []
        await uow.accounts.remove(ana.id)
        await uow.commit()
    async with make() as uow:
        left = await uow.appointments.upcoming_of_worker(worker.id, NOW)
    assert [a.folio for a in left] == ["F2"], "the account's appointments go with it"


# --- staff, audit, transcripts --------------------------------------------------------------


async def test_staff_credentials_and_totp_steps_that_only_go_forward(make: Make) -> None:
    async with make() as uow:
        staff = await uow.staff.add(email="agente@example.com", role=StaffRole.AGENT,
                                    password_hash="hash", totp_secret="SECRET", now=NOW)
        await uow.commit()
    async with make() as uow:
        assert await uow.staff.by_email("agente@example.com") == staff
        assert await uow.staff.by_id(staff.id) == staff
        assert await uow.staff.by_email("otro@example.com") is None
        assert await uow.staff.credentials("agente@example.com") == (staff, "hash", "SECRET")
        assert await uow.staff.credentials("otro@example.com") is None
        assert await uow.staff.use_totp_step(staff.id, 100)
        assert not await uow.staff.use_totp_step(staff.id, 100), "a step is used once"
        assert not await uow.staff.use_totp_step(staff.id, 99)
        assert await uow.staff.use_totp_step(staff.id, 101)
        await uow.commit()


async def test_the_audit_log_reads_newest_first(make: Make) -> None:
    async with make() as uow:
        await uow.audit.add("login_failed", "login:" + "x" * 120, NOW, {"channel": "telegram"})
        await uow.audit.add("code_failed", "request:1", NOW, {"medium": "sms", "left": 2})
        await uow.audit.add("login_failed", "login:y", NOW, {})
        await uow.commit()
    async with make() as uow:
        entries = await uow.audit.recent()
        failed = await uow.audit.recent("login_failed")
        assert len(await uow.audit.recent(limit=1)) == 1
    assert [e.subject for e in entries] == ["login:y", "request:1", "login:" + "x" * 94]
    assert entries[1].detail == {"left": 2, "medium": "sms"}
    assert [e.subject for e in failed] == ["login:y", "login:" + "x" * 94]


async def test_transcripts_are_kept_in_order_and_purged_by_age(make: Make) -> None:
    def entry(conversation: str, text: str, minutes: int) -> TranscriptEntry:
        return TranscriptEntry(conversation, "telegram", "in", text,
                               NOW - timedelta(minutes=minutes))

    async with make() as uow:
        await uow.transcripts.append([entry("c1", "hola", 30), entry("c2", "hi", 20)])
        await uow.transcripts.append([])
        await uow.transcripts.append([entry("c1", "menú", 10)])
        await uow.commit()
    async with make() as uow:
        assert [e.text for e in await uow.transcripts.of("c1")] == ["hola", "menú"]
        assert await uow.transcripts.purge_before(NOW - timedelta(minutes=15)) == 2
        await uow.commit()
    async with make() as uow:
        assert [e.text for e in await uow.transcripts.of("c1")] == ["menú"]
        assert await uow.transcripts.of("c2") == []


async def test_a_conversations_transcript_moves_to_its_new_key(make: Make) -> None:
    async with make() as uow:
        await uow.transcripts.append([
            TranscriptEntry("old", "whatsapp", "in", "hola", NOW - timedelta(minutes=2)),
            TranscriptEntry("other", "whatsapp", "in", "hi", NOW - timedelta(minutes=1)),
            TranscriptEntry("old", "whatsapp", "out", "menú", NOW)])
        await uow.commit()
    async with make() as uow:
        assert await uow.transcripts.move("old", "new") == 2
        await uow.commit()
    async with make() as uow:
        assert [e.text for e in await uow.transcripts.of("new")] == ["hola", "menú"]
        assert await uow.transcripts.of("old") == []
        assert [e.text for e in await uow.transcripts.of("other")] == ["hi"]
