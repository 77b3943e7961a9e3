"""The portal's common problems as short answers («Ayuda» → «Problemas comunes», or asked in
words anywhere): each fits a phone screen and ends with the buttons that act on it.

The texts are catalog entries (``locales/*/LC_MESSAGES/help_topics.po``): ``topic.<id>.title``
for the button and ``topic.<id>.body`` for the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.commands import Command, button
from bot.conversation.messages import Msg, Option, Say

RESET = button(Command.START, "password_reset")
REGISTER = button(Command.START, "registration")
APPOINTMENT = button(Command.START, "appointments")
POINTS = button(Command.START, "points")
AGENT = button(Command.AGENT)
MENU = button(Command.MENU)
PRIVACY = button(Command.PRIVACY)
PRECALIFICATION = button(Command.START, "precalification")
STATEMENT = button(Command.START, "statement")
DOCUMENTS = "documents"
"""What to bring: to create the account, or (a flow's own answer) to an appointment."""
IDENTIFIERS = "identifiers"
"""Where each datum is: a step asking for one answers about that one (``Flow.identifier_steps``)."""
SECURITY = "security"
"""Keeping the account safe, and the data: at the privacy notice, what the data is for."""
WHY_ASKED = "why_asked"
"""«¿para qué lo ocupan?»: what a datum asked for is used for (a flow's own answer, at a step
that asks for one or about the one named; no topic of its own: elsewhere, the step's)."""
HOURS = "hours"
"""When the chat, the centres and Infonatel attend: in a booking, the chosen centre's own."""
JOINT_CREDIT = "joint_credit"
"""Buying with someone else (Unamos Créditos): the precalification answers it its own way."""


@dataclass(frozen=True)
class Topic:
    id: str
    actions: tuple[tuple[str, str], ...]
    """(button id, catalog key of its label), in the order shown."""
    listed: bool = True
    """Shown in the «Problemas comunes» list."""

    def says(self) -> list[Say]:
        options = tuple(Option(target, Msg(label)) for target, label in self.actions)
        return [Say(Msg(f"topic.{self.id}.body"), options=options)]


TOPICS: tuple[Topic, ...] = (
    Topic("cant_register", ((REGISTER, "topic.action.register"),
                            (APPOINTMENT, "topic.action.appointment"),
                            (AGENT, "topic.action.agent"), (MENU, "topic.action.menu"))),
    Topic("forgot_password", ((RESET, "topic.action.reset"),
                              (APPOINTMENT, "topic.action.appointment"),
                              (AGENT, "topic.action.agent"), (MENU, "topic.action.menu"))),
    Topic("no_points", ((POINTS, "topic.action.points"),
                        (APPOINTMENT, "topic.action.appointment"),
                        (AGENT, "topic.action.agent"), (MENU, "topic.action.menu"))),
    Topic(DOCUMENTS, ((button(Command.FAQ, IDENTIFIERS), "topic.action.identifiers"),
                        (REGISTER, "topic.action.register"), (MENU, "topic.action.menu"))),
    Topic(IDENTIFIERS, ((REGISTER, "topic.action.register"),
                          (AGENT, "topic.action.agent"), (MENU, "topic.action.menu")),
          listed=False),
    Topic("code_not_received", ((AGENT, "topic.action.agent"),
                                (APPOINTMENT, "topic.action.appointment"),
                                (MENU, "topic.action.menu"))),
    Topic(SECURITY, ((PRIVACY, "topic.action.privacy"), (RESET, "topic.action.reset"),
                       (MENU, "topic.action.menu"))),
    Topic("cost", ((button(Command.FAQ, SECURITY), "topic.action.security"),
                   (AGENT, "topic.action.agent"), (MENU, "topic.action.menu")),
          listed=False),
    Topic(JOINT_CREDIT, ((PRECALIFICATION, "topic.action.precalification"),
                         (AGENT, "topic.action.agent"), (MENU, "topic.action.menu")),
          listed=False),
    Topic(HOURS, ((APPOINTMENT, "topic.action.appointment"), (AGENT, "topic.action.agent"),
                  (MENU, "topic.action.menu")),
          listed=False),
    Topic("withdraw_savings", ((STATEMENT, "topic.action.savings"),
                               (APPOINTMENT, "topic.action.appointment"),
                               (MENU, "topic.action.menu")),
          listed=False),
)
BY_ID = {topic.id: topic for topic in TOPICS}

INTENT_TOPICS = {
    "faq_cant_register": "cant_register",
    "faq_no_points": "no_points",
    "faq_documents": "documents",
    "faq_code_not_received": "code_not_received",
    "identifier_help": "identifiers",
    "privacy": SECURITY,
    "faq_cost": "cost",
    "faq_joint_credit": JOINT_CREDIT,
    "faq_withdraw_savings": "withdraw_savings",
    "faq_hours": HOURS,
}
"""The intents a topic answers."""


def topic_list() -> list[Say]:
    """«Problemas comunes»: one button per listed topic."""
    options = tuple(Option(button(Command.FAQ, topic.id), Msg(f"topic.{topic.id}.title"))
                    for topic in TOPICS if topic.listed)
    return [Say(Msg("topic.list"), options=options)]


def help_options() -> tuple[Option, ...]:
    """What «Ayuda» offers under its text."""
    return (Option(button(Command.FAQ), Msg("topic.action.common_problems")),
            Option(AGENT, Msg("topic.action.agent")), Option(MENU, Msg("topic.action.menu")))
