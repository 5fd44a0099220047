"""Voice activity per channel, with the Silero VAD model shipped inside faster-whisper (offline).

One Silero pass per channel gives tight speech intervals: they measure the conversation (talk time,
silences, overtalk: speech.metrics), and, padded and merged, they are the chunks Whisper decodes,
so one side's silence is never decoded (and cannot be hallucinated on).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from speech.audio import SAMPLE_RATE

Span = tuple[float, float]  # (start_s, end_s)

# Tight settings for measurement: a pause of 0.2 s already separates two stretches of speech.
MIN_SILENCE_MS = 200
SPEECH_PAD_MS = 30
MIN_SPEECH_MS = 100
# Chunks for Whisper, as faster-whisper's own VAD filter makes them: 0.4 s of context on each
# side, and speech less than 2 s apart decoded together.
ASR_PAD_S = 0.4
ASR_JOIN_GAP_S = 2.0


def speech_spans(audio: np.ndarray, sample_rate: int = SAMPLE_RATE, threshold: float = 0.5) -> tuple[Span, ...]:
    """Where `audio` (one channel, 16 kHz float32) holds speech: sorted, non-overlapping (start_s, end_s)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if audio.size == 0:
        return ()
    options = VadOptions(threshold=threshold, min_silence_duration_ms=MIN_SILENCE_MS,
                         speech_pad_ms=SPEECH_PAD_MS, min_speech_duration_ms=MIN_SPEECH_MS)
    chunks = get_speech_timestamps(audio, options, sampling_rate=sample_rate)
    return tuple((round(c["start"] / sample_rate, 3), round(c["end"] / sample_rate, 3)) for c in chunks)


def asr_chunks(spans: Sequence[Span], duration_s: float, pad_s: float = ASR_PAD_S,
               join_gap_s: float = ASR_JOIN_GAP_S) -> tuple[Span, ...]:
    """The stretches to decode: speech spans widened by `pad_s` and joined when closer than `join_gap_s`."""
    padded = [(max(0.0, s - pad_s), min(duration_s, e + pad_s)) for s, e in spans]
    return union(padded, join_gap_s=join_gap_s - 2 * pad_s)


def union(spans: Iterable[Span], join_gap_s: float = 0.0) -> tuple[Span, ...]:
    """Sorted, merged spans; spans less than `join_gap_s` apart are merged too."""
    merged: list[list[float]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start - merged[-1][1] <= join_gap_s:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def intersection(a: Sequence[Span], b: Sequence[Span]) -> tuple[Span, ...]:
    """Where both sets of spans are active (both inputs sorted and non-overlapping)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def gaps(spans: Sequence[Span]) -> tuple[Span, ...]:
    """The holes between consecutive merged spans (nothing before the first or after the last)."""
    merged = union(spans)
    return tuple((e, s) for (_, e), (s, _) in zip(merged, merged[1:]))


def total(spans: Iterable[Span]) -> float:
    return sum(e - s for s, e in spans)


def cut_chunks(audio: np.ndarray, chunks: Sequence[Span], sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The chunks of `audio` concatenated: what Whisper hears."""
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate([audio[int(s * sample_rate):int(e * sample_rate)] for s, e in chunks])


class ChunkClock:
    """Maps times in the concatenated chunks back to call time (faster-whisper's SpeechTimestampsMap,
    on seconds)."""

    def __init__(self, chunks: Sequence[Span]):
        self._chunks = list(chunks)
        self._ends: list[float] = []  # end of each chunk on the concatenated clock
        elapsed = 0.0
        for start, end in self._chunks:
            elapsed += end - start
            self._ends.append(elapsed)

    def to_call_time(self, t: float, is_end: bool = False) -> float:
        """A time on the concatenated clock -> the call's clock. An end time exactly on a chunk
        boundary stays in the chunk it ends (not at the start of the next)."""
        if not self._chunks:
            return t
        for index, chunk_end in enumerate(self._ends):
            if t < chunk_end or (is_end and t <= chunk_end) or index == len(self._ends) - 1:
                chunk_start_concat = chunk_end - (self._chunks[index][1] - self._chunks[index][0])
                return round(self._chunks[index][0] + (t - chunk_start_concat), 3)
        return t  # unreachable
