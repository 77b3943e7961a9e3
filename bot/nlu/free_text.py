"""What to do with typed text that matched no option: read it with the intent model and
decide. At the menu a procedure asked for in words opens; unsure, the best guesses are
offered («¿Quisiste decir…?»); out of scope gets one polite line. Inside a flow only a
question asked in passing (a common problem, what an NSS is, privacy, an agent, the menu,
cancelling, the language, a greeting, thanks, goodbye) is taken: it is answered and the
step is asked again (a digression); anything else stays the step's.

The conversation (``bot/conversation/turn.py``) decides whether a step's input may be read at
all (``Accepts``): passwords never reach here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.conversation.capabilities import Capabilities, Capability, Visibility
from bot.conversation.commands import Command, CommandCall, button, words_of
from bot.conversation.help_topics import (
    APPOINTMENT,
    BY_ID,
    DOCUMENTS,
    HOURS,
    INTENT_TOPICS,
    MENU,
    SECURITY,
    WHY_ASKED,
    topic_list,
)
from bot.conversation.messages import Msg, Option, Say
from bot.nlu.answers import (
    asks_closing_costs,
    asks_hours,
    asks_my_data,
    asks_password_rules,
    asks_to_fix_record,
    asks_what_points_are,
    asks_who,
    asks_why_needed,
    comes_back_later,
    confused,
    contact_to_change,
    continuing,
    doubting,
    pauses,
    picks_up,
    vague_problem,
)
from bot.nlu.model import Guess, IntentClassifier
from bot.nlu.paying import (
    about_the_credit,
    cannot_pay,
    lost_job,
    paid_not_showing,
    payment_reported,
)
from bot.nlu.text import fold, language_request, questioning
from domain.errors import DomainError
from domain.identifiers import find_email, find_nss, parse_email, parse_nss
from domain.identifiers.in_text import whole_curp, whole_rfc
from domain.security.passwords import holds_password

REPLIES = {"greeting": "understand.greeting", "thanks": "understand.thanks",
           "goodbye": "understand.goodbye"}
SOCIAL_NOT_ASKED = frozenset({"thanks", "goodbye"})
"""Replies never given to a question (a greeting may ask «¿cómo estás?»)."""
COMMANDS = {"menu": Command.MENU, "cancel": Command.CANCEL}
ANSWERED = frozenset({*INTENT_TOPICS, *REPLIES, *COMMANDS, "language", "null"})
"""The intents answered here rather than by a capability's flow."""

_FAREWELL = re.compile(r"\b(adios|bye|byebye|chao|chau|ciao|nos vemos|hasta (luego|pronto|"
                       r"mañana|manana|la vista)|me voy|ahi nos vemos|goodbye|see you|see ya|"
                       r"later|gotta go|cuidate)\b")
"""The words of a farewell: a goodbye the model is unsure of leaves a step only with one."""
LEAVE_THRESHOLD = 0.8
"""Inside a flow, going to the menu or cancelling loses what was given: only when sure."""
GUESS_FLOOR = 0.25
"""Under this best score the text is noise: the usual «No encontré esa opción»."""
MAX_DIGITS = 4
"""Text with this many digits is data (an NSS, an amount, a date), never a question."""

MAX_ACCOUNT_WORDS = 6
"""An NSS or an e-mail address in a longer sentence is the data of what the sentence asks."""

_ENGLISH = ("english", "ingles", "inglish", "englsh", "eng")
_SPANISH = ("espanol", "spanish", "espaniol")
_NOT_SPOKEN = re.compile(r"\b(no (hablo|entiendo|se|leo|se hablar|se leer|domino)|"
                         r"(don t|dont|do not|can t|cant|cannot) (speak|understand|read|talk))\b")
"""«no hablo inglés», «i don't speak spanish»: the language named is the one the person cannot
read («no, english please» is no refusal: a no alone is left out)."""
_LOGOUT_ASKED = re.compile(r"\b(" + "|".join(map(re.escape, words_of(Command.LOGOUT))) + r")\b")
"""Closing the session asked inside a longer message («ok thanks bye, log me out»,
«gracias, cierra mi sesión porfa»): it was a goodbye, with the session left open."""


@dataclass(frozen=True)
class Run:
    """Run a global command, as if typed."""

    call: CommandCall


@dataclass(frozen=True)
class Open:
    """Start a capability (its flow, or its command)."""

    capability: Capability
    resume: bool = False
    """Asked to go back to it («volvamos a la cita»): one left for the menu is taken up
    where it was, as its menu item does."""


@dataclass(frozen=True)
class Asked:
    """Inside a flow, a procedure asked for in words: when it is the flow under way («¿y eso
    cuánto me cuesta al mes?» in the precalification) the step is what answers it."""

    capability: Capability
    option: Option | None = None
    """The button that goes to it (from this worker's menu), for any other flow."""


@dataclass(frozen=True)
class Reply:
    """Say this; then ask the step again when ``again``."""

    say: list[Say]
    again: bool = True
    topic: str | None = None
    """The help topic answered, which the flow under way may answer its own way."""
    leaves: bool = False
    """The worker is leaving («adiós» in the middle of a step): the procedure under way is
    kept as for «menú» and nothing is asked after the goodbye."""


@dataclass(frozen=True)
class Switch:
    """Change the conversation's language, then ask the step again (or, at the menu, read
    ``then``: what followed the language asked for, «english please, i want to see my
    points»)."""

    locale: str
    then: str | None = None


Action = Run | Open | Asked | Reply | Switch


def names_an_account(text: str) -> bool:
    """An e-mail address or a valid NSS, alone or in a few words («mi correo es ana@…»):
    typed at the menu by someone not logged in, what the login asks for first."""
    if len(text.split()) > MAX_ACCOUNT_WORDS:
        return False
    try:
        if "@" in text:
            parse_email("".join(find_email(text).split()))
        else:
            parse_nss("".join(find_nss(text).split()))
    except (DomainError, ValueError):
        return False
    return True


_EMAIL_IN_TEXT = re.compile(r"\S+@\S+")
_DIGITS_IN_TEXT = re.compile(r"\+?\d[\d \-.]{3,}\d")
_CODED_WORD = re.compile(r"\S*\d{4,}\S*")
"""A word with a run of four digits or more: a CURP, an RFC, a folio, a reference."""


_GREETING_FIRST = re.compile(
    r"^((buenos dias|buen dia|buenas tardes|buenas noches|buenas|hola|ola|que tal|que onda|oiga|"
    r"oye|disculpe|disculpa|perdon|tengo una pregunta|una pregunta|tengo una duda|una duda|"
    r"good morning|good afternoon|good evening|hello|hi|hey|excuse me|quick question|"
    r"a question)\b ?)+")


def after_greeting(text: str) -> str | None:
    """What follows the greetings and openers a message starts with («hola buenas tardes,
    una pregunta: …»; folded), when there are both; None otherwise."""
    folded = fold(text)
    found = _GREETING_FIRST.match(folded)
    rest = folded[found.end():] if found else ""
    return rest if found and len(rest.split()) >= 2 else None


def without_data(text: str) -> str:
    """``text`` without e-mail addresses, long figures and coded words (a CURP, an RFC), for
    the intent model: the letters of «carmen.sanchez@example.com» in «mi correo es … quiero
    ver mis puntos» drowned the request («points») in the grams of the address, and those
    of a CURP «quiero registrarme» in the NSS help's."""
    plain = _DIGITS_IN_TEXT.sub(" ", _CODED_WORD.sub(" ", _EMAIL_IN_TEXT.sub(" ", text)))
    return " ".join(plain.split()) or text


def readable(text: str, with_data: bool = False) -> bool:
    """Words, not data: a word of two letters or more and fewer than ``MAX_DIGITS`` digits
    (``with_data``: any digits, at the menu, where no step waits for data and «cuánto me
    prestan si gano 12000» is a request with its figure)."""
    if not with_data and sum(char.isdigit() for char in text) >= MAX_DIGITS:
        return False
    return any(len(word) >= 2 and word.isalpha() for word in fold(text).split())


class FreeText:
    def __init__(self, model: IntentClassifier, capabilities: Capabilities,
                 locales: tuple[str, ...], operator: str = "") -> None:
        self.model = model
        self.capabilities = capabilities
        self.locales = locales
        self.operator = operator
        """Who runs the service, said when asked who is answering."""

    def read(self, text: str, locale: str, at_menu: bool, fresh: bool = False,
             logged_in: bool = False, current: str | None = None) -> Action | None:
        """What to do with ``text``; ``None``: leave it to the step (a miss, or its data).
        ``fresh``: the first message, just answered with the welcome. ``logged_in``: the
        guesses offered are the menu items this worker sees (no «Iniciar sesión» once in).
        ``current``: the flow under way, if any."""
        if holds_password(text):  # never read, never kept (the engine); at a data step too
            # (at the NSS it was «Tu NSS lleva 11 dígitos y escribiste 1»)
            return Reply([Say(Msg("understand.password_not_asked"))])
        asked, rest = language_request(text)  # «in english, i forgot my password»: the
        if at_menu and asked:  # language first (the reset opened in Spanish), then the rest
            wanted = self._language_named(asked)
            if wanted is not None and wanted != locale:
                return Switch(wanted, rest or None)
        signing_in = at_menu and not logged_in and names_an_account(text)
        if at_menu and not logged_in and len(text.split()) <= MAX_ACCOUNT_WORDS \
                and (whole_curp(text) or whole_rfc(text)):
            # a CURP or RFC at the menu, with an NSS or not (the login takes neither: it
            # took the NSS and lost the CURP): the sign-up, which keeps them until the notice
            registering = self.capabilities.named("registration")
            if registering is not None:
                return Open(registering)
        if at_menu and confused(text):  # «no entiendo nada», «?»: what it does, how to move
            return Run(CommandCall(Command.HELP))
        if payment_reported(text) and not paid_not_showing(text):  # «pagué 5648 el 1 de
            # diciembre en oxxo», its figures no data of the step: what to do with those
            # details, not a new slip (nor «Tu NSS lleva 11 dígitos y escribiste 4»)
            return Reply([Say(Msg("credit.payment_reported"))], again=not at_menu)
        if not readable(text, with_data=at_menu):
            return self._sign_in() if signing_in else None
        if logged_in and _LOGOUT_ASKED.search(fold(text)):
            return Run(CommandCall(Command.LOGOUT))
        if at_menu and vague_problem(text):  # «necesito ayuda con mi cuenta»: which problem,
            listed = topic_list()  # or a person
            listed[-1] = replace(listed[-1], options=(
                *listed[-1].options, Option(button(Command.AGENT), Msg("topic.action.agent"))))
            return Reply(listed, again=False)
        if paid_not_showing(text):  # «ya pagué y no se ve», anywhere: never another slip
            return Reply([Say(Msg("credit.not_showing"), options=(
                Option(button(Command.START, "credit"), Msg("menu.credit")),
                Option(button(Command.AGENT), Msg("topic.action.agent"))))], again=not at_menu)
        if at_menu and cannot_pay(text) and about_the_credit(text):
            # «ya no trabajo, ¿qué pasa con mi crédito?»: the help there is, before any login
            credit = Option(button(Command.START, "credit"), Msg("menu.credit"))
            return Reply([Say(Msg("credit.cannot_pay"), options=(
                credit, Option(APPOINTMENT, Msg("topic.action.appointment")),
                Option(button(Command.AGENT), Msg("topic.action.agent"))))], again=False)
        if at_menu and lost_job(text):  # «ya no trabajo» alone was «nothing to cancel»
            return Reply([Say(Msg("understand.lost_job"), options=(
                Option(button(Command.START, "credit"), Msg("menu.credit")),
                Option(button(Command.START, "statement"), Msg("topic.action.savings")),
                Option(APPOINTMENT, Msg("topic.action.appointment"))))], again=False)
        if asks_to_fix_record(text):  # «¿cómo corrijo mi nombre?»: the record, at a centre
            return Reply([Say(Msg("privacy.how_to_fix"), options=(
                Option(APPOINTMENT, Msg("privacy.book")), Option(MENU, Msg("escape.menu"))))],
                         again=not at_menu)
        if asks_who(text):  # «¿eres un robot?»: an assistant, and the way to a person
            return Reply([Say(Msg("understand.who", operator=self.operator))],
                         again=not at_menu)
        if asks_closing_costs(text):  # «¿qué son los gastos de titulación?», anywhere
            return Reply([Say(Msg("understand.closing_costs"))], again=not at_menu)
        if asks_what_points_are(text):  # «¿qué son los puntos?»: what they are (it showed the
            # worker's points again, never what they mean), and where to see one's own
            return Reply([Say(Msg("understand.points_explained"), options=(
                Option(button(Command.START, "points"), Msg("menu.points")),))],
                         again=not at_menu)
        if asks_password_rules(text):  # «¿cómo debe ser la contraseña?», anywhere
            return Reply([Say(Msg("understand.password_rules"))], again=not at_menu)
        if asks_why_needed(text):  # «¿para qué lo ocupan?»: what the data is for
            if at_menu:
                return Reply(BY_ID[SECURITY].says(), again=False, topic=SECURITY)
            return Reply([], topic=WHY_ASKED)  # the flow's to answer, if a datum is asked
        if not at_menu and comes_back_later(text):  # «ahorita no tengo el rfc, luego sigo»:
            return Run(CommandCall(Command.MENU))  # kept, as the menu keeps it
        if not at_menu and (continuing(text) or picks_up(text)):  # «no, sigo con el
            # registro», «¿dónde me quedé?»: the step again;
            named = self.capabilities.for_intent(self._classify(text).intent)  # «volvamos a
            if named is not None and named.flow is not None \
                    and named.flow.name != current:  # la cita» in the points: that one (it
                return Open(named, resume=True)  # said «seguimos donde ibas», in the points)
            return Reply([Say(Msg("understand.continue"))])
        contact = contact_to_change(text, verb=not at_menu) if at_menu or logged_in else None
        if contact is not None:  # «cambiar mi correo»: not the password reset, nor a recovery
            changing = self.capabilities.named("change_" + contact)
            if changing is not None and at_menu:
                return Open(changing)
            if changing is not None:  # inside a flow: the way there
                return Asked(changing, Option(button(Command.START, changing.name),
                                              Msg(f"register.change_{contact}")))
        my_data = self.capabilities.named("privacy") if asks_my_data(text) else None
        if my_data is not None:  # «quiero borrar mi cuenta»: «Mis datos», its option chosen
            return Open(my_data) if at_menu else Asked(
                my_data, Option(button(Command.PRIVACY), Msg("topic.action.privacy")))
        guess = self._classify(text)
        intent = guess.intent
        if signing_in and self.capabilities.for_intent(intent or "") is None:
            return self._sign_in()  # «mi correo es ana@…»: the login, with it
        if intent is None:
            unsure_at_menu = at_menu and not fresh and guess.score >= GUESS_FLOOR
            if not unsure_at_menu:
                return None  # fresh: the menu
            return self._did_you_mean(guess, logged_in)
        capability = self.capabilities.for_intent(intent)
        if capability is not None:
            if capability.command is not None:  # the agent: from anywhere
                return Run(CommandCall(capability.command))
            if at_menu:
                return Open(capability)
            return Asked(capability, self._option_for(intent, logged_in))
        if intent in INTENT_TOPICS:  # at the menu its buttons lead on; in a flow, the step
            topic = INTENT_TOPICS[intent]
            if topic == HOURS and not at_menu and not questioning(text) \
                    and not asks_hours(text):  # «el sábado» at a booking's day is the day's
                return None
            if topic == DOCUMENTS and logged_in:  # an account already: what to bring is the
                # appointment's, not the sign-up's (with «Crear mi cuenta» offered, in a flow)
                return Reply([Say(Msg("appointments.bring_general"),
                                  options=(Option(APPOINTMENT, Msg("topic.action.appointment")),
                                           Option(MENU, Msg("topic.action.menu"))))],
                             again=not at_menu, topic=topic)
            return Reply(BY_ID[topic].says(), again=not at_menu, topic=topic)
        if intent in COMMANDS or intent in SOCIAL_NOT_ASKED:
            if doubting(text):  # «no lo sé», «no entiendo» are not «ya no quiero»: the step's
                return None
        if not at_menu and intent == "cancel" and pauses(text):  # «mejor luego»: kept for
            return Run(CommandCall(Command.MENU))  # later, as the menu keeps it (not dropped)
        if intent in COMMANDS:
            sure = at_menu or guess.score >= LEAVE_THRESHOLD
            return Run(CommandCall(COMMANDS[intent])) if sure else None
        if intent == "language":
            wanted = self._language_named(text)
            return Switch(wanted, language_request(text)[1] or None) if wanted \
                else Run(CommandCall(Command.LANGUAGE))
        if intent == "greeting" and at_menu and guess.locale and guess.locale != locale \
                and guess.locale in self.locales[1:]:  # «hello» to a Spanish chat: English
            # (at the menu only: a «hi» in the middle of a Spanish procedure is a greeting)
            return Switch(guess.locale)
        if intent == "greeting" and fresh:
            return Reply([])  # the welcome greeted already
        if intent in SOCIAL_NOT_ASKED and questioning(text):
            return None  # «y hasta cuando vale?» is not a goodbye: the step's, or a miss
        if intent == "goodbye" and not at_menu and guess.score < LEAVE_THRESHOLD \
                and not _FAREWELL.search(fold(text)):
            return None  # «i dont have one» (0.40) parked a registration: a farewell's words
        if intent in SOCIAL_NOT_ASKED and logged_in and (
                intent == "goodbye" or _FAREWELL.search(fold(text))):  # «adiós», «gracias ya
            # me voy»: the session stays open
            # on this phone unless closed; the way to close it, one tap away
            logout = Option(button(Command.LOGOUT), Msg("menu.logout"))
            return Reply([Say(Msg("understand.goodbye_logged_in"), options=(logout,))],
                         again=False, leaves=not at_menu)
        if intent in REPLIES:
            leaving = intent == "goodbye" and not at_menu
            return Reply([Say(Msg(REPLIES[intent]))], again=intent != "goodbye", leaves=leaving)
        if intent == "null" and at_menu:
            return Reply([Say(Msg("understand.out_of_scope"))])
        return None

    def _classify(self, text: str) -> Guess:
        """The intent of ``text``; of what follows a greeting when one opens it («buenas
        tardes, una pregunta: ¿cuánto tarda en reflejarse mi aportación?» is not a
        greeting), unless what follows says nothing the model is sure of."""
        guess = self.model.classify(without_data(text))
        rest = after_greeting(text)
        if rest is None:
            return guess
        asked = self.model.classify(without_data(rest))
        return asked if asked.intent not in (None, "null") else guess

    def _sign_in(self) -> Action | None:
        login = self.capabilities.named("login")
        return Open(login) if login is not None else None

    def _language_named(self, text: str) -> str | None:
        """The language asked for; one named as not spoken («i dont speak spanish», «no
        hablo inglés») is the other one (it switched to the language refused)."""
        folded = fold(text)
        words = set(folded.split())
        refused = bool(_NOT_SPOKEN.search(folded))
        for locale, names in (("en", _ENGLISH), ("es_MX", _SPANISH)):
            if words & set(names):
                wanted = next((other for other in self.locales if other != locale), None) \
                    if refused else locale
                return wanted if wanted in self.locales else None
        return None

    def _did_you_mean(self, guess: Guess, logged_in: bool) -> Action | None:
        """The best guesses that lead somewhere for this worker, as buttons (at most three)."""
        options: list[Option] = []
        for intent, _ in guess.alternatives:
            option = self._option_for(intent, logged_in)
            if option is not None and option.id not in {o.id for o in options}:
                options.append(option)
        if not options:
            return None
        options.append(Option(button(Command.MENU), Msg("understand.option.menu")))
        return Reply([Say(Msg("understand.did_you_mean"), options=tuple(options[:4]))],
                     again=False)

    def _option_for(self, intent: str, logged_in: bool) -> Option | None:
        capability = self.capabilities.for_intent(intent)
        hidden = Visibility.LOGGED_OUT if logged_in else Visibility.LOGGED_IN
        if capability is not None and capability.visible is hidden:
            return None  # not on this worker's menu
        if capability is not None and capability.label is not None:
            target = (button(capability.command) if capability.command is not None
                      else button(Command.START, capability.name))
            return Option(target, Msg(capability.label))
        topic = INTENT_TOPICS.get(intent)
        if topic is not None:
            return Option(button(Command.FAQ, topic), Msg(f"topic.{topic}.title"))
        return None
