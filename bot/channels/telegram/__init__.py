"""The Telegram Bot API adapter: parsing updates, rendering replies, the client, the poller,
commands, groups.
"""
