"""Draw a ``Figure`` as a PNG with matplotlib's Agg backend (no display, no GUI toolkit).

Runs in the chart process (``bot.charts.pool``): CPU-bound, no I/O. Sized for phones: a
720 px square with large type (11-14 pt at 200 dpi, 15-19 px on a 360 px screen), few
colours that stay apart for colour-blind eyes (Okabe-Ito), values written on the bars so
nothing has to be read off an axis.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure as MplFigure  # noqa: E402 (after choosing the backend)
from matplotlib.patches import Rectangle  # noqa: E402

from bot.charts.figure import DPI, SIDE_PX, Figure  # noqa: E402

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#999999",
           "#000000", "#7F4F24")
"""Okabe-Ito without its vermilion, which marks the line to reach (``LINE``)."""
INK = "#222222"
LINE = "#D55E00"
SIZE = SIDE_PX / DPI


def draw(figure: Figure) -> bytes:
    """The PNG bytes of ``figure``."""
    canvas = MplFigure(figsize=(SIZE, SIZE), dpi=DPI)
    canvas.patch.set_facecolor("white")
    canvas.suptitle(figure.title, fontsize=12, fontweight="bold", color=INK, x=0.04, ha="left")
    if figure.kind == "stack":
        _stack(canvas, figure)
    elif figure.kind == "columns":
        _columns(canvas, figure)
    elif figure.kind == "hbars":
        _hbars(canvas, figure)
    else:
        raise ValueError(f"unknown chart kind {figure.kind!r}")
    if figure.note:
        canvas.text(0.04, 0.015, figure.note, fontsize=8, color="#555555", va="bottom")
    out = io.BytesIO()
    canvas.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _bare(axes: object) -> None:
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]


def _stack(canvas: MplFigure, figure: Figure) -> None:
    """One column made of the parts, the line it has to reach, and a key beside it."""
    axes = canvas.add_axes((0.05, 0.08, 0.24, 0.8))
    bottom = 0.0
    for index, value in enumerate(figure.values):
        axes.bar(0, value, bottom=bottom, width=0.8, color=PALETTE[index % len(PALETTE)],
                 edgecolor="white", linewidth=0.6)
        bottom += value
    top = max(bottom, figure.line or 0.0) * 1.08
    axes.set_ylim(0, top)
    axes.set_xlim(-0.5, 0.5)
    axes.set_xticks([])
    axes.set_yticks([])
    _bare(axes)
    key = canvas.add_axes((0.35, 0.08, 0.64, 0.8))
    key.axis("off")
    rows = list(zip(figure.labels, figure.value_texts, strict=True))
    step = 1.0 / (len(rows) + 1)
    if figure.line is not None:  # the line first in the key: what has to be reached
        axes.axhline(figure.line, color=LINE, linewidth=2.4, linestyle="--")
        y = 1.0 - 0.5 * step
        key.plot((0.0, 0.07), (y, y), color=LINE, linewidth=2.4, linestyle="--",
                 transform=key.transAxes)
        key.text(0.11, y, figure.line_text or "", fontsize=10, va="center", color=LINE,
                 fontweight="bold", transform=key.transAxes)
    for index, (label, text) in enumerate(reversed(rows)):  # top of the column first
        colour = PALETTE[(len(rows) - 1 - index) % len(PALETTE)]
        y = 1.0 - (index + 1.5) * step
        key.add_patch(Rectangle((0.0, y - 0.03), 0.07, 0.06,
                                                   color=colour, transform=key.transAxes))
        key.text(0.11, y, f"{label}: {text}", fontsize=10, va="center", color=INK,
                 transform=key.transAxes)


def _columns(canvas: MplFigure, figure: Figure) -> None:
    """One bar per period, the value axis marked at a few round amounts."""
    axes = canvas.add_axes((0.27, 0.2, 0.69, 0.66))
    positions = range(len(figure.values))
    axes.bar(positions, figure.values, color=PALETTE[0], width=0.7)
    axes.set_xticks(list(positions), figure.labels, fontsize=9, rotation=90)
    axes.set_yticks([at for at, _ in figure.ticks], [text for _, text in figure.ticks],
                    fontsize=10)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    _bare(axes)
    if figure.values:
        last = len(figure.values) - 1
        axes.annotate(figure.value_texts[last], (last, figure.values[last]),
                      xytext=(0, 4), textcoords="offset points", ha="right", va="bottom",
                      fontsize=11, fontweight="bold", color=INK)
        axes.set_ylim(0, max(max(figure.values), max((t for t, _ in figure.ticks),
                                                     default=0.0)) * 1.15)


def _hbars(canvas: MplFigure, figure: Figure) -> None:
    """Labelled bars, first at the top, each value written after its bar."""
    axes = canvas.add_axes((0.04, 0.06, 0.92, 0.8))
    count = len(figure.values)
    widest = max((abs(v) for v in figure.values), default=1.0) or 1.0
    for index, (label, value, text) in enumerate(
            zip(figure.labels, figure.values, figure.value_texts, strict=True)):
        y = count - 1 - index
        colour = LINE if value < 0 else PALETTE[index % len(PALETTE)]
        axes.barh(y, abs(value), height=0.42, color=colour)
        axes.text(0, y + 0.36, label, fontsize=11, va="bottom", color=INK)
        axes.text(abs(value) + widest * 0.02, y, text, fontsize=11, va="center",
                  fontweight="bold", color=INK)
    axes.set_xlim(0, widest * 1.8)
    axes.set_ylim(-0.6, count - 0.1 + 0.4)
    axes.axis("off")
