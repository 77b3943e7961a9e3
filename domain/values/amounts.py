"""An amount of pesos in a sentence: «gano como 8 mil al mes», «ocho mil», «$8,000», «8k»,
«mil quinientos», «8,500.50», «15 mil pesos». Mexican usage: a comma groups thousands and
a dot starts the cents; «12.500,50» and «12.345» are ambiguous and read as nothing."""

from __future__ import annotations

import re
from decimal import Decimal

from domain.values.numbers import words_to_digits

_NUMBER = re.compile(r"(?<![\w.,])-?\$?\s?(\d[\d,.]*)(?![\w])")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,2})?")
_PLAIN = re.compile(r"\d+(\.\d{1,2})?")
_NOTHING = re.compile(r"(nada|nothing|cero|zero|ninguno|ninguna|no tengo nada|none)")
_NEGATIVE = re.compile(r"(?<![\w])-\s*\$?\s*\d")


def read_amount(text: str) -> Decimal | None:
    """The one amount in ``text``, or None when there is none, more than one, or one
    written ambiguously. Spaces inside a number typed as «$12 500» are joined."""
    plain = words_to_digits(text)
    if _NOTHING.fullmatch(plain.strip(" .!")):
        return Decimal(0)
    if _NEGATIVE.search(plain):
        return None
    plain = re.sub(r"(?<=\d) (?=\d{3}\b)", "", plain)  # «12 500» -> «12500»
    found = [token.rstrip(".,") for token in _NUMBER.findall(plain)]
    if len(found) != 1:
        return None
    token = found[0]
    if _GROUPED.fullmatch(token):
        token = token.replace(",", "")
    if not _PLAIN.fullmatch(token):
        return None
    return Decimal(token)
