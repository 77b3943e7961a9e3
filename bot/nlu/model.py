"""The intent model: TF-IDF over character 2-5-grams (within words, so typos and missing
accents still share most grams) plus words and word pairs, into a linear classifier whose
scores are probabilities. Trained from the example files in about a second; the trained
model is cached under the data directory, keyed by a digest of the example files and the
library's version, so a restart loads it instead of training.

A second linear model on the same features tells which language a message is written in
(the example files are per locale): an English greeting can switch the conversation to
English.

Scores under ``THRESHOLD`` name no intent; the best guesses are still returned as
``alternatives`` so the caller can ask «¿Quisiste decir…?».
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.nlu.examples import Example, digest, example_files, load_examples
from bot.nlu.text import fold

log = logging.getLogger(__name__)

THRESHOLD = 0.4
"""Probability under which the best guess is not taken as the intent."""
ALTERNATIVE_FLOOR = 0.08
"""Guesses scored under this are not worth offering."""
MAX_ALTERNATIVES = 3
LANGUAGE_SURE = 0.8
"""Probability from which the language a message is written in is taken as known."""
FORMAT = "3"
"""Bump when the features or the model change: a cached model of another format is not
loaded."""

_REPEATS = re.compile(r"(\w)\1{2,}")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Folded (lower case, no accents or punctuation) and letters typed three or more times
    in a row cut to two ("holaaaa" -> "holaa")."""
    return _REPEATS.sub(r"\1\1", fold(text))


def features_of(text: str) -> list[str]:
    """The terms of a normalised text: its words, its word pairs and the character 2- to
    5-grams of each word padded with spaces (marked ``#`` so a gram is never a word)."""
    words = _WORD.findall(text)
    terms = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        padded = f" {word} "
        for size in range(2, 6):
            terms += ["#" + padded[i:i + size] for i in range(len(padded) - size + 1)]
    return terms


def _softmax(scores: np.ndarray) -> np.ndarray:
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class Guess:
    """What a message asks for. ``intent`` is ``None`` when the best score is under the
    threshold; ``alternatives`` are the other likely intents, best first (with no intent,
    the best guesses themselves). ``locale`` is the language it is written in, if clear."""

    text: str
    intent: str | None
    score: float
    alternatives: tuple[tuple[str, float], ...] = ()
    locale: str | None = None


class IntentModel:
    """A trained model: features, the intent classifier and the language classifier."""

    def __init__(self, features: TfidfVectorizer, intents: LogisticRegression,
                 languages: LogisticRegression) -> None:
        self.features = features
        self.intents = intents
        self.languages = languages
        self.labels: tuple[str, ...] = tuple(str(c) for c in intents.classes_)
        self.locales: tuple[str, ...] = tuple(str(c) for c in languages.classes_)
        # One message at a time, the vectorizer's and predict_proba's per-call checks cost
        # twenty times the arithmetic; ``_row`` and the softmax below compute the same
        # numbers from the fitted vocabulary, idf and coefficients (a test holds them to
        # scikit-learn's own results). Two locales make a binary model: one column.
        self._vocabulary: dict[str, int] = dict(features.vocabulary_)
        self._idf = features.idf_.copy()
        self._intent_w = intents.coef_.T.copy()
        self._intent_b = intents.intercept_.copy()
        self._language_w = languages.coef_.T.copy()
        self._language_b = languages.intercept_.copy()

    @classmethod
    def train(cls, examples: Sequence[Example]) -> IntentModel:
        texts = [normalise(example.text) for example in examples]
        features = TfidfVectorizer(analyzer=features_of, sublinear_tf=True)
        matrix = features.fit_transform(texts)
        intents = LogisticRegression(C=20.0, solver="sag", max_iter=500, tol=1e-3)
        intents.fit(matrix, [example.intent for example in examples])
        languages = LogisticRegression(C=10.0, solver="sag", max_iter=500, tol=1e-3)
        languages.fit(matrix, [example.locale for example in examples])
        return cls(features, intents, languages)

    def _row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The message's TF-IDF row as (column indices, weights): sublinear term counts
        times idf, L2-normalised, as ``TfidfVectorizer(sublinear_tf=True)`` makes it."""
        counts = Counter(index for term in features_of(normalise(text))
                         if (index := self._vocabulary.get(term)) is not None)
        if not counts:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
                   ) * self._idf[columns]
        return columns, weights / np.sqrt(weights @ weights)

    def probabilities(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Per intent (``labels`` order) and per locale (``locales`` order)."""
        columns, weights = self._row(text)
        intents = _softmax((weights @ self._intent_w[columns] + self._intent_b)[None, :])[0]
        language = weights @ self._language_w[columns] + self._language_b
        if language.shape[0] == 1:  # binary: the score of the second locale
            language = np.concatenate([-language, language]) / 2
        return intents, _softmax(language[None, :])[0]

    def classify(self, text: str) -> Guess:
        if not normalise(text):
            return Guess(text, None, 0.0)
        intent_p, language_p = self.probabilities(text)
        return self._guess(text, intent_p, language_p)

    def _guess(self, text: str, intent_p: np.ndarray, language_p: np.ndarray) -> Guess:
        order = np.argsort(intent_p)[::-1]
        ranked = [(self.labels[i], round(float(intent_p[i]), 3)) for i in order]
        best, score = ranked[0]
        chosen = best if score >= THRESHOLD else None
        rest = ranked[1:] if chosen else ranked
        alternatives = tuple((name, p) for name, p in rest[:MAX_ALTERNATIVES]
                             if p >= ALTERNATIVE_FLOOR)
        top_language = int(np.argmax(language_p))
        locale = (self.locales[top_language]
                  if language_p[top_language] >= LANGUAGE_SURE else None)
        return Guess(text, chosen, score, alternatives, locale)


class IntentClassifier:
    """The port flows use (``ctx.services.intents.classify(text)``): a trained model, loaded
    from the cache when the example files and the library are the same."""

    def __init__(self, model: IntentModel) -> None:
        self.model = model

    @property
    def intents(self) -> tuple[str, ...]:
        return self.model.labels

    def classify(self, text: str) -> Guess:
        return self.model.classify(text)

    @classmethod
    def train(cls, files: Sequence[Path] | None = None) -> IntentClassifier:
        return cls(IntentModel.train(load_examples(files or example_files())))

    @classmethod
    def load(cls, cache_dir: Path | None = None,
             files: Sequence[Path] | None = None) -> IntentClassifier:
        """The model for these example files: from ``cache_dir`` when it holds one, else
        trained (and saved there, when given)."""
        files = list(files or example_files())
        if cache_dir is None:
            return cls.train(files)
        key = digest(files, FORMAT, sklearn.__version__, np.__version__)
        path = cache_dir / f"intents-{key}.joblib"
        if path.exists():
            try:
                model = joblib.load(path)
                if isinstance(model, IntentModel):
                    return cls(model)
            except (OSError, EOFError, ValueError, AttributeError, ImportError) as error:
                log.warning("intent model cache %s unreadable (%s): training again", path,
                            type(error).__name__)
        classifier = cls.train(files)
        _save(classifier.model, path)
        return classifier


def _save(model: IntentModel, path: Path) -> None:
    """Write the model beside its final name and rename it, so a process reading the
    cache never sees half a file; older models of the directory are removed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            joblib.dump(model, tmp)
        os.replace(tmp.name, path)
        for old in path.parent.glob("intents-*.joblib"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as error:  # a read-only data dir: serve with the model in memory
        log.warning("intent model not cached at %s: %s", path, error)
