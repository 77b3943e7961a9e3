"""Choosing the state and the centre on a phone: typed names (short, no accents, typos, a
city, in a sentence), a state without a sourced centre, changing one's mind at the centre
step, and the lists within WhatsApp's limits (10 rows; more are paged)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.channels.whatsapp.render import LIST_ROWS, ROW_TITLE, render_whatsapp
from bot.conversation.messages import Reply
from domain.appointments.centres import load_centres
from tests.integration.appointments.test_appointments_flow import ASK_STATE, STATES_ES
from tests.support.chat import ChatUser
from tests.support.savings import logged_in
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
                            "CESI Guadalupe"]
    await chat.send("apodaka")  # a city, with a typo
    assert chat.last[0].text == ("Centro de Servicio: CESI Apodaca (Carretera Miguel Alemán "
                                 "120, Fracc. Industrial Milimex, Apodaca, N.L.).")
    assert chat.last[-1].text == ASK_DAY


@pytest.mark.parametrize(("typed", "centre"), [
    ("cdmx", "CESI Ciudad de México Balderas"),
    ("jalsico", "CESI Guadalajara"),
    ("vivo en merida", "CESI Mérida"),
])
async def test_short_names_typos_and_cities_reach_a_centre(world: World, typed: str,
                                                           centre: str) -> None:
    chat = await _at_state(world, "5215500000802")
    await chat.send(typed)
    assert centre in chat.last[0].text
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
    await chat.send("jalisco")
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


async def test_a_recent_address_has_no_warning(world: World) -> None:
    chat = await _at_state(world, "5215500000809")
    await chat.send("jalisco")
    assert DATED not in chat.text


async def test_a_state_with_no_recent_source_is_reached_by_its_city(world: World) -> None:
    chat = await _at_state(world, "5215500000810")
    await chat.send("vivo en culiacan")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Culiacán (Blvd Lola Beltran")
    assert chat.last[-1].text == ASK_DAY


async def test_changing_one_s_mind_at_the_centre_step(world: World) -> None:
    chat = await _at_state(world, "5215500000804")
    await chat.press("Baja California")
    assert chat.options == ["CESI Tijuana Plaza Monarca", "CESI Mexicali"]
    await chat.send("mejor en queretaro")
    assert chat.text == ASK_CENTRE
    assert chat.options == ["CESI Querétaro", "CESI San Juan del Río"]


async def test_in_english_a_city_is_found_too(world: World) -> None:
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000805")
    await chat.press("Appointments")
    await chat.press("Payment agreement")
    await chat.send("I live in mexico city")
    assert chat.last[0].text.startswith("In that state the Service Centre is CESI Ciudad de "
                                        "México Balderas")


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
