"""Guided conversations, one module each; ``defaults.default_flows`` lists what is offered."""
