"""Tests against real parts: Redis, PostgreSQL, the local Telegram and WhatsApp servers, SMTP,
Chromium; the conversations as transcripts through the real engine."""
