"""faster-whisper (CTranslate2): the default backend, int8 on CPU."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from speech.backends import AsrSegment, AsrWord
from speech.models import model_path


class FasterWhisperBackend:
    name = "faster-whisper"

    def __init__(self, model: str, device: str = "auto", compute_type: str = "int8", cpu_threads: int = 0,
                 concurrent_calls: int = 1):
        from faster_whisper import WhisperModel

        self.compute_type = compute_type
        # num_workers: CTranslate2 runs that many transcriptions at once when called from as many threads.
        self.model = WhisperModel(str(model_path(model)), device=device, compute_type=compute_type,
                                  cpu_threads=cpu_threads, num_workers=concurrent_calls)

    def language_probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        # A second 30 s window is decoded only when the first is unsure (probability <= 0.5).
        _, _, probabilities = self.model.detect_language(audio=audio, language_detection_segments=2)
        return probabilities

    def transcribe(self, audio: np.ndarray, language: str, beam_size: int = 1,
                   word_timestamps: bool = True) -> Iterator[AsrSegment]:
        segments, _ = self.model.transcribe(audio, language=language, task="transcribe", beam_size=beam_size,
                                            vad_filter=False, word_timestamps=word_timestamps)
        for s in segments:  # a generator: decoding happens as we iterate
            yield AsrSegment(start=s.start, end=s.end, text=s.text, avg_logprob=s.avg_logprob,
                             no_speech_prob=s.no_speech_prob, compression_ratio=s.compression_ratio,
                             words=tuple(AsrWord(w.word, w.start, w.end, w.probability) for w in s.words or ()))
