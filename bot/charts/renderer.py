"""A flow's ``Chart`` (keys and values) to an ``OutImage``: translated here, drawn in the
chart process. A chart that fails or takes too long is left out, logged once: the answer in
words has already been written and goes without it."""

from __future__ import annotations

import asyncio
import logging
import math
from decimal import Decimal

from babel.numbers import format_currency, format_decimal

from bot.charts.figure import Figure
from bot.charts.pool import ChartPool
from bot.conversation.messages import Chart, OutImage
from bot.i18n.catalogs import Translator

log = logging.getLogger(__name__)

PNG = "image/png"
TIMEOUT_S = 5.0
"""Drawing takes well under a second; this bounds how long a turn's text can wait for it
(a cold or stuck chart process)."""


class ChartRenderer:
    def __init__(self, pool: ChartPool, timeout: float = TIMEOUT_S) -> None:
        self.pool = pool
        self.timeout = timeout

    async def image(self, chart: Chart, translator: Translator) -> OutImage | None:
        figure = figure_of(chart, translator)
        try:
            async with asyncio.timeout(self.timeout):
                content = await self.pool.draw(figure)
        except TimeoutError:
            log.warning("chart %s not drawn within %.1f s: sent without it", chart.name,
                        self.timeout)
            return None
        except Exception:
            log.exception("chart %s failed: sent without it", chart.name)
            return None
        filename = f"{chart.name}.png"
        return OutImage(filename, PNG, content, translator.render(chart.caption),
                        translator.render(chart.alt))


def figure_of(chart: Chart, translator: Translator) -> Figure:
    """Every word in the user's language and every number as the text writes it."""
    locale = translator.locale

    def number(value: Decimal) -> str:
        if chart.money:
            return format_currency(value, "MXN", locale=locale)
        return format_decimal(value, locale=locale)

    values = tuple(float(v) for v in chart.values)
    ticks: tuple[tuple[float, str], ...] = ()
    if chart.kind == "columns" and values:
        ticks = tuple((at, _whole(Decimal(at), chart.money, locale))
                      for at in _round_marks(max(values)))
    labels = tuple(translator.render(label) for label in chart.labels)
    starred = any(label.endswith("*") for label in labels)  # the note explains the star
    return Figure(
        kind=chart.kind,
        title=translator.render(chart.title),
        labels=labels,
        values=values,
        value_texts=tuple(number(abs(v)) for v in chart.values),  # the label says "−"
        line=float(chart.line) if chart.line is not None else None,
        line_text=translator.render(chart.line_label) if chart.line_label else None,
        note=translator.render(chart.note) if chart.note and starred else "",
        ticks=ticks,
    )


def _round_marks(top: float) -> tuple[float, ...]:
    """Three or four round values from 0 to about ``top`` (0, 50,000, 100,000...)."""
    if top <= 0:
        return (0.0,)
    raw = top / 3
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return tuple(step * i for i in range(int(top // step) + 1))


def _whole(value: Decimal, money: bool, locale: str) -> str:
    if money:
        return format_currency(value, "MXN", format="¤#,##0", locale=locale,
                               currency_digits=False)
    return format_decimal(value, locale=locale)
