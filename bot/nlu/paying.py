"""What a worker says about paying their credit, the way they write on WhatsApp: an amount
said as what to pay («mejor 500 pesos»), what to pay named («la mensualidad», «liquidarlo»),
«¿cuánto debo?», a reference typed or its check asked for, and what they ask about a slip
(where it is paid, until when). Pure functions over folded text; ``bot.flows.credit``
decides what each reading does."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from bot.nlu.text import fold, questioning
from domain.values.amounts import read_amount
from domain.values.numbers import words_to_digits


class SlipQuestion(StrEnum):
    """A question about a payment slip just shown."""

    EXPIRY = "expiry"
    """«¿hasta cuándo vale?», «¿cuándo vence?», «until when is it valid?»"""
    WHERE = "where"
    """«¿dónde pago?», «¿y si pago en oxxo?», «where can I pay?»"""
    REFERENCE = "reference"
    """«dame la referencia», «¿cuál es la referencia?», «what's the reference?»"""


_EXPIRY_ASKED = frozenset({"vale", "valida", "valido", "sirve", "dura", "until", "valid", "last",
                           "lasts", "good"})
"""Words that ask how long only inside a question («vale» alone is an «ok»)."""
_EXPIRY_SAID = re.compile(r"\b(vigen\w*|vence\w*|vencimiento|caduc\w*|expir\w*|hasta cuando"
                          r"|until when|deadline)\b")
_WHERE_ASKED = re.compile(r"\b(donde|adonde|oxxo|seven|eleven|tiendas?|bancos?|bbva|bancomer"
                          r"|banamex|santander|hsbc|banorte|azteca|walmart|soriana|chedraui"
                          r"|farmacias?|transferencia|spei|codi|clabe|ventanilla|where|stores?"
                          r"|banks?|transfer|tarjeta|debito|en linea|por internet|card|online)\b")


def place_named(text: str | None) -> bool:
    """Where the worker means to pay, said without a question or an amount («oxxo», «en el
    banco», «por transferencia»): before the slip, where it can be paid is the answer."""
    folded = fold(text or "")
    return bool(_WHERE_ASKED.search(folded)) and not any(char.isdigit() for char in folded)


_OFFICE = re.compile(r"\b(oficinas?|offices?|cesi|centros?|modulos?|delegacion|sucursal|branch|"
                     r"service cent(er|re)s?)\b")
_PAY_WORD = re.compile(r"\b(pag\w*|pay\w*|abon\w*|deposit\w*|ficha|slip)\b")
"""«¿dónde está la oficina de monterrey?» at a payment asks where a service centre is (the
turn's ``_where_centre_named``), not where to pay, unless paying is said too."""

_HOW_TO_PAY = re.compile(
    r"\b(como (le hago para |puedo |se puede |hago para |se )?(pago|pagar\w*|lo pago|hago el pago|"
    r"hago mi pago|abono|deposito)|how (do|can) i (make a |make my )?pay\w*|how to pay)\b")
"""«como pago», «¿cómo le hago para pagar?», «how do I pay?»: how (and so where) a slip is
paid, asked without naming a place."""


_REFERENCE_ASKED = re.compile(
    r"\b(dame|damela|pasame|pasamela|mandame|mandamela|repiteme|repite|repetir|cual es|cual era|"
    r"no vi|no veo|otra vez|de nuevo|quiero|necesito|ocupo|give me|send me|resend|repeat|"
    r"what is|what s|whats|where is|i want|i need)"
    r"\b.*\b(la referencia|el numero de referencia|mi referencia|the reference|my reference)\b")


def slip_question(text: str | None) -> SlipQuestion | None:
    """What a worker asks about the slip they were just given, if that is what the text
    is: its validity («¿hasta cuándo vale?», «cuando vence») or where to pay it («¿dónde
    pago?», «¿y si pago en oxxo?»). Only a question counts, or a word that can only be
    about the expiry: «quiero pagar en oxxo» asks for a payment, not where."""
    folded = fold(text or "")
    if not folded:
        return None
    asked = questioning(text or "")
    if _EXPIRY_SAID.search(folded) or (asked and _EXPIRY_ASKED & set(folded.split())):
        return SlipQuestion.EXPIRY
    if _REFERENCE_ASKED.search(folded):
        return SlipQuestion.REFERENCE
    if asked and (_WHERE_ASKED.search(folded) or _HOW_TO_PAY.search(folded)) \
            and not (_OFFICE.search(folded) and not _PAY_WORD.search(folded)):
        return SlipQuestion.WHERE
    return None


_PAYOFF_ASKED = re.compile(
    r"\bcuanto (\w+ ){0,3}(para |por )?(liquidar\w*|pagar todo|saldar\w*|terminar de pagar|"
    r"quedar libre|finiquit\w*)|how much (\w+ ){0,4}(pay (it )?off|pay everything|pay it all|"
    r"settle)")


def asks_payoff(text: str | None) -> bool:
    """«¿cuánto sería para liquidar?», «how much to pay it off?»: what paying it all off
    takes, asked (not the slip asked for)."""
    return bool(_PAYOFF_ASKED.search(fold(text or "")))


_PAYS_OFF = re.compile(
    r"\b(liquid\w*|pag\w* todo|todo de una|de una (sola )?vez|saldar\w*|finiquit\w*|"
    r"pay (it )?(all|off)|pay everything|pay the whole|payoff)\b")
_PAYS = re.compile(r"\b(pag\w*|abon\w*|mensualidad|pay|paying|payment)\b")


_OWED = re.compile(
    r"\b(cuanto (le |les )?(debo|adeudo|debemos|me falta|me queda|falta|queda)|"
    r"cuanto es lo que debo|(que|q) tanto debo|saldo (de |del )?(mi )?credito|"
    r"how much (do i (still )?owe|i owe|is left|is my balance)|what do i owe|what i owe)\b")


_DUE = re.compile(
    r"\b(cuanto (tengo|hay|debo|tendria) que pagar( este mes| al mes| cada mes| ahorita| hoy)?|"
    r"(de )?cuanto es (mi|el|la) (pago|mensualidad)|how much (do|should|must) i (have to )?pay|"
    r"how much is (it|my payment|the payment|my monthly payment)( this month| a month)?|"
    r"what is my (monthly )?payment|whats my (monthly )?payment)\b")


def asks_owed(text: str | None) -> bool:
    """«¿cuánto debo?», «cuánto me falta por pagar», «how much do I owe?», or what is due
    (``asks_due``)."""
    return bool(_OWED.search(fold(text or ""))) or asks_due(text)


def asks_due(text: str | None) -> bool:
    """«¿cuánto tengo que pagar este mes?», «how much is it this month?»: what to pay now
    (not the balance of the credit, which its summary says)."""
    return bool(_DUE.search(fold(text or "")))


_PAY_CUE = re.compile(r"\b(pesos?|mxn|mil|pag\w*|abon\w*|mejor|solo|nomas|pay\w*|"
                      r"instead|just|ficha|slip|por|for|cantidad|amount)\b")
_BARE_AMOUNT = re.compile(r"\$?\s*\d[\d,]*(\.\d{1,2})?\s*(pesos?|mxn)?")


def asks_what_if_paying(text: str | None) -> bool:
    """«¿y si pago 5 mil de más qué pasa?», «what if I pay 2000 extra?»: a question about
    paying an amount, not a slip asked for (it got a slip for it)."""
    folded = fold(text or "")
    return bool(_WHAT_IF.search(folded)) and (questioning(text or "") or bool(
        _WHAT_HAPPENS.search(folded)))


_WHAT_HAPPENS = re.compile(r"\b(que pasa|que pasaria|que sucede|en que me ayuda|me conviene|"
                           r"what happens|what would happen|does it help)\b")


def amount_to_pay(text: str | None) -> Decimal | None:
    """An amount said as what to pay: «500», «mejor 500 pesos», «quiero abonar 2 mil», «just
    pay 800» (not a number in other words: a date, a count of months)."""
    amount = read_amount(text or "")
    if amount is None or amount <= 0:
        return None
    raw = (text or "").strip(" .!").lower()
    if _BARE_AMOUNT.fullmatch(raw) or "$" in raw or _PAY_CUE.search(fold(raw)):
        return amount
    return None


_WHAT_IF = re.compile(r"^(y |pero |oye |and |but )?(si|que pasa si|que tal si|puedo|se puede|"
                      r"what if|can i|could i)\b")


_CONCEPTS = (
    ("TO_BE_CURRENT", re.compile(r"\b(ponerme al (corriente|dia)|al corriente|lo atrasado|"
                                 r"atrasos?|lo vencido|up to date|catch up|overdue|arrears)\b")),
    ("MONTHLY", re.compile(r"\b(mensualidad|(el |la )?pago mensual|pago (del|de este) mes|"
                           r"(lo|la|el) (del|de este|de cada) mes|(la|el) mensual|"
                           r"(la|el) (normal|de siempre)|monthly|this month s|this month|"
                           r"(the )?regular (one|payment)|the usual)\b")),
)
_REFERENCE_TYPED = re.compile(r"[\d\s-]+")
_CHECK_REFERENCE = re.compile(
    r"\b(checar|chequear|revisar|verificar|validar|consultar|check|verify|validate)\w* (una |"
    r"mi |la |esta |a |my |the |this )?(referencia|reference|ficha|slip)\b")


def payment_named(text: str | None) -> str | None:
    """What to pay, named in words («quiero pagar la mensualidad», «ponerme al corriente»,
    «liquidarlo»): ``PaymentConcept``'s member name, or ``None``."""
    folded = fold(text or "")
    if _PAYS_OFF.search(folded):
        return "PAYOFF"
    return next((name for name, words in _CONCEPTS if words.search(folded)), None)


def reference_typed(text: str | None) -> bool:
    """Digits only, as many as a payment reference has give or take a typo (19): a
    reference to check, never an amount to pay."""
    raw = (text or "").strip()
    return bool(_REFERENCE_TYPED.fullmatch(raw)) and 15 <= sum(c.isdigit() for c in raw) <= 25


_THAT_ONE = re.compile(r"\b(esa|esta|esa misma|la misma|la que me (diste|acabas de dar|mandaste)|"
                       r"la de arriba|la anterior|that one|this one|the one you (gave|sent)|"
                       r"that reference|this reference|it)\b")


def means_the_slip_given(text: str | None) -> bool:
    """«quiero revisar esa referencia», «check that one»: the slip just given, not one to
    type (it asked for the 19 digits it had just shown)."""
    folded = fold(text or "")
    return bool(_THAT_ONE.search(folded)) and not any(char.isdigit() for char in folded)


def checks_reference(text: str | None) -> bool:
    """«checar una referencia», «check my slip»: the reference check, asked for in words."""
    return bool(_CHECK_REFERENCE.search(fold(text or "")))


def wants_to_pay(text: str | None) -> bool | None:
    """Words about paying the credit: ``True`` for all of it («y si pago todo de una vez?»,
    «quiero liquidarlo»), ``False`` for a payment of some other kind («quiero pagar»,
    «la mensualidad»), ``None`` when they are not about paying or ask something else
    about it («¿es seguro pagar por aquí?» is about safety)."""
    folded = fold(text or "")
    if questioning(text or "") and not _WHAT_IF.search(folded):
        return None
    if _PAYS_OFF.search(folded):
        return True
    return False if _PAYS.search(folded) else None


_CANNOT_PAY = re.compile(
    r"\b(no (puedo|podre|voy a poder|alcanzo a|tengo para|tengo con que|me alcanza para) "
    r"(pagar\w*|cubrir\w*|la mensualidad)|no me (alcanza|va a alcanzar|ajusta)|no alcanzo|"
    r"me quede sin (trabajo|empleo|chamba)|ya no trabajo|"
    r"perdi mi (trabajo|empleo|chamba)|sin (trabajo|empleo|chamba)|desemplead\w*|me corrieron|"
    r"me despidieron|prorroga\w*|seguro de desempleo|can t pay|cannot pay|cant pay|can t afford|"
    r"lost my job|unemployed|no longer work\w*|laid off|payment (holiday|extension))\b")


_CREDIT_CUE = re.compile(r"\b(credito|mensualidad\w*|pagos?|pagar\w*|deuda|hipoteca|abonos?|"
                         r"loan|mortgage|payments?|pay|credit)\b")


_LOST_JOB = re.compile(
    r"\b(me quede sin (trabajo|empleo|chamba)|ya no (trabajo|tengo trabajo|tengo empleo)|"
    r"perdi mi (trabajo|empleo|chamba)|estoy sin (trabajo|empleo|chamba)|desemplead\w*|"
    r"me corrieron|me despidieron|lost my job|unemployed|no longer work\w*|laid off|"
    r"(don t|dont|do not) (have a job|work anymore))\b")


def lost_job(text: str | None) -> bool:
    """«ya no trabajo», «me despidieron», «I lost my job»: the worker has no job now."""
    return bool(_LOST_JOB.search(fold(text or "")))


def about_the_credit(text: str | None) -> bool:
    """Words that name the credit or its payments («¿qué pasa con mi crédito?»)."""
    return bool(_CREDIT_CUE.search(fold(text or "")))


def cannot_pay(text: str | None) -> bool:
    """«ya no trabajo», «¿y si no puedo pagar?», «necesito una prórroga», «I lost my job»: a
    worker who cannot keep up the payments."""
    return bool(_CANNOT_PAY.search(fold(text or "")))


class CreditQuestion(StrEnum):
    """A question about the credit itself asked where it is shown or paid, answered there
    (each was a slip the worker did not pick, or «No sé responder esa pregunta aquí»)."""

    PAYMENTS_LEFT = "payments_left"
    """«¿cuántos pagos me faltan?», «¿cuándo termino de pagar?», «how many payments are left?»"""
    PAYOFF_MEANING = "payoff_meaning"
    """«¿qué es liquidar?», «what does pay off mean?»"""
    PAYING_LESS = "paying_less"
    """«¿puedo pagar menos este mes?», «can I pay less?»"""
    NOT_SHOWING = "not_showing"
    """«ya pagué y no se refleja», «I paid and it's not showing»"""
    CURRENT_MEANING = "current_meaning"
    """«¿qué es al corriente?», «what does current mean?»"""
    REFERENCE_MEANING = "reference_meaning"
    """«¿qué es una referencia de pago?», «what's a payment reference?»: what it is for."""
    EXTRA_EFFECT = "extra_effect"
    """«¿cuánto bajaría mi mensualidad?», «will my monthly payment go down?»: what paying
    more does to the credit (it opened the precalification's «No podemos calcular…»)."""
    AMOUNT_LIMITS = "amount_limits"
    """«¿cuánto es lo mínimo?», «¿y lo máximo?», «what's the minimum?»: the amounts a slip
    may hold (it was «No entendí la cantidad» where the amount is asked)."""
    WHICH_SLIP = "which_slip"
    """«ficha de pago», «quiero mi referencia», «hacer un pago», «make a payment» where what
    to pay is asked: a slip asked for without saying of what (it was the monthly one, for
    «pago»)."""


_PAYMENTS_LEFT = re.compile(
    r"\b(cuant[oa]s (pagos|mensualidades|meses|anos|abonos|quincenas)( mas)?( me| le| nos)? "
    r"(faltan|quedan)|(en )?cuanto tiempo (me falta|me queda|le falta|le queda|termino|acabo)|"
    r"en cuanto (termino|acabo)|cuando (termino|acabo|terminare|acabare|se termina|se acaba|"
    r"voy a terminar|voy a acabar) (de pagar|mi credito|el credito)|"
    r"how many (more )?(payments|months|years)( are| do i have)?( left| to go)|"
    r"when (will i|do i|does it|will it) (finish|end|be paid off)|how long (until|till|before)"
    r" (i finish|it s paid|it is paid|i pay it off))\b")
_MEANING = (r"^((y|pero|oye|and|but) )?(que (es|significa|quiere decir)|what (is|does|do you mean"
            r" by)|whats|what s)( eso de| lo de| to)? ")
_PAYOFF_MEANING = re.compile(_MEANING + r"(liquid\w*|finiquit\w*|saldar\w*|pay(ing)? (it )?off|"
                             r"payoff)\b")
_CURRENT_MEANING = re.compile(_MEANING + r"(estar )?(al corriente|al dia|current|up to date)\b")
_REFERENCE_MEANING = re.compile(
    _MEANING + r"(una |la |el |un |a |the )?(referencia|ficha|numero de referencia|reference|"
    r"payment reference|payment slip|slip)\b|\b(para que (sirve|es) (la|una|el) (referencia|"
    r"ficha)|what (is|s) (a |the )?(payment )?(reference|slip) for)\b")
_AMOUNT_LIMITS = re.compile(
    r"\b((cuanto|cual) es (lo|el) (minimo|maximo)|(y )?(lo|el) (minimo|maximo)|(cuanto|que) es "
    r"lo (menos|mas) que (puedo|se puede)|(cuanto|que) (tanto )?(puedo|se puede) (pagar|poner|"
    r"abonar)( como)? (minimo|maximo)|(what s|whats|what is) the (minimum|maximum|least|most)|"
    r"(minimum|maximum) (amount|payment)|how (much|little) (can|may) i pay)\b")
_PAYING_LESS = re.compile(
    r"\b((pagar|pago|abonar|dar|depositar) (menos|poquito|una parte|la mitad|lo que pueda)|"
    r"pay (less|part of it|half|what i can))\b")
_NOT_SHOWING = re.compile(
    r"\b(no (se )?(refleja|aparece|ve|sale|registr\w*|actualiz\w*|veo)|no lo (veo|ven)|"
    r"(isn t|isnt|is not|not|doesn t|doesnt|does not|hasn t|hasnt|has not) (showing|show|there|"
    r"reflected|appear\w*|updated|gone through|gone down)|can t see it|cant see it|no (me )?(lo )?"
    r"(toman|tomaron|han tomado) en cuenta|sigo debiendo lo mismo|no (me )?(lo )?(abonaron|"
    r"aplicaron|acreditaron))\b")
_PAID = re.compile(r"\b((ya )?(pague|deposite|abone|hice (el|mi|un) (pago|deposito|abono))|(mi|el)"
                   r" (pago|abono|deposito)|i (already )?paid|already paid|i made (a|the|my) "
                   r"payment|my payment|did my payment)\b")
_PAID_ALONE = re.compile(r"((pero|si|oye|es que) )*(ya (lo |la )?(pague|deposite|abone)( mi "
                         r"(credito|mensualidad|pago))?|i (already )?paid( it)?|already paid)")
"""«ya pagué» alone where a slip is offered: no new slip, what to do if it does not show."""
_BALANCE_STUCK = re.compile(
    r"\b((mi|el) (saldo|adeudo|deuda) (no|sigue sin) (baja|bajo|cambia|cambio|se mueve|"
    r"disminuye)|(my )?balance (is not|isn t|isnt|didn t|didnt|did not|doesn t|doesnt|does not)"
    r" (go|going|gone) down)\b")
_WENT_THROUGH = re.compile(r"\b(ya quedo|quedo|ya paso|se (aplico|registro|reflejo)|ya (se )?"
                           r"(aplico|registro|reflejo)|go through|went through|received|applied|"
                           r"was it (received|applied|registered))\b")
_TAKES_TO_SHOW = re.compile(
    r"\b((cuanto|cuando|en cuanto) (tiempo )?(tarda|tardan|se tarda|demora)\w* en (reflejar|"
    r"aparecer|verse|registrar|actualizar)\w*|how long (does|do|will) (it|the payment|payments|"
    r"my payment) take to (show|appear|be reflected|post|go through))\b")
_SLIP_ONLY = re.compile(
    r"((mejor|no|ok|bueno|ya|quiero|dame|necesito|ocupo|mandame|pasame|genera|generar|sacar|saca|hazme|una|la|mi|"
    r"el|i want|i need|give me|send me|a|my|the|i want to|hacer|make) )*(ficha|ficha de pago|"
    r"referencia|referencia de pago|numero de referencia|recibo|slip|payment slip|reference|"
    r"payment reference|un pago|pagar|a payment|pay)( (por favor|porfa|please|pls))?")


_EXTRA_EFFECT = re.compile(
    r"\b((cuanto|como|en cuanto|que tanto) (me )?(bajaria|baja|bajara|bajarian|reduce|reduciria|"
    r"reducen|cambia|cambiaria|queda|quedaria) (\w+ ){0,2}(mensualidad|mensualidades|pago mensual|"
    r"descuento|plazo)|(baja|bajaria|reduce|reduciria) (mi|la|el) (mensualidad|pago mensual|plazo)|"
    r"(would|will|does|do) (my|the) (monthly )?(payments?|term) (go down|drop|change|be lower|"
    r"get shorter)|lower my (monthly )?payments?)\b")


def credit_question(text: str | None) -> CreditQuestion | None:
    """Which of the credit's own questions the text asks, if any (``CreditQuestion``)."""
    folded = fold(text or "")
    if not folded:
        return None
    if _SLIP_ONLY.fullmatch(folded):
        return CreditQuestion.WHICH_SLIP
    if _PAYOFF_MEANING.search(folded):
        return CreditQuestion.PAYOFF_MEANING
    if _CURRENT_MEANING.search(folded):
        return CreditQuestion.CURRENT_MEANING
    if _REFERENCE_MEANING.search(folded):
        return CreditQuestion.REFERENCE_MEANING
    if _AMOUNT_LIMITS.search(folded):
        return CreditQuestion.AMOUNT_LIMITS
    if _PAYMENTS_LEFT.search(folded):
        return CreditQuestion.PAYMENTS_LEFT
    if _EXTRA_EFFECT.search(folded):
        return CreditQuestion.EXTRA_EFFECT
    if (_PAID.search(folded) and (_NOT_SHOWING.search(folded) or _WENT_THROUGH.search(folded))) \
            or _TAKES_TO_SHOW.search(folded) or _BALANCE_STUCK.search(folded) \
            or _PAID_ALONE.fullmatch(folded):
        return CreditQuestion.NOT_SHOWING
    if _PAYING_LESS.search(folded):
        return CreditQuestion.PAYING_LESS
    return None


_MONTHS_OF_PAYMENTS = re.compile(
    r"\b(?P<count>\d{1,2}) (mensualidades|pagos mensuales|pagos|meses|monthly payments|payments|"
    r"months)\b")


def monthly_payments_counted(text: str | None) -> int | None:
    """«quiero pagar 2 mensualidades», «adelantar tres meses», «pay 2 months»: how many
    monthly payments the worker means to pay at once (it was read as $2)."""
    matched = _MONTHS_OF_PAYMENTS.search(words_to_digits(fold(text or "")))  # «tres»: 3
    if matched is None:
        return None
    number = int(matched.group("count"))
    return number if number >= 2 else None


REFERENCE_TRY_DIGITS = 10
"""Digits in a row (spaces, dots, dashes between them) from which words are a reference
typed, right or wrong; fewer among letters are a sentence («hace 3 días»)."""
_DIGIT_RUNS = re.compile(r"\d[\d\s.\-]*\d|\d")
_LETTER = re.compile(r"[^\W\d_]")


def _longest_run(text: str) -> tuple[str, int]:
    """The run of digits in ``text`` with the most digits, and how many it has."""
    runs = [(run, sum(char.isdigit() for char in run)) for run in _DIGIT_RUNS.findall(text)]
    return max(runs, key=lambda found: found[1], default=("", 0))


def reference_tried(text: str) -> bool:
    """A payment reference typed, right or wrong: a long run of digits, or digits alone;
    «pagué en oxxo hace 3 días y no aparece» is words (their letters were counted as the
    reference's digits: «escribiste 30»)."""
    longest = _longest_run(text)[1]
    return longest >= REFERENCE_TRY_DIGITS or (longest > 0 and not _LETTER.search(text))


def reference_in(text: str) -> str:
    """The reference inside a sentence («es la 1423 4567 8911 4490 967», «mi referencia es
    … y pagué en oxxo»): its longest run of digits, when it is long enough to be one; else
    the text as typed (its letters were counted as the reference's digits: «escribiste
    45»)."""
    longest, digits = _longest_run(text)
    return longest.strip() if digits >= REFERENCE_TRY_DIGITS and _LETTER.search(text) else text


def paid_not_showing(text: str | None) -> bool:
    """«hice un pago en el oxxo y no se ve», «i already paid and it doesnt show», «mi saldo
    no baja»: a payment made and not seen, asked anywhere (it was a new slip, the points'
    troubles or the registration's, for the words around it); not a contribution («¿cuánto
    tarda en reflejarse mi aportación?» is the savings')."""
    return credit_question(text) is CreditQuestion.NOT_SHOWING \
        and not _SAVINGS_NAMED.search(fold(text or ""))


_PAID_WITH_DETAILS = re.compile(
    r"\b(pague|deposite|abone|transferi|hice (el|mi|un) (pago|deposito|abono|transferencia)|"
    r"i paid|i made (a|the|my) payment)\b")
_DETAIL = re.compile(r"\d|\b(oxxo|seven|eleven|tienda|banco|bbva|banamex|santander|banorte|"
                     r"hsbc|azteca|walmart|transferencia|spei|ayer|antier|lunes|martes|miercoles|"
                     r"jueves|viernes|sabado|domingo|hace|store|bank|transfer|yesterday|ago)\b")


def payment_reported(text: str | None) -> bool:
    """«pagué 5648 el 1 de diciembre en oxxo», «deposité ayer en bbva»: a payment made,
    told with its amount, day or place (after «ya pagué pero no se refleja» it was «¿Qué
    quieres pagar?», a new slip offered); never a payment asked for («quiero pagar 500»)."""
    folded = fold(text or "")
    return bool(_PAID_WITH_DETAILS.search(folded) and _DETAIL.search(folded)) \
        and not _SAVINGS_NAMED.search(folded)


_SAVINGS_NAMED = re.compile(r"\b(aportacion\w*|ahorro|puntos|subcuenta|bimestre|contribution\w*"
                            r"|savings|points)\b")
