"""Small deterministic readings of what people type at a step, the way they write on
WhatsApp (lower case, no accents, whole sentences): a yes or a no at a consent step, a code
inside a sentence or a request about the code, "I forgot it" at a password prompt, "I have
no account" at the login prompt. Pure functions over folded text; the flows decide what
each reading does. A question that is none of these is left to the step as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.nlu.text import fold, questioning
from domain.security.passwords import could_be_a_password
from domain.values.numbers import words_to_digits

_YES = frozenset({
    "si", "sí", "acepto", "si acepto", "ok", "okay", "oki", "va", "sale", "de acuerdo",
    "claro", "claro que si", "esta bien", "ta bien", "por supuesto", "yes", "yep", "yeah",
    "sure", "i accept", "accept", "i agree", "agree", "okey", "si claro", "si de acuerdo",
    "andale", "simon", "aceptar", "acepto los terminos", "si los acepto", "si lo acepto",
    "yes i accept", "of course", "vale", "dale", "perfecto", "correcto", "afirmativo",
    "yea", "yup", "alright", "all right", "fine", "sounds good", "ok then", "okay then",
})
_NO = frozenset({
    "no", "no acepto", "nel", "nop", "nope", "no gracias", "no quiero", "nah", "no acepto los "
    "terminos", "i do not accept", "i don t accept", "i dont accept", "decline", "no thanks",
    "no thank you", "negativo", "para nada", "mejor no", "no lo acepto", "no los acepto",
})


_LEADING_FILLER = re.compile(r"^((bueno|pues|este|ah|ay|oh|ahh|mmm+|mm|entonces|well|um+|"
                             r"hmm+|okay so|so|ok pues|bueno pues|pues bueno) )+")


_TURN = re.compile(r"\b(?:espera|esperate|pensandolo bien|mejor dicho|wait|actually|on second "
                   r"thought)\b")
"""Words after which a worker answers again («no, espera, sí acepto»)."""


def read_yes_no(text: str | None) -> bool | None:
    """True for a natural yes, False for a natural no, None when it is neither. "1." and
    "2." are the options' numbers with a stray dot."""
    if not text:
        return None
    if text.strip() in _THUMBS_UP:
        return True
    folded = fold(text)
    turned = _TURN.split(folded)
    if len(turned) > 1:  # «ah no espera, sí acepto»: the answer after the change of mind (it
        # was none, then «No acepto»); «no, espera» alone is a pause, no answer
        return read_yes_no(turned[-1]) if turned[-1].strip() else None
    lead = _LEADING_FILLER.match(folded)
    if lead and lead.end() < len(folded):  # «bueno si acepto», «pues no»: the answer after it
        folded = folded[lead.end():]
    if re.fullmatch(r"si+|s+i+|sip+|sipi|aja+|ajam|simon+|yes+|yep+|yup", folded):
        return True
    if folded in ("1",):
        return True
    if folded in ("2",):
        return False
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    words = folded.split()
    if words and words[0] in _YES_WORDS | {"acepto"} and (
            _BUT & set(words) or (questioning(text) and not _WHAT_NEXT.search(folded))):
        return None  # «ok pero ¿qué dicen?», «sí, ¿y qué hacen con mis datos?»: a question
        # first (it accepted the terms unread and opened the account)
    if words and words[0] in _FIRST_YES and "no" not in words:
        return True
    if words and all(word in _YES_WORDS for word in words):  # «yeah ok», «yeah sure», «va
        return True  # sale»: yeses together (it was «I did not understand whether you accept»)
    if folded in _CONFIRMING:  # «go ahead», «adelante»
        return True
    if doubting(text):
        return None  # «no entiendo», «no sé qué es eso»: a doubt, not a refusal
    if words and words[0] in ("no", "nel", "nope") and not any(
            word in ("si", "yes") for word in words):
        return False
    return None


_WHAT_IF_NOT = re.compile(
    r"\b((que pasa|que sucede|que hago|y|pero|and) si no (acepto|los acepto|lo acepto|la "
    r"acepto)|(y|pero|que pasa) si (le )?digo que no|que pasa si no|what (if|happens if) i "
    r"(don t|dont|do not|say no|refuse|decline)|and if i (don t|dont|do not|say no|refuse|"
    r"decline)|do i have to accept)\b"
    r"|^si no (acepto|quiero aceptar|los acepto|lo acepto)\b.")


def asks_what_if_not(text: str | None) -> bool:
    """«¿y si no acepto qué pasa?», «what if I don't accept?» where a consent is asked: a
    question about refusing, not the refusal (it ended the registration)."""
    folded = fold(text or "")
    return bool(_WHAT_IF_NOT.search(folded)) and folded not in ("no acepto", "no lo acepto",
                                                                "no los acepto")


_WHAT_IT_SAYS = re.compile(
    r"\b(que (dice|dicen|contiene|contienen|trae|traen)|de que (se )?trata|resum\w*|en corto|"
    r"en pocas palabras|what (does|do) (it|they) say|what s in (it|them)|summar\w*|tl ?dr|"
    r"in short)\b")


def asks_what_it_says(text: str | None) -> bool:
    """«¿qué dicen los términos?», «resumido porfa», «what do they say?»: the content of
    what is to be accepted, asked before answering."""
    return bool(_WHAT_IT_SAYS.search(fold(text or "")))


_FIRST_YES = frozenset({"si", "yes", "ok", "okay", "claro", "sure", "acepto", "simon", "sip",
                        "dale", "yeah", "yep"})
"""A yes that leads a longer answer («simón, ya la tengo», «sip, confirmo»)."""
_HAS_IT = re.compile(r"\b(ya (la|lo) tengo|(si )?(la|lo) tengo|ya me (la|lo) (dieron|entregaron)|"
                     r"ya (la|lo) (tengo|recibi)|i (have|ve got|got) it|i already have it)\b")
_HAS_NOT = re.compile(r"\b(no (la|lo) tengo|(aun|todavia) no( me (la|lo) (dan|dieron|han dado))?|"
                      r"no me (la|lo) han dado|not yet|i don t have it|i dont have it)\b")
_CHANGES_MIND = re.compile(r"\b(mejor|better|instead|rather|cambi\w*|change)\b")


def has_it(text: str | None) -> bool | None:
    """«ya la tengo» (True), «todavía no me la dan» (False), at a question whether the worker
    has a document: the option's own words, which were «Va, aquí te espero»."""
    folded = fold(text or "")
    if _HAS_NOT.search(folded):
        return False
    return True if _HAS_IT.search(folded) else None


def changes_mind(text: str | None) -> bool:
    """«no, mejor en Monterrey»: a no that corrects something else, not the answer asked."""
    return bool(_CHANGES_MIND.search(fold(text or "")))


_BUT = frozenset({"pero", "but", "aunque", "though", "although"})
_WHAT_NEXT = re.compile(r"\b(que sigue|y ahora|ahora que|luego que|what s next|whats next|"
                        r"what next|now what|then what)\b")


_THUMBS_UP = frozenset({"👍", "👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿", "👌", "✅"})
_THUMBS_DOWN = frozenset({"👎", "👎🏻", "👎🏼", "👎🏽", "👎🏾", "👎🏿", "❌"})
_DOUBTING = frozenset({"entiendo", "entendi", "comprendo", "se", "tengo", "estoy", "sabia",
                       "conozco", "he", "leo", "lei", "understand", "get", "know", "have"})
"""After a «no», the words of a doubt («no entiendo», «no le entiendo», «no tengo rfc», «no lo
he leído»), not of a refusal («no quiero», «no acepto», «no gracias»)."""


def doubting(text: str | None) -> bool:
    """A worker in doubt, not refusing nor leaving: «no entiendo», «no sé qué es eso», «aún
    no lo leo», «no tengo rfc», a question («¿y eso para qué?»), «no lo sé»."""
    if not text:
        return False
    words = fold(text).split()
    if words[:1] in (["aun"], ["todavia"]) and words[1:2] == ["no"]:
        words = words[1:]  # «aún no lo leo»: not yet, not never
    after = [word for word in words[1:3] if word not in ("lo", "la", "le")][:1]
    return dont_know(text) or questioning(text) or (
        words[:1] == ["no"] and bool(after) and after[0] in _DOUBTING)


_COURTESY = frozenset({"gracias", "por favor", "porfa", "porfavor", "please", "thanks",
                       "thank you", "pls", "plis"})
_CONFIRMING = frozenset({"confirmo", "confirmado", "confirmada", "confirmala", "confirma",
                         "agendala", "agendalo", "reservala", "confirm it", "book it",
                         "confirmed", "go ahead", "adelante", "asi esta bien", "asi",
                         "mandamelo", "mandalo", "envialo", "enviamelo", "send it"})

_YES_WORDS = frozenset(w for w in _YES | _CONFIRMING if " " not in w)
_NO_WORDS = frozenset(w for w in _NO if " " not in w)


def plain_yes_no(text: str | None) -> bool | None:
    """A yes or a no said and nothing else («si», «sí, por favor», «ok gracias», «nel»,
    «confirmo»): at a step whose options are a yes and a no (``Flow.yes_no``) it picks one.
    A yes or a no with more in it («no, mejor otro horario», «sí pero otro día») is None:
    the rest of the sentence may name another option."""
    if (text or "").strip() in _THUMBS_UP:  # 👍 as the whole answer, as WhatsApp users do
        return True
    if (text or "").strip() in _THUMBS_DOWN:
        return False
    folded = fold(text or "").strip()
    for courtesy in _COURTESY:
        folded = folded.removesuffix(" " + courtesy).removeprefix(courtesy + " ")
    words = folded.split()
    if folded in _YES or folded in _CONFIRMING or (words and all(w in _YES_WORDS for w in words)):
        return True  # «ok si», «si si, confirmo»
    if folded in _NO or (words and all(w in _NO_WORDS for w in words)):
        return False
    return None


class CodeRequest(StrEnum):
    RESEND = "resend"
    """The code did not arrive, or the user wants another."""
    LEAVE = "leave"
    """The user no longer wants to go on."""
    NOT_A_CODE = "not_a_code"
    """Words without a code (a question, a comment): never a wrong code."""
    HOW_LONG = "how_long"
    """«¿cuánto tarda el sms?», «how long does it take?»: when the code comes."""
    VALIDITY = "validity"
    """«¿cuánto dura el código?», «when does it expire?»: how long it may be typed."""
    EXPLAIN = "explain"
    """«no entiendo», «¿qué código?», «¿dónde viene?»: what the code is and where to find it."""
    WRONG_LENGTH = "wrong_length"
    """A digit short or over («12345»): it can never be the code, so no try is spent on it
    (it was «Ese código no es correcto. Te quedan 4 intentos»)."""


@dataclass(frozen=True)
class CodeReading:
    code: str | None = None
    request: CodeRequest | None = None
    typed: int = 0
    """How many digits a ``WRONG_LENGTH`` code had."""
    second: str | None = None
    """Another code in the same message («el del correo es 123456 y el del cel 654321»,
    «123456 654321»): the one sent the other way, whichever came first."""


_RESEND = re.compile(
    r"\b(no me (llega|llego|ha llegado|a llegado|han llegado|llegan)|no (llega|llego|ha llegado)"
    r"|reenvia|reenviar|reenvialo|reenviame|reenvio|otro codigo|manda(me)? otro|envia(me)? otro"
    r"|vuelve a mandar|volver a mandar|no recibi|no he recibido|no lo recibi|resend|send again"
    r"|another code|new code|didn t get|did not get|didnt get|never got|not received"
    r"|haven t received|have not received|no code|nunca llego|y nada$|^nada$|sigue sin llegar"
    r"|mandamelo otra vez|mandalo otra vez|otra vez el codigo|(todavia|aun) no (me )?(llega|"
    r"llego|ha llegado)|no ha llegado nada|no me ha llegado|(it s|its|it is|the code is|the sms is)"
    r" not (coming|here)|(nothing|not) (yet|here)|still (nothing|waiting|not here)|(hasn t|hasnt|"
    r"didn t|didnt|never|has not|did not) (come|arrived?|shown up)|where is (it|the code|my code)"
    r"|no code yet)\b")
_HOW_LONG = re.compile(
    r"\b(cuanto (tiempo )?(tarda|tardan|se tarda|demora|demoran|se demora)|en cuanto (tiempo )?"
    r"(llega|llegan)|cuando (llega|llegan|me llega)|tarda mucho|how long (does|do|will|until)|"
    r"when (will|does) (it|the code|the sms) (come|arrive))\b")
_VALIDITY = re.compile(
    r"\b((cuanto|cuanta) (tiempo )?(dura|vale|sirve|es valido)|(cuando|en cuanto) (vence|caduca|"
    r"expira)|hasta cuando (sirve|vale)|how long (is|does) (it|the code) (valid|last|good)|"
    r"when does (it|the code) expire)\b")
_WHICH_CODE = re.compile(
    r"\b((que|cual|de que|cuales) (codigo|codigos|clave|numero)s?|que (es|son) (eso|ese "
    r"codigo|el codigo|esos numeros)|(donde|en donde|como) (esta|viene|veo|encuentro|busco|lo veo|"
    r"lo encuentro|lo busco|consigo|me llega|llega)( el codigo| ese codigo| eso)?|no (tengo|se) "
    r"(cual|que|ningun) codigo|cual es (el|mi) codigo|(what|which) code|what is (this|that|the) "
    r"code|where (is|do i (find|get|see)) (it|the code|that)|i (dont|don t|do not) have (a|any|"
    r"the) code)\b")
"""Words of a worker who does not know what the code asked for is (not that it is late)."""
_LEAVE = re.compile(
    r"\b(ya no quiero|no quiero seguir|no quiero continuar|mejor no|dejalo|olvidalo|cancela"
    r"|cancelar|salir|ya no|never mind|nevermind|forget it|i quit|quit|stop)\b")
_DIGIT_RUN = re.compile(r"(?<![^\W_])\d(?:[\d\s.\-]*\d)?(?![^\W_])")
"""Digits, with spaces, dots or dashes between them, not glued to letters (a CURP's date
«LOHF920417M…» is no code)."""
MISTYPED_DIGITS = 1
"""A run this many digits off the code's length is a code mistyped (counted as a try); a
run further off is other data (a mobile, an NSS, a year), never spent as a try."""


def read_code(text: str | None, digits: int = 6) -> CodeReading:
    """A code of ``digits`` digits, alone or inside a sentence ("el codigo es 123 456"), or
    what the user asks instead (resend, leave), or words that are no code at all. Digits
    one short or over are a code mistyped (``WRONG_LENGTH``: said so, no try spent); more or
    fewer (a mobile, an NSS, a date) are other data, and no try is spent on them either."""
    raw = (text or "").strip()
    near = range(digits - MISTYPED_DIGITS, digits + MISTYPED_DIGITS + 1)
    pieces = re.findall(r"\d+", raw)
    if len(pieces) == 2 and all(len(piece) == digits for piece in pieces):
        return CodeReading(code=pieces[0], second=pieces[1])  # both codes at once
    if raw and not any(char.isalpha() for char in raw):
        typed = "".join(char for char in raw if char.isdigit())
        if not typed or len(typed) == digits:
            return CodeReading(code=typed or raw)
        if len(typed) in near:
            return CodeReading(request=CodeRequest.WRONG_LENGTH, typed=len(typed))
        return CodeReading(request=CodeRequest.NOT_A_CODE)  # a mobile, an NSS: not a try
    runs = ["".join(c for c in run if c.isdigit()) for run in _DIGIT_RUN.findall(raw)]
    found = [run for run in runs if len(run) == digits]
    if len(found) == 1:
        return CodeReading(code=found[0])
    folded = fold(raw)
    if _VALIDITY.search(folded):
        return CodeReading(request=CodeRequest.VALIDITY)
    if _HOW_LONG.search(folded):
        return CodeReading(request=CodeRequest.HOW_LONG)
    if _RESEND.search(folded):
        return CodeReading(request=CodeRequest.RESEND)
    if _LEAVE.search(folded):
        return CodeReading(request=CodeRequest.LEAVE)
    if confused(raw) or _WHICH_CODE.search(folded):
        return CodeReading(request=CodeRequest.EXPLAIN)
    mistyped = [run for run in runs if len(run) in near]
    if len(mistyped) == 1:  # a digit short or over: said, never a try
        return CodeReading(request=CodeRequest.WRONG_LENGTH, typed=len(mistyped[0]))
    return CodeReading(request=CodeRequest.NOT_A_CODE)


_FORGOT = re.compile(
    r"\b(no me acuerdo|no la recuerdo|no recuerdo|olvide|se me olvido|olvidé|la olvide"
    r"|perdi mi contrasena|recuperar|restablecer|cambiar (mi )?contrasena|no se (cual es )?mi "
    r"contrasena|no se cual es|i forgot|forgot|don t remember|dont remember|do not remember"
    r"|reset (my )?password|can t remember|cant remember|lost my password)\b")


_REMEMBERED = re.compile(
    r"(?<!\bno )\b(ya )?(me acorde|me acuerdo|la recorde|la recuerdo|ya se cual es|ya me vino)\b"
    r"|\b(mejor )?(lo |la )?(intento|intentare|pruebo|vuelvo a intentar|intentar)( otra vez| de "
    r"nuevo| con mi contrasena)\b|\bi (just )?remember(ed)?( it| my password| now)?\b"
    r"|\b(let me|i ll|i will) try (again|it again)\b|\btry again\b")


def remembers_password(text: str | None) -> bool:
    """«ya me acordé», «mejor intento otra vez», «I remember it now»: the password came back
    to them after all (in a reset begun for having forgotten it)."""
    return bool(_REMEMBERED.search(fold(text or "")))


def forgot_password(text: str | None) -> bool:
    """At a password prompt: the worker says they do not know it."""
    return bool(text) and bool(_FORGOT.search(fold(text or "")))


_DONT_KNOW = re.compile(
    r"^(y )?(pues |ps |la verdad |este |mmm+ )?(no (lo |la |le )?(se|c)|nose|no (lo )?sabemos"
    r"|ni idea|no tengo (ni )?(idea|la menor idea)|no (me )?(acuerdo|recuerdo)|quien sabe"
    r"|sepa|desconozco|no estoy segur[oa]|no sabria|i don ?t know|i dont know|i do not know"
    r"|dont know|don t know|dunno|idk|no idea|not sure|i m not sure|im not sure|no clue)\b")


def dont_know(text: str | None) -> bool:
    """«no lo sé», «ni idea», «i don't know»: at a step offering «No lo sé», that option;
    anywhere, never a wish to leave (the intent model reads «no lo se» as a cancel)."""
    return bool(text) and bool(_DONT_KNOW.search(fold(text or "").strip()))


_NO_ACCOUNT = re.compile(
    r"\b(no tengo cuenta|no tengo una cuenta|aun no tengo cuenta|todavia no tengo cuenta"
    r"|registrarme|registrar|registro|me quiero registrar|quiero registrarme|crear (mi |una )?"
    r"cuenta|abrir (mi |una )?cuenta|soy nuevo|soy nueva|no estoy registrad[oa]|sign up|signup"
    r"|register|create (an |my )?account|i don t have an account|i dont have an account"
    r"|no account|new account)\b")


def wants_registration(text: str | None) -> bool:
    """At the login prompt: the worker has no account yet."""
    return bool(text) and bool(_NO_ACCOUNT.search(fold(text or "")))


_WRONG_ADDRESS = re.compile(
    r"\b(me equivoque|me equivoqué|esta mal|estaba mal|lo escribi mal|cambiar (el |mi )?correo"
    r"|corregir (el |mi )?correo|otro correo|correo equivocado|wrong (e ?mail|address)"
    r"|change (the |my )?(e ?mail|address)|typo|i made a mistake|mistake)\b")


def wrong_address(text: str | None) -> bool:
    """At a step after an e-mail was given: the worker says it was mistyped."""
    return bool(text) and bool(_WRONG_ADDRESS.search(fold(text or "")))


_CHANGE = re.compile(
    r"\b(cambiar|cambio|actualizar|modificar|nuevo|nueva|otro|change|update|new)\b")
_EMAIL_WORDS = re.compile(r"\b(correo|mail|email|e mail|correo electronico)\b")
_MOBILE_WORDS = re.compile(r"\b(celular|cel|telefono|numero|movil|mobile|phone|cell)\b")


_CHANGE_VERB = re.compile(r"\b(cambiar|cambio|actualizar|modificar|change|update)\b")


def contact_to_change(text: str | None, verb: bool = False) -> str | None:
    """«cambiar mi correo» -> "email", «cambiar mi celular» -> "mobile", else None (a
    sentence about the password is not about the e-mail, even when it names it). With
    ``verb`` only a verb of changing counts («mándalo a otro correo» changes nothing)."""
    folded = fold(text or "")
    changes = (_CHANGE_VERB if verb else _CHANGE).search(folded)
    if not changes or "contrasena" in folded or "password" in folded:
        return None
    email, mobile = bool(_EMAIL_WORDS.search(folded)), bool(_MOBILE_WORDS.search(folded))
    if email == mobile:
        return None
    return "email" if email else "mobile"


BACK = "back"
"""What ``read_revision`` returns for «atrás», «regrésame», «me equivoqué», «go back»."""

_GO_BACK = frozenset({
    "atras", "regresa", "regresame", "regresar", "regresarme", "regresemos", "regreso",
    "volver", "vuelve", "volvamos", "devuelveme", "anterior", "back", "previous", "undo",
})
_BACK_WORDS = _GO_BACK | {"equivoque", "equivoco", "equivocado", "equivocada", "confundi",
                          "mistake", "oops"}
_BACK_NEUTRAL = frozenset({
    "quiero", "me", "puedes", "podrias", "porfa", "por", "favor", "please", "pls", "go", "al",
    "a", "la", "el", "paso", "un", "step", "the", "oye", "mejor", "ir", "hacia", "pregunta",
    "ya", "lo", "le", "i", "made", "wait", "espera", "perdon", "sorry", "ay", "ups", "uy",
    "no", "de", "nuevo", "again", "one",
})
_REVISE = re.compile(
    r"\b(me equivoque|equivoque|equivocad[oa]|me confundi|confundi|esta mal|estaba mal|"
    r"(lo |la )?(escribi|puse|di) mal|mal escrit[oa]|incorrect[oa]|corregir|corrijo|corrige|"
    r"cambiar|cambio|cambia|cambiame|modificar|otr[oa]|regresa(r|me)?|volver|vuelve|atras|"
    r"wrong|fix|change|correct|mistake|typo|edit|back|another|different|other)\b"
    r"|\b(ese|esa|este|esta|that|this) (dia|fecha|hora|horario|day|date|time) no (puedo|me queda|"
    r"me acomoda|se puede)|\bno (puedo|me queda|me acomoda) (ese|esa|este|esta) (dia|fecha|hora|"
    r"horario)|\b(can t|cannot|cant) (make|do) (it )?(that|this) (day|date|time)|\b(that|this) "
    r"(day|date|time) (doesn t|does not|won t|will not) work")
"""A correction, or a day or time refused («no puedo ese día», «that day doesn't work»: the
day asked again; it was «Elige una hora de la lista»)."""
_FIELD_SEPARATORS = re.compile(r"[^a-z0-9 ]")


def going_back(text: str | None) -> bool:
    """Only «atrás», «regrésame», «go back» (no mistake named): at the first step of a
    procedure, out of it."""
    words = set(fold(text or "").split())
    return bool(words & _GO_BACK) and words <= _GO_BACK | _BACK_NEUTRAL


def read_revision(text: str | None, fields: dict[str, tuple[str, ...]]) -> str | None:
    """A worker going back inside a procedure: ``BACK`` for «atrás», «regrésame», «me
    equivoqué» (alone), or the step whose words (``fields``: step -> words naming what it
    asked for) a correction names («me equivoqué en la curp», «cambiar el estado», «mejor
    otro día», «wrong e-mail»); None for anything else. The longest name wins: «número de
    seguridad social» is the NSS, not the «número» of the mobile."""
    folded = fold(text or "")
    words = folded.split()
    if not words:
        return None
    if set(words) & _BACK_WORDS and set(words) <= _BACK_WORDS | _BACK_NEUTRAL:
        return BACK
    if len(words) > 12 or not _REVISE.search(folded):
        return None
    return field_named(text, fields)


def field_named(text: str | None, fields: dict[str, tuple[str, ...]]) -> str | None:
    """The step whose words (``fields``) the text names, the longest name winning, with or
    without a correction («gano 250 diarios» names the salary)."""
    padded = f" {_FIELD_SEPARATORS.sub(' ', fold(text or ''))} "
    named = [(len(name), step) for step, names in fields.items() for name in names
             if f" {name} " in padded]
    return max(named)[1] if named else None


_AGE_CUE = re.compile(r"\b(tengo|tendria|tuviera|edad|cumplo|cumpli|i am|i m|im|age|aged|"
                      r"years old)\b")


_PARTNER = frozenset({
    "esposa", "esposo", "pareja", "marido", "novia", "novio", "conyuge", "concubina",
    "concubino", "coacreditado", "coacreditada", "coacreditados", "wife", "husband", "partner",
    "spouse", "girlfriend", "boyfriend", "coborrower", "borrower",
})
_PARTNER_SAID = re.compile(r"\b(mi|la de mi|de mi) (mujer|senora|vieja|senor|hombre)\b"
                       r"|^((y|pero|no|pues|bueno) )*(el|ella|he|she) (gana|ganaba|cobra|percibe|"
                       r"saca|tiene un sueldo de|earns|makes|gets|is paid|earned)\b")
"""«mi señora gana…», and «él gana 11 mil», «she makes 12000» (the partner just spoken of:
the worker says «yo gano»)."""


_CONTINUING = re.compile(
    r"^(?!.*\b(menu|inicio|principio|start|main|home|beginning)\b)"
    r"(ok |va |bueno |si |sale |mejor |ya )*(yo )?((si )?(quiero|voy a|i want to|i ll) )?(sigo|"
    r"seguimos|sigamos|seguir|sigue|"
    r"sigale|continuo|continuamos|continuemos|continuar|continua|le sigo|le seguimos|"
    r"(lets |let s |let us )?(continue|go on|keep going|carry on|proceed)|(volvamos|regresemos|"
    r"vamos de vuelta|de vuelta|volver|regresar|regresa|vuelve|volvemos|regresamos) (a|al|con)"
    r"|(lets |let s |let us |ok )?(go )?back to)"
    r"( con (el|la|esto|lo|mi|mis)\b.*| (el|la|lo|mi|the|my|it)\b.*| aqui| adelante| please"
    r"| porfa| sign ?up.*| registr\w*.*)?$")


_PASSWORD_RULES = re.compile(
    r"\b((como|que|q|k|cuales|cuantos) (debe|tiene|tengo|necesita|lleva|llevar|son|caracteres|"
    r"requisitos|reglas)\w*\b.*\b(contrasena|clave|password)|(requisitos|reglas|caracteres)"
    r" (de|para|que lleva) (la |mi |una )?(nueva )?(contrasena|clave|password)|(new )?password "
    r"(rules|requirements)|(rules|requirements) (for|of) (the |my |a )?(new )?password|"
    r"(what|how) (should|must|does|do) (the |my )?password|(contrasena|password) (valida|debe|"
    r"must|should|needs))\b")


def asks_password_rules(text: str | None) -> bool:
    """«¿cómo debe ser la contraseña?», «what should my password have?»: the rules, asked in
    passing (at the password reset's code step it is not «what we are doing here»)."""
    return bool(_PASSWORD_RULES.search(fold(text or "")))


_MISSING = re.compile(
    r"\b(cuant[oa]s? (puntos )?me faltan?|que (requisitos |puntos )?me faltan?|cuales me faltan|"
    r"(aun |todavia |y )?me falta(n)? (muchos?|pocos?|bastantes?|harto|algo)|(aun |todavia )me "
    r"faltan?|estoy (lejos|cerca)|(am i|i m|im) (far|close)|do i (still )?need (many|much|a lot)"
    r"|"
    r"que mas (me )?(falta|necesito|piden)|what am i missing|what (else )?do i (still )?need|"
    r"how many (more )?(points )?do i need|how many am i missing|when (will|do|can) i (have|"
    r"get|reach|make) (it|enough|them)|cuando (voy a tener|tendre|alcanzo|alcanzare|llego|"
    r"voy a llegar|completo|junto) (los|lo|suficientes|mis)|cuant[oa]s (puntos )?(necesito|"
    r"ocupo|piden|me piden|se necesitan|se ocupan|son buenos|debo tener|tengo que tener)|"
    r"(what s|whats|what is) a good (score|number)|how many points (are|is) (good|enough)|"
    r"cuanto tiempo (me )?(falta|faltaria|tardo|tardaria|tardare|llevara|lleva)|"
    r"cuanto (me )?(tardo|tardaria|tardare)\b(?! en (reflejar|aparecer|verse|llegar|salir))|"
    r"en cuanto tiempo (los |lo |la )?(junto|alcanzo|tengo|tendre|completo|llego)|"
    r"para cuando (los |lo |la )?(junto|alcanzo|tengo|tendre|completo|llego)|"
    r"how long (will|would|does|is) (it|that|this) (take|be)|how long until|how much longer|"
    r"how much more time)\b")


_VERDICT = re.compile(
    r"\b((es|esta|son|estan|estoy|voy) (bueno|malo|bien|mal|suficiente\w*|poco\w*|mucho\w*)"
    r"( o (malo|mal|bueno|bien|no))?|bueno o malo|bien o mal|(ya )?(alcanzo|califico|cumplo)|"
    r"(me )?alcanza(n)?( o no)?|ya (puedo|la hago)|(is|are) (that|it|this|they) (good|bad|"
    r"enough|ok|okay)|am i (eligible|ok|okay|good)|do i (qualify|make it)|(good|bad) or (bad|"
    r"good))\b")


def asks_missing(text: str | None) -> bool:
    """«¿cuántos me faltan?», «qué me falta», «what am I missing?», and the verdict asked
    for («¿y eso es bueno o malo?», «¿ya alcanzo?», «is that enough?»), which is what is
    missing, or that nothing is (for the points)."""
    folded = fold(text or "")
    return bool(_MISSING.search(folded)) or (questioning(text or "")
                                             and bool(_VERDICT.search(folded)))


_WHAT_FOR = re.compile(
    r"\b(para (que|q) (me )?(sirve|es|lo uso|lo ocupo|se usa|lo puedo usar)|de (que|q) me sirve|"
    r"en (que|q) (lo )?(puedo usar|puedo ocupar|me sirve)|what (is it|s it|is that|s that|is "
    r"this|s this) (for|good for)|what can i (do|use it) (with it|for)|what is it used for)\b")
_AMOUNT_VERDICT = re.compile(
    r"\b(mucho o poco|poco o mucho|(es|son) (mucho|poco|bastante|suficiente)|(is|s) (that|it|this)"
    r" (a lot|much|little|enough|good|bad)|a lot or (a )?little)\b")


def asks_what_for(text: str | None) -> bool:
    """«¿y eso para qué me sirve?», «what is it for?»: what something shown is good for."""
    return bool(_WHAT_FOR.search(fold(text or "")))


def asks_amount_verdict(text: str | None) -> bool:
    """«¿y eso es mucho o poco?», «is that a lot?»: a judgement of an amount shown."""
    return bool(_AMOUNT_VERDICT.search(fold(text or "")))


_WONDERS_SALARY = re.compile(
    r"\b((y )?si (gano|ganara|ganaria|ganase|gane|ganaba|cobrara|cobro|me pagaran|me pagan|"
    r"tuviera un sueldo de|mi sueldo fuera|mi sueldo es)|(con|y con) (un )?(sueldo|salario) de|"
    r"what if i (earn|earned|make|made|got paid|get paid)|(and )?if i (earn|earned|make|made)|"
    r"with a salary of)\b")


_WHICH_SCHEME = re.compile(
    r"\b((que|cual) (esquema|regla|modalidad) (me )?(toca|aplica|tengo|corresponde|es el mio|"
    r"me toca|me aplica|me corresponde)|(which|what) scheme (applies|do i|is mine|is it|am i)|"
    r"por que (ese|este) esquema|why (this|that) scheme)\b")


def asks_which_scheme(text: str | None) -> bool:
    """«¿qué esquema me toca?», «which scheme applies to me?»: the scheme in force for the
    worker and why (it was «No sé responder esa pregunta aquí»)."""
    return bool(_WHICH_SCHEME.search(fold(text or "")))


def wonders_salary(text: str | None) -> bool:
    """«¿y si ganara 25 mil?», «con un sueldo de 20000», «what if I made 30k?»: a salary to
    try figures with (``read_amount`` gives it), not the worker's recorded one."""
    return bool(_WONDERS_SALARY.search(fold(text or "")))


_MORE_POINTS = re.compile(
    r"\b(como (le )?(hago|puedo|hacer)( para)? (tener|subir|juntar|sacar|aumentar|ganar|"
    r"conseguir|juntar) mas|(subir|aumentar|juntar|tener) mas puntos|"
    r"(subir|subo|aumento) (mis )?puntos|"
    r"how (do|can) i (get|raise|increase|earn) (more|my)( points)?|more points)\b")


def asks_more_points(text: str | None) -> bool:
    """«¿y cómo le hago para tener más?», «cómo subo mis puntos», «how do I get more points»."""
    return bool(_MORE_POINTS.search(fold(text or "")))


_NEXT_CONTRIBUTION = re.compile(
    r"\b(cuando (me )?(llega|llegan|cae|caen|depositan|deposita|aparece|aparecen|se ve|se ven|"
    r"pagan|paga|sale|salen)\b.*\b(aportacion\w*|deposito\w*|bimestre|siguiente|otra|"
    r"patron)|(siguiente|proxima) aportacion|when (will|does|do) (my )?(next )?"
    r"(contribution|deposit|payment)s?|next (contribution|deposit))")


def asks_next_contribution(text: str | None) -> bool:
    """«¿cuándo me llega la siguiente aportación?», «when does my next contribution show?»."""
    return bool(_NEXT_CONTRIBUTION.search(fold(text or "")))


_IDENTIFIER_WORDS = (
    ("nss", re.compile(r"\b(nss|seguro social|numero de seguridad social|imss)\b")),
    ("curp", re.compile(r"\bcurp\b")),
    ("rfc", re.compile(r"\b(rfc|homoclave)\b")),
    ("email", re.compile(r"\b(correo|email|e mail|mail)\b")),
    ("mobile", re.compile(r"\b(celular|cel|telefono|mobile|phone)\b")),
)


def identifier_named(text: str | None) -> str | None:
    """The one identifier the words name («¿cómo saco el rfc?» -> ``rfc``), if exactly one."""
    folded = fold(text or "")
    named = [name for name, words in _IDENTIFIER_WORDS if words.search(folded)]
    return named[0] if len(named) == 1 else None


_WAITS = re.compile(
    r"^((ok|okay|va|sale|si|bueno|ah|ya|oki|okey|oh|wait|espera|ah ok) )*"
    r"(ok|okay|oki|okey|va|sale|listo|ya|espera|"
    r"esperame( tantito| un momento| un segundo)?|un momento|un segundo|dame (un )?(momento|"
    r"segundo|minuto|chance)|dejame (ver|buscar\w*|checar\w*)|ahorita (lo |la )?(te )?(lo |la )?"
    r"(busco|paso|mando|checo)|ya (lo|la) (tengo|encontre|busco)|(lo|la) (busco|estoy "
    r"buscando)|wait|hold on|one (moment|sec|second)|let me (check|look|find it)|just a "
    r"(moment|sec|second)|(i )?got it|(ya )?(me )?(llego|llegaron|lo vi|la vi)( (el|la|los)"
    r"( codigo| mensaje| correo| sms)?( del| de)?( correo| sms| celular| mensaje)?)?|ahi va"
    r"|(it|the code|the email|the text) (came|arrived|is here)|here it (is|comes)"
    r"|(si |yes |ok )?(acepto|aceptado|de acuerdo|esta bien|(i )?accept(ed)?|(i )?agree"
    r"|agreed|(thats |that s )?fine)( el aviso| the notice)?)$")


def waits(text: str | None) -> bool:
    """«ok ya lo tengo», «espérame tantito», «déjame buscarlo», «hold on»: no answer yet,
    the worker is getting it (not a wrong answer to be corrected); «sí acepto», «de
    acuerdo» where nothing is asked to accept are the same (they were read as questions)."""
    stripped = (text or "").strip()
    if stripped and not set("?¿") & set(stripped) and not any(c.isalnum() for c in stripped):
        return True  # «👍», «👌🏻», «...»: an acknowledgement, no answer yet
    return bool(_WAITS.fullmatch(fold(text or "")))


_WHY = re.compile(r"\b(por que|porque|xq|pq|cuando|significa|como es eso|como asi|why|when|"
                  r"what does (that|this|it) mean|how come)\b")


_WHAT_TO_DO = re.compile(
    r"\b((que|q|k) (hago|puedo hacer|debo hacer|tengo que hacer|me recomiendas|sigue)|"
    r"y ahora (que|q)|entonces (que|q)|what (do|should|can) i do|what now|what next)\b")


def asks_what_to_do(text: str | None) -> bool:
    """«¿y qué hago?», «¿entonces qué?», «what should I do?»: what to do about what was
    just said."""
    return bool(_WHAT_TO_DO.search(fold(text or "")))


def asks_why(text: str | None) -> bool:
    """«¿y por qué no tengo?», «¿cuándo me van a salir?», «y eso q significa»: a question
    about the answer just given, which that answer's reasons answer."""
    return questioning(text or "") and bool(_WHY.search(fold(text or "")))


_RESULT_FIGURE = re.compile(
    r"\b(cuanto|cuanta|de cuanto|a cuanto|cual|cuantos|how much|how many|what s|whats|what is|"
    r"what would|what will)\b.*\b(pagaria\w*|pagare|pago|pagar|mensualidad|mensual|abono|"
    r"payment|pay|prestan|prestarian|prestaria|presta|borrow|lend|monto|amount|plazo|term|anos|"
    r"years)\b")


def asks_result_figure(text: str | None) -> bool:
    """«¿y de cuánto sería la mensualidad?», «whats the monthly payment», «how much can I
    borrow then?»: a figure of the estimate just shown, asked for."""
    return questioning(text or "") and bool(_RESULT_FIGURE.search(fold(text or "")))


_WHO = re.compile(
    r"^(y |oye |pero )?(quien eres|quien (me )?(habla|escribe|contesta)|con quien hablo|eres "
    r"(un )?(robot|bot|humano|persona|maquina|real)|es (un )?(robot|bot)|who are you|who is this|"
    r"are you (a )?(bot|robot|human|real|person)|am i talking to (a )?(bot|robot|human|person))")


_CLOSING_COSTS = re.compile(
    r"\b(gastos? de (titulacion|escrituracion|escrituras?|notario)|titulacion|escrituracion|"
    r"closing costs?|titling costs?|deed costs?)\b")


def asks_closing_costs(text: str | None) -> bool:
    """«¿qué son los gastos de titulación?», «what are closing costs?»."""
    return questioning(text or "") and bool(_CLOSING_COSTS.search(fold(text or "")))


_DATUM = (r"(eso|esto|esa|ese|esta|este|ese dato|el dato|los datos|(mis|tus|sus) datos|"
          r"(mi|el|la|tu|su) (nss|curp|rfc|correo|mail|email|e mail|celular|cel|numero|"
          r"telefono|datos|informacion|info|edad|salario|sueldo))")
_WHY_NEEDED = re.compile(
    r"\b(para que|pa que|paque|por que|porque) (me |te )?(quieres|quiere|quieren) saber\b"
    r"|\b(para que|pa que|paque|por que|porque) (me )?(preguntas|pregunta|preguntan)\b"
    r"|\b(para que|pa que|paque|por que|porque) (me |te |se )?(lo |la |los |las |le |les )?"
    r"(quieren|quiere|quieres|ocupan|ocupas|ocupa|necesitan|necesitas|necesita|piden|pides|"
    r"pide|usan|usas|usa|van a usar|vas a usar|sirve|sirven|requieren|requiere|solicitan|"
    r"(tengo|tenemos|hay) que (dar|darles|darte|darle|poner|mandar|enviar)(les|te|le)?)"
    r"( (ustedes|usted|tu))?( " + _DATUM + r")?$"
    r"|^((y|pero|oye|ok|oiga|a ver|bueno) )*" + _DATUM + r" (es |seria )?(para que|pa que|"
    r"paque)$|\b(para que|pa que|paque) (es|son|seria) " + _DATUM + r"$"
    r"|\bwhy (do|does|would|will|should) (you|u|they|it|i) (need|want|ask for|ask|require|"
    r"use|have to give)\b|\bwhy (are|r) (you|u) asking\b|\bwhy is (it|that|this) (needed|"
    r"asked)\b|\bwhat (do|does|will) (you|u|it|they) (need|want|use) (it|that|this|them|"
    r"my \w+( \w+)?) for\b|\bwhat( is|s| s) (it|that|this) for\b")


def asks_why_needed(text: str | None) -> bool:
    """«¿para qué lo ocupan?», «y eso pa que», «por qué me piden mi curp», «why do you need
    that»: why a datum is asked for (what it is used for and how it is kept)."""
    return bool(_WHY_NEEDED.search(fold(text or "")))


_MY_DATA = re.compile(
    r"\b((borrar|eliminar|cerrar|cancelar|quitar|desactivar|dar de baja|darme de baja de)"
    r"( toda)? (mi|la|esta) cuenta|(borren|eliminen|cierren|cancelen|den de baja) (mi|la) cuenta"
    r"|(una )?copia de (mis|todos mis) datos|(que|cuales) datos (tienen|guardan) (de mi|mios)"
    r"|(ver|consultar) (mis|todos mis) datos( personales)?|corregir (mis|un|mi) datos?"
    r"|(delete|close|remove|deactivate|cancel) (my|the|this) account|(a )?copy of my (personal )?"
    r"data|(see|view) my (personal )?data|what data do you (have|keep))\b")


def asks_my_data(text: str | None) -> bool:
    """«quiero borrar mi cuenta», «una copia de mis datos», «delete my account»: «Mis datos»
    (the worker's rights over their data), not the account-safety tips."""
    return bool(_MY_DATA.search(fold(text or "")))


_OWN_DATA = re.compile(
    r"\b(con|usa|usar|usando|utiliza|utilizar|toma|tomar|saca|sacalo|sacala|calcula|"
    r"calculalo|hazlo|hazla|mejor) (con )?(mis|los|mi|lo) (propios )?(datos|informacion|info|"
    r"registro|cuenta)( (del|de) (infonavit|mi cuenta))?\b"
    r"|\bcon (los datos|la informacion|lo) (del|de) infonavit\b"
    r"|\b(with|use|using|from) (my|the) (own )?(data|details|record|info|information|account)"
    r"( (from|of) infonavit)?\b")


def wants_own_data(text: str | None) -> bool:
    """«mejor con mis datos», «usar mis datos», «con lo del infonavit», «use my data»: the
    estimate from the worker's own record, not the simulator's typed figures. Not «mis
    datos» alone: that is the personal data page (a global command)."""
    return bool(_OWN_DATA.search(fold(text or "")))


_ANY = re.compile(
    r"^((pues|bueno|ok|va|si|yes|la|el|me|oh|um+|mmm+) )*(la que sea|el que sea|cualquiera|"
    r"cualquier (una|uno|centro|dia|hora)|me da igual|da igual|me es igual|no importa|la que "
    r"quieras|el que quieras|la que tu digas|el que tu digas|la que este bien|any|any one|"
    r"anyone|whichever|either|either one|doesn t matter|it doesn t matter|dont care|don t "
    r"care|i don t mind|i dont mind|you choose|you pick)( (esta bien|porfa|please|de esos|"
    r"de esas|is fine|works))*$")


def any_will_do(text: str | None) -> bool:
    """«la que sea», «cualquiera», «me da igual», «whichever»: any of the options shown."""
    return bool(_ANY.fullmatch(fold(text or "")))


_OTHER_EMPLOYER = re.compile(
    r"\b(patron|empresa|trabajo|empleo|chamba|employer|job|company)e?s? (anterior|anteriores|"
    r"pasad[oa]s?|viej[oa]s?|de antes|previous|old|former|before)\b|\b(anterior|anteriores|"
    r"otro|otra|otros|previous|former|old|other|last) (patron|patrones|empresa|empresas|trabajo|"
    r"trabajos|employer|employers|job|jobs|company)\b")


def asks_other_employer(text: str | None) -> bool:
    """«¿y las de mi patrón anterior?», «from my old job»: contributions of another employer."""
    return bool(_OTHER_EMPLOYER.search(fold(text or "")))


def asks_who(text: str | None) -> bool:
    """«¿quién eres?», «¿eres un robot?», «are you a bot?»: who is answering."""
    return bool(_WHO.search(fold(text or "")))


_PAUSES = re.compile(r"\b(luego|despues|mas tarde|otro dia|al rato|en un rato|manana|ahorita no|"
                     r"later|another time|some other time|tomorrow)\b")


_COMES_BACK = re.compile(r"\b(sigo|seguimos|le sigo|continuo|vuelvo|regreso|termino|lo termino|lo "
                         r"hago|te escribo|i ll (continue|come back|finish|do it)|come back)\b")


_SOON = re.compile(r"\b(ahorita|ahoritita|en un momento|en un momentito|en un ratito|"
                   r"in a bit|in a moment|in a minute)\b")
"""«ahorita sigo»: in a moment (not a pause alone: «ahorita te lo paso» is now)."""


def comes_back_later(text: str | None) -> bool:
    """«ahorita no tengo el rfc, luego sigo», «mañana lo termino», «ahorita sigo»: a pause
    said in so many words, whatever else the message says."""
    folded = fold(text or "")
    return (pauses(text) or bool(_SOON.search(folded))) and bool(_COMES_BACK.search(folded))


def pauses(text: str | None) -> bool:
    """«mejor luego», «luego sigo», «ahorita no, al rato»: the worker stops for now, meaning
    to come back (what they typed is kept, as for «menú»; it was dropped as a cancel)."""
    return bool(_PAUSES.search(fold(text or "")))


_TAKES_BACK = re.compile(r"\b(si quiero|si sigo|me equivoque|no era eso|cambie de opinion|"
                         r"i do want|yes i want|i changed my mind|my mistake|undo)\b")


_CANCEL_REFUSED = re.compile(
    r"^((no|nel|nop|ah|ay|oye|perdon|espera|pensandolo bien|oh|wait|sorry)\s+)*(mejor no|siempre"
    r" no|no no|no+ (la|lo|me la|me lo)? ?cancel\w*|no quiero cancelar\w*|no era cancelar|"
    r"no (wait|dont|don t)|never ?mind|dont cancel( it)?|don t cancel( it)?)"
    r"( (mi|la) cita| nada| my appointment| it)?$")


def takes_back(text: str | None) -> bool:
    """Right after a cancel, «perdón, sí quiero, me equivoqué», «I changed my mind», «nel
    mejor no», «no la canceles»: the cancel taken back (it was «No hay nada que
    cancelar»)."""
    folded = fold(text or "").strip(" ,.;!")
    return continuing(text) or bool(_TAKES_BACK.search(folded)) \
        or bool(_CANCEL_REFUSED.match(re.sub(r"[,.;!]+", " ", folded).strip()))


_WHERE_I_WAS = re.compile(
    r"\b((donde|en donde|a donde|adonde) (me quede|nos quedamos|ibamos|iba|estaba|estabamos)|"
    r"lo que (estabamos|ibamos|estaba|iba) (haciendo|a hacer)?|lo de antes|lo que llevaba|"
    r"lo pendiente|where (i|we) (was|were|left off|stopped)|what (i|we) (was|were) doing|"
    r"where (was|were) (i|we)|where did (i|we) (leave off|stop|leave it)|"
    r"pick up where|resume)\b")


def picks_up(text: str | None) -> bool:
    """«continuemos», «¿dónde me quedé?», «regrésame a donde estaba», «volvamos a lo de
    antes», «let's go back to what we were doing»: what was left for the menu, taken up."""
    return continuing(text) or bool(_WHERE_I_WAS.search(fold(text or "")))


_DECLINES_AGENT = re.compile(
    r"\b((ya )?no (quiero|necesito|ocupo)( hablar con| que me atienda| esperar a)?( un| el| al|"
    r" una| la)? (asesor|asesora|agente|persona|humano|alguien)|ya no (asesor|agente)|"
    r"sin (asesor|agente)|mejor (yo solo|lo hago yo|sigo yo)|"
    r"^(olvidalo|dejalo|forget it|never mind|nevermind)\b.*\b(regresa\w*|volver|vuelve|go back|"
    r"take me back|back)\b|"
    r"(i )?(don ?t|do not|no longer) (want|need)( to talk to| to speak to)?( an| the| a)? "
    r"(agent|advisor|human|person)|no (agent|advisor) (needed|please)|never mind the (agent|"
    r"advisor))\b")


def declines_agent(text: str | None) -> bool:
    """«ya no quiero asesor», «no necesito hablar con nadie… con una persona», «I don't need
    an agent»: the worker waiting for an agent no longer wants one."""
    return bool(_DECLINES_AGENT.search(fold(text or "")))


_ASKS_BALANCE = re.compile(
    r"\b((cuanto|que tanto|cuanta lana|cuanto dinero) (\w+ ){0,2}(tengo|llevo|hay|junte|juntado)"
    r" (\w+ ){0,2}(ahorrad\w*|en (mi |la )?(subcuenta|ahorro|cuenta de vivienda))|"
    r"(cuanto|que) (\w+ ){0,2}(mi )?(ahorro|saldo de (mi )?(subcuenta|ahorro|vivienda))|"
    r"how much (do i have|have i got|have i) saved|(what s|whats|what is) my (savings|"
    r"housing savings)( balance)?)\b")


def asks_balance(text: str | None) -> bool:
    """«oye y cuánto tengo ahorrado?», «¿cuánto hay en mi subcuenta?», «how much do I have
    saved?»: the housing savings' balance asked about (not the credit's: «¿cuánto debo?»)."""
    return bool(_ASKS_BALANCE.search(fold(text or "")))


def continuing(text: str | None) -> bool:
    """«no, sigo con el registro», «sigamos», «let's continue»: the worker goes on with the
    step under way (not a request for another procedure, nor a cancel)."""
    taken_back = re.sub(r"^\s*(no|nel|nop)\s*[,.;!]+", "", (text or "").lower())  # «no, …»
    turned = _TURN.split(fold(taken_back))  # «no espera, sí quiero seguir»: what follows
    return bool(_CONTINUING.match(turned[-1].strip(" ,.;!") if len(turned) > 1
                                  else fold(taken_back)))


_DECLINES = re.compile(
    r"\b(prefiero no|no (quiero|me gusta) decir|no (lo )?(quiero )?decir|no aplica|otro|otra|"
    r"no binari[oa]|ninguno|ninguna|prefer not|rather not|other|non binary|nonbinary|"
    r"none of them|why do you (need|ask))\b")


def declines_to_say(text: str | None) -> bool:
    """«prefiero no decirlo», «otro», «no binario», «rather not say»: no answer given, and
    no wish to leave either."""
    return bool(_DECLINES.search(fold(text or "")))


_DROPS_PARTNER = re.compile(
    r"\b(quit\w*|sin|borr\w*|elimin\w*|remove|without|drop|no (sumes|agregues|cuentes))\b"
    r".*\b(coacreditad\w*|esposa|esposo|pareja|marido|co ?borrower|wife|husband|partner)\b"
    r"|\b(sin (el|ella)|without (him|her))$"
    r"|\b(quitala|quitalo|quitale|sacala|sacalo|borrala|borralo|eliminala|eliminalo|"
    r"ya no (la|lo) (cuentes|sumes|incluyas|metas)|remove (him|her)|take (him|her) off)\b")


def drops_partner(text: str | None) -> bool:
    """«quítale el coacreditado», «mejor sin mi esposa», «remove the co-borrower», and where
    a co-borrower was added, «ya no, quítala» (it was read as «ya no»: everything cancelled)."""
    return bool(_DROPS_PARTNER.search(fold(text or "").replace("-", " ")))


_THEIR_INCOME = re.compile(
    r"\b(gana|cobra|percibe|le pagan|le dan|saca|makes|earns|gets paid|he gets|she gets|"
    r"he s paid|she s paid)\b")
_MY_INCOME = re.compile(r"\b(gano|cobro|percibo|me pagan|me dan|saco|yo|mi sueldo|i make|"
                        r"i earn|i get|i m paid|my salary|my pay)\b")


def says_their_income(text: str | None) -> bool:
    """«gana como 15 mil», «she makes 12k»: someone else's pay (the verb in the third
    person, no «gano», «yo»): right after the partner was named, the partner's."""
    folded = fold(text or "")
    return bool(_THEIR_INCOME.search(folded)) and not _MY_INCOME.search(folded)


def names_partner(text: str | None) -> bool:
    """The words are about the person the credit would be shared with («mi esposa gana 10
    mil», «my husband earns 12000», «y mi pareja 9 mil»), not about the worker."""
    folded = fold(text or "")
    return bool(_PARTNER & set(folded.replace("-", "").split())) or bool(
        _PARTNER_SAID.search(folded))


_TERM_CUE = re.compile(
    r"\b(plazo|term|(a|en|over|in|for) \w+ (anos|years?)|(anos|years?) de plazo"
    r"|pagar(lo|la)? en|\d+ years? (term|loan|mortgage)"
    r"|(fueran|fuesen|sean|serian|fuera|seria) \w+ (anos|years?)"
    r"|(was|were|be|make it|its|it s) \w+ years?)\b")


def says_term(text: str | None) -> bool:
    """Words that give years as the credit's term («y a 15 años?», «con plazo de 20», «over
    20 years»), not the worker's age («tengo 35»)."""
    folded = fold(text or "")
    return bool(_TERM_CUE.search(folded)) and not _AGE_CUE.search(folded)


_AGE_SAID = re.compile(
    r"\b(tengo|tendria|tuviera|cumplo|i am|i m|im|aged|my age is|edad de|edad) (\d{1,3})"
    r"( anos| ano| years old| years| de edad)?\b|\b(\d{1,3}) (anos|years) (de edad|old)\b")


def age_said_apart(text: str | None) -> tuple[int | None, str]:
    """The age said in a sentence that says more («gano 12 mil y tengo 30 años»), and the
    rest of the sentence without it; ``(None, text)`` when no age is said that way."""
    folded = fold(text or "")
    found = _AGE_SAID.search(folded)
    if found is None:
        return None, text or ""
    years = int(found.group(2) or found.group(4))
    return years, folded[:found.start()] + folded[found.end():]


def says_age(text: str | None) -> bool:
    """Words that give years as the worker's own age («tengo 35», «y si tuviera 40?», «I'm
    40»), not a term («a 20 años»)."""
    return bool(_AGE_CUE.search(fold(text or "")))


_PASSWORD_LEAD_IN = re.compile(
    r"^(ok |bueno |entonces |pues )?((quiero que )?(mi|la|una|my|the)( nueva| new)? "
    r"(contrasena|password|clave|pass)( nueva| new)? (va a ser|sera|seria|es|sea|will be|is"
    r"|would be|should be)|(ponle|pon|usa|use)( de| como| as)? (contrasena|password|clave))\b")


def password_with_words(text: str | None) -> bool:
    """«mi contraseña va a ser Perro#Azul2024», «my new password will be …»: the words
    around a new password, which would be saved with it (and never typed again at login)."""
    return bool(_PASSWORD_LEAD_IN.search(fold(text or "")))


_PASSWORD_RULE = re.compile(
    r"\b(caracter(es)? especial(es)?|signo|simbolo|mayuscula|minuscula|como cual(es)?|por ejemplo"
    r"|un ejemplo|dame (un )?ejemplo|como (la|lo) (hago|armo|invento|pongo|escribo)|que (le )?pongo"
    r"|(puede|podria) (ser|llevar|tener) (un |una |el |la )?(punto|guion|espacio|arroba|acento|enie"
    r"|n)|(puedo|se puede|se vale) (usar|poner|llevar) (un |una |el |la )?(punto|guion|espacio"
    r"|arroba|acento|enie|signo|simbolo)|can (it|i) (use|have|include) (a |an )?(dot|period|"
    r"hyphen|dash|space|underscore)"
    r"|special (character|char|sign|symbol)|symbol|upper ?case|lower ?case|like what|an example"
    r"|for example|give me (an )?example|how do i (make|create|choose) (it|one))\b")


def asks_password_rule(text: str | None) -> bool:
    """«¿qué es un carácter especial?», «¿como cuál?», «no entiendo» where a new password is
    asked: what each part of the rule means, with how one is made (no password said twice:
    these words are never one)."""
    raw = (text or "").strip()
    if could_be_a_password(raw) and " " not in raw:
        return False
    return confused(raw) or bool(_PASSWORD_RULE.search(fold(raw)))


_LOGIN_LEAD_IN = re.compile(
    r"((no|ay|ah|oh|perdon|sorry|oops|espera|esperate|wait|ups|ok|bueno|ya) )*(es|era|seria|"
    r"it s|its|it is|is)")


def login_password_with_words(text: str | None) -> bool:
    """«no espera es Tamarindo#Lluvia7», «mi contraseña es …» at a login's password: the
    password with words around it, which would fail as a whole (a try counted towards the
    lock, though the password in it was right): asked alone, not tried."""
    raw = (text or "").strip()
    if " " not in raw:
        return False
    last = raw.split()[-1]
    lead = fold(raw[: len(raw) - len(last)])
    return could_be_a_password(last) and (
        password_with_words(raw) or bool(_LOGIN_LEAD_IN.fullmatch(lead)))


def not_a_password(text: str | None) -> bool:
    """At a login's password prompt, a message that cannot be the account's password
    (without the shape every password here has: «ok», «gracias», «no tengo cuenta»), or a
    question in words («es seguro poner mi contraseña aquí?»): never a failed try."""
    raw = (text or "").strip()
    return not could_be_a_password(raw) or (" " in raw and questioning(raw))


_CONTACT = r"(correo|email|mail|celular|cel|numero|telefono|chip|linea)"
_LOST_ACCESS = re.compile(
    r"\b((ya )?no (tengo|uso|existe|funciona|sirve)( ese| mi| el| esa| la)? " + _CONTACT + r"|"
    r"(ese|mi|el|esa|la) " + _CONTACT + r" ya no (lo |la )?(tengo|uso|existe|funciona|sirve)|"
    r"(ese|esa|eso) ya no es mi " + _CONTACT + r"|ya no es mi " + _CONTACT + r"|"
    r"that (phone|number|email) is(n t| not) mine|"
    r"perdi (mi|el) (correo|celular|cel|telefono"
    r"|chip|numero)|cambie (de|mi) (numero|celular|cel|telefono|correo)|me robaron (mi|el)"
    r" (celular|cel|telefono)|no tengo acceso (a|al) (mi|ese)? ?(correo|celular|numero)"
    r"|(lost|changed) my (phone|number|email|mobile)|(don t|dont|do not|no longer) (have|use)"
    r" (that|my|this) (phone|number|email|mobile)( anymore)?)\b")


def lost_access(text: str | None) -> bool:
    """«ya no tengo ese celular», «cambié de número», «perdí mi correo», «I lost my phone»:
    the code went where the worker can no longer read it (the way out is the account's
    recovery at a service centre, not a cancel)."""
    return bool(_LOST_ACCESS.search(fold(text or "")))


_CANNOT_SIGN_IN = re.compile(
    r"\b(no (puedo|pude|logro|me deja) (entrar|ingresar|iniciar( sesion)?|acceder)|no tengo "
    r"(cuenta|sesion|acceso)|sin (sesion|iniciar sesion|cuenta)|(can t|cant|cannot|can not|"
    r"couldn t|unable to) (log ?in|sign in|get in|access)|no (login|account|access))\b")


def cannot_sign_in(text: str | None) -> bool:
    """«no puedo entrar», «no tengo cuenta», «I can't log in»: asked to log in, the worker
    says they cannot (the way is what needs no login)."""
    return bool(_CANNOT_SIGN_IN.search(fold(text or "")))


_CANCEL_APPOINTMENT = re.compile(
    r"\b((cancel\w*|anul\w*|quitar|quita|borrar|borra|eliminar|elimina|desagendar)( (mi|la|una"
    r"|las|mis|esta|esa|my|the|an|a))? (cita|citas|appointment|appointments)"
    r"|ya no (voy a |puedo )?(ir|asistir) a (mi|la) cita|no (voy a |puedo )(ir|asistir) a (mi|la)"
    r" cita|no (voy a poder|podre|podria) (ir|asistir) a (mi|la) cita"
    r"|(tengo|tenia|saque|agende) (una |mi |la )?cita\b.*\bno (voy a poder|voy a|puedo|podre|"
    r"podria) (ir|asistir)|i (have|had|booked) an appointment\b.*\b(can t|cannot|won t be able"
    r" to) (go|make it|attend))\b")


_MOVE_APPOINTMENT = re.compile(
    r"\b((cambi\w*|mover|muev\w*|mueve|recorr\w*|reagend\w*|reprogram\w*|pasar|pasa|change|"
    r"move|reschedul\w*|rebook)( (de )?(el dia|la fecha|la hora|el horario|the date|the time)"
    r" (de|of))?( (mi|la|una|esta|esa|my|the|an|a))? (cita|appointment)"
    r"|(reagend\w*|reprogram\w*|reschedul\w*)$"
    r"|(otro dia|otra fecha|otra hora|otro horario|another day|another time) (para|for) "
    r"(mi|la|my|the) (cita|appointment))\b")


_WHERE = re.compile(r"\b(donde (queda|esta|es)|direccion|ubicacion|como llego|where is|"
                    r"where s|address|how do i get)\b")


_IN_THE_CHAT = re.compile(r"\b(whatsapp|whatsap|watsap\w*|wasap\w*|((por|al|en|x|via|on|by) "
                          r"(el )?(whats|wats|wha|wsp|guasa\w*))|telegram|por aqui|aqui mismo|"
                          r"aqui en el chat|en el chat|por el chat|here in the chat|in the chat|"
                          r"here)\b")
"""«whats» alone is also the English «what's» («whats my balance»): only after «por», «al»…"""


_BY_EMAIL = re.compile(r"\b(a|al|por|en|x|to|by|via|on) (mi |my |el |the )?(correo|mail|email|"
                       r"e mail|gmail|hotmail|outlook|yahoo)\b|\b(mandamelo|mandalo|enviamelo|"
                       r"envialo|mandame|enviame|send|email|mail) (\w+ )?(por )?(correo|mail|"
                       r"email|e mail|me|it)\b")


def by_email(text: str | None) -> bool:
    """«mándalo a mi mail», «por correo», «send it to my email», «email it»: the document
    wanted at the account's e-mail address."""
    return bool(_BY_EMAIL.search(fold(text or "")))


def in_the_chat(text: str | None) -> bool:
    """«mándamelo por whats», «por aquí», «in the chat»: this conversation itself."""
    return bool(_IN_THE_CHAT.search(fold(text or "")))


def asks_where(text: str | None) -> bool:
    """«¿dónde queda?», «la dirección», «how do I get there»: where a place is."""
    return bool(_WHERE.search(fold(text or "")))


_MOVE_IT = re.compile(
    r"\b((cambi|muev|mov|recorr|pas|reagend|reprogram)(a|ar|e)la|(move|change|reschedule) it|"
    r"otro dia|otra fecha|otra hora|otro horario|another (day|date|time)|a different (day|date"
    r"|time))\b")


def moves_it(text: str | None) -> bool:
    """Where the appointment is the one being talked about («Ya tienes una cita…»), «no,
    mejor cámbiala», «otro día», «move it» move it, as «cambiar mi cita» does anywhere."""
    return moves_appointment(text) or bool(_MOVE_IT.search(fold(text or "")))


_CANCEL_IT = re.compile(r"\b((cancel|anul|borr|quit|elimin)(a|ar|e)la|cancel it|call it off)\b")


def cancels_it(text: str | None) -> bool:
    """Where the appointment is the one being talked about, «cancélala», «cancel it» cancel
    it, as «cancelar mi cita» does anywhere."""
    return cancels_appointment(text) or bool(_CANCEL_IT.search(fold(text or "")))


_OWN_APPOINTMENT = re.compile(r"\b(mi|mis|my|la de mi) (cita|citas|appointment|appointments)\b")
_NEW_APPOINTMENT = re.compile(r"\b(agend\w*|sac\w*|hac\w*|pedir|pido|nueva|otra|book\w*|make|"
                              r"new|another|schedule|set up)\b")


def asks_own_appointment(text: str | None) -> bool:
    """«¿cuándo es mi cita?», «when is my appointment», «ver mis citas»: the appointments
    the worker has, not a new one («quiero sacar mi cita» books one)."""
    folded = fold(text or "")
    return bool(_OWN_APPOINTMENT.search(folded)) and not _NEW_APPOINTMENT.search(folded)


MOVE_APPOINTMENT_WORDS = "cambiar mi cita"
"""Words ``moves_appointment`` reads as a move: what «cámbiala» stands for after a booking."""
CANCEL_APPOINTMENT_WORDS = "cancelar mi cita"
"""Words ``cancels_appointment`` reads as a cancel: «cancel it» after a booking."""


def moves_appointment(text: str | None) -> bool:
    """«quiero cambiar mi cita para el martes», «reagendar», «reschedule my appointment»:
    the worker's own appointment to another day or time (same procedure)."""
    return bool(_MOVE_APPOINTMENT.search(fold(text or "")))


def cancels_appointment(text: str | None) -> bool:
    """«quiero cancelar mi cita», «ya no puedo ir a mi cita», «cancel my appointment»: the
    worker's own appointment, not the procedure «Cancelación de crédito» that shares the
    word."""
    return bool(_CANCEL_APPOINTMENT.search(fold(text or "")))


_NONE = re.compile(
    r"^((pues|la verdad|creo que|este|ps) )*(no|nop|nel|nada|cero|zero|nothing|none|ninguno|"
    r"ninguna|no tengo( nada)?( (ahorrado|ahorro\w*|en (la|mi) subcuenta))?|no tengo ahorro\w*|"
    r"nada( ahorrado| todavia| aun)?|no he ahorrado( nada)?|sin nada|sin ahorro\w*|"
    r"i have (none|nothing|no savings)( saved)?|nothing saved|no savings|nothing at all|"
    r"i (don t|dont|do not) have (any|anything)( saved| savings)?)$")


def says_none(text: str | None) -> bool:
    """«no», «no tengo», «ninguno» answering «¿cuánto tienes…?»: nothing (not a cancel)."""
    return bool(_NONE.match(fold(text or "")))


_KEEP_AS_IS = re.compile(
    r"^(no|nel|nop|mejor no|ya no|asi|asi esta bien|asi dejalo|dejalo asi|dejalo|olvidalo"
    r"|sin coacreditado|no tengo|no tengo coacreditado|ninguno|nadie|no gracias|never mind"
    r"|leave it|no thanks|keep it|as it is|no co borrower)$")


_LEAVES_IT = re.compile(
    r"^((ok|va|bueno|si|sale|pues|yes|okay) )*(dejalo asi|asi dejalo|asi esta bien|esta bien asi|"
    r"asi esta perfecto|asi|asi nomas|asi queda|leave it (like that|as it is|there)|that s fine|"
    r"thats fine|it s fine|looks good)( (gracias|thanks|thank you))?$")


def leaves_it(text: str | None) -> bool:
    """«déjalo así», «así está bien», «that's fine» after a result: nothing more to change
    (not a cancel of anything: the result stands)."""
    return bool(_LEAVES_IT.fullmatch(fold(text or "")))


def keeps_as_is(text: str | None) -> bool:
    """At a «what if» question after a result («¿Cuánto gana tu coacreditado?», another
    term): «mejor no», «déjalo así», «sin coacreditado» keep the result as it was (they
    cancelled the whole estimate)."""
    return bool(_KEEP_AS_IS.match(fold(text or "")))


_WOMAN = re.compile(r"^(soy )?(mujer|femenino|fem|f|m|senora|senorita|dama|woman|female"
                    r"|lady|girl)$")
_MAN = re.compile(r"^(soy )?(hombre|masculino|masc|h|varon|senor|caballero|man|male|guy)$")


def read_sex(text: str | None, locale: str) -> str | None:
    """«masculino», «varón», «señora», «female»…: ``"M"`` (mujer) or ``"H"`` (hombre);
    a bare «m» is a woman in Spanish («mujer») and a man in English («male»)."""
    folded = fold(text or "")
    if folded in ("m", "soy m"):
        return "H" if locale.startswith("en") else "M"
    if _WOMAN.match(folded):
        return "M"
    if _MAN.match(folded):
        return "H"
    return None


_SOMEONE_ELSES_EMAIL = re.compile(
    r"\b(correo|mail|email|e mail)\b.*\b(de (mi|un|una|otra|otro|alguien|algun)|ajeno|prestado|"
    r"familiar)\b|\b(mi|un|una|de mi) (hij[oa]|espos[oa]|herman[oa]|mama|papa|familiar|amig[oa]|"
    r"sobrin[oa]|niet[oa]|novi[oa]|pareja|jefe|patron|vecin[oa])\b.*\b(correo|mail|email)\b|"
    r"someone else s (email|mail|address)|my (son|daughter|wife|husband|brother|sister|mom|"
    r"dad|friend|kid|boss|partner)( s|s)? (email|mail|address)|(email|mail|address) of (my|a|an|"
    r"someone)\b|(another|other) (person|persons|people) s (email|mail)")


_OTHERS = (r"(hij[oa]s?|espos[oa]|herman[oa]|mama|papa|mami|papi|familiar|amig[oa]|sobrin[oa]|"
           r"niet[oa]|novi[oa]|pareja|jefe|jefa|patron|vecin[oa]|suegr[oa]|cunad[oa]|tio|tia|"
           r"prim[oa]|senora|senor|vieja|viejo)")
_SOMEONE_ELSE = re.compile(
    r"\b(el|la|uno|una|lo|los) de (alguien|otra persona|otro|otra)\b|\bde (mi|mis|un|una|otr[oa]) "
    + _OTHERS + r"\b|\b(mi|un|una) " + _OTHERS + r"\b.*\b(correo|mail|email|cel|celular|numero|"
    r"telefono|movil)\b|someone else|somebody else|another person|my (son|daughter|wife|husband|"
    r"brother|sister|mom|dad|friend|kid|boss|partner)( s|s)?\b")


def asks_someone_elses_email(text: str | None) -> bool:
    """«¿puedo usar el correo de mi hijo?», «can I use my daughter's email?»: whether an
    e-mail of another person will do, asked where the worker's own is asked for."""
    return asks_someone_elses(text)


def asks_someone_elses(text: str | None) -> bool:
    """«¿puedo poner el de mi hijo?», «y si pongo el cel de mi hija?», «can I use my
    daughter's?»: whether another person's e-mail or mobile will do, asked where the
    worker's own is asked for (the step's own word need not be said)."""
    folded = fold(text or "").replace("'", " ")
    return bool(_SOMEONE_ELSES_EMAIL.search(folded) or _SOMEONE_ELSE.search(folded))


_YEARS_SAID = re.compile(r"\b\d{1,3} (anos|ano|years?)\b")


def years_said(text: str | None) -> bool:
    """«20 años», «y si fueran 20 años»: years, never an amount of money."""
    return bool(_YEARS_SAID.search(fold(words_to_digits(text or ""))))


_ASKS_HOURS = re.compile(
    r"\b((a|hasta|desde) (que|q|k|ke) (hora|horas|horario)s? (abr|cierr|atiend|trabaj|est)\w*"
    r"|(que|cual es (el|su)) horarios?|horarios? de atencion"
    r"|what time (do|does|are|is) (you|it|they|the \w+) (open|close)"
    r"|(opening|office|business) hours|are you open|is (it|the \w+) open"
    r"|when do you (open|close))\b")
_ASKS_OPEN_ON = re.compile(
    r"\b(abren|cierran|atienden|abre|cierra|atiende|trabajan|open|close)\b.*\b(sabados?"
    r"|domingos?|festivos?|saturdays?|sundays?|holidays?|weekends?)\b")


def asks_hours(text: str | None) -> bool:
    """«¿a qué hora abren?», «¿abren los sábados?», «what time do you close on saturday?»:
    the opening hours asked about, not a day or a time chosen (a day named in it is not the
    answer to «¿Qué día?»)."""
    folded = fold(text or "")
    return bool(_ASKS_HOURS.search(folded)) or (
        questioning(text or "") and bool(_ASKS_OPEN_ON.search(folded)))


_ASKS_TERM = re.compile(
    r"\b((cuanto|que) tiempo (tengo|tendria|tendre|me dan|dan|hay|es|seria)?\s?(para|de|que|a)? ?"
    r"(pagar|pago|plazo|credito)|(en|a|de|hasta|por) cuantos anos|cuantos anos (me dan|tengo|"
    r"dan|son|es|seria|hay|para)|(que|cual es el|de cuanto es el|cuanto es el) plazo|"
    r"how (long|many years)( do| would| will)? (i|it|the loan|the credit)|what term)\b")
_ASKS_OTHER_SALARY = re.compile(
    r"\b((y )?si (gano|ganara|ganaria|ganase|gane|me suben|me aumentan)( el sueldo)? "
    r"(mas|menos)|(y )?si me (suben|aumentan) el sueldo|what if i (earn|earned|make|made|got "
    r"paid|get paid) (more|less)|(and )?if i (earn|earned|make|made) (more|less))\b")
_ASKS_PAYMENT = re.compile(
    r"\b((de )?cuanto (serian|seria|son|es|van a ser|vendrian) (los|mis|el|mi) (pagos?|"
    r"mensualidad(es)?|abonos?)|cuanto (pagaria|pagaria|voy a pagar|tendria que pagar|pago)"
    r"( al mes| cada mes| mensual)?|how much (would|will|do) i (pay|have to pay)|what would "
    r"(the|my) (monthly )?payments? be)\b")


def asks_term(text: str | None) -> bool:
    """«¿en cuántos años lo pago?», «how many years do I have to pay?»: the credit's term
    asked about (not one said: «y a 20 años»)."""
    return bool(_ASKS_TERM.search(fold(text or "")))


def asks_other_salary(text: str | None) -> bool:
    """«¿y si gano más?», «what if I earn less?»: another salary wondered about, no amount."""
    return bool(_ASKS_OTHER_SALARY.search(fold(text or "")))


def asks_payment(text: str | None) -> bool:
    """«¿de cuánto serían los pagos?», «how much would I pay?»: the monthly payment asked
    about before the estimate."""
    return bool(_ASKS_PAYMENT.search(fold(text or "")))


_GET_IT = re.compile(
    r"\b(como|donde|de donde|where|how)\b.*\b(saco|sacar|obtengo|obtener|consigo|conseguir|"
    r"tramito|tramitar|encuentro|encontrar|consulto|consultar|get|find|obtain|look up)\b")
_IT = re.compile(r"\b(lo|la|it|one|eso|that|ese|esa)\b")


def asks_how_to_get_it(text: str | None) -> bool:
    """«¿cómo lo saco?», «¿dónde la consigo?», «how do I get it?» where a datum is asked:
    how to get that datum (not the savings, nor anything else named)."""
    folded = fold(text or "")
    return bool(_GET_IT.search(folded)) and (
        identifier_named(text or "") is not None or bool(_IT.search(folded)))


_CONFUSED = re.compile(
    r"^((pero|es que|la verdad|ay|uy|oye) )*(no (le )?(entiendo|entendi|comprendo|se como funciona"
    r"|se como se usa)( nada| nada de esto| esto| como funciona( esto)?| que hacer)?|estoy "
    r"(perdid[oa]|confundid[oa])|me perdi|no se como usar (esto|el chat)|i (dont|don t|do not) "
    r"(understand|get it)( anything)?|i m (lost|confused)|im (lost|confused)|how does this work"
    r"|que (me )?(estas|esta) (preguntando|pidiendo)|que (me )?(preguntas|pides)|que es lo que "
    r"(me )?(pides|preguntas|quieres)|que (pongo|escribo|te pongo|te escribo|tengo que poner|"
    r"tengo que escribir)( aqui| ahi)?|como (que|asi)|what do you mean|what are you asking( me)?"
    r"|what (should|do) i (type|write|put|say)( here)?"
    r"|what (can|do) you do( for me)?|what is this( thing| chat)?|how do i use this|que (puedes|"
    r"sabes) hacer|que haces|que es esto|para que sirves|como (funciona|se usa) esto|"
    r"(y )?(ahora )?que hago( ahora)?)$")


def confused(text: str | None) -> bool:
    """«no entiendo nada», «estoy perdido», «¿qué me estás preguntando?», «?», «I'm lost»:
    the worker does not know how to go on (at the menu: what the service does and how to
    move in it, not «opción no encontrada»; at a step: what it asks, not «No entendí tu
    edad» for words that were no try at it)."""
    stripped = (text or "").strip()
    if stripped and set(stripped) <= set("?¿ "):
        return True
    return bool(_CONFUSED.match(fold(text or "")))


_REFERS_BACK = re.compile(
    r"^((yo |y |ok |oye |mejor |pero |perdon |sorry |oops |actually )*(quiero|quisiera|necesito|"
    r"puedo|podria|se puede|me la puedes|can i|could i|i need to|i want to|i d like to|please|"
    r"por favor|hay que|tengo que) )*(?P<verb>cambiarla|cambiala|cambiamela|moverla|muevela|"
    r"reagendarla|reagendala|reprogramarla|cancelarla|cancelala|anularla|anulala|"
    r"(change|move|reschedule|cancel) it)(?P<rest>( (para|pal|pa|al|a|del|de|to|for|on|from) .*)?)"
    r"( (porfa|por favor|please))?$")

_REFERS_BACK_LAST = re.compile(
    r"(?<!\bno )(?<!\bnot )\b(?P<verb>cambiarla|cambiala|cambiamela|moverla|muevela|reagendarla|"
    r"reagendala|reprogramarla|cancelarla|cancelala|anularla|anulala|(change|move|reschedule|"
    r"cancel) it)(?P<rest>( (para|pal|pa|al|a|del|de|to|for|on|from) .*)?)"
    r"( (porfa|por favor|please))?$")
"""The same at the end of a sentence that says why first («ya no voy a ir, cancélala», «ok
sí, cancélala», «i can't make it so cancel it»): it was «No hay nada que cancelar» (not
after a no: «no la canceles» names no verb here, «no cancelala» is not taken)."""


_ASKS_ABOUT_IT = re.compile(
    r"\b((a )?que hora|que dia|que fecha|cuando|donde|en donde|a donde|adonde) (era|es|quedo|"
    r"queda|esta|fue|sera|me toca|me dijiste|tengo que ir|voy)\b|\bcual (es|era) (el|mi) folio\b"
    r"|\b(what time|what day|which day|when|where) (is|was|s) (it|that|my appointment|the "
    r"appointment)\b|\bwhere (do|should) i go\b|\bwhat (is|was|s) (the|my) folio\b"
    r"|\bwhats (the|my) folio\b")


def asks_about_it(text: str | None) -> bool:
    """«¿a qué hora era?», «¿dónde queda?», «what time was it again?», «where is it?»: the
    day, the time, the place or the folio of something just made (an appointment)."""
    return questioning(text or "") and bool(_ASKS_ABOUT_IT.search(fold(text or "")))


_BARE_CANCEL = re.compile(
    r"^((yo|ok|oye|mejor|pues|y|ya) )*((quiero|quisiera|necesito|puedo|se puede|i want to|i d "
    r"like to|can i) )?(cancelar|cancela|cancel|anular)( (todo|eso|esto|porfa|por favor|"
    r"please))?$")


def cancels_bare(text: str | None) -> bool:
    """«cancelar», «quiero cancelar»: a cancel that names nothing (right after a booking,
    the appointment just made; anywhere else, what is under way)."""
    return bool(_BARE_CANCEL.match(fold(text or "").strip(" ?!.")))


def refers_back(text: str | None) -> tuple[str, str] | None:
    """«cámbiala para el viernes», «cancel it», «can I move it to Monday?»: a change
    (``move``) or a cancel (``cancel``) of something named before, with what follows it."""
    folded = fold(text or "").rstrip("?!. ")
    found = _REFERS_BACK.match(folded) or _REFERS_BACK_LAST.search(folded)
    if found is None:
        return None
    verb = found.group("verb")
    kind = "cancel" if verb.startswith(("cancel", "anul")) else "move"
    return kind, found.group("rest").strip()


_OTHER_ADDRESS = re.compile(
    r"\b((a|al|en|por|para) (otro|otra|mi otro|mi otra|un|una) (correo|mail|email|e mail|"
    r"direccion)( (distint[oa]|diferente|nuev[oa]))?|(to|at|on) (another|a different|my other|"
    r"a new|my new) (email|e mail|address|mail)|otro correo|another email)\b")


def other_address(text: str | None) -> bool:
    """«mándamelo a otro correo», «send it to another email»: an address other than the
    account's asked for."""
    return bool(_OTHER_ADDRESS.search(fold(text or "")))


_RECORD_DATUM = (r"(nombre|apellidos?|curp|rfc|nss|fecha de nacimiento|name|surname|last name"
                 r"|date of birth|birth date)")
_FIX_RECORD = re.compile(
    r"\b((corregir|corrijo|corrigen|corrige|arreglar|arreglo|arreglan|modificar|modifico|"
    r"actualizar|actualizo|cambiar|cambio|cambian) (el |la |mi |un |una )?(error (de|en) (mi )?)?"
    + _RECORD_DATUM + r"|(mi |el |la )?" + _RECORD_DATUM + r" (esta|viene|aparece|sale|salio) "
    r"(mal|mal escrit[oa]|incorrect[oa]|equivocad[oa])|error en (mi |el |la )?" + _RECORD_DATUM
    + r"|(fix|correct|change|update) (my|the) " + _RECORD_DATUM + r"|my " + _RECORD_DATUM
    + r" is (wrong|misspelled|incorrect))\b")


def asks_to_fix_record(text: str | None) -> bool:
    """«¿cómo corrijo mi nombre?», «mi curp está mal», «fix my date of birth»: a datum of
    the Institute's record to correct (at a Service Centre), not a contact to change."""
    return bool(_FIX_RECORD.search(fold(text or "")))


_LACKS_IT = re.compile(
    r"^((pero|es que|la verdad|ay|pues|no|nel) )*(no (lo|la|los) tengo|no (lo|la) tengo (a la mano|"
    r"aqui|conmigo)|no tengo( (uno|una|eso|ese|esa|ninguno|ninguna))?|no cuento con (el|ella|"
    r"uno|una)|(i )?(dont|don t|do not) have (one|it|that|any|an? \w+)( with me)?|i haven t got "
    r"(one|it)|no idea what (it|that) is)$")


_REQUIRED = re.compile(
    r"\b(obligatori\w*|necesari\w*|forzos\w*|se necesita|lo necesitan|la necesitan|tengo que "
    r"(dar|poner)(lo|la)?|hay que (dar|poner)(lo|la)?|puedo (no|dejarlo|dejarla|omitir\w*|"
    r"saltar\w*)|required|mandatory|necessary|needed|do i (have|need) to|can i skip)\b")
_LACKS_NAMED = re.compile(
    r"\b(no tengo|sin|no cuento con|i don t have|i dont have|i do not have|without|no) (un |una |"
    r"mi |el |la |a |an |any |my |the )?(celular|cel|telefono|movil|correo|email|e mail|mail|rfc|"
    r"curp|nss|phone|cell ?phone|mobile)\b")


_WHAT_POINTS_ARE = re.compile(
    r"\b((que|q|k) (son|significan|quiere decir)|para (que|q) (sirven|son)|como (funcionan|se "
    r"calculan|se sacan)|what (are|do|is)|what s the point of|how do .* work)( los| the| esos|"
    r" these)? (puntos|points)\b")


def asks_what_points_are(text: str | None) -> bool:
    """«¿qué son los puntos?», «what are points», «¿para qué sirven los puntos?»: what
    the points are, not the worker's own (which «Mis puntos» shows)."""
    return bool(_WHAT_POINTS_ARE.search(fold(text or "")))


_TAXES = re.compile(r"\b((antes|despues) de (impuestos|descuentos)|bruto|neto|libre|before (or "
                    r"after )?tax(es)?|after tax(es)?|gross|net|take home)\b")
_WHAT_SUBACCOUNT = re.compile(
    r"\b((que|q|k) es|what is|what s|whats|what does .* mean|que significa)( eso de)?( la| mi| the"
    r"| my)? (subcuenta|sub cuenta|subaccount|sub account|housing subaccount|subcuenta de "
    r"vivienda)\b")


_DURATION = re.compile(
    r"\b((cuanto|cuanta) (tiempo )?(dura|duran|tarda|tardan|se tarda|se tardan|demora)( la cita|"
    r" el tramite| ahi| alla)?\??$|how long (does|will|is|do) (it|the appointment|the visit|the "
    r"procedure|they)( take| last| be)?\b)")
_COMPANION = re.compile(
    r"\b(puedo (ir|llegar) (con|acompanad\w*)|puedo llevar a|me puede acompanar|(puede|pueden) "
    r"(ir|venir|entrar) conmigo|can i bring|can (he|she|they|my \w+) (come|go) with me|"
    r"can i go with|acompan\w*)\b")


_RESOLUTION = re.compile(
    r"\b((que|q|k) (es|significa)( eso de)?( la)? (resolucion|resolución)|what is (a |the |that )?"
    r"(pension )?resolution|(donde|como|con quien) (la |lo )?(consigo|saco|obtengo|tramito|pido|"
    r"conseguir|sacar|obtener)|where (do|can) i (get|find) (it|one|the resolution))\b")


def asks_about_resolution(text: str | None) -> bool:
    """«¿qué es eso de la resolución?», «¿dónde la consigo?» at «¿Ya tienes tu resolución de
    pensión?»: what it is and who gives it (it was «No sé responder esa pregunta aquí»)."""
    return bool(_RESOLUTION.search(fold(text or "")))


def asks_duration(text: str | None) -> bool:
    """«¿cuánto dura la cita?», «how long does the appointment take?»: not what it costs."""
    return bool(_DURATION.search(fold(text or "")))


def asks_companion(text: str | None) -> bool:
    """«¿puedo ir con mi esposo?», «can i bring my husband with me?»: company at the
    appointment, not a joint credit."""
    return bool(_COMPANION.search(fold(text or "")))


def asks_taxes(text: str | None) -> bool:
    """«¿es antes o después de impuestos?», «is that gross or net?»: which salary is asked."""
    return questioning(text or "") and bool(_TAXES.search(fold(text or "")))


def asks_what_subaccount(text: str | None) -> bool:
    """«¿qué es la subcuenta?», «whats the subaccount?»: what the savings asked are."""
    return bool(_WHAT_SUBACCOUNT.search(fold(text or "")))


def asks_if_required(text: str | None) -> bool:
    """«¿es obligatorio el correo?», «¿lo tengo que dar?», «is it required?»: whether the
    datum asked can be left out (the answer was «No encontré un correo en tu mensaje»)."""
    return bool(_REQUIRED.search(fold(text or "")))


def lacks_named(text: str | None) -> bool:
    """«no tengo celular», «y si no tengo cel?», «i don't have an email»: the worker lacks
    the datum named (it was «No encontré un número de celular», again and again)."""
    return bool(_LACKS_NAMED.search(fold(text or "")))


def lacks_it(text: str | None) -> bool:
    """«no la tengo», «i dont have one» where a datum is asked: the worker does not have
    that datum (where to get it is the answer), not a goodbye nor a cancel."""
    return bool(_LACKS_IT.match(fold(text or "").rstrip("?!. ")))


_FORGOTTEN = re.compile(
    r"\b(no (me acuerdo|recuerdo|me se|se|tengo idea)( de)?( cual es)? (mi|el|cual es mi) "
    r"(?P<es>correo|email|mail|e mail|nss|numero de seguridad social)|(don t|dont|do not|can t|"
    r"cant|cannot) remember my (?P<en>email|e mail|nss|social security number)|forgot my "
    r"(?P<en2>email|e mail|nss))\b")


def forgotten_identifier(text: str | None) -> str | None:
    """«no me acuerdo de mi correo» -> ``email``, «no me sé mi nss» -> ``nss``: the
    identifier the worker does not remember, if the words say so."""
    found = _FORGOTTEN.search(fold(text or ""))
    if found is None:
        return None
    said = found.group("es") or found.group("en") or found.group("en2") or ""
    return "nss" if said.startswith(("nss", "numero", "social")) else "email"


_VAGUE_PROBLEM = re.compile(
    r"^((hola|buenas|buenos dias|buenas tardes|buenas noches|oye|disculpe|perdon|hi|hello) )*"
    r"((necesito|ocupo|quiero|pido) (ayuda|apoyo)( (con|en) (mi cuenta|mi infonavit|el portal|la "
    r"pagina|mi tramite))?|tengo (un|algun) (problema|inconveniente|detalle)( (con|en) (mi cuenta"
    r"|mi infonavit|el portal|la pagina))?|algo (anda|esta) mal (con|en) mi cuenta|(i )?need "
    r"(some )?help( with my account)?|i have a problem( with my account)?|something is wrong with "
    r"my account)( (por favor|porfa|please))?$")


def vague_problem(text: str | None) -> bool:
    """«necesito ayuda con mi cuenta», «tengo un problema», «I need help with my account»: a
    problem not named yet (the common problems, and a person, are what to offer)."""
    return bool(_VAGUE_PROBLEM.match(fold(text or "").rstrip("?!. ")))



_AMOUNT_BACK = re.compile(
    r"\bcuanto (dinero )?(me |nos )?(van a |vas a |me va a |les van a )?(dar|devolver|regresar|"
    r"entregar|tocar|toca|dan|devuelven|regresan)\b|\bcuanto me (toca|corresponde|van a dar)\b"
    r"|\bhow much (money )?(will|do|would) i (get|receive)( back)?\b"
    r"|\bhow much (will|do) (they|you) (give|return|pay) (me|back)\b")


def asks_amount_back(text: str | None) -> bool:
    """«¿cuánto me van a dar?», «how much will I get back?»: the amount returned to a
    worker (the savings, at their return)."""
    return bool(_AMOUNT_BACK.search(fold(text or "")))


_NO_HOME = re.compile(
    r"\b(no tengo (casa|vivienda|depa|departamento)( propia| propio| a mi nombre)?|no soy "
    r"(dueno|duena|propietari[oa])|(rento|alquilo|vivo de renta|pago renta)|i (don t|do not|"
    r"dont) own (a |my )?(home|house)|i rent|i m renting|i am renting)\b")
_HOME = re.compile(
    r"\b((si |ya )?tengo (casa|vivienda|depa|departamento) (propia|propio|a mi nombre)|soy "
    r"(dueno|duena|propietari[oa]) de (una|mi) (casa|vivienda)|i (already )?own (a |my )?"
    r"(home|house))\b")


def owns_home(text: str | None) -> bool | None:
    """Whether the worker says they own a home («sí tengo casa propia»: True) or not («no
    tengo casa propia», «rento»: False); ``None`` when the text says neither."""
    folded = fold(text or "")
    if _NO_HOME.search(folded):
        return False
    if _HOME.search(folded):
        return True
    return None
