"""What a typed message asks for when it is not one of the options shown: "quiero ver mis
puntos", "cuánto me prestan", "olvidé mi contraseña". An intent and a score in [0, 1].

The vocabulary is data (``locales/intents.json``): per intent, keywords and phrases in both
languages. A phrase found whole in the message scores 1. Otherwise every word of the message
that is not a stop word counts what its closest keyword is worth (rapidfuzz's normalised
Damerau-Levenshtein similarity, so "puntso" still finds "puntos" while "cuenta" is not
"subcuenta"; below ``TYPO_FLOOR`` it counts nothing), and the score is
their mean: "mis puntos por favor" is all points, "puntos y crédito" is half each. No intent
when the best score is under ``THRESHOLD`` or two intents tie for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.i18n import LOCALES_DIR
from bot.text import fold

THRESHOLD = 0.5
TYPO_FLOOR = 0.8
"""Similarity (0-1) under which a word is not taken for a keyword: one slip in five
letters."""


@dataclass(frozen=True)
class Guess:
    text: str
    intent: str | None
    score: float


@dataclass(frozen=True)
class Vocabulary:
    keywords: tuple[str, ...]
    phrases: tuple[str, ...]


class IntentClassifier:
    def __init__(self, intents: Mapping[str, Vocabulary], stopwords: Sequence[str]) -> None:
        self.intents = dict(intents)
        self.stopwords = frozenset(fold(word) for word in stopwords)

    @classmethod
    def load(cls, path: Path = LOCALES_DIR / "intents.json") -> IntentClassifier:
        raw = json.loads(path.read_text(encoding="utf-8"))
        intents = {
            name: Vocabulary(tuple(fold(k) for k in body["keywords"]),
                             tuple(fold(p) for p in body["phrases"]))
            for name, body in raw["intents"].items()
        }
        return cls(intents, raw["stopwords"])

    def classify(self, text: str) -> Guess:
        folded = fold(text)
        padded = f" {folded} "
        words = [word for word in folded.split() if word not in self.stopwords]
        scores: dict[str, float] = {}
        for name, vocabulary in self.intents.items():
            if any(f" {phrase} " in padded for phrase in vocabulary.phrases):
                scores[name] = 1.0
            elif words:
                scores[name] = sum(self._worth(word, vocabulary.keywords)
                                   for word in words) / len(words)
        if not scores:
            return Guess(text, None, 0.0)
        best = max(scores.values())
        leaders = [name for name, score in scores.items() if score == best]
        if best < THRESHOLD or len(leaders) > 1:
            return Guess(text, None, round(best, 2))
        return Guess(text, leaders[0], round(best, 2))

    @staticmethod
    def _worth(word: str, keywords: Sequence[str]) -> float:
        found = process.extractOne(word, keywords,
                                   scorer=DamerauLevenshtein.normalized_similarity,
                                   score_cutoff=TYPO_FLOOR)
        return float(found[1]) if found else 0.0
