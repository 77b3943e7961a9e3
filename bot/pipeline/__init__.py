"""From webhook to reply: the inbox streams, the workers, the outbox and its senders, rate limits,
timers, dead letters, transcripts, and the Redis clients.
"""
