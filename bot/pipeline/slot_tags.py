"""Hash tags spread evenly over a Redis Cluster's masters.

A key's hash tag (``{...}``) picks its slot, and a slot lives on one master. The inbox
partitions (``{p0}``..``{p15}``) and the shards of the outbox's ready set are a handful of
busy tags: left to CRC16, sixteen partitions fell 4, 5 and 7 on the three masters of
``redis-cli --cluster create``, so one master did 30% more than the mean. These tags are
chosen instead: tag ``i`` lies in the ``(i mod 3)``-th third of the slots (the ranges
``--cluster create`` gives three masters), and further along each third by the golden
ratio, so that six masters (halves of the thirds) are also near even. The tags depend on
nothing but ``i``: every process computes the same ones.
"""

from __future__ import annotations

import functools

from redis.crc import key_slot

SLOTS = 16384
THIRDS = 3
GOLDEN = 0.6180339887498949
WINDOW = SLOTS // 48
"""How close to its target slot a tag must hash (a few dozen tries at most)."""


@functools.cache
def spread_tag(prefix: str, index: int) -> str:
    """The hash tag (with its braces) of busy tag ``index``: ``{<prefix><index>}`` when it
    already hashes near its target slot, else ``{<prefix><index>.<n>}`` for the first
    ``n`` that does."""
    third = index % THIRDS
    along = ((index // THIRDS) * GOLDEN) % 1.0
    width = SLOTS / THIRDS
    low, high = third * width, (third + 1) * width
    target = low + WINDOW + along * (width - 2 * WINDOW)
    base = f"{prefix}{index}"
    candidate, n = base, 0
    while abs(key_slot(candidate.encode()) - target) > WINDOW \
            or not low <= key_slot(candidate.encode()) < high:
        candidate, n = f"{base}.{n}", n + 1
    return "{" + candidate + "}"
