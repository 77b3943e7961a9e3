"""Handing a conversation to a person: the agent desk and the turns of a handed-off conversation."""
