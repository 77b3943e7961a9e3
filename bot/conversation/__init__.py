"""The engine and what one turn is made of: the message model, the state and its store, global
commands, the capability table, the services flows use.
"""
