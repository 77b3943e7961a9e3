"""Guided conversations, one module each; ``bot/capabilities.py`` lists what is offered."""
