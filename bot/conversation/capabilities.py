"""What the service offers, declared once: each capability's flow (by class), its menu item
and who sees it, and the intents that ask for it. The menu, the flow registry and the
reading of free text are all built from this table; ``check`` refuses a table where a menu
item, an intent and the flows disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.conversation.commands import Command
from bot.flows.accounts.contact_change import ChangeEmailFlow, ChangeMobileFlow
from bot.flows.accounts.login import LoginFlow
from bot.flows.accounts.password_reset import PasswordResetFlow
from bot.flows.accounts.register import RegisterFlow
from bot.flows.appointments.flow import AppointmentsFlow
from bot.flows.appointments.recovery import AccountRecoveryFlow, RecoveryLookupFlow
from bot.flows.base import Flow, FlowRegistry
from bot.flows.credit import CreditFlow
from bot.flows.language import LanguageFlow
from bot.flows.menu import MenuFlow, MenuItem
from bot.flows.privacy import PrivacyFlow
from bot.flows.savings.contributions import ContributionsFlow
from bot.flows.savings.points import PointsFlow
from bot.flows.savings.precalification import PrecalificationFlow
from bot.flows.savings.statement import StatementFlow


class Visibility(Enum):
    LOGGED_OUT = "logged_out"
    LOGGED_IN = "logged_in"
    ALWAYS = "always"


@dataclass(frozen=True)
class Capability:
    name: str
    flow: type[Flow] | None = None
    command: Command | None = None
    """What the menu item does when it is not a flow (help, an agent, logging out)."""
    label: str | None = None
    """Catalog key of its menu item; ``None``: not in the menu (reached by words)."""
    visible: Visibility = Visibility.ALWAYS
    intents: tuple[str, ...] = ()


class RegistryMismatch(ValueError):
    """A menu item, an intent and the registered flows disagree."""


DEFAULT_CAPABILITIES: tuple[Capability, ...] = (
    Capability("registration", RegisterFlow, label="menu.register",
               visible=Visibility.LOGGED_OUT, intents=("registration",)),
    Capability("login", LoginFlow, label="menu.login", visible=Visibility.LOGGED_OUT,
               intents=("login",)),
    Capability("password_reset", PasswordResetFlow, label="menu.password_reset",
               visible=Visibility.LOGGED_OUT, intents=("password_reset",)),
    Capability("points", PointsFlow, label="menu.points", intents=("points",)),
    Capability("precalification", PrecalificationFlow, label="menu.precalification",
               intents=("precalification",)),
    Capability("statement", StatementFlow, label="menu.statement",
               intents=("statement", "savings")),
    Capability("credit", CreditFlow, label="menu.credit",
               intents=("credit_status", "payment_reference")),
    Capability("appointments", AppointmentsFlow, label="menu.appointments",
               intents=("appointment",)),
    Capability("help", command=Command.HELP, label="menu.help"),
    Capability("agent", command=Command.AGENT, label="menu.agent", intents=("agent",)),
    Capability("logout", command=Command.LOGOUT, label="menu.logout",
               visible=Visibility.LOGGED_IN),
    Capability("account_recovery", AccountRecoveryFlow, intents=("account_recovery",)),
    Capability("account_recovery_lookup", RecoveryLookupFlow),
    Capability("contributions", ContributionsFlow),
    Capability("privacy", PrivacyFlow),
    Capability("change_email", ChangeEmailFlow, visible=Visibility.LOGGED_IN),
    Capability("change_mobile", ChangeMobileFlow, visible=Visibility.LOGGED_IN),
    Capability("language", LanguageFlow),
)


class Capabilities:
    """The table, looked up by name and by intent."""

    def __init__(self, table: Sequence[Capability] = DEFAULT_CAPABILITIES) -> None:
        self.table = tuple(table)
        self._by_name = {capability.name: capability for capability in self.table}
        self._by_intent = {intent: capability for capability in self.table
                           for intent in capability.intents}

    def named(self, name: str) -> Capability | None:
        return self._by_name.get(name)

    def for_intent(self, intent: str | None) -> Capability | None:
        return self._by_intent.get(intent or "")

    def label_of(self, flow: str) -> str | None:
        """The menu label of the capability whose flow is named ``flow``, if it has one."""
        return next((c.label for c in self.table
                     if c.flow is not None and c.flow.name == flow and c.label), None)

    @property
    def intents(self) -> frozenset[str]:
        return frozenset(self._by_intent)

    def menu_items(self) -> tuple[MenuItem, ...]:
        return tuple(MenuItem(c.name, c.label, c.flow, c.visible is not Visibility.LOGGED_IN,
                              c.visible is not Visibility.LOGGED_OUT)
                     for c in self.table if c.label is not None)

    def flows(self) -> FlowRegistry:
        """The menu (built from the items) and every capability's flow."""
        flows: list[Flow] = [MenuFlow(self.menu_items())]
        flows += [c.flow() for c in self.table if c.flow is not None]
        return FlowRegistry(flows)

    def check(self, vocabulary: Iterable[str], answered: Iterable[str],
              flows: FlowRegistry) -> None:
        """Every intent is the model's and leads somewhere (a capability or an answer, not
        both); every capability does something; every flow it names is registered.

        Raises:
            RegistryMismatch: naming what disagrees.
        """
        known, answers = set(vocabulary), set(answered)
        problems = [f"intent {i!r} is not in the model" for i in sorted(self.intents - known)]
        problems += [f"intent {i!r} leads nowhere"
                     for i in sorted(known - self.intents - answers)]
        problems += [f"intent {i!r} is both a capability and an answer"
                     for i in sorted(self.intents & answers)]
        for capability in self.table:
            if capability.flow is None and capability.command is None:
                problems.append(f"capability {capability.name!r} has no flow nor command")
            if capability.flow is not None and capability.flow.name not in flows:
                problems.append(f"capability {capability.name!r}: flow "
                                f"{capability.flow.__name__} is not registered")
        if problems:
            raise RegistryMismatch("; ".join(problems))
