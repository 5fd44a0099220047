"""The text normaliser of benchmarks/speech_wer.py (numbers spelled out, case and punctuation) and its
counts. No Whisper."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("speech_wer", REPO / "benchmarks" / "speech_wer.py")
speech_wer = sys.modules["speech_wer"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(speech_wer)
normalise = speech_wer.normalise


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Me cobraron 40 euros, ¿vale?", "es", "me cobraron cuarenta euros vale"),
    ("Me cobraron cuarenta euros. ¿Vale?", "es", "me cobraron cuarenta euros vale"),
    ("You charged me $50 on the 3rd, 10% more!", "en", "you charged me fifty dollars on the third ten percent more"),
    ("la 1ª vez, el 2º, 25 %, 1.000 €", "es", "la primera vez el segundo veinticinco por ciento mil euros"),
    ("1,000 calls at 10:30am", "en", "one thousand calls at ten thirty am"),
    ("my account number is 1-2-3-4-5", "en", "my account number is one two three four five"),
    ("Twenty-one", "en", "twenty one"),
])
def test_numbers_are_spelled_in_the_texts_language(text, language, expected):
    assert normalise(text, language) == expected


def test_case_punctuation_and_spaces_go_but_accents_and_apostrophes_inside_words_stay():
    assert normalise("Speech-to-text/Custom  speech (Conversión)", "es") == "speech to text custom speech conversión"
    assert normalise("\u2018Quoted\u2019 \u2014 I\u2019m sure, don't", "en") == "quoted i'm sure don't"
    assert normalise("¿Qué? ¡Sí!", "es") != normalise("que si", "es")  # accents count as errors
    assert normalise(" \n ", "en") == ""


def test_scores_sum_the_counts_of_every_pair():
    score, _ = speech_wer.score(["Hola, buenos días.", "Son 40 euros"],
                                ["hola buenos dias", "son cuarenta euros más"], "es")
    assert (score.substitutions, score.deletions, score.insertions, score.reference_words) == (1, 0, 1, 6)
    assert score.wer == pytest.approx(2 / 6)
    assert (score + score).wer == pytest.approx(2 / 6)
