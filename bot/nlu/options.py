"""An offered option named inside a sentence: «quiero ver mis aportaciones» for «Ver mis
aportaciones», «con mis datos» for «Usar mis datos», «mandamelo al correo» for «Enviar a mi
correo», «quiero pagar» for «Hacer un pago». People on WhatsApp answer a question with
buttons in their own words; the exact label or its beginning (``bot/conversation/turn.py``)
is only the first try.

The words that carry no meaning of their own («quiero», «ver», «mi», «el», «please»…) are
left out on both sides; a remaining word of the label counts as named when the text has it
spelt the same, with a typo (Damerau-Levenshtein, RapidFuzz) or with another ending of the
same stem («pagar», «pago»). The option with the most words named wins, and only when no
other option names as many. Text with a digit names only the one option whose label holds
its numbers («el de 1080»: «Esquema de 1,080 puntos»); otherwise it is data (a code, an
amount, a date); a negation the label does not carry («no quiero enviarlo») names nothing; a
question («¿cuánto cuesta la cita?», «¿dónde queda?») names only an option that is itself a
question («¿Cómo se calcula?»): it shares words with the others without asking for them.
An option that commits something (``committing``: «Confirmar la cita», «Borrar mi cuenta»)
is named only with the action its label begins with, not by the thing it acts on alone
(«la cita»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import DamerauLevenshtein

from bot.nlu.text import asks, fold, questioning

_FILLER = frozenset("""
a al algo algun alguna ante aqui asi con como cual da dame de del deme dime el ella en esa
ese eso esta estas este esto estos favor hacer hazme la las le lo los me mejor mi mis mio
mia necesito o ocupo oye para pero pls plis por porfa porfavor pues puedes q que quiero
quisiera se si su sus te tu tus un una uno unos usted ver veo y ya yo kiero kero pa xfa
i i d id im i m to the my me please pls want would like of for on in and an can could you
show see give let lets just get use do okay ok
how much many what where when why which who whats hows cuanto cuanta cuantos cuantas cuando donde
cuales quien cuenta cuentas account accounts
""".split())
"""Words that carry no meaning of their own here; question words among them: «how much can
I borrow» shares «how» with «How is it worked out?» without asking for it; «cuenta», in
«Estado de cuenta», «Crear mi cuenta» and «Recuperar mi cuenta», tells none of them apart
(«mejor mi estado de cuenta» at the procedures picked «Recuperar mi cuenta»)."""

_NEGATION = frozenset({"no", "ni", "nunca", "tampoco", "not", "dont", "don", "never", "nope",
                       "nel"})
_CHANGE_OF_MIND = re.compile(
    r"^\W*(?:no|nel|nop|nope|nah)\b(?:\W*[,.;!]|\s+(?:mejor|mas bien|más bien|better|rather|"
    r"actually|instead))", re.IGNORECASE)
"""«no, mejor el pago del mes», «no, el otro»: a no that takes back what was offered or
said before, not one that negates the option the rest of the words name."""


_ENDINGS = ("aciones", "acion", "ciones", "cion", "idad", "ando", "iendo", "ado", "ido", "ings",
            "ing", "ar", "er", "ir", "ed", "os", "as", "es", "o", "a", "e", "s")
"""Endings dropped to compare stems: «pagar»/«pago», «enviar»/«envio», «detalle»/«detalles»,
«restructure»/«restructuring»."""

MIN_WORD = 3
"""Shorter words never name an option («y», «el», a stray letter)."""
MAX_TYPO_RATIO = 0.2
"""Edits allowed per letter for a word to count as a typo of another (1 in 5)."""


_SAME_WORD = {"mail": "correo", "email": "correo", "gmail": "correo", "hotmail": "correo",
              "outlook": "correo", "emails": "correo", "correos": "correo"}
"""Words that name the same thing in a label and a message: «mándalo a mi mail» names
«Enviar a mi correo», «send it to my correo» «Send to my email»."""


def _content(text: str) -> list[str]:
    folded = f" {fold(text)} ".replace(" e mail ", " email ")  # «e-mail» as typed: «email»
    return [_SAME_WORD.get(word, word) for word in folded.split()
            if word not in _FILLER and len(word) >= MIN_WORD and not word.isdigit()]


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_WORD:
            return word[: -len(ending)]
    return word


def _same(typed: str, label: str) -> bool:
    if typed == label or _stem(typed) == _stem(label):
        return True
    longest = max(len(typed), len(label))
    if min(len(typed), len(label)) < 5:
        return False
    return DamerauLevenshtein.distance(typed, label) <= int(longest * MAX_TYPO_RATIO)


def option_by_words(text: str, offered: Sequence[Sequence[str]],
                    committing: frozenset[str] = frozenset(), whole: bool = False) -> str | None:
    """The id of the one offered option whose label's words ``text`` names best, or None.
    ``whole``: only an option the words name all of, with at most one word more («usar
    mis datos» for «Con mis datos»): a short answer that is plainly that option."""
    if any(char.isdigit() for char in text):
        return _option_by_numbers(text, offered)
    if asks(text):  # a question names only an option that is one («¿Cómo se calcula?»)
        offered = [(option_id, label) for option_id, label in offered if label.endswith("?")]
    elif committing and questioning(text.replace("?", "")):  # where an option commits
        # something, a question answers none of them: «y cuántos pagos me faltan» named «Pago
        # mensual» and issued its slip (elsewhere an option that shows something may answer
        # a question: «cuánto tarda mi aportación», «Mis aportaciones»)
        offered = [(option_id, label) for option_id, label in offered if label.endswith("?")]
    typed = _content(text)
    if not typed:
        return None
    rest = _CHANGE_OF_MIND.sub("", text, count=1)
    negated = bool(_NEGATION & set(fold(rest).split()))
    scores: list[tuple[int, float, str]] = []
    for option_id, label in offered:
        if negated and not _NEGATION & set(fold(label).split()):
            continue
        wanted_words = _content(label)
        if option_id in committing and not (
                wanted_words and any(_same(word, wanted_words[0]) for word in typed)):
            continue
        named = sum(any(_same(word, wanted) for word in typed) for wanted in wanted_words)
        if whole and (named < len(wanted_words) or len(typed) > named + 1):
            continue
        if named:  # as many words named: the label they say more of («usar mis datos»
            # is «Con mis datos», all of it, over half of «Usar el simulador»)
            scores.append((named, named / len(wanted_words), option_id))
    if not scores:
        return None
    best = max(score[:2] for score in scores)
    winners = [option_id for *score, option_id in scores if tuple(score) == best]
    return winners[0] if len(winners) == 1 else None


_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
_NUMBER = re.compile(r"\d+")


def _numbers(text: str) -> set[str]:
    """The numbers in ``text``, thousands written either way («1,080» and «1080» alike)."""
    return set(_NUMBER.findall(_THOUSANDS.sub("", text)))


def _option_by_numbers(text: str, offered: Sequence[Sequence[str]]) -> str | None:
    """«el de 1080», «el de los 100 puntos»: the one option whose label holds every number
    typed («Esquema de 1,080 puntos»); None when no label or more than one does (a number
    that is data, a code or an amount, is in none of them)."""
    typed = _numbers(text)
    holders = [option_id for option_id, label in offered if typed <= _numbers(label)]
    return holders[0] if len(holders) == 1 else None


_ORDINALS = {
    "primer": 1, "primero": 1, "primera": 1, "first": 1, "1ro": 1, "1ero": 1, "1era": 1,
    "1st": 1, "segundo": 2, "segunda": 2, "second": 2, "2do": 2, "2da": 2, "2nd": 2,
    "tercer": 3, "tercero": 3, "tercera": 3, "third": 3, "3ro": 3, "3era": 3, "3rd": 3,
    "cuarto": 4, "cuarta": 4, "fourth": 4, "4to": 4, "4th": 4, "quinto": 5, "quinta": 5,
    "fifth": 5, "5to": 5, "5th": 5, "sexto": 6, "sexta": 6, "sixth": 6, "6th": 6,
    "septimo": 7, "septima": 7, "seventh": 7, "7th": 7, "octavo": 8, "octava": 8,
    "eighth": 8, "8th": 8, "noveno": 9, "novena": 9, "ninth": 9, "9th": 9, "decimo": 10,
    "decima": 10, "tenth": 10, "10th": 10,
}
_ORDINAL = re.compile(
    r"((el|la|lo|the|quiero|dame|pon|ponme|elijo|escojo|mejor|ok|si|yes|i want|i ll take|"
    r"give me|take|la opcion|el numero|option|number) )*(?P<word>" + "|".join(_ORDINALS)
    + r")( (one|opcion|option|de la lista|de arriba|on the list|please|pls|porfa|por favor))*")


def ordinal_choice(folded: str, count: int) -> int | None:
    """«el primero», «la segunda», «the first one»: the 0-based index of the option of the
    list the words count to, when the whole text is that (and the list is that long)."""
    matched = _ORDINAL.fullmatch(folded)
    if matched is None:
        return None
    index = _ORDINALS[matched.group("word")] - 1
    return index if index < count else None


_CARDINALS = {
    "uno": 1, "una": 1, "one": 1, "dos": 2, "two": 2, "tres": 3, "three": 3, "cuatro": 4,
    "four": 4, "cinco": 5, "five": 5, "seis": 6, "six": 6, "siete": 7, "seven": 7, "ocho": 8,
    "eight": 8, "nueve": 9, "nine": 9, "diez": 10, "ten": 10,
}
_NUMBERED = re.compile(
    r"((quiero|dame|pon|ponme|elijo|escojo|mejor|ok|si|yes|no|i want|i ll take|give me|"
    r"take) )*(?P<article>(el|la|lo|the) )?(?P<named>(opcion|numero|num|option|number) )?"
    r"(?P<n>\d{1,2}|" + "|".join(_CARDINALS) + r")"
    r"( (one|opcion|option|de la lista|de arriba|on the list|please|pls|porfa|por favor))*")


def numbered_choice(folded: str, count: int, numbers_are_data: bool) -> int | None:
    """«la 1», «el 2», «opción 3», «la opción #4», «option 2», «la dos»: the 0-based index of
    the option the words number, when the whole text is that (a bare «2» is read before
    this). Where the options are numbers themselves (days, times: ``numbers_are_data``),
    only «opción N» or «número N» counts: there «el 15» is the 15th, «la 1» one o'clock."""
    matched = _NUMBERED.fullmatch(folded)
    if matched is None or not (matched.group("article") or matched.group("named")):
        return None
    if numbers_are_data and not matched.group("named"):
        return None
    word = matched.group("n")
    number = int(word) if word.isdigit() else _CARDINALS[word]
    return number - 1 if 1 <= number <= count else None
