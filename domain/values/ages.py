"""A whole number of years in a sentence: an age («tengo 35», «35 años», «treinta y
cinco») or a term («a 20 años», «veinte»). A number with decimals is not a whole age."""

from __future__ import annotations

import re

from domain.values.numbers import words_to_digits

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def read_years(text: str) -> int | None:
    """The one whole number in ``text`` (at most three digits), else None."""
    plain = re.sub(r"(?<=\d) (?=\d\b)", "", words_to_digits(text))  # «7 0» -> «70»
    found = [token.rstrip(".,") for token in _NUMBER.findall(plain)]
    if len(found) != 1 or not found[0].isdigit() or len(found[0]) > 3:
        return None
    return int(found[0])
