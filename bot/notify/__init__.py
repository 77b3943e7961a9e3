"""Adapters of the notifications port (``domain.notifications``).

``composer`` words every notice in the user's language, ``smtp`` and ``sms`` hand them to
the outside with bounded retries, ``outbox`` keeps them in memory in demo mode, and
``notifier.build_notifier`` ties them together from the settings.
"""
