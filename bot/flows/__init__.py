"""Guided conversations, one module each, grouped by area (accounts, savings, appointments);
``bot/conversation/capabilities.py`` lists what is offered."""
