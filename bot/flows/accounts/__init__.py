"""Flows of the account itself: registration, login, password reset, contact changes."""
