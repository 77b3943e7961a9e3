"""Normalisation of what users type, for matching words to commands and options."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s/]")
_QUESTION = frozenset({"cuanto", "cuanta", "cuantos", "cuantas", "cuando", "donde", "adonde",
                       "como", "porque", "cual", "cuales", "quien", "quienes", "what", "how",
                       "where", "when", "why", "which", "who", "whats", "hows"})
"""Words that open a question, not a choice."""
_ASKING = frozenset({"significa", "significado", "explicame", "explica", "explicas", "meaning",
                     "mean", "means"})
"""Words that ask wherever they stand («y eso q significa», «what does that mean»)."""
_LOOSE = frozenset({"como", "cuando"})
"""Question words that inside a statement mean «about» or «whenever» («gano como 15 mil»,
«cuando pueda»): a question only where a clause begins."""
_CLAUSE_OPENERS = frozenset({"y", "pero", "o", "entonces", "oye", "oiga", "se", "sabes", "sabe",
                             "pregunta", "duda", "no", "hasta", "desde", "para", "and", "but",
                             "so"})
"""Words after which a loose question word still opens a question («y como le hago»,
«no se como»)."""
_QUESTION_OPENERS = frozenset({"que", "y", "si", "pero", "o", "entonces", "puedo", "se", "hay",
                               "and", "but", "can", "could", "is", "are", "do", "does", "what"})
"""Words that open a question when the text ends with a question mark («y si pago con
tarjeta?», «puedo pagar en oxxo?»)."""


_SHORTHAND = {"q": "que", "k": "que", "ke": "que", "qe": "que", "xq": "porque",
              "pq": "porque", "xk": "porque", "porq": "porque", "kiero": "quiero",
              "kero": "quiero", "tmb": "tambien", "tb": "tambien", "tmbn": "tambien",
              "aki": "aqui", "bn": "bien", "sita": "cita", "sitas": "citas", "pa": "para"}
"""Chat shorthand written out, so every reader knows «q debe tener la contraseña?» as «que
debe tener…» (a reader that listed «que» but not «q» missed it)."""
_OK_ALONE = frozenset({"k", "kk", "ok ok"})
_SHORT_WORD = re.compile(r"\b(" + "|".join(sorted(_SHORTHAND, key=len, reverse=True)) + r")\b")


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation dropped, spaces collapsed, chat shorthand
    («q», «xq», «kiero») written out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = _SPACES.sub(" ", _PUNCTUATION.sub(" ", plain)).strip()
    if folded in _OK_ALONE:  # «k» alone is an «ok», not a «que»
        return "ok"
    return _SHORT_WORD.sub(lambda word: _SHORTHAND[word.group(1)], folded)


def clean(text: str, limit: int = 4096) -> str:
    """Drop control and bidi-override characters and trim; keep at most ``limit`` chars."""
    kept = "".join(
        char for char in text
        if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    return kept.strip()[:limit]


def asks(text: str) -> bool:
    """Whether ``text`` is a question: it opens with a question word («cuanto cuesta»,
    «¿dónde queda?», «how much»), or with «qué», «por qué», «y si», «puedo»… and ends with
    a question mark."""
    words = fold(text.strip().lstrip("¿")).split()
    if not words:
        return False
    if words[0] in _QUESTION:
        return True
    return text.rstrip().endswith("?") and (
        words[0] in _QUESTION_OPENERS or words[:2] == ["por", "que"])


_ASKS_WHAT = re.compile(r"^((y|pero|oye|oiga) )?(que|cual|cuales) (es|son|significa|"
                        r"quiere decir|pasa|hago|debo|necesito)\b")
"""«que son los gastos de titulacion», «que pasa si no pago»: a question without its mark
(«que bueno» or «que me den mi dinero» are none)."""


def questioning(text: str) -> bool:
    """Whether ``text`` asks something anywhere in it: a question mark or a question word
    («gracias, ¿hasta cuándo puedo ir?», «y hasta cuando vale»): not a thanks or a goodbye."""
    if "?" in text:
        return True
    if _ASKS_WHAT.search(fold(text)):
        return True
    words = fold(text).split()
    if _ASKING & set(words):
        return True
    return any(word in _QUESTION and (
        word not in _LOOSE or index == 0 or words[index - 1] in _CLAUSE_OPENERS)
        for index, word in enumerate(words))



def joined(*parts: str) -> str:
    """Pieces of text read as one message (what was typed and what was kept from before),
    the empty ones left out."""
    return " ".join(part for part in parts if part)


def holds_address_or_number(text: str) -> bool:
    """An e-mail or digits somewhere in ``text``: words that may carry an identifier, an
    address or a number («me equivoqué, es 5587654329»), not words alone."""
    return "@" in text or any(char.isdigit() for char in text)


_SWITCHES = re.compile(r"\b(mejor|en vez|en lugar|mas bien|instead|rather|better|actually)\b")


def switches(text: str | None) -> bool:
    """«¿y si mejor para devolución?», «actually for a refund?»: a change of mind asked as a
    question, not a question about the thing named."""
    return bool(_SWITCHES.search(fold(text or "")))


_LANGUAGE_REQUEST = re.compile(
    r"((en|in) )?(ingles|english|espanol|spanish)( (por favor|porfa|please|pls|plis))*"
    r"( (y|and))?( |$)")


def language_request(text: str) -> tuple[str, str]:
    """A language asked for at the start of a message, and what follows it, both folded
    («english please, i want to see my points»: «english please», «i want to see my
    points»); ``("", "")`` when the message does not start with one."""
    folded = fold(text)
    found = _LANGUAGE_REQUEST.match(folded)
    if found is None:
        return "", ""
    return folded[:found.end()].strip(), folded[found.end():].strip()


_ENGLISH = frozenset("""
i i m im my me you your how what where when why which who is are am do does did can could
would will the a an to of in on for with and have has want need please hello hi hey there
much many saved savings points credit loan account password forgot help appointment book
check see get make pay payment statement english morning afternoon evening thanks thank
""".split())
_SPANISH = frozenset("""
que de el la los las mi mis tu yo quiero como cuanto cuanta cuantos tengo hola es son por
para con un una me buenas buenos dias tardes noches ayuda necesito cuenta puntos credito cita
ahorro ahorrado contrasena olvide registro registrarme estado saber gracias porfa favor puedo
tiene hay ya si no pero y o se te le lo
""".split())
"""Words that tell the two languages apart in a first message («no», «a» and «me» are in
both: «me» is only Spanish here, «a» only English)."""


def looks_english(text: str | None) -> bool:
    """A first message plainly in English («how much do I have saved?», «hello, I forgot my
    password»): at least two English words and no Spanish one. A worker with no language
    hint (WhatsApp gives none) was answered in Spanish whatever they wrote."""
    words = fold(text or "").replace("'", " ").split()
    english = sum(word in _ENGLISH for word in words)
    spanish = sum(word in _SPANISH for word in words)
    return english >= 2 and spanish == 0


_AND_THEN = re.compile(r"\s*[,;]?\s+(?:y|e|and|y tambien|y ademas|y luego|y despues|ademas|tambien|"
                       r"luego|then|and then|and also)\s+")


def two_requests(text: str) -> list[tuple[str, str]]:
    """The ways ``text`` splits into two requests («quiero una cita y ver mis puntos»): at
    each «y», «and», «y también», «luego», the words before and after (each to be read
    on its own; what they ask is for the reader to say)."""
    folded = fold(text)
    pairs = [(folded[:found.start()].strip(), folded[found.end():].strip())
             for found in _AND_THEN.finditer(folded)]
    return [(before, after) for before, after in pairs if before and after
            and not _NOT.match(before) and not _NOT.match(after)]


_NOT = re.compile(r"^(no|ya no|tampoco|ni|nunca|not|can t|cant|cannot|don t|dont|i can t|"
                  r"i cant|i don t|i dont)\b")
"""A part that says what fails («perdí mi correo y no puedo entrar») is one problem told,
not a second request."""
