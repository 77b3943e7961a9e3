"""What flows may use, built once by the app factory and handed to every step."""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.pages import PasswordPages
from bot.handoff.desk import HandoffDesk
from bot.nlu.model import IntentClassifier
from domain.accounts.service import AccountService
from domain.appointments.service import AppointmentService
from domain.credits.service import CreditService
from domain.persistence.database import Database
from domain.savings.service import SavingsService
from domain.security.crypto import Keyring


@dataclass(frozen=True)
class About:
    """Facts about this deployment that messages mention."""

    operator_name: str
    support_phone: str
    public_url: str


@dataclass(frozen=True)
class Services:
    about: About
    keyring: Keyring
    locales: tuple[str, ...]
    database: Database
    accounts: AccountService
    pages: PasswordPages
    savings: SavingsService
    credits: CreditService
    appointments: AppointmentService
    intents: IntentClassifier
    handoff: HandoffDesk
