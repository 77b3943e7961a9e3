"""Words about paying the credit where a payment is asked for: what is owed, and an amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.nlu.paying import amount_to_pay, asks_owed, payment_named, reference_typed


@pytest.mark.parametrize("text", ["cuanto debo?", "y cuánto me falta por pagar", "q tanto debo",
                                  "cual es el saldo de mi credito", "how much do i owe?",
                                  "how much is left"])
def test_asks_what_is_owed(text: str) -> None:
    assert asks_owed(text)


@pytest.mark.parametrize("text", ["cuanto gano", "quiero pagar", "how much can i borrow"])
def test_not_what_is_owed(text: str) -> None:
    assert not asks_owed(text)


@pytest.mark.parametrize(("text", "amount"), [
    ("500", "500"), ("$1,200.50", "1200.50"), ("no espera, mejor 500 pesos", "500"),
    ("quiero abonar 2 mil", "2000"), ("just pay 800", "800"), ("solo 750", "750"),
    ("ok make me a slip for 1000", "1000"), ("una ficha por 1500", "1500"),  # «Elige una…»
])
def test_an_amount_to_pay(text: str, amount: str) -> None:
    assert amount_to_pay(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["tengo 3 meses sin pagar y 2 hijos", "el 15 de enero",
                                  "0", "quiero pagar", "llevo 2 meses"])
def test_not_an_amount_to_pay(text: str) -> None:
    assert amount_to_pay(text) is None


@pytest.mark.parametrize(("text", "named"), [
    ("kiero pagar la mensualidad", "MONTHLY"), ("ok pay the monthly one", "MONTHLY"),
    ("quiero ponerme al corriente", "TO_BE_CURRENT"), ("quiero liquidarlo", "PAYOFF"),
    ("quiero pagar", None),
])
def test_what_to_pay_named(text: str, named: str | None) -> None:
    assert payment_named(text) == named


def test_a_reference_typed_is_no_amount() -> None:
    assert reference_typed("1423 4567 8911 4481 946")
    assert reference_typed("142345678911448194")  # 18 digits: a typo, still a reference
    assert not reference_typed("5000")
    assert not reference_typed("pago 1423456789114481946")
