"""Support staff: their accounts, logging in with a password and a TOTP code."""
