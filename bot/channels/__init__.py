"""Channel adapters, one package per platform (Telegram, WhatsApp), and what they share:
button aliases and the plain-text renderer. Their wiring is ``bot/app/channels.py``."""
