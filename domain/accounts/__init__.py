"""Accounts: registration with code checks, login and sessions, password reset."""
