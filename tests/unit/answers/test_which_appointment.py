"""Which appointment the words name when a worker cancels one of several."""

from datetime import date

import pytest

from bot.nlu.options import numbered_choice, ordinal_choice
from bot.nlu.text import fold
from bot.nlu.which import Upcoming, appointment_named, procedure_in

TODAY = date(2026, 12, 4)  # a Friday
BOOKED = [
    Upcoming("C-1001", "payment_agreement", ("CESI Monterrey Centro", "Monterrey"),
             date(2026, 12, 7)),
    Upcoming("C-1002", "return_of_savings", ("CESI Guadalajara", "Guadalajara"),
             date(2026, 12, 9)),
]


@pytest.mark.parametrize(("text", "folio"), [
    ("la de monterrey", "C-1001"),
    ("la del lunes", "C-1001"),
    ("la del convenio", "C-1001"),
    ("cancela la de guadalajara porfa", "C-1002"),
    ("la del miercoles", "C-1002"),
    ("la de la devolucion de mi ahorro", "C-1002"),
    ("c-1002", "C-1002"),
])
def test_the_one_named_is_found(text: str, folio: str) -> None:
    assert appointment_named(text, BOOKED, TODAY) == folio


@pytest.mark.parametrize("text", [
    "la cita", "la del centro", "la de mi cita en el cesi", "la del jueves", "cualquiera",
    "la de monterrey o la de guadalajara",
])
def test_words_that_name_none_or_both_choose_nothing(text: str) -> None:
    assert appointment_named(text, BOOKED, TODAY) is None


def test_two_on_the_same_day_are_told_apart_by_what_else_is_said() -> None:
    same_day = [BOOKED[0], Upcoming("C-1003", "restructuring", ("CESI Puebla", "Puebla"),
                                    date(2026, 12, 7))]
    assert appointment_named("la del lunes", same_day, TODAY) is None
    assert appointment_named("la del lunes en puebla", same_day, TODAY) == "C-1003"


@pytest.mark.parametrize(("text", "procedure"), [
    ("pa tramitar mi credito", "credit_signing"), ("quiero sacar mi credito", "credit_signing"),
    ("para pedir un credito", "credit_signing"), ("apply for a loan", "credit_signing"),
    ("kiero una cita pa mi credito nuevo", "credit_signing"),
    ("para construir mi casa", "credit_signing"), ("a new loan", "credit_signing"),
    ("ya pague mi credito", "credit_cancellation"), ("me cobraron de mas", "overpayment_refund"),
    ("para pagar mi credito", None), ("quiero mi credito", None),
])
def test_a_procedure_described_in_words(text: str, procedure: str | None) -> None:
    assert procedure_in(text) == procedure


@pytest.mark.parametrize(("text", "index"), [("the first one", 0), ("el primero", 0),
                                             ("la segunda opcion", 1), ("quiero la tercera", 2),
                                             ("la 2da porfa", 1), ("second", 1)])
def test_an_option_counted_to(text: str, index: int) -> None:
    assert ordinal_choice(fold(text), 8) == index


@pytest.mark.parametrize("text", ["es la primera vez", "primero quiero saber", "el decimo"])
def test_not_an_option_counted_to(text: str) -> None:
    assert ordinal_choice(fold(text), 8) is None


@pytest.mark.parametrize(("text", "dates", "index"), [
    ("la 1", False, 0), ("La #3", False, 2), ("opción 2", False, 1), ("el numero 4", False, 3),
    ("quiero la dos porfa", False, 1), ("no, la 2", False, 1), ("option 5", False, 4),
    ("opcion 2", True, 1),  # among days, «opción 2» is still the second
])
def test_an_option_numbered_with_words(text: str, dates: bool, index: int) -> None:
    assert numbered_choice(fold(text), 8, dates) == index


@pytest.mark.parametrize(("text", "dates"), [
    ("el 15", True), ("la 1", True),  # among days and times: the 15th, one o'clock
    ("la 9", False), ("dos", False), ("2", False), ("tengo 2", False), ("la 1 y la 2", False),
])
def test_not_an_option_numbered_with_words(text: str, dates: bool) -> None:
    assert numbered_choice(fold(text), 8, dates) is None
