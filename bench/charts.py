"""Chart cost: render time (p50/p99) and size of each chart of the savings answers.

Builds the three pictures (points against the line, savings by bimester, the
precalification's sum) from the demo workers' records, in Spanish and English, as the
flows do, then draws each N times: in this process (the drawing alone, what the chart
process spends) and through the app's chart process (``ChartPool``: pickling, the pipe and
the drawing: what a conversation waits). Prints one JSON line per chart and a summary.

    .venv/bin/python bench/charts.py --rounds 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.charts.draw import draw  # noqa: E402
from bot.charts.figure import Figure  # noqa: E402
from bot.charts.pool import ChartPool  # noqa: E402
from bot.charts.renderer import figure_of  # noqa: E402
from bot.conversation.messages import Chart  # noqa: E402
from bot.flows.savings.charts import balance_chart, points_chart, precal_chart  # noqa: E402
from bot.i18n.catalogs import Catalogs  # noqa: E402
from domain.demo import demo_records  # noqa: E402
from domain.reference import default_reference  # noqa: E402
from domain.savings.contributions import Bimester  # noqa: E402
from domain.savings.points.evaluate import PointsResult, evaluate_points  # noqa: E402
from domain.savings.precalification.estimate import precalify_record  # noqa: E402
from domain.savings.statement import build_statement  # noqa: E402

ZONE = ZoneInfo("America/Mexico_City")
TODAY = date(2026, 11, 28)


def charts() -> list[Chart]:
    """Every chart the demo workers get (a worker without points or an amount gets none)."""
    ref = default_reference().for_date(TODAY)
    made: list[Chart] = []
    for _, record in demo_records(TODAY):
        points = evaluate_points(record, TODAY, ref)
        if isinstance(points, PointsResult):
            made.append(points_chart(points))
        last = Bimester.of(TODAY)
        first = last
        for _ in range(11):
            first = first.previous()
        made.append(balance_chart(build_statement(record, first, last, TODAY)))
        estimate = precalify_record(record, TODAY, ref).estimate
        if estimate is not None:
            made.append(precal_chart(estimate))
    return made


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def through_pool(figures: list[Figure], rounds: int) -> list[float]:
    pool = ChartPool()
    try:
        await pool.draw(figures[0])  # the worker starts and warms up
        waits = []
        for _ in range(rounds):
            for figure in figures:
                started = time.perf_counter()
                await pool.draw(figure)
                waits.append((time.perf_counter() - started) * 1000)
        return waits
    finally:
        pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    catalogs = Catalogs.load()
    figures: list[tuple[str, str, Figure]] = []
    for locale in ("es_MX", "en"):
        translator = catalogs.translator(locale, ZONE)
        figures += [(chart.name, locale, figure_of(chart, translator)) for chart in charts()]
    draw(figures[0][2])  # matplotlib's first drawing loads fonts: not a chart's cost
    by_kind: dict[str, dict[str, list[float]]] = {}
    for name, _locale, figure in figures:
        times = by_kind.setdefault(name, {"ms": [], "bytes": []})
        for _ in range(args.rounds):
            started = time.perf_counter()
            content = draw(figure)
            times["ms"].append((time.perf_counter() - started) * 1000)
        times["bytes"].append(len(content))
    for name, times in by_kind.items():
        print(json.dumps({"chart": name, "renders": len(times["ms"]),
                          "render_p50_ms": round(statistics.median(times["ms"]), 1),
                          "render_p99_ms": round(percentile(times["ms"], 0.99), 1),
                          "bytes_max": max(times["bytes"]),
                          "bytes_mean": round(statistics.mean(times["bytes"]))}))
    waits = asyncio.run(through_pool([f for _, _, f in figures], max(1, args.rounds // 10)))
    print(json.dumps({"bench": "charts", "through_chart_process_p50_ms":
                      round(statistics.median(waits), 1),
                      "through_chart_process_p99_ms": round(percentile(waits, 0.99), 1),
                      "load_average": [round(x, 2) for x in os.getloadavg()]}))


if __name__ == "__main__":
    main()
