"""The examples the intent model learns from, and labelled lines to measure it on.

``locales/nlu/<locale>.yml`` maps each intent to what people write for it (Rasa's layout:
intent -> list of examples). ``locales/nlu/heldout.tsv`` holds ``intent<TAB>text`` lines that
are never trained on: the measure of how the model does on words it has not seen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.i18n.catalogs import LOCALES_DIR

NLU_DIR = LOCALES_DIR / "nlu"
HELDOUT = NLU_DIR / "heldout.tsv"


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    locale: str


class BadExamples(ValueError):
    """An example file is not ``intent: [text, ...]``."""


def example_files(directory: Path = NLU_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def load_examples(files: Iterable[Path]) -> list[Example]:
    """Every example of every file; the file's name is its locale (``es_MX.yml``)."""
    examples: list[Example] = []
    for path in files:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise BadExamples(f"{path}: expected intent -> list of examples")
        for intent, texts in raw.items():
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                raise BadExamples(f"{path}: {intent!r} is not a list of texts")
            name = "null" if intent is None else str(intent)  # YAML reads a bare null as None
            examples += [Example(text, name, path.stem) for text in texts]
    return examples


def load_labelled(path: Path) -> list[tuple[str, str]]:
    """``intent<TAB>text`` lines (blank lines and ``#`` comments skipped) as (intent, text)."""
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        intent, tab, text = line.partition("\t")
        if not tab or not text.strip():
            raise BadExamples(f"{path}:{number}: expected intent<TAB>text")
        pairs.append((intent.strip(), text.strip()))
    return pairs


def digest(files: Iterable[Path], *salts: str) -> str:
    """What a trained model depends on: the files' bytes and the given versions."""
    hasher = hashlib.sha256()
    for path in files:
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for salt in salts:
        hasher.update(salt.encode() + b"\0")
    return hasher.hexdigest()[:20]
