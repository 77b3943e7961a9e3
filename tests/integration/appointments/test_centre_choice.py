"""Choosing the state and the centre on a phone: typed names (short, no accents, typos, a
city, in a sentence), a state without a sourced centre, changing one's mind at the centre
step, and the lists within WhatsApp's limits (10 rows; more are paged)."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.channels.whatsapp.render import LIST_ROWS, ROW_TITLE, render_whatsapp
from bot.conversation.messages import Reply
from domain.appointments.centres import load_centres
from tests.integration.appointments.test_appointments_flow import (
    ASK_STATE,
    STATES_ES,
    at,
    plain,
)
from tests.support.chat import ChatUser
from tests.support.savings import account, logged_in
from tests.support.world import World
from tests.unit.domain.test_centres import DATA

ASK_CENTRE = "¿En qué Centro de Servicio? Elige de la lista o escribe tu ciudad."
ASK_DAY = "¿Qué día? Estos tienen horarios libres:"


async def _at_state(world: World, user_id: str) -> ChatUser:
    chat = await logged_in(world, "with_credit", user_id=user_id)
    await chat.press("Citas")
    await chat.press("Convenio de pago")
    assert chat.text == ASK_STATE
    return chat


def _rows(reply: Reply, page: int = 0) -> list[dict[str, Any]]:
    *_, call = render_whatsapp(reply, "+5215512345678", page=page, more_label="Más opciones",
                               list_label_default="Opciones")
    interactive = call.payload["interactive"]
    assert interactive["type"] == "list"
    return interactive["action"]["sections"][0]["rows"]  # type: ignore[no-any-return]


async def test_a_state_typed_in_lower_case_without_accents_lists_its_centres(
        world: World) -> None:
    chat = await _at_state(world, "5215500000801")
    await chat.send("nuevo leon")
    assert chat.text == ASK_CENTRE
    assert chat.options == ["CESI Monterrey Centro", "CESI Apodaca", "CESI García",
                            "CESI Guadalupe", "CESI San Nicolás"]
    await chat.send("apodaka")  # a city, with a typo
    assert chat.last[0].text == ("Centro de Servicio: CESI Apodaca (Carretera Miguel Alemán "
                                 "120, Fracc. Industrial Milimex, Apodaca, N.L.).")
    assert chat.last[-1].text == ASK_DAY


@pytest.mark.parametrize(("typed", "centre"), [
    ("yucatan", "CESI Mérida"),  # a state with one centre
    ("guadalajra", "CESI Guadalajara"),
    ("vivo en merida", "CESI Mérida"),
    ("en iztapalapa", "CESI Ermita"),  # a Mexico City centre by its alcaldía
    ("morelia", "CESI Morelia"),
])
async def test_short_names_typos_and_cities_reach_a_centre(world: World, typed: str,
                                                           centre: str) -> None:
    chat = await _at_state(world, "5215500000802")
    await chat.send(typed)
    assert centre in chat.last[0].text
    assert chat.last[-1].text == ASK_DAY


@pytest.mark.parametrize(("typed", "centres"), [
    ("cdmx", ["CESI Ciudad de México Balderas", "CESI Barranca del Muerto", "CESI Tabacalera",
              "CESI Coapa", "CESI Ermita", "CESI La Viga", "CESI Vallejo"]),
    ("jalsico", ["CESI Guadalajara", "CESI Puerto Vallarta"]),
    ("michoacan", ["CESI Lázaro Cárdenas", "CESI Morelia", "CESI Uruapan", "CESI Zamora"]),
])
async def test_a_state_with_several_centres_lists_them(world: World, typed: str,
                                                       centres: list[str]) -> None:
    chat = await _at_state(world, "5215500000811")
    await chat.send(typed)
    assert chat.text == ASK_CENTRE
    assert chat.options == centres


async def test_a_mexico_city_centre_is_typed_by_its_alcaldia_at_the_centre_step(
        world: World) -> None:
    chat = await _at_state(world, "5215500000812")
    await chat.send("cdmx")
    await chat.send("la de tlalpan")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Coapa (Av Prol Division del "
                                        "Norte 4541")
    assert chat.last[-1].text == ASK_DAY


async def test_a_state_without_a_sourced_centre_is_named_with_infonatel(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every state has a centre in the shipped file; a file without one for a state (here
    Estado de México taken out) names it with Infonatel's number instead of "not found"."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    raw["centres"] = [c for c in raw["centres"] if c["state_code"] != "MC"]
    path = tmp_path / "centres.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(world.container.services.appointments, "centres", load_centres(path))
    chat = await _at_state(world, "5215500000803")
    await chat.send("edomex")
    assert chat.last[0].text == ("Todavía no tenemos la dirección de un Centro de Servicio en "
                                 "Estado de México. Para agendar ahí llama gratis a Infonatel "
                                 "al 800 008 3900, o elige otro estado.")
    assert chat.last[-1].text == ASK_STATE, "the worker stays at the state step"
    await chat.send("no se")
    assert chat.last[0].text.startswith("No encontré ese estado ni esa ciudad.")
    await chat.send("yucatan")
    assert chat.last[-1].text == ASK_DAY


DATED = ("Ojo: esta dirección viene de una fuente de 2010 y pudo cambiar. Antes de ir, "
         "confírmala gratis en Infonatel: 800 008 3900.")


async def test_an_old_address_is_said_with_its_year_and_infonatel(world: World) -> None:
    """A state whose only source is the 2010 table: its centres are offered, and the worker
    is told the address is from 2010 when choosing it and again at the confirmation."""
    chat = await _at_state(world, "5215500000808")
    await chat.send("edomex")
    assert chat.text == ASK_CENTRE
    assert chat.options == ["CESI Cuautitlán Izcalli", "CESI Tlalnepantla", "CESI Toluca"]
    await chat.send("toluca")
    assert [r.text for r in chat.last] == [
        "Centro de Servicio: CESI Toluca (Av Independencia Ote 620, esq. Josefa Ortiz Dominguez, "
        "Col. Santa Clara, C.P. 50060, Toluca, Méx.).", DATED, ASK_DAY]
    await chat.press(chat.options[0])
    await chat.press(chat.options[0])
    assert DATED in [r.text for r in chat.last]
    assert chat.options[0] == "Confirmar la cita"


async def _upcoming(world: World, case: str) -> list[tuple[str, datetime]]:
    holder = await world.container.services.appointments.holder(await _account_id(world, case))
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        return [(a.centre_id, a.starts_at)
                for a in await uow.appointments.upcoming_of_worker(holder.worker_id,
                                                                   world.clock())]


async def _account_id(world: World, case: str) -> str:
    async with world.container.database.unit_of_work(world.container.keyring) as uow:
        found = await uow.accounts.by_email(account(case)["email"])
    assert found is not None
    return found.id


async def test_a_centre_added_from_the_2010_table_is_booked_to_the_end(world: World) -> None:
    """Morelia (Michoacán's second centre, from the 2010 table): found by its city, the old
    address said with its year at the choice and at the confirmation, booked, e-mailed."""
    chat = await _at_state(world, "5215500000813")
    await chat.send("en morelia")
    assert [r.text for r in chat.last] == [
        "Centro de Servicio: CESI Morelia (Siervo de la Nacion 2000, esq. Libramiento Pte, "
        "Fracc. Libertad, C.P. 58170, Morelia, Mich.).", DATED, ASK_DAY]
    await chat.press("lun 30 de nov")
    await chat.press(at("10:00 a.m."))
    assert plain(chat.last[0].text).startswith("Tu cita: Convenio de pago\nCESI Morelia")
    assert DATED in [r.text for r in chat.last]
    await chat.press("Confirmar la cita")
    assert chat.last[0].text.startswith("Listo, tu cita quedó agendada. Folio: ")
    assert "CESI Morelia" in chat.last[0].text
    assert await _upcoming(world, "with_credit") == [
        ("morelia", datetime(2026, 11, 30, 16, 0, tzinfo=UTC))], "10:00 in Mexico City's zone"
    booked = await _mail(world, "Tu cita en el Infonavit quedó agendada")
    assert "CESI Morelia" in booked.text
    assert DATED in plain(booked.text), "the e-mail the worker takes along warns too"
    assert DATED in plain(html.unescape(booked.html))
    world.clock.advance(hours=28)  # Sunday 16:00 in Mexico City: the reminder is due
    assert await world.container.timers.fire_due() == 1
    reminder = await _mail(world, "Recordatorio: mañana es tu cita en el Infonavit")
    assert DATED in plain(reminder.text) and DATED in plain(html.unescape(reminder.html))


async def _mail(world: World, subject: str) -> Any:
    mails = await world.emails_to(account("with_credit")["email"])
    return next(m for m in mails if m.subject == subject)


async def test_ciudad_juarez_in_english_is_booked_in_its_own_zone(world: World) -> None:
    """Ciudad Juárez (from the 2010 table) keeps the US daylight-saving dates: in November it
    is UTC-7, an hour behind Chihuahua city's UTC-6."""
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000814")
    await chat.press("Appointments")
    await chat.press("Payment agreement")
    await chat.send("ciudad juarez")
    assert [r.text for r in chat.last] == [
        "Service Centre: CESI Ciudad Juárez (Av Teofilo Borunda 7387, Col. Acequias, "
        "C.P. 32612, Ciudad Juárez, Chih.).",
        "Note: this address comes from a 2010 source and may have changed. Before you go, "
        "confirm it for free with Infonatel: 800 008 3900.",
        "Which day? These have free times:"]
    await chat.press("Mon, Nov 30")
    assert chat.options[0] == at("8:30 AM")
    await chat.press(at("8:30 AM"))
    assert "November 30, 2026 at 8:30 AM, local time" in plain(chat.last[0].text)
    await chat.press("Confirm it")
    assert chat.last[0].text.startswith("Done, your appointment is booked. Folio: ")
    assert await _upcoming(world, "with_credit") == [
        ("ciudad-juarez", datetime(2026, 11, 30, 15, 30, tzinfo=UTC))]


async def test_a_recent_address_has_no_warning(world: World) -> None:
    chat = await _at_state(world, "5215500000809")
    await chat.send("jalisco")
    assert DATED not in chat.text
    while not chat.text.startswith("¿A qué hora, el "):
        await chat.press(chat.options[0])  # the centre if asked, then the first day
    await chat.press(chat.options[0])
    assert "Ojo" not in " ".join(r.text for r in chat.last)
    await chat.press("Confirmar la cita")
    booked = await _mail(world, "Tu cita en el Infonavit quedó agendada")
    assert "Guadalajara" in booked.text and "Ojo" not in booked.text
    assert "Ojo" not in booked.html


async def test_a_state_with_no_recent_source_is_reached_by_its_city(world: World) -> None:
    chat = await _at_state(world, "5215500000810")
    await chat.send("vivo en culiacan")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Culiacán (Blvd Lola Beltran")
    assert chat.last[-1].text == ASK_DAY


async def test_changing_one_s_mind_at_the_centre_step(world: World) -> None:
    chat = await _at_state(world, "5215500000804")
    await chat.press("Baja California")
    assert chat.options == ["CESI Tijuana Plaza Monarca", "CESI Mexicali", "CESI Ensenada"]
    await chat.send("mejor en queretaro")
    assert chat.text == ASK_CENTRE
    assert chat.options == ["CESI Querétaro", "CESI San Juan del Río"]


async def test_in_english_a_city_is_found_too(world: World) -> None:
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000805")
    await chat.press("Appointments")
    await chat.press("Payment agreement")
    await chat.send("I live in mexico city")
    assert chat.text == "At which Service Centre? Choose from the list or type your city."
    assert chat.options[0] == "CESI Ciudad de México Balderas"
    await chat.send("in the state of yucatan")
    assert chat.last[0].text.startswith("In that state the Service Centre is CESI Mérida")


async def test_the_states_are_paged_on_whatsapp_and_a_later_one_can_be_typed(
        world: World) -> None:
    chat = await _at_state(world, "5215500000806")
    first, second = _rows(chat.last[-1], page=0), _rows(chat.last[-1], page=1)
    assert [row["title"] for row in first] == [*STATES_ES[:9], "Más opciones"]
    assert [row["title"] for row in second][:9] == STATES_ES[9:18]
    assert all(len(rows) <= LIST_ROWS for rows in (first, second))
    assert all(len(row["title"]) <= ROW_TITLE for row in first + second)
    await chat.send("yucatan")  # on the second page
    assert chat.last[0].text.startswith("En ese estado el Centro de Servicio es CESI Mérida")


async def test_many_centres_in_a_state_are_paged_and_any_can_be_typed(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A state with 23 centres (test data, not real ones): the WhatsApp list shows 9 and a
    "more" row per page; a centre on the last page can be typed by its city."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    template = next(c for c in raw["centres"] if c["id"] == "qro-san-pablo")
    raw["centres"] += [dict(template, id=f"test-{n}", name=f"CESI Prueba {n}",
                            city=f"Pueblo {chr(65 + n)}{chr(65 + n)}ville",
                            address=f"Calle {n}, Pueblo {chr(65 + n)}{chr(65 + n)}ville")
                       for n in range(21)]
    path = tmp_path / "centres.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(world.container.services.appointments, "centres", load_centres(path))
    chat = await _at_state(world, "5215500000807")
    await chat.press("Querétaro")
    assert len(chat.options) == 23
    first, last = _rows(chat.last[-1], page=0), _rows(chat.last[-1], page=2)
    assert len(first) == LIST_ROWS and first[-1]["title"] == "Más opciones"
    assert [row["title"] for row in last][:5] == ["CESI Prueba 16", "CESI Prueba 17",
                                                  "CESI Prueba 18", "CESI Prueba 19",
                                                  "CESI Prueba 20"]
    assert len(last) <= LIST_ROWS
    await chat.send("pueblo uuville")  # n = 20, on the last page
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Prueba 20 (")
    assert chat.last[-1].text == ASK_DAY


async def test_a_neighbourhood_or_a_municipality_at_the_centres_says_what_to_do(
        world: World) -> None:
    """At the centres, «mejor el de otra colonia» got «No encontré ese estado ni esa
    ciudad… escribe tu estado», and «vivo en neza» the list of another state without a
    word (or, at its own state, «…o escribe tu alcaldía o municipio», just written)."""
    chat = await _at_state(world, "5215500000848")
    await chat.send("cdmx")
    await chat.send("mejor el de otra colonia")
    assert chat.last[0].text.startswith(
        "No encontré ese lugar entre los centros de Ciudad de México."), chat.text
    assert "escribe tu alcaldía o municipio" in chat.last[0].text
    assert chat.text.endswith(ASK_CENTRE)
    await chat.send("vivo en neza")
    assert chat.last[0].text.startswith(
        "Ahí no hay un Centro de Servicio: está en Estado de México"), chat.text
    assert "CESI Toluca" in chat.options
    await chat.send("en nezahualcoyotl")
    assert chat.last[0].text.startswith("Ahí no hay un Centro de Servicio. Estos son los de "
                                        "Estado de México"), chat.text
