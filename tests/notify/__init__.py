"""Notifications: the port, its SMTP, SMS-gateway and demo-outbox adapters, the composer."""
