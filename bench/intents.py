"""The intent model: held-out accuracy and the worst intent's recall, classification time
per message (p50/p99 over every held-out line, repeated; wall clock, and the thread's CPU
time, which a busy machine does not inflate), and the time to build the model from the
example files. Prints one JSON line.

    .venv/bin/python bench/intents.py [--file locales/nlu/heldout.tsv] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.nlu.evaluate import evaluate  # noqa: E402
from bot.nlu.examples import HELDOUT, example_files, load_examples, load_labelled  # noqa: E402
from bot.nlu.model import IntentClassifier, IntentModel  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=HELDOUT)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    builds = []
    for _ in range(3):
        started = time.perf_counter()
        model = IntentModel.train(load_examples(example_files()))
        builds.append(time.perf_counter() - started)
    classifier = IntentClassifier(model)
    pairs = load_labelled(args.file)
    report = evaluate(classifier, pairs)
    timings, cpu = [], []
    for _ in range(args.repeat):
        for _, text in pairs:
            started, started_cpu = time.perf_counter(), time.thread_time()
            classifier.classify(text)
            cpu.append(time.thread_time() - started_cpu)
            timings.append(time.perf_counter() - started)
    timings.sort()
    cpu.sort()
    worst = report.worst_recall
    print(json.dumps({
        "lines": report.total,
        "accuracy": round(report.accuracy, 4),
        "worst_intent": worst.intent,
        "worst_recall": round(worst.recall, 4),
        "classify_p50_ms": round(statistics.median(timings) * 1000, 3),
        "classify_p99_ms": round(timings[int(len(timings) * 0.99)] * 1000, 3),
        "classify_cpu_p99_ms": round(cpu[int(len(cpu) * 0.99)] * 1000, 3),
        "build_s": round(min(builds), 2),
        "build_s_max": round(max(builds), 2),
    }))


if __name__ == "__main__":
    main()
