"""Voice activity per channel, with the Silero VAD model shipped inside faster-whisper (offline).

One Silero pass per channel gives tight speech intervals: they measure the conversation (talk time,
silences, overtalk: speech.metrics), and, padded and merged, they are the chunks Whisper decodes,
so one side's silence is never decoded (and cannot be hallucinated on).

`StreamingVad` gives the same spans for a channel fed block by block, and keeps only the audio near
speech: what transcription needs of a long call, whose silence then costs no memory.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from speech.audio import SAMPLE_RATE, SparseAudio

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


# Streaming: Silero scores windows of 512 samples (32 ms), each seen with the 64 samples before it.
VAD_WINDOW = 512
VAD_CONTEXT = 64
VAD_BATCH_WINDOWS = 1000  # windows per model call when streaming: 32 s of audio
# Audio kept around speech when streaming: every sample within this of a window that Silero finds
# at all speech-like (probability >= the end-of-speech threshold). A span lies within 0.23 s of such
# windows (a silence shorter than MIN_SILENCE_MS does not end it), is padded by SPEECH_PAD_MS, then
# by ASR_PAD_S, and chunks are joined across gaps up to ASR_JOIN_GAP_S - 2 * ASR_PAD_S: 1.3 s suffice.
KEEP_AROUND_SPEECH_S = 2.0


class StreamingVad:
    """Voice activity of one channel fed block by block (`feed`, then `finish` for the spans),
    keeping only the audio around speech in `audio` (a SparseAudio of the whole channel's length).

    Silero's LSTM state and its 64 samples of context carry over from one model call to the next,
    so the probabilities, and the spans, are those `speech_spans` finds on the whole channel; only
    the probabilities (4 bytes per 32 ms) are kept for the whole call.
    """

    def __init__(self, threshold: float = 0.5, keep_s: float = KEEP_AROUND_SPEECH_S,
                 batch_windows: int = VAD_BATCH_WINDOWS):
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self.threshold = threshold
        self._end_threshold = _end_threshold(threshold)
        self._keep_windows = math.ceil(keep_s * SAMPLE_RATE / VAD_WINDOW)
        self._batch = batch_windows * VAD_WINDOW
        self._state = (np.zeros((1, 1, 128), np.float32), np.zeros((1, 1, 128), np.float32))
        self._context = np.zeros(VAD_CONTEXT, np.float32)
        self._pending: list[np.ndarray] = []  # fed, not yet scored
        self._pending_n = 0
        self._probabilities = np.zeros(0, np.float32)  # one per window scored so far
        self._held = np.zeros(0, np.float32)  # scored, not yet kept or dropped
        self._held_start = 0  # sample index of _held[0]
        self.samples = 0
        self.audio = SparseAudio()

    def feed(self, samples: np.ndarray) -> None:
        """The channel's next samples (16 kHz float32)."""
        self._pending.append(np.asarray(samples, dtype=np.float32))
        self._pending_n += len(samples)
        self.samples += len(samples)
        self.audio.extend(self.samples)
        while self._pending_n >= self._batch:
            audio = self._take(self._batch)
            self._score(audio)
            self._judge(audio)

    def finish(self) -> tuple[Span, ...]:
        """The channel's speech spans, once all of it has been fed."""
        if self.samples == 0:
            return ()
        audio = self._take(self._pending_n)
        # As get_speech_timestamps: pad to whole windows (one more when already whole); and, as in
        # faster-whisper's SileroVADModel, the last window's last 64 samples read as zeros.
        padded = np.pad(audio, (0, VAD_WINDOW - len(audio) % VAD_WINDOW))
        padded[-VAD_CONTEXT:] = 0
        self._score(padded)
        self._judge(audio, final=True)
        return _spans_from_probabilities(self._probabilities, self.samples, self.threshold)

    def _take(self, n: int) -> np.ndarray:
        audio = np.concatenate(self._pending) if self._pending else np.zeros(0, np.float32)
        rest = audio[n:].copy()
        self._pending, self._pending_n = ([rest] if len(rest) else []), len(rest)
        return audio[:n]

    def _score(self, audio: np.ndarray) -> None:
        """Silero's speech probability for each window of `audio` (a whole number of windows)."""
        rows = audio.reshape(-1, VAD_WINDOW)
        context = np.concatenate([self._context[None], rows[:-1, -VAD_CONTEXT:]])
        self._context = rows[-1, -VAD_CONTEXT:].copy()
        out, h, c = self._session.run(None, {"input": np.concatenate([context, rows], axis=1),
                                             "h": self._state[0], "c": self._state[1]})
        self._state = (h, c)
        self._probabilities = np.concatenate([self._probabilities, out.reshape(-1)])

    def _judge(self, audio: np.ndarray, final: bool = False) -> None:
        """Keep the held and new audio within keep_s of a speech-like window, drop the rest; audio
        whose next keep_s is not scored yet is held for the next call."""
        k, windows = self._keep_windows, len(self._probabilities)
        first = self._held_start // VAD_WINDOW
        last = windows if final else max(first, windows - k)  # judge windows [first, last)
        near = np.concatenate([[0], np.cumsum(self._probabilities >= self._end_threshold)])
        judged = np.arange(first, last)
        keep = near[np.minimum(judged + k + 1, windows)] - near[np.maximum(judged - k, 0)] > 0
        pending = np.concatenate([self._held, audio])
        edges = np.flatnonzero(np.diff(np.concatenate([[0], keep, [0]]).astype(np.int8))) + first
        for start, end in zip(edges[::2] * VAD_WINDOW, edges[1::2] * VAD_WINDOW):
            self.audio.keep(int(start), pending[start - self._held_start:end - self._held_start])
        self._held = pending[last * VAD_WINDOW - self._held_start:].copy()
        self._held_start = last * VAD_WINDOW


def _end_threshold(threshold: float) -> float:
    """Below this probability speech ends (faster-whisper's default neg_threshold)."""
    return max(threshold - 0.15, 0.01)


def _spans_from_probabilities(probabilities: np.ndarray, samples: int, threshold: float,
                              sample_rate: int = SAMPLE_RATE) -> tuple[Span, ...]:
    """faster-whisper's get_speech_timestamps on Silero's probabilities, with speech_spans' options
    (and no maximum speech length): speech starts at a window >= threshold and ends after
    MIN_SILENCE_MS below the end threshold; shorter than MIN_SPEECH_MS is dropped; padded."""
    min_silence = sample_rate * MIN_SILENCE_MS / 1000
    min_speech = sample_rate * MIN_SPEECH_MS / 1000
    pad = sample_rate * SPEECH_PAD_MS / 1000
    speech = (probabilities >= threshold).tolist()  # compared in float32, as faster-whisper does
    silent = (probabilities < _end_threshold(threshold)).tolist()
    found: list[list[int]] = []
    start, temp_end = None, 0
    for i, (is_speech, is_silent) in enumerate(zip(speech, silent)):
        at = VAD_WINDOW * i
        if is_speech:
            temp_end = 0
            start = at if start is None else start
        elif is_silent and start is not None:
            temp_end = temp_end or at
            if at - temp_end >= min_silence:
                if temp_end - start > min_speech:
                    found.append([start, temp_end])
                start, temp_end = None, 0
    if start is not None and samples - start > min_speech:
        found.append([start, samples])
    for i, span in enumerate(found):  # the padding, exactly as get_speech_timestamps does it
        if i == 0:
            span[0] = int(max(0, span[0] - pad))
        if i != len(found) - 1:
            silence = found[i + 1][0] - span[1]
            if silence < 2 * pad:
                span[1] += int(silence // 2)
                found[i + 1][0] = int(max(0, found[i + 1][0] - silence // 2))
            else:
                span[1] = int(min(samples, span[1] + pad))
                found[i + 1][0] = int(max(0, found[i + 1][0] - pad))
        else:
            span[1] = int(min(samples, span[1] + pad))
    return tuple((round(s / sample_rate, 3), round(e / sample_rate, 3)) for s, e in found)


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


def only_chunks(audio: np.ndarray | SparseAudio, chunks: Sequence[Span], sample_rate: int = SAMPLE_RATE) -> SparseAudio:
    """`audio` with only the samples `cut_chunks` takes kept; the rest reads as zeros."""
    out = SparseAudio()
    for start, end in chunks:
        out.keep(int(start * sample_rate), audio[int(start * sample_rate):int(end * sample_rate)])
    out.extend(len(audio))
    return out


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
