"""When and where as people write them on WhatsApp: a city's nickname or the city next
door («gdl», «zapopan», «ecatepec»), the day and part of the day said before they are asked
(«en gdl el lunes en la tarde», «el martes temprano» at the centre step) and kept, and the
time as a part of the day («en la tarde», «lo más temprano que haya»)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.appointments.centres import default_centres
from domain.appointments.slots import closed_because
from tests.integration.appointments.test_centre_choice import ASK_CENTRE, ASK_DAY, _at_state
from tests.support.savings import account, log_in, logged_in, today
from tests.support.world import World

AFTERNOON = "Estos son los horarios de la tarde del "
MORNING = "Estos son los horarios de la mañana del "


MONTHS = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre").split()


def weekday_said(said: list[str]) -> int:
    """The weekday of the day taken («Para el 7 de diciembre de 2026.»)."""
    line = next(text for text in said if text.startswith("Para el "))
    day, _, month, _, year = line.removeprefix("Para el ").rstrip(".").split()
    return date(int(year), MONTHS.index(month) + 1, int(day)).weekday()


def hours(options: list[str]) -> list[int]:
    """The hour (24 h) of each time offered, as «8:30 a.m.» or «1:00 p.m.»."""
    found = []
    for option in options:
        clock, half = option.split()
        hour = int(clock.split(":")[0]) % 12
        found.append(hour + (12 if half.startswith("p") else 0))
    return found


async def test_a_city_nickname_and_a_neighbour_without_a_centre(world: World) -> None:
    chat = await _at_state(world, "5215500000830")
    await chat.send("en gdl")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Guadalajara")
    assert chat.last[-1].text == ASK_DAY
    other = await _at_state(world, "5215500000840")
    await other.send("ecatepec")  # no centre of its own: its state's are listed
    assert other.text == ASK_CENTRE
    assert "CESI Toluca" in other.options


async def test_day_and_afternoon_in_the_same_message_as_the_city(world: World) -> None:
    chat = await _at_state(world, "5215500000841")
    await chat.send("en gdl el lunes en la tarde")
    said = [reply.text for reply in chat.last]
    assert said[0].startswith("Centro de Servicio: CESI Guadalajara")
    assert weekday_said(said) == 0, said
    assert said[-1].startswith(AFTERNOON)
    assert chat.options and min(hours(chat.options)) >= 12
    await chat.send("lo mas temprano que haya")
    assert "a las 12:00\u202fp.m." in chat.text, "the earliest of those shown"


async def test_a_day_said_at_the_centre_step_is_kept(world: World) -> None:
    chat = await _at_state(world, "5215500000842")
    await chat.send("jalisco")
    await chat.send("el martes temprano")
    assert chat.last[0].text.startswith("Anotado, lo tomo en cuenta para el día y la hora.")
    assert chat.text.endswith(ASK_CENTRE) or ASK_CENTRE in chat.text
    await chat.send("1")
    assert weekday_said([reply.text for reply in chat.last]) == 1
    assert chat.last[-1].text.startswith(MORNING)
    assert max(hours(chat.options)) < 12


async def test_the_part_of_the_day_at_the_day_and_time_steps(world: World) -> None:
    chat = await _at_state(world, "5215500000843")
    await chat.send("gdl")
    await chat.send("en la tarde")
    assert chat.last[0].text == ("Anotado: te mostraré los horarios de esa parte del día. "
                                 "Primero elige el día.")
    await chat.send("el miercoles")
    assert chat.last[-1].text.startswith(AFTERNOON)
    await chat.send("mejor en la mañana")
    assert chat.last[-1].text.startswith(MORNING)
    await chat.send("a las 10")
    assert "a las 10:00\u202fa.m., hora local" in chat.last[0].text


async def test_where_and_when_said_before_the_procedure_are_kept_through_the_login(
        world: World) -> None:
    """«necesito cita en guadalajara el lunes en la tarde» as the first words, and «en la
    mañana» at the procedure list, got «Elige una de las opciones»: the place and the day
    were lost and asked again after the procedure and the login. They are kept, and once
    the procedure's checks pass the centre and the day are taken from them."""
    chat = world.chat("5215500000842")
    await chat.send("hola")
    await chat.send("necesito cita en guadalajara el lunes en la tarde")
    assert chat.last[0].text == ("Anoto dónde y cuándo la quieres para más adelante. "
                                 "Primero elige el trámite.")
    assert "Convenio de pago" in chat.options
    await chat.send("que llevo?")  # a question on the way: answered, the list stays
    assert chat.last[0].text.startswith("A tu cita lleva siempre tu identificación oficial")
    await chat.send("para convenio de pago")
    await log_in(world, chat, "with_credit")
    said = [reply.text for reply in chat.last]
    assert any(text.startswith("Centro de Servicio: CESI Guadalajara") for text in said), said
    assert weekday_said(said) == 0, said
    assert said[-1].startswith(AFTERNOON)
    await chat.send("mejor otro centro")  # the centre taken on the way can still change
    assert chat.text.endswith(ASK_CENTRE)


async def test_a_place_typed_at_the_procedure_list_when_logged_in(world: World) -> None:
    chat = await logged_in(world, "with_credit", user_id="5215500000843")
    await chat.press("Citas")
    await chat.send("en monterrey porfa")
    assert chat.last[0].text.startswith("Anoto dónde y cuándo la quieres")
    await chat.send("reestructura")
    assert chat.last[0].text.startswith("Centro de Servicio: CESI Monterrey"), chat.text
    assert chat.last[-1].text == ASK_DAY


async def test_an_email_typed_at_the_procedure_list_is_the_login(world: World) -> None:
    """Logged out, «luis…@example.com» at «¿Para qué trámite es la cita?» got «Elige una
    de las opciones» (and, as a place, «San Luis Potosí»): it is the login's first answer;
    once in, the procedures are asked and the booking goes on."""
    chat = world.chat("5215500000844")
    await chat.send("hola")
    await chat.press("Citas")
    demo = account("with_credit")
    await chat.send(demo["email"])
    assert chat.last[0].text == "Ahora tu contraseña.", chat.text
    await chat.send(demo["password"])
    await chat.send(await world.sms_code(demo["mobile"]))
    assert chat.last[-1].text.startswith("¿Para qué trámite es la cita?"), chat.text
    await chat.send("reestructura")
    assert chat.text.startswith("¿En qué estado?"), chat.text


async def test_a_procedure_described_not_named_is_chosen_and_said_back(world: World) -> None:
    """«me cobraron de más en mi crédito» opened the list of procedures (or «privacy»): it is
    the refund of overpayments, said back before the state so a wrong guess is one «atrás»
    away; «me voy a jubilar» is the return of savings."""
    chat = await logged_in(world, "with_credit", user_id="5215500000845")
    await chat.send("me cobraron de mas en mi credito")
    assert chat.last[0].text == ("Tu cita es para «Devolución de pagos en exceso». Si era otro "
                                 "trámite, escribe «atrás»."), chat.text
    assert chat.last[-1].text.startswith("¿En qué estado?")
    await chat.send("atras")
    assert chat.last[-1].text.startswith("¿Para qué trámite es la cita?"), chat.text
    other = await logged_in(world, "pension_in_process", user_id="5215500000846")
    await other.send("me voy a jubilar")
    assert other.text.startswith("Para la devolución de tu ahorro necesitas tu resolución de "
                                 "pensión"), other.text


async def test_a_day_not_in_the_list_says_why_or_is_taken(world: World) -> None:
    """«el domingo», «el 25 de diciembre» and a date past the nine shown all got «Ese día
    no está en la lista»: a closed day says why (Sundays, official holidays, a centre with
    no Saturday hours), a day past the booking window says up to when, and an open day
    with free times after the ones shown is taken."""
    chat = await _at_state(world, "5215500000847")
    await chat.send("en gdl")
    assert chat.last[-1].text == ASK_DAY
    await chat.send("el domingo")
    assert chat.last[0].text == "Los Centros de Servicio no abren en domingo. Elige otro día."
    await chat.send("el 25 de diciembre")
    assert chat.last[0].text.startswith("El 25 de diciembre de "), chat.text
    assert "es día de descanso oficial: los Centros de Servicio cierran" in chat.last[0].text
    await chat.send("el sabado")
    assert chat.last[0].text == "Este Centro de Servicio no abre en sábado. Elige otro día."
    on = today(world)
    gdl = default_centres().by_id("gdl-palomar")
    later = next(day for day in (on + timedelta(days=n) for n in range(20, 30))
                 if closed_because(gdl, day) is None)
    await chat.send(f"el {later.day} de {MONTHS[later.month - 1]}")
    assert chat.last[-1].text.startswith("¿A qué hora"), chat.text
    await chat.send("mejor otro dia")
    assert chat.last[-1].text == ASK_DAY, chat.text
    too_far = next(day for day in (on + timedelta(days=n) for n in range(60, 70))
                   if closed_because(gdl, day) is None)
    await chat.send(f"el {too_far.day} de {MONTHS[too_far.month - 1]}")
    assert chat.last[0].text.startswith("Por ahora hay citas hasta el "), chat.text


async def test_a_time_not_offered_says_why(world: World) -> None:
    """«a las 7 de la mañana», «a las 5 de la tarde» (the centre closes at 2:30 p.m.) and
    «a las 10:15» all got «Esa hora no está libre»: a time outside the centre's hours says
    its hours, one off the half-hour grid says how appointments start."""
    chat = await _at_state(world, "5215500000848")
    await chat.send("en gdl")
    await chat.press(chat.options[0])
    await chat.send("a las 7 de la mañana")
    assert chat.last[0].text == ("Ese día el Centro atiende de 8:30\u202fa.m. a 2:30\u202fp.m. "
                                 "Elige una hora de la lista."), chat.text
    await chat.send("a las 5 de la tarde")
    assert chat.last[0].text.startswith("Ese día el Centro atiende de 8:30"), chat.text
    await chat.send("a las 10:15")
    assert chat.last[0].text.startswith("Las citas empiezan cada 30 minutos"), chat.text
    await chat.send("como a las 11")
    assert chat.last[0].text.startswith("Tu cita: Convenio de pago"), chat.text


async def test_a_time_said_before_the_day_is_kept_for_it(world: World) -> None:
    """«a las 10» before the day was asked was «Elige una de las opciones» (at a yes-or-no
    question) or lost: a time said on the way is kept like a day or a part of the day, and
    taken with the day chosen, when it is free."""
    chat = await _at_state(world, "5215500000850")
    await chat.send("a las 10")
    assert chat.last[0].text.startswith("Anotado, lo tomo en cuenta para el día y la hora."), \
        chat.text
    await chat.send("gdl")
    assert chat.last[-1].text == ASK_DAY, chat.text
    await chat.send("1")  # the first day shown, or the 1st of December: which is asked
    assert chat.last[-1].text == "¿La opción 1 (lun 30 de nov) o mar 1 de dic? Elige una.", \
        chat.text
    await chat.send("1")  # answered by its place: it asked the same question for ever
    assert "¿La opción 1" not in chat.last[-1].text, chat.text
    assert "a las 10:00\u202fa.m., hora local" in chat.text, chat.text
    other = await logged_in(world, "pension_in_process", user_id="5215500000851")
    await other.press("Citas")
    await other.press("Devolución de mi ahorro")
    await other.send("a las 10")  # at «¿Ya tienes tu resolución de pensión?»
    assert other.last[0].text.startswith("Anoto dónde y cuándo la quieres"), other.text


async def test_another_day_said_at_the_times_moves_to_it(world: World) -> None:
    """«no, mejor el lunes» at the times of a Friday was «Elige una hora de la lista»: the
    worker could not change the day without knowing «atrás». The day said is taken (its
    part of the day kept) and said back; a day with a time goes to the confirmation."""
    chat = await _at_state(world, "5215500000842")
    await chat.send("en gdl el viernes")
    friday = [reply.text for reply in chat.last]
    assert weekday_said(friday) == 4, friday
    await chat.send("en la tarde")
    assert chat.text.startswith(AFTERNOON)
    await chat.send("no mejor el lunes")
    moved = chat.last[0].text
    assert moved.startswith("Cambiamos al "), chat.text
    day, _, month, _, year = moved.removeprefix("Cambiamos al ").rstrip(".").split()
    assert date(int(year), MONTHS.index(month) + 1, int(day)).weekday() == 0, moved
    assert chat.last[-1].text.startswith(AFTERNOON)
    assert min(hours(chat.options)) >= 12
    await chat.send("no, el martes a las 10")
    assert chat.options[0] == "Confirmar la cita", chat.text
    assert "a las 10:00" in chat.text, chat.text


async def test_the_earliest_asked_at_the_day_is_the_first_free_time(world: World) -> None:
    """«whats the earliest» or «lo más pronto que haya» at «¿Qué día?» got «Anotado: te
    mostraré los horarios de esa parte del día. Primero elige el día» (or nothing for «lo
    más pronto»): the worker asked for the soonest appointment, which is now proposed, to
    confirm or change."""
    for user, said in (("5215500000843", "lo mas pronto que haya"),
                       ("5215500000844", "whats the earliest"),
                       ("5215500000845", "el proximo que haya")):  # «Elige un día»
        chat = await _at_state(world, user)
        await chat.send("en gdl")
        first_day = chat.options[0]
        await chat.send(said)
        assert chat.last[0].text.startswith("Te propongo el "), chat.text
        assert "a las 8:30" in chat.text, chat.text
        assert chat.options == ["Confirmar la cita", "Otro horario", "No agendar"], chat.text
        assert first_day.split()[1] in chat.last[0].text, (first_day, chat.text)


WEEKDAY_WORDS = {"lun": "lunes", "mar": "martes", "mié": "miercoles", "jue": "jueves",
                 "vie": "viernes", "sáb": "sabado"}


def _open_after(first: date) -> date:
    """The first day after ``first`` the Guadalajara centre opens on a weekday."""
    centre = next(c for c in default_centres().centres if c.city == "Guadalajara")
    day = first + timedelta(days=3)
    while closed_because(centre, day) is not None or day.weekday() > 4:
        day += timedelta(days=1)
    return day


async def test_a_day_and_a_part_of_the_day_in_one_phrase(world: World) -> None:
    """«jueves 10 en la tarde» at the day: the day's number was read as a clock time, so the
    part of the day was dropped (every time shown); «al 15 de diciembre en la tarde», a day
    past the list, got «Anotado… Primero elige el día» (the day dropped). Both are taken."""
    chat = await _at_state(world, "5215500000845")
    await chat.send("gdl")
    weekday, number, *_ = chat.options[-1].split()
    await chat.send(f"{WEEKDAY_WORDS[weekday]} {number} en la tarde")
    assert chat.last[-1].text.startswith(f"{AFTERNOON}{number} de "), chat.text
    assert min(hours(chat.options)) >= 12
    later = _open_after(today(world) + timedelta(days=12))
    await chat.send(f"mejor al {later.day} de {MONTHS[later.month - 1]} en la tarde")
    assert chat.last[0].text.startswith(f"Cambiamos al {later.day} de "), chat.text
    assert chat.last[-1].text.startswith(f"{AFTERNOON}{later.day} de "), chat.text
    assert min(hours(chat.options)) >= 12
    other = await _at_state(world, "5215500000846")
    await other.send("gdl")
    await other.send(f"al {later.day} de {MONTHS[later.month - 1]} en la tarde")
    assert other.last[-1].text.startswith(f"{AFTERNOON}{later.day} de "), other.text


async def test_a_closed_day_with_a_part_of_the_day_keeps_the_part(world: World) -> None:
    """«el domingo en la mañana»: why not that day, and the morning kept for the day chosen
    instead (it was «Anotado… Primero elige el día», the day said dropped without a word)."""
    chat = await _at_state(world, "5215500000847")
    await chat.send("gdl")
    await chat.send("el domingo en la mañana")
    assert chat.last[0].text.startswith("Los Centros de Servicio no abren en domingo."), \
        chat.text
    assert chat.text.endswith(ASK_DAY)
    await chat.press(chat.options[0])
    assert chat.last[-1].text.startswith(MORNING)
    assert max(hours(chat.options)) < 12
