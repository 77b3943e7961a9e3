"""Masking sees what the parsers see (issue 13, item 2). The identifier parsers accept any
run of spaces, dashes of every kind, dots and invisible characters between the characters
of an NSS, CURP, RFC or phone, and NFKC forms (full-width digits); the masking used to know
one ASCII separator. A Hypothesis property generates identifiers decorated with every
separator a parser accepts (checked by parsing them) and checks that none survives
masking; then the issue's three examples go through the real engine and are read back
from the transcripts table and the console."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain.demo import DEMO_ACCOUNTS
from domain.identifiers import compact, parse_curp, parse_mobile, parse_nss, parse_rfc
from domain.identifiers.errors import InvalidIdentifier
from domain.persistence.models import TranscriptRow
from domain.security.masking import mask_figures, mask_text, normalise
from tests.integration.console.conftest import Member, log_in
from tests.support.world import World

SEPARATORS = ["", "", " ", "  ", "-", "\u2013", "\u2014", "\u2011", "\u2212", ".", "\u00b7",
              "\u200b", "\u200e", "\u2060", "\ufeff", "\u00a0", "\u3000", "\t", " - ", "\n"]
"""Every kind the parsers drop (checked below by parsing each generated value)."""
PEOPLE = [
    ("03119283525", "LOHF920417MJCPRR04", "LOHF920417K25"),
    ("39927344638", "RATL730902HDFMRS01", "RATL730902T7A"),
    ("31876846093", "SAFC680621MVZNLR06", "SAFC680621M31"),
    ("24806184214", "VAMR610214HSLZRB07", "VAMR610214X26"),
]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def decorated(draw: st.DrawFn, value: str) -> str:
    chars = [c.translate(FULL_WIDTH) if draw(st.booleans()) and c.isdigit() else c
             for c in (value.lower() if draw(st.booleans()) else value)]
    return "".join(c + draw(st.sampled_from(SEPARATORS)) for c in chars[:-1]) + chars[-1]


KINDS = {"nss": parse_nss, "curp": parse_curp, "rfc": parse_rfc, "mobile": parse_mobile}


@st.composite
def identifier(draw: st.DrawFn) -> tuple[str, str, str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    if kind == "mobile":
        value = "55" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=8,
                                             max_size=8)))
    else:
        value = draw(st.sampled_from(PEOPLE))[["nss", "curp", "rfc"].index(kind)]
    return kind, value, draw(decorated(value))


@settings(max_examples=400, deadline=None)
@given(identifier(), st.sampled_from(["", "mi dato es ", "es el ", "NSS: "]),
       st.sampled_from(["", " gracias", ".", "\nya"]))
def test_no_identifier_a_parser_accepts_survives_masking(
        found: tuple[str, str, str], before: str, after: str) -> None:
    kind, value, typed = found
    try:
        KINDS[kind](typed)
    except InvalidIdentifier:
        assume(False)
    masked = compact(mask_text(before + typed + after)).upper()
    assert value.upper() not in masked, (typed, mask_text(before + typed + after))
    assert value[:-4].upper() not in masked.replace(value[-4:].upper(), ""), "only 4 shown"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([a["email"] for a in DEMO_ACCOUNTS]),
       st.sampled_from(["@", " @ ", "  @", "\u200b@\u200b", "\uff20"]),
       st.booleans())
def test_no_email_survives_masking(email: str, at: str, upper: bool) -> None:
    local, _, domain = email.partition("@")
    typed = (local + at + domain).upper() if upper else local + at + domain
    masked = mask_text("mi correo es " + typed)
    assert local[1:].lower() not in masked.lower(), masked


def test_normalising_keeps_the_layout() -> None:
    assert normalise("Hola,\n\n1. Registro\u200b  2.\u2013 Ayuda") == (
        "Hola,\n\n1. Registro 2.- Ayuda")


def test_figures_in_the_bots_replies_are_hidden() -> None:
    assert mask_figures("Tu saldo es de $123,456.78 y tienes 58 años.") == (
        "Tu saldo es de $*** y tienes ** años.")
    assert mask_figures("Salario diario: 450.50 pesos") == "Salario diario: ***"
    assert mask_figures("1. Mis puntos\n2. Ayuda") == "1. Mis puntos\n2. Ayuda"


ISSUE_EXAMPLES = ["0311\u20139283\u2013525", "3187  6846  093", "roberto.vazquez @ example.com"]


async def test_the_issues_examples_are_masked_in_transcripts_and_on_the_console(
        world: World, web: TestClient, staff: dict[str, Member]) -> None:
    chat = world.chat("5215500005001")
    await chat.send("hola")
    for text in ISSUE_EXAMPLES:
        await chat.send(f"mi dato es {text}")
    await chat.send("asesor")
    await world.container.transcripts.flush()
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        kept = "\n".join(await uow.session.scalars(select(TranscriptRow.text)))
    csrf = await log_in(web, staff["ana"], world)
    assert csrf
    [entry] = await world.container.services.handoff.waiting()
    shown = "\n".join(row["text"] for row in await (await web.get(
        f"/console/c/{entry.id}/messages")).json())
    for where in (kept, shown):
        flat = re.sub(r"\W", "", normalise(where))
        for secret in ("03119283525", "31876846093", "robertovazquez", "obertovazquez"):
            assert secret not in flat, (secret, where[-400:])
