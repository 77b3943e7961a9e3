"""Free text read as an intent by the trained model: the vocabulary, words people use
(typos, no accents, slang, English), no guess for what is about nothing, the held-out
report, and ``micuenta intents``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.nlu.evaluate import evaluate
from bot.nlu.examples import HELDOUT, example_files, load_examples, load_labelled
from bot.nlu.model import IntentClassifier, normalise
from tests.support.paths import ROOT

VOCABULARY = {
    "registration", "login", "password_reset", "points", "savings", "statement",
    "precalification", "credit_status", "payment_reference", "appointment",
    "account_recovery",
    "faq_cant_register", "faq_no_points", "faq_documents", "faq_code_not_received",
    "identifier_help", "privacy", "faq_cost", "faq_joint_credit", "faq_withdraw_savings",
    "faq_hours", "agent",
    "menu", "cancel",
    "language", "greeting",
    "thanks", "goodbye", "null",
}


def test_the_model_knows_exactly_the_vocabulary(intents: IntentClassifier) -> None:
    assert set(intents.intents) == VOCABULARY


def test_every_intent_has_forty_examples_in_each_language() -> None:
    for path in example_files():
        counts: dict[str, int] = {}
        for example in load_examples([path]):
            counts[example.intent] = counts.get(example.intent, 0) + 1
        assert set(counts) == VOCABULARY, path.name
        assert min(counts.values()) >= 40, (path.name, min(counts, key=counts.__getitem__))


def test_the_held_out_lines_are_not_trained_on() -> None:
    trained = {normalise(example.text) for example in load_examples(example_files())}
    held = [text for _, text in load_labelled(HELDOUT)]
    assert [text for text in held if normalise(text) in trained] == []


def test_the_held_out_report_meets_the_bar(intents: IntentClassifier) -> None:
    report = evaluate(intents, load_labelled(HELDOUT))
    assert {score.intent for score in report.intents} == VOCABULARY
    assert report.accuracy >= 0.95, "\n".join(report.lines())
    assert report.worst_recall.recall >= 0.85, "\n".join(report.lines())


@pytest.mark.parametrize(("text", "intent"), [
    ("quiero hablar con una persona", "agent"),
    ("me urge sacar mi cita", "appointment"),
    ("cuanto dinero tengo en infonavit", "savings"),
    ("q es el nss", "identifier_help"),
    ("no me llega el codigo", "faq_code_not_received"),
    ("gracias", "thanks"),
    ("adios", "goodbye"),
    ("ya me harte del bot pasame con un asesor", "agent"),
    ("hello", "greeting"),
    ("english please", "language"),
    ("quiero una cita para recuperar mi cuenta", "appointment"),  # was none (0.37)
    ("ocupo cita pa un convenio de pago porq no he podido pagar", "appointment"),  # a slip
    ("cual es el numero de telefono", "faq_hours"),  # the hours' answer gives the phone
    ("whats the phone number", "faq_hours"),  # was the account's recovery
    ("esto no sirve", "agent"),  # frustration: the way to a person
    ("this is useless", "agent"),
    ("go to hell", "agent"),  # abuse was a greeting («Hi! I'm here»): the way to a person
    ("you are so stupid", "agent"),
    ("talk to a human", "agent"),
    ("¿Cuánto me prestan?", "precalification"),
    ("Olvidé mi contraseña", "password_reset"),
    ("no puedo crear mi cuenta", "faq_cant_register"),
    ("no aparecen mis puntos", "faq_no_points"),
])
def test_what_people_write_finds_the_intent(intents: IntentClassifier, text: str,
                                            intent: str) -> None:
    guess = intents.classify(text)
    assert guess.intent == intent, guess


def test_an_unsure_guess_names_no_intent_but_offers_the_best_ones(
        intents: IntentClassifier) -> None:
    guess = intents.classify("lo de mi patron")
    assert guess.intent is None, guess
    assert 2 <= len(guess.alternatives) <= 3
    assert [score for _, score in guess.alternatives] == sorted(
        (score for _, score in guess.alternatives), reverse=True)


def test_the_language_a_message_is_written_in(intents: IntentClassifier) -> None:
    assert intents.classify("hi there").locale == "en"
    assert intents.classify("hola buenas tardes").locale == "es_MX"


def test_the_trained_model_is_cached_and_reloaded(tmp_path: Path) -> None:
    first = IntentClassifier.load(tmp_path)
    cached = list(tmp_path.glob("intents-*.joblib"))
    assert len(cached) == 1
    again = IntentClassifier.load(tmp_path)
    assert again.model is not first.model
    assert again.classify("mis puntos") == first.classify("mis puntos")


def test_the_command_prints_one_json_line_per_utterance(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "intents"], input="¿Cuánto me prestan?\n\nhola\n",
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "MICUENTA_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["text"], line["intent"]) for line in lines] == [
        ("¿Cuánto me prestan?", "precalification"), ("hola", "greeting")]
    assert all(set(line) == {"text", "intent", "score", "alternatives"} for line in lines)


def test_the_command_evaluates_labelled_lines(tmp_path: Path) -> None:
    labelled = tmp_path / "lines.tsv"
    labelled.write_text("points\tmis puntos\nthanks\tmuchas gracias\nagent\tmis puntos\n",
                        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "intents", "--eval", str(labelled)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "MICUENTA_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "accuracy 66.7% (3 lines)"
    assert "  agent -> points: 1" in result.stdout


def test_the_fast_path_gives_scikit_learns_probabilities(intents: IntentClassifier) -> None:
    model = intents.model
    texts = ["quiero hablar con una persona", "cuanto dinero tengo en infonavit porfa",
             "hello there", "zzzz qqqq", "mis puntos"]
    matrix = model.features.transform([normalise(text) for text in texts])
    expected_intents = model.intents.predict_proba(matrix)
    expected_languages = model.languages.predict_proba(matrix)
    for row, text in enumerate(texts):
        intent_p, language_p = model.probabilities(text)
        assert np.allclose(intent_p, expected_intents[row]), text
        assert np.allclose(language_p, expected_languages[row]), text
