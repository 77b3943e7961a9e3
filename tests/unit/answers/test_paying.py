"""Words about paying the credit where a payment is asked for: what is owed, and an amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.nlu.answers import amount_to_pay, asks_owed


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
])
def test_an_amount_to_pay(text: str, amount: str) -> None:
    assert amount_to_pay(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["tengo 3 meses sin pagar y 2 hijos", "el 15 de enero",
                                  "0", "quiero pagar", "llevo 2 meses"])
def test_not_an_amount_to_pay(text: str) -> None:
    assert amount_to_pay(text) is None
