"""Whisper backends behind one small protocol: detect the language, transcribe a stretch of audio.

Both load the same bundled weights offline: faster-whisper (CTranslate2) reads the model folder,
openai-whisper (PyTorch) a checkpoint converted from it once (speech.convert). They see exactly
the same audio (speech.transcribe cuts it to VAD chunks first) and yield the same records.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
import threading
from functools import lru_cache
from typing import Protocol

import numpy as np

BACKENDS = ("faster-whisper", "openai-whisper")
DEFAULT_BACKEND = "faster-whisper"  # int8: the fastest measured on CPU at equal accuracy (README)


@dataclass(frozen=True, slots=True)
class AsrWord:
    """Named as faster-whisper names them (`word` keeps Whisper's leading space)."""

    word: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True, slots=True)
class AsrSegment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    words: tuple[AsrWord, ...] = ()


class Backend(Protocol):
    name: str
    compute_type: str

    def language_probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        """Every language's probability for the first 30 s of `audio` (16 kHz mono float32)."""

    def transcribe(self, audio: np.ndarray, language: str, beam_size: int,
                   word_timestamps: bool) -> Iterator[AsrSegment]:
        """Segments of `audio`, times in seconds from its start, decoded lazily."""


_loading = threading.Lock()  # parallel transcription threads load the model once, not once each


def get_backend(name: str = DEFAULT_BACKEND, model: str = "base", device: str = "auto",
                compute_type: str = "int8", cpu_threads: int = 0, concurrent_calls: int = 1) -> Backend:
    """A loaded backend, once per process and argument set (heavy imports happen here, not before)."""
    with _loading:
        return _load_backend(name, model, device, compute_type, cpu_threads, concurrent_calls)


@lru_cache(maxsize=4)
def _load_backend(name: str, model: str, device: str, compute_type: str, cpu_threads: int,
                  concurrent_calls: int) -> Backend:
    if name == "faster-whisper":
        from speech.backends.faster_whisper import FasterWhisperBackend

        return FasterWhisperBackend(model, device, compute_type, cpu_threads, concurrent_calls)
    if name == "openai-whisper":
        from speech.backends.openai_whisper import OpenAIWhisperBackend

        return OpenAIWhisperBackend(model, device, cpu_threads)
    raise ValueError(f"unknown backend {name!r}: choose one of {', '.join(BACKENDS)}")
