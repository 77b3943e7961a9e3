"""The flows this service offers (one guided conversation per module)."""

from __future__ import annotations

from bot.flows.account_recovery import AccountRecoveryFlow
from bot.flows.appointments import AppointmentsFlow
from bot.flows.base import Flow
from bot.flows.contact_change import ChangeEmailFlow, ChangeMobileFlow
from bot.flows.credit import CreditFlow
from bot.flows.language import LanguageFlow
from bot.flows.login import LoginFlow
from bot.flows.menu import MenuFlow
from bot.flows.password_reset import PasswordResetFlow
from bot.flows.points import PointsFlow
from bot.flows.precalification import PrecalificationFlow
from bot.flows.privacy import PrivacyFlow
from bot.flows.register import RegisterFlow
from bot.flows.statement import StatementFlow


def default_flows() -> list[Flow]:
    return [MenuFlow(), LanguageFlow(), RegisterFlow(), LoginFlow(), PasswordResetFlow(),
            PointsFlow(), StatementFlow(), PrecalificationFlow(), CreditFlow(),
            AppointmentsFlow(), AccountRecoveryFlow(), PrivacyFlow(), ChangeEmailFlow(),
            ChangeMobileFlow()]
