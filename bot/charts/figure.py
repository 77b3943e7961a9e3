"""What the drawing process receives: every word and number already in the user's language.

Plain, picklable values (the drawing runs in another process), so ``draw`` needs neither the
catalogs nor Babel, and a chart's numbers are exactly the strings the text shows.
"""

from __future__ import annotations

from dataclasses import dataclass

SIDE_PX = 720
"""The picture is square, 720 px: a 360-point-wide phone screen shows it at 2x."""
DPI = 200


@dataclass(frozen=True)
class Figure:
    kind: str
    """``stack`` (one column of parts against a line), ``columns`` (one bar per period) or
    ``hbars`` (labelled horizontal bars)."""
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    value_texts: tuple[str, ...]
    line: float | None = None
    line_text: str | None = None
    note: str = ""
    ticks: tuple[tuple[float, str], ...] = ()
    """Value-axis marks for ``columns``: where, and the text to print there."""
