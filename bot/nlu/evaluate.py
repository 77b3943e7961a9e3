"""How well the model reads labelled lines: accuracy, per-intent precision and recall, and
the pairs it confuses most (``micuenta intents --eval FILE``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlu.model import IntentClassifier

NO_INTENT = "(none)"
"""What a line counts as when the model names no intent (under the threshold)."""


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    support: int


@dataclass(frozen=True)
class Report:
    total: int
    accuracy: float
    intents: tuple[IntentScore, ...]
    confused: tuple[tuple[str, str, int], ...]
    """(expected, predicted, count), most frequent first."""

    @property
    def worst_recall(self) -> IntentScore:
        return min(self.intents, key=lambda score: score.recall)

    def lines(self) -> list[str]:
        out = [f"accuracy {self.accuracy:.1%} ({self.total} lines)",
               f"{'intent':<24} {'precision':>9} {'recall':>7} {'lines':>6}"]
        out += [f"{s.intent:<24} {s.precision:>9.1%} {s.recall:>7.1%} {s.support:>6}"
                for s in self.intents]
        out.append("most confused (expected -> predicted: lines)")
        out += [f"  {expected} -> {predicted}: {count}"
                for expected, predicted, count in self.confused] or ["  none"]
        return out


def evaluate(classifier: IntentClassifier, pairs: Sequence[tuple[str, str]],
             top: int = 10) -> Report:
    """``pairs`` are (expected intent, text)."""
    predicted = [classifier.classify(text).intent or NO_INTENT for _, text in pairs]
    expected = [intent for intent, _ in pairs]
    hits = Counter(e for e, p in zip(expected, predicted, strict=True) if e == p)
    wanted, given = Counter(expected), Counter(predicted)
    scores = tuple(
        IntentScore(intent,
                    hits[intent] / given[intent] if given[intent] else 0.0,
                    hits[intent] / wanted[intent], wanted[intent])
        for intent in sorted(wanted))
    confused = Counter((e, p) for e, p in zip(expected, predicted, strict=True) if e != p)
    total = len(pairs)
    return Report(total, sum(hits.values()) / total if total else 0.0, scores,
                  tuple((e, p, n) for (e, p), n in confused.most_common(top)))
