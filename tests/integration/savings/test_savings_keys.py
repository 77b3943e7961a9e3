"""The catalog keys the savings flows build at run time exist in both locales (the static
ones are checked by tests/unit/test_catalogs.py), and the demo accounts are there to try them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.i18n.catalogs import LOCALES_DIR, Catalogs
from domain.demo import DEMO_ACCOUNT, DEMO_ACCOUNTS, PERSONAS, seed_demo
from domain.persistence.database import Database
from domain.reference import default_reference
from domain.savings.points.unavailable import PointsUnavailable
from domain.savings.records import MovementKind, WorkerType
from domain.savings.statement import FUND_1972_1992, FUND_1992_1997
from domain.security.crypto import Keyring
from tests.conftest import TEST_SECRET

CATALOGS = Catalogs.load()


def dynamic_keys() -> set[str]:
    keys = {f"savings_flow.months.{number}" for number in range(1, 7)}
    keys |= {f"savings_flow.worker_type.{kind.value}" for kind in WorkerType}
    keys |= {cls.key for cls in PointsUnavailable.__subclasses__()}
    keys |= {cls.key.replace("points.unavailable.", "points_flow.todo.")
             for cls in PointsUnavailable.__subclasses__()}
    keys |= {f"movement.{kind.value}" for kind in MovementKind}
    keys |= {FUND_1972_1992, FUND_1992_1997}
    for year in default_reference().years.values():
        keys |= {f"points.threshold_name.{tid}" for tid in year.points.thresholds}
        keys |= {f"points.component.{c.key}" for c in year.points.configured}
    return keys


def test_every_key_built_at_run_time_is_in_both_catalogs() -> None:
    for locale, messages in CATALOGS.messages.items():
        missing = sorted(dynamic_keys() - set(messages))
        assert not missing, f"{locale} lacks {missing}"


def test_every_assumption_in_the_reference_data_has_a_sentence() -> None:
    data = LOCALES_DIR.parent / "domain" / "reference" / "data"
    used = set()
    for path in data.glob("*.json"):
        used |= set(re.findall(r'"(assumption\.[a-z0-9_]+)"', path.read_text()))
    assert used
    for locale, messages in CATALOGS.messages.items():
        assert not sorted(used - set(messages)), locale


def test_demo_movements_use_catalog_keys() -> None:
    from domain.demo import demo_records

    keys = {m.description_key for _, record in demo_records(datetime(2026, 11, 28).date())
            for m in record.movements}
    assert keys <= set(CATALOGS.messages["es_MX"]), keys


async def test_seed_prints_every_demo_account(database: Database) -> None:
    identities = await seed_demo(database.unit_of_work(Keyring(TEST_SECRET)),
                                 datetime(2026, 11, 28, 18, tzinfo=UTC))
    by_case = {identity["case"]: identity for identity in identities}
    assert DEMO_ACCOUNTS[0] is DEMO_ACCOUNT, "Carmen stays the first, as she was"
    for demo in DEMO_ACCOUNTS:
        shown = by_case[demo["case"]]
        assert {k: shown[k] for k in ("email", "mobile", "password")} == {
            k: demo[k] for k in ("email", "mobile", "password")}
    cases = {p.case for p in PERSONAS}
    assert {demo["case"] for demo in DEMO_ACCOUNTS} <= cases
    assert len({demo["email"] for demo in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)
    assert not by_case["no_active_relationship"]["relationship_active"]
    assert by_case["with_credit"]["credit"] is not None


LIST_ROW, REPLY_BUTTON = 24, 20  # WhatsApp's limits (CHANNELS.md): longer titles get cut
IN_LISTS = ("statement_flow.balance_option", "statement_flow.this_year",
            "statement_flow.last_year", "statement_flow.other_year",
            "statement_flow.by_bimesters", "points_flow.scheme.in_force",
            "points_flow.precalify", "points_flow.see_statement", "points_flow.other_scheme",
            "precal_flow.change_term", "precal_flow.add_co_borrower",
            "precal_flow.change_co_borrower", "precal_flow.remove_co_borrower",
            "precal_flow.restart", "answer.points.how", "answer.points.assumptions",
            "answer.contributions.see", "answer.contributions.older",
            "answer.contributions.back", "answer.precal.details")
AS_BUTTONS = ("precal_flow.mine", "precal_flow.mine_log_in", "precal_flow.simulator",
              "precal_flow.woman", "precal_flow.man", "precal_flow.balance_unknown",
              "statement_flow.email", "statement_flow.another", "points_flow.see_statement",
              "precal_flow.change_term", "precal_flow.add_co_borrower", "precal_flow.restart",
              "answer.contributions.older", "answer.contributions.back",
              "answer.precal.details")


def test_option_labels_fit_whatsapp_without_being_cut() -> None:
    thresholds = {f"answer.scheme.{tid}" for year in default_reference().years.values()
                  for tid in year.points.thresholds}
    for locale, messages in CATALOGS.messages.items():
        for key, limit in [*((k, LIST_ROW) for k in (*IN_LISTS, *thresholds)),
                           *((k, REPLY_BUTTON) for k in AS_BUTTONS)]:
            label = messages[key].format(year=2026)
            assert len(label) <= limit, (locale, key, label)
