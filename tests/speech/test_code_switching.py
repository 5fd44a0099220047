"""Code-switching: when a turn is re-transcribed in the other language, and when it is kept.

Our own decision logic, on a scripted backend (the real model's answers on real audio are covered by the
slow end-to-end tests): Whisper base, asked for the wrong language, still writes fluent-looking text,
so the other language's detection alone is not enough; the re-transcription must also be surer."""
from __future__ import annotations

import numpy as np

from speech.backends import AsrSegment, AsrWord
from speech.transcribe import TranscribeOptions, _check_language
from speech.types import Turn, Word


class ScriptedBackend:
    name = "scripted"
    compute_type = "int8"

    def __init__(self, language_probabilities, redone_text: str, redone_probability: float):
        self._languages, self.redone_text, self.redone_probability = language_probabilities, redone_text, redone_probability
        self.transcribed_in: list[str] = []

    def language_probabilities(self, audio):
        return self._languages

    def transcribe(self, audio, language, beam_size=1, word_timestamps=True):
        self.transcribed_in.append(language)
        words = tuple(AsrWord(f" {w}", 0.1 + 0.4 * i, 0.4 + 0.4 * i, self.redone_probability)
                      for i, w in enumerate(self.redone_text.split()))
        yield AsrSegment(0.1, words[-1].end, self.redone_text, -0.3, 0.01, 1.2, words)


def _turn(text: str, probability: float) -> Turn:
    words = tuple(Word(20.0 + 0.4 * i, 20.3 + 0.4 * i, w, probability) for i, w in enumerate(text.split()))
    return Turn("customer", 20.0, words[-1].end_s, text, words=words)


AUDIO = np.zeros(16000 * 30, np.float32)


def test_an_unsure_turn_that_is_surer_in_the_other_language_is_switched():
    turn = _turn("el mai order number is", 0.45)
    backend = ScriptedBackend([("en", 0.93), ("es", 0.05)], "my order number is seven", 0.88)
    switched = _check_language(backend, AUDIO, turn, "es", TranscribeOptions())
    assert backend.transcribed_in == ["en"]
    assert switched.language == "en" and switched.text == "my order number is seven"
    assert switched.start_s >= turn.start_s and switched.end_s <= turn.end_s


def test_a_re_transcription_less_sure_than_the_original_is_dropped():
    """What Whisper base did on an example call: Spanish heard as English gibberish at half the confidence."""
    turn = _turn("O otra vez tengo que explicarle todo", 0.69)
    backend = ScriptedBackend([("en", 0.85), ("es", 0.14)], "or that wasting rockets leak out of it all", 0.35)
    kept = _check_language(backend, AUDIO, turn, "es", TranscribeOptions())
    assert backend.transcribed_in == ["en"] and kept is turn


def test_a_sure_turn_or_an_unsure_language_guess_is_left_alone():
    sure = _turn("quiero una tarifa más barata", 0.9)
    backend = ScriptedBackend([("en", 0.99)], "I want a cheaper plan", 0.95)
    assert _check_language(backend, AUDIO, sure, "es", TranscribeOptions()) is sure
    unsure_guess = _turn("quiero una tarifa", 0.5)
    backend = ScriptedBackend([("en", 0.6), ("es", 0.4)], "key and a tariff", 0.9)
    assert _check_language(backend, AUDIO, unsure_guess, "es", TranscribeOptions()) is unsure_guess
    assert backend.transcribed_in == []
