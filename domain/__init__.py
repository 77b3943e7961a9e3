"""Business rules of Mi Cuenta: no chat, channel or Redis imports here."""
