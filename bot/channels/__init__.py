"""Channel adapters: Telegram and WhatsApp, their renderers and senders."""
