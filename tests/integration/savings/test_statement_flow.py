"""Mis aportaciones / Estado de cuenta as transcripts: the balance and the last bimesters,
the PDF for each kind of period (parsed back: the figures, the masked NSS, totals equal to
the sum of the movements), the e-mail with the PDF received by the real SMTP server, every
error path of a typed period, and the terminal saving the document to a file."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from bot.conversation.messages import Reply
from bot.handlers.terminal import TerminalChat
from domain.savings.contributions import Bimester
from domain.savings.statement import Statement, build_statement, statement_for_year
from domain.savings.statement_pdf import mask_nss
from tests.support.chat import ChatUser
from tests.support.savings import World, log_in, logged_in, money, record_of, today

CHOICES_ES = ["Mi saldo y aportaciones", "Estado de cuenta 2026", "Estado de cuenta 2025",
              "Estado de otro año", "Estado por bimestres"]
PERIOD_PROMPT = ("¿Quieres tu estado de cuenta en PDF? Elige el periodo, o escribe un año o un "
                 "rango de bimestres.")


def document_of(chat: ChatUser) -> Reply:
    [reply] = [reply for reply in chat.last if reply.document is not None]
    return reply


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def check_statement_pdf(content: bytes, statement: Statement, name: str, nss: str,
                        lang: str = "es_MX") -> str:
    """The PDF opens, names the worker, masks the NSS and holds the statement's figures,
    whose totals are the sum of the movements."""
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert name in text
    assert mask_nss(nss) in text
    assert nss not in text and nss.encode() not in content
    lines = statement.lines
    assert statement.totals.net == sum((line.amount for line in lines), Decimal(0))
    assert statement.closing == statement.opening + statement.totals.net
    for period in statement.periods:
        assert period.closing == period.opening + sum((x.amount for x in period.lines),
                                                      Decimal(0))
    for amount in (statement.opening, statement.closing, statement.totals.net,
                   statement.totals.employer_contributions, *(x.amount for x in lines)):
        assert money(amount, lang) in text, amount
    return text


def words(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies if reply.image is None)


async def test_the_balance_first_then_the_contributions_a_page_at_a_time(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Estado de cuenta")  # the balance at once, then the periods
    record = await record_of(world, "existing_account")
    balance = money(record.subcuenta_balance + record.voluntary_balance)
    image = chat.last[0].image
    assert image is not None and image.content.startswith(b"\x89PNG")
    assert image.caption == (f"Tu ahorro para la vivienda por bimestre: {balance} al 28 de "
                             "noviembre de 2026.")
    shown = words(chat.last)
    assert shown.startswith(f"Tienes {balance} ahorrados para tu vivienda (al 28 de noviembre "
                            "de 2026).")
    assert "Subcuenta de Vivienda 1992-1997: $9,210.10" in shown
    assert ("Última aportación: $2,104.50 del bimestre 5/2026, de Comercializadora del Bajío SA "
            "de CV.") in shown
    assert "Y5412345108" not in shown, "no employer registration unless asked"
    assert chat.last[-1].text == PERIOD_PROMPT
    assert chat.options == ["Ver mis aportaciones", *CHOICES_ES[1:], "Menú principal"]
    await chat.press("Ver mis aportaciones")
    lines = chat.last[0].text.splitlines()
    assert lines[0] == "Tus aportaciones, de la más reciente a la más antigua (página 1):"
    assert lines[1] == "5/2026 · Comercializadora del Bajío SA de CV · $2,104.50"
    assert lines[-1].startswith("6/2025 · ")
    assert chat.options == ["Anteriores", "Volver", "Menú principal"]
    await chat.press("Anteriores")
    assert chat.last[0].text.splitlines()[0].endswith("(página 2):")
    assert chat.last[0].text.splitlines()[1].startswith("5/2025 · ")
    await chat.press("Volver")
    assert chat.last[-1].text == PERIOD_PROMPT, "back to the answer it came from"


async def test_the_balance_comes_without_an_extra_tap(world: World) -> None:
    chat = await logged_in(world, "with_credit")
    await chat.press("Estado de cuenta")
    assert len(chat.last) == 3, "the picture, the balance and the periods, in the same replies"
    assert chat.last[1].text.startswith("Tienes $")
    assert chat.last[2].text == PERIOD_PROMPT
    assert "Mi saldo y aportaciones" not in chat.options, "already shown"
    await chat.press("Estado de cuenta 2025")
    await chat.press("Otro periodo")
    assert chat.text == PERIOD_PROMPT, "another period: the periods, not the balance again"


async def test_this_years_pdf_then_by_email_with_the_attachment(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de cuenta 2026")
    record = await record_of(world, "existing_account")
    statement = statement_for_year(record, 2026, today(world))
    reply = document_of(chat)
    assert reply.text == (
        "Aquí está tu estado de cuenta del 1 de enero de 2026 al 28 de noviembre de 2026. "
        f"Saldo inicial: {money(statement.opening)}. Aportaciones de tu patrón: "
        f"{money(statement.totals.employer_contributions)}. Rendimientos: "
        f"{money(statement.totals.returns)}. Saldo final: {money(statement.closing)}.")
    # what came in is said too («¿cuánto me depositó este año?» got the balances alone)
    assert statement.totals.employer_contributions > 0
    assert statement.closing == record.subcuenta_balance  # the year runs up to today
    document = reply.document
    assert document is not None
    assert document.filename == "estado-de-cuenta-2026-1-a-2026-6.pdf"
    assert document.mime_type == "application/pdf"
    assert document.caption == ("Estado de cuenta de tu Subcuenta de Vivienda, del 1 de enero "
                                "de 2026 al 28 de noviembre de 2026")
    text = check_statement_pdf(document.content, statement, "Carmen Sánchez Flores",
                               record.nss)
    assert "Estado de cuenta de la Subcuenta de Vivienda" in text
    assert "Estado de cuenta informativo; no sustituye al estado de cuenta oficial." in text
    assert "17 nov 2026" in text, "dates in the table in the medium format"
    assert chat.last[-1].text == "¿Te lo envío también por correo?"
    assert chat.options == ["Enviar a mi correo", "Otro periodo", "Menú principal"]

    await chat.press("Enviar a mi correo")
    assert chat.last[0].text.startswith("Listo, te lo envié a c******@example.com.")
    assert chat.options == ["Otro periodo", "Menú principal"], "sent once"
    mails = [m for m in await world.emails_to("carmen.sanchez@example.com")
             if m.subject == "Tu estado de cuenta de la Subcuenta de Vivienda"]
    [mail] = mails
    assert mail.headers.get_content_type() == "multipart/mixed"
    assert "Hola, Carmen:" in mail.text
    assert ("te enviamos adjunto tu estado de cuenta del 1 de enero de 2026 al 28 de noviembre "
            "de 2026 en PDF.") in mail.text
    assert "Es un estado de cuenta informativo" in mail.html
    [attachment] = list(mail.headers.iter_attachments())
    assert attachment.get_filename() == "estado-de-cuenta-2026-1-a-2026-6.pdf"
    assert attachment.get_content_type() == "application/pdf"
    check_statement_pdf(attachment.get_content(), statement, "Carmen Sánchez Flores",
                        record.nss)


async def test_a_typed_year_and_a_typed_range(world: World) -> None:
    chat = await logged_in(world, "with_credit")
    record = await record_of(world, "with_credit")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de otro año")
    assert chat.text == "¿De qué año? Escribe el año con cuatro cifras, de 1997 a 2026, como 2024."
    await chat.send("2023")  # the year part of the savings went to the credit
    statement = statement_for_year(record, 2023, today(world))
    assert statement.totals.credit_applications < 0
    text = check_statement_pdf(document_of(chat).document.content,  # type: ignore[union-attr]
                               statement, "Luis Alberto García Mendoza", record.nss)
    assert "Aplicado a crédito" in text and "Aplicación a crédito" in text
    await chat.press("Otro periodo")
    assert chat.last[-1].text == PERIOD_PROMPT
    await chat.send("3/2026 a 5/2025")  # either order
    statement = build_statement(record, Bimester(2025, 5), Bimester(2026, 3), today(world))
    reply = document_of(chat)
    assert reply.text.startswith("Aquí está tu estado de cuenta del 1 de septiembre de 2025 al "
                                 "30 de junio de 2026.")
    assert reply.document is not None
    assert reply.document.filename == "estado-de-cuenta-2025-5-a-2026-3.pdf"
    check_statement_pdf(reply.document.content, statement, "Luis Alberto García Mendoza",
                        record.nss)


async def test_each_typed_period_error_asks_again(world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Estado de cuenta")
    cases = [
        ("2030", "Elige un año de 1997 a 2026."),
        ("13/2025 a 3/2026", "El bimestre debe ser del 1 al 6."),
        ("1/1990 a 1/2000", "Elige un año de 1997 a 2026."),
        ("el de mi abuela", "Elige una opción, o escribe un año (como 2024) o un rango de "
                            "bimestres (como 1/2025 a 3/2026)."),
    ]
    for typed, problem in cases:
        await chat.send(typed)
        assert chat.last[0].text == problem, typed
        assert chat.last[-1].text == PERIOD_PROMPT, typed
    await chat.press("Estado de otro año")
    await chat.send("el de cuando entre a trabajar")
    assert chat.last[0].text == "Escribe el año con cuatro cifras, como 2024."
    assert chat.last[-1].text.startswith("¿De qué año?")
    await chat.send("2020")
    assert document_of(chat).document is not None
    await chat.press("Otro periodo")
    await chat.press("Estado por bimestres")
    assert chat.text.startswith("Escribe el bimestre inicial y el final como número/año")
    await chat.send("los primeros")
    assert chat.last[0].text == ("No entendí el rango. Escríbelo como número de bimestre/año, "
                                 "por ejemplo 1/2025 a 3/2026.")
    assert chat.last[-1].text.startswith("Escribe el bimestre inicial y el final")
    await chat.send("6/2026")  # the current bimester alone: cut at today
    assert document_of(chat).text.startswith(
        "Aquí está tu estado de cuenta del 1 de noviembre de 2026 al 28 de noviembre de 2026.")


async def test_english_for_a_worker_without_an_active_relationship(world: World) -> None:
    chat = world.chat("5215500000501", lang="en")
    await chat.send("hi")
    await chat.press("Account statement")
    assert chat.last[0].text == "You need to log in to see this."
    await log_in(world, chat, "no_active_relationship", lang="en")  # then the balance at once
    assert chat.options == ["See my contributions", "Statement 2026", "Statement 2025",
                            "Statement, another year", "Statement by bimesters", "Main menu"]
    shown = words(chat.last[1:])  # after "You are logged in."
    assert shown.startswith("You have MX$32,366.04 saved for your home (as of November 28, "
                            "2026).")
    await chat.press("See my contributions")
    assert chat.last[0].text.count(" · no contribution") == 5, "out of work for five bimesters"
    await chat.press("Back")
    await chat.press("Statement 2025")
    record = await record_of(world, "no_active_relationship")
    statement = statement_for_year(record, 2025, today(world))
    reply = document_of(chat)
    assert reply.text.startswith("Here is your statement from January 1, 2025 to December 31, "
                                 "2025. Opening balance: MX$")
    assert reply.document is not None
    assert reply.document.filename == "housing-statement-2025-1-to-2025-6.pdf"
    text = check_statement_pdf(reply.document.content, statement, "Ana Karen Martínez Cruz",
                               record.nss, lang="en")
    assert "Housing Subaccount Statement" in text
    await chat.press("Send to my e-mail")
    assert chat.last[0].text.startswith("Done, I sent it to a******@example.com.")
    [mail] = [m for m in await world.emails_to("ana.martinez@example.com")
              if m.subject == "Your Housing Subaccount statement"]
    assert "Hello Ana Karen," in mail.text
    assert "your statement from January 1, 2025 to December 31, 2025 is attached" in mail.text


async def test_the_same_flow_on_telegram(world: World) -> None:
    chat = await logged_in(world, "pension_in_process", channel="telegram",
                           user_id="900000001")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de cuenta 2026")
    record = await record_of(world, "pension_in_process")
    text = check_statement_pdf(document_of(chat).document.content,  # type: ignore[union-attr]
                               statement_for_year(record, 2026, today(world)),
                               "Roberto Vázquez Morales", record.nss)
    assert "Fondos históricos" in text and "$25,120.00" in text


async def test_the_terminal_saves_the_pdf_and_shows_its_path(world: World,
                                                            tmp_path: Path) -> None:
    """``micuenta chat``'s adapter, on the same engine: the document lands in a file."""
    chat = await logged_in(world, "existing_account", user_id="local")
    assert chat.last[-1].text == "¿Qué quieres hacer? Elige una opción:"
    source, sink = io.StringIO("Estado de cuenta\nEstado de cuenta 2025\n"), io.StringIO()
    hint = world.container.catalogs.translator("es_MX", world.container.settings.zone)
    downloads = tmp_path / "downloads"
    await TerminalChat(world.container.engine, source, sink, hint, downloads, "local").run()
    out = sink.getvalue()
    saved = downloads / "estado-de-cuenta-2025-1-a-2025-6.pdf"
    assert f"-> {saved.resolve()}" in out
    assert "[Estado de cuenta de tu Subcuenta de Vivienda, del 1 de enero de 2025" in out
    assert saved.read_bytes().startswith(b"%PDF")
    assert "Carmen Sánchez Flores" in pdf_text(saved.read_bytes())
    chart = downloads / "ahorro.png"  # the picture of the savings, saved the same way
    assert "[Tu ahorro para la vivienda por bimestre: " in out
    assert f"-> {chart.resolve()}" in out
    assert chart.read_bytes().startswith(b"\x89PNG")


async def test_an_email_that_cannot_be_sent_is_said_and_can_be_tried_again(
        world: World) -> None:
    chat = await logged_in(world, "existing_account")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de cuenta 2025")
    world.smtp.handler.replies = ["554 5.7.1 Rejected"]
    await chat.press("Enviar a mi correo")
    assert chat.last[0].text == ("No pudimos enviarte el mensaje en este momento. Intenta de "
                                 "nuevo en unos minutos.")
    assert chat.options == ["Enviar a mi correo", "Otro periodo", "Menú principal"]
    await chat.press("Enviar a mi correo")
    assert chat.last[0].text.startswith("Listo, te lo envié a c******@example.com.")


async def test_yes_in_words_sends_it_and_another_year_typed_after_it(world: World) -> None:
    """«¿Te lo envío también por correo?» answered as people do: «sí mándamelo», «a mi
    correo»; «no gracias» leaves; a year typed after a statement brings that one."""
    chat = await logged_in(world, "existing_account")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de cuenta 2026")
    await chat.send("si mandamelo porfa")
    assert chat.last[0].text.startswith("Listo, te lo envié a c******@example.com.")
    await chat.send("y el de 2024?")
    assert document_of(chat).document.filename == "estado-de-cuenta-2024-1-a-2024-6.pdf"
    await chat.send("a mi correo")
    assert chat.last[0].text.startswith("Listo, te lo envié a c******@example.com.")
    mails = [m for m in await world.emails_to("carmen.sanchez@example.com")
             if m.subject == "Tu estado de cuenta de la Subcuenta de Vivienda"]
    assert len(mails) == 2
    await chat.press("Otro periodo")
    await chat.send("2025")
    await chat.send("no gracias")
    assert "Estado de cuenta" in chat.options, "back at the menu"
    assert len([m for m in await world.emails_to("carmen.sanchez@example.com")
                if m.subject == "Tu estado de cuenta de la Subcuenta de Vivienda"]) == 2


async def test_the_period_said_when_asking_is_the_statement_given_after_the_login(
        world: World) -> None:
    """«mi estado de cuenta del año pasado» before logging in showed, once in, the savings
    and «¿Quieres tu estado de cuenta en PDF? Elige el periodo»: the words that opened the
    procedure were lost behind the login. They are kept (encrypted, as flow data) and give
    that year's statement; «y el de los ultimos 6 meses?» after it counts back from today."""
    chat = world.chat("5215500000309")
    await chat.send("hola")
    await chat.send("mi estado de cuenta del año pasado")
    await log_in(world, chat, "with_credit")
    last_year = today(world).year - 1
    reply = document_of(chat)
    assert reply.text.startswith(f"Aquí está tu estado de cuenta del 1 de enero de {last_year} "
                                 f"al 31 de diciembre de {last_year}."), chat.text
    await chat.send("y el de los ultimos 6 meses?")
    on = today(world)
    first = Bimester.of(on)
    for _ in range(2):
        first = first.previous()
    reply = document_of(chat)
    assert reply.document is not None
    assert reply.document.filename == (
        f"estado-de-cuenta-{first.year}-{first.number}-a-{on.year}-{Bimester.of(on).number}.pdf")


async def test_a_thumbs_up_to_send_it_by_email_sends_it(world: World) -> None:
    """👍 at «¿Te lo envío también por correo?» (how many answer on WhatsApp) got «Elige una
    de las opciones»: it is a yes, as «ok» is."""
    chat = await logged_in(world, "with_credit", user_id="5215500000310")
    await chat.press("Estado de cuenta")
    await chat.press(chat.options[1])  # this year's
    assert chat.last[-1].text == "¿Te lo envío también por correo?"
    await chat.send("👍")
    assert chat.last[0].text.startswith("Listo, te lo envié a "), chat.text


async def test_asking_for_it_by_whatsapp_points_to_the_pdf_just_sent(world: World) -> None:
    """«mandamelo por whats» after the PDF got «No sé responder esa pregunta»: it is the
    document just above; the question stays."""
    chat = await logged_in(world, "with_credit", user_id="5215500000311")
    await chat.press("Estado de cuenta")
    await chat.press(chat.options[1])
    await chat.send("mandamelo por whats")
    assert chat.last[0].text.startswith("Ya te lo mandé aquí en el chat: es el PDF de arriba."), \
        chat.text
    assert chat.last[-1].text == "¿Te lo envío también por correo?"


async def test_email_it_to_me_in_english_sends_it(world: World) -> None:
    """«email it to me» after the PDF got the account recovery's «you don't need an
    appointment…»: «e-mail» in the option's label is the «email» typed."""
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000312")
    await chat.press("Account statement")
    await chat.press(chat.options[1])
    await chat.send("email it to me")
    assert chat.last[0].text.startswith("Done, I sent it to "), chat.text


async def test_when_the_next_contribution_comes_is_answered_at_the_savings(world: World) -> None:
    """«y cuando me llega la siguiente aportacion?» under the savings got «Elige una opción, o
    escribe un año»: the bimester expected next and the day the employer pays it by."""
    chat = await logged_in(world, "with_credit")
    await chat.press("Estado de cuenta")
    await chat.send("y cuando me llega la siguiente aportacion?")
    # the clock is in late November 2026: 5/2026 was paid on 17 November, 6/2026 is next
    assert chat.last[0].text == ("La siguiente aportación de tu patrón es la del bimestre 6 de "
                                 "2026: la paga a más tardar el 17 de enero de 2027 y la ves "
                                 "en tu Subcuenta después de esa fecha."), chat.text
    assert chat.last[-1].text.startswith("¿Quieres tu estado de cuenta en PDF?")
    other = await logged_in(world, "no_active_relationship", lang="en",
                            user_id="5215500000308")
    await other.press("Account statement")
    await other.send("when will my next contribution show?")
    assert other.last[0].text.startswith("Your record shows no current job"), other.text


async def test_whats_in_english_is_not_whatsapp(world: World) -> None:
    """«whats my balance on the loan» after the PDF got «I already sent it here in the
    chat»: «whats» is «what's» unless it follows «por», «al», «on»…"""
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000313")
    await chat.press("Account statement")
    await chat.press(chat.options[1])
    await chat.send("whats my balance on the loan")
    assert chat.last[0].text.startswith("Your credit 1423456789"), chat.text


async def test_a_former_employer_s_contributions_asked_for_are_the_older_page(
        world: World) -> None:
    """«y las de mi patron anterior?» under the contributions got «No sé responder esa
    pregunta aquí»: every employer's are in the list, and the older page comes next."""
    chat = await logged_in(world, "existing_account", user_id="5215500000951")
    await chat.press("Estado de cuenta")
    await chat.press("Ver mis aportaciones")
    await chat.send("y las de mi patron anterior?")
    assert chat.last[0].text.startswith("Aquí salen las aportaciones de todos tus patrones"), \
        chat.text
    assert chat.last[1].text.splitlines()[0].endswith("(página 2):"), chat.text
    english = await logged_in(world, "existing_account", "en", user_id="5215500000952")
    await english.press("Account statement")
    await english.press("See my contributions")
    await english.send("what about my old job?")
    assert english.last[0].text.startswith("This list has the contributions of all your"), \
        english.text


async def test_periods_and_another_address_said_in_words(world: World) -> None:
    """Under a statement, «el bimestre pasado» was «Elige una de las opciones», «mándamelo a
    otro correo» opened «Otro periodo», and «de marzo a junio del 2024» at «¿De qué año?»
    gave the whole year. Each is what was asked."""
    chat = await logged_in(world, "with_credit")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de cuenta 2025")
    await chat.send("el bimestre pasado")
    assert document_of(chat).document is not None, chat.text
    assert chat.last[0].text.startswith(
        "Aquí está tu estado de cuenta del 1 de septiembre de 2026 al 31 de octubre de 2026."), \
        chat.text
    await chat.send("mandamelo a otro correo")
    assert chat.last[0].text.startswith("Solo puedo enviarlo al correo de tu cuenta."), chat.text
    assert chat.options[0] == "Enviar a mi correo"
    await chat.send("luis.otro@gmail.com")  # the other address itself: «Elige una opción»
    assert chat.last[0].text.startswith("Solo puedo enviarlo al correo de tu cuenta."), chat.text
    assert not await world.emails_to("luis.otro@gmail.com")
    await chat.press("Otro periodo")
    await chat.press("Estado de otro año")
    await chat.send("de marzo a junio del 2024")
    assert chat.last[0].text.startswith(
        "Aquí está tu estado de cuenta del 1 de marzo de 2024 al 30 de junio de 2024."), chat.text



async def test_what_the_savings_are_for_and_whether_they_are_a_lot(world: World) -> None:
    """Under the savings, «y eso es mucho o poco?» and «y eso para que me sirve» got «Elige
    una opción, o escribe un año»: what it depends on, and what the savings are for."""
    chat = await logged_in(world, "with_credit")
    await chat.press("Estado de cuenta")
    await chat.send("y eso es mucho o poco?")
    assert chat.last[0].text.startswith("Depende de tu salario y del tiempo que llevas"), \
        chat.text
    assert chat.last[-1].text.startswith("¿Quieres tu estado de cuenta en PDF?")
    await chat.send("y eso para que me sirve")
    assert chat.last[0].text.startswith("Tu ahorro es para tu vivienda"), chat.text
    other = await logged_in(world, "with_credit", lang="en", user_id="5215500000314")
    await other.press("Account statement")
    await other.send("what is it for?")
    assert other.last[0].text.startswith("Your savings are for your home"), other.text


async def test_a_year_before_the_first_movement_is_said_so(world: World) -> None:
    """Sofía started working in 2026; «2020» gave a PDF of zeros: the first movement's
    bimester is said, and the year asked again."""
    chat = await logged_in(world, "new_worker_few_contributions", user_id="5215500000305")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de otro año")
    await chat.send("2020")
    assert all(reply.document is None for reply in chat.last), chat.text
    assert chat.last[0].text.startswith("En ese periodo no tienes movimientos: el primero es "
                                        "del bimestre "), chat.text
    assert chat.last[-1].text.startswith("¿De qué año?"), chat.text
    for year in ("2021", "2025"):  # a fine answer with nothing to show is no miss: it was
        await chat.send(year)  # «Parece que algo no está saliendo bien» by the third
        assert "no está saliendo bien" not in chat.text, chat.text
        assert chat.last[0].text.startswith("En ese periodo no tienes movimientos"), chat.text
    await chat.send("2026")
    assert document_of(chat).document is not None


async def test_two_years_typed_at_the_year_are_both(world: World) -> None:
    """«2023 y 2024» at «¿De qué año?» was «Escribe el año con cuatro cifras» (both had four):
    one statement of both years."""
    chat = await logged_in(world, "with_credit", user_id="5215500000306")
    await chat.press("Estado de cuenta")
    await chat.press("Estado de otro año")
    await chat.send("2023 y 2024")
    reply = document_of(chat)
    assert reply.text.startswith("Aquí está tu estado de cuenta del 1 de enero de 2023 al 31 de "
                                 "diciembre de 2024."), reply.text


async def test_the_summary_adds_up_with_what_went_to_the_credit(world: World) -> None:
    """Luis's 2023 statement: the chat's line gave the opening, the employer's, the returns
    and the closing, which did not add up: the amount applied to his credit (in the PDF)
    was left out."""
    chat = await logged_in(world, "with_credit", lang="en", user_id="5215500000643")
    await chat.send("statement for 2023")
    line = next(reply.text for reply in chat.last if reply.text.startswith("Here is your"))
    assert "Applied to your credit: -MX$" in line, line
    figures = [Decimal(part.split("MX$")[1].rstrip(".").replace(",", ""))
               * (-1 if "-MX$" in part else 1)
               for part in line.split(". ") if "MX$" in part]
    opening, *moves, closing = figures
    assert opening + sum(moves) == closing, line


async def test_by_email_before_the_period_and_bimesters_or_a_year_at_the_range(
        world: World) -> None:
    """«mándalo a mi mail» before a period was «Elige una opción» with the wish dropped; at
    «Estado por bimestres» «del 3 al 5» and «2025» were «No entendí el rango», and «atrás»
    went to the menu."""
    chat = await logged_in(world, "existing_account", user_id="5215500000641")
    await chat.press("Estado de cuenta")
    await chat.send("mandalo a mi mail")
    assert chat.last[0].text.startswith("Claro: elige el periodo y te envío el estado de "
                                        "cuenta también a tu correo registrado."), chat.text
    await chat.press("Estado por bimestres")
    await chat.send("atras")
    assert chat.last[-1].text == PERIOD_PROMPT, chat.text
    await chat.press("Estado por bimestres")
    await chat.send("del 3 al 5")
    year = today(world).year
    reply = document_of(chat)
    assert reply.document is not None
    assert reply.document.filename == f"estado-de-cuenta-{year}-3-a-{year}-5.pdf"
    assert "Listo, te lo envié a c******@example.com." in chat.text  # the wish kept
    mails = [m for m in await world.emails_to("carmen.sanchez@example.com")
             if m.subject == "Tu estado de cuenta de la Subcuenta de Vivienda"]
    assert len(mails) == 1
    await chat.send("mandalo a mi mail")  # once sent: said so, not «Elige una opción»
    assert chat.last[0].text.startswith("Ya te lo envié a tu correo registrado."), chat.text
    await chat.press("Otro periodo")
    await chat.press("Estado por bimestres")
    await chat.send("2025")
    reply = document_of(chat)
    assert reply.document is not None
    assert reply.document.filename == "estado-de-cuenta-2025-1-a-2025-6.pdf"
    assert "Listo, te lo envié" not in chat.text, "the wish was for one statement"


async def test_a_period_without_31_december_says_why_its_returns_are_none(
        world: World) -> None:
    """Roberto's January-June showed «Rendimientos: $0.00» beside $43,643.25 for the whole
    year, read as a contradiction: the returns come once a year, and that is said."""
    chat = await logged_in(world, "existing_account", user_id="5215500000642")
    await chat.press("Estado de cuenta")
    await chat.send("1/2025 a 3/2025")
    assert "Rendimientos: $0.00" in chat.text, chat.text
    assert "Los rendimientos se abonan una vez al año, el 31 de diciembre" in chat.text
    await chat.send("y el de 2025?")
    assert document_of(chat).document is not None
    assert "Rendimientos: $0.00" not in chat.text and "una vez al año" not in chat.text, \
        chat.text


async def test_two_bimesters_typed_where_the_period_is_asked(world: World) -> None:
    """«del 3 al 5» where a year or a range of bimesters is asked was «Elige una opción», and
    «from 3 to 5» in English the account's safety tips."""
    chat = await logged_in(world, "existing_account", user_id="5215500000643")
    await chat.press("Estado de cuenta")
    await chat.send("del 3 al 5")
    year = today(world).year
    reply = document_of(chat)
    assert reply.document is not None
    assert reply.document.filename == f"estado-de-cuenta-{year}-3-a-{year}-5.pdf"
    english = await logged_in(world, "existing_account", lang="en", user_id="5215500000644")
    await english.press("Account statement")
    await english.send("from 3 to 5")
    assert document_of(english).document is not None, english.text
