"""Words in the worker's language: the message catalogs, rendering replies, and documents (the
statement PDF).
"""
