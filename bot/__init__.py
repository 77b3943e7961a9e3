"""Mi Cuenta by chat: engine, state, i18n, flows and channel adapters."""
