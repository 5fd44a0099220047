"""Decode call recordings into 16 kHz float32 channels, keeping the channels apart.

PyAV bundles FFmpeg, so wav (8-bit unsigned, 16/24/32-bit PCM), flac, mp3, ogg/opus and m4a/aac
decode without any system library. The stages are small generators, as in faster-whisper's
`faster_whisper/audio.py`: decode packets (skipping isolated bad ones), resample to 16 kHz in the
source's own channel layout (same layout in and out, so FFmpeg never mixes channels), then either
collect (`decode`) or hand the blocks on as they come (`AudioStream`: transcription keeps only the
audio near speech, in a `SparseAudio` per channel, so a long call's silence costs no memory).

Stereo call recordings carry one party per channel; `channel_roles` says which is which.
"""
from __future__ import annotations

import bisect
import itertools
import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from speech.types import AgentChannel, Speaker

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000  # what Whisper and the Silero VAD expect
# A file that decodes this much shorter than its header declares is reported as truncated
# (a cut-off upload or a recorder crash), rather than silently transcribed in part.
TRUNCATION_TOLERANCE_S = 0.5
# Only these containers declare their length in the header as an exact sample count; for mp3
# and ogg FFmpeg estimates the length from the bitrate or the file's end, so a cut shows nowhere.
HEADER_DURATION_FORMATS = frozenset({"flac"})


class AudioDecodeError(ValueError):
    """A file that cannot be decoded as audio; the message starts with the path and says why."""


class InputTooLarge(AudioDecodeError):
    """A file over the configured size or duration limit; the message names the file, its size and the limit."""


def check_limits(path: Path | str, *, max_bytes: int | None = None, max_call_s: float | None = None) -> None:
    """Refuse a file bigger than max_bytes, or whose container declares more than max_call_s of audio,
    before decoding any of it. (A file that declares no length is held to max_call_s while decoding.)"""
    path = Path(path)
    if not path.is_file():
        raise AudioDecodeError(f"{path}: no such file")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputTooLarge(f"{path}: {_bytes(size)} is over the size limit of {_bytes(max_bytes)}")
    if max_call_s is None or size == 0:
        return
    with _open(path) as container:
        declared = container.duration / av.time_base if container.duration else None
    if declared is not None and declared > max_call_s:
        raise InputTooLarge(f"{path}: {_seconds(declared)} of audio is over the duration limit of "
                            f"{_seconds(max_call_s)}")


def _bytes(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def _seconds(s: float) -> str:
    return f"{s / 60:.1f} min" if s >= 600 else f"{s:.1f} s"


@dataclass(frozen=True, slots=True, eq=False)
class DecodedAudio:
    """A decoded recording: one float32 array per channel, all of the same length, at `sample_rate`."""

    channels: tuple[np.ndarray, ...]
    sample_rate: int
    duration_s: float  # of the decoded (possibly clipped) audio
    source_channels: int
    source_rate: int
    clipped: bool = False  # True when decoding stopped at max_duration_s before the file's end

    def mixdown(self) -> np.ndarray:
        """All channels averaged into one, for mono transcription of a multi-channel file."""
        if len(self.channels) == 1:
            return self.channels[0]
        return np.mean(np.stack(self.channels), axis=0, dtype=np.float32)


def decode(path: Path | str, *, max_duration_s: float | None = None) -> DecodedAudio:
    """Decode `path` to 16 kHz float32 channels (shape per channel: (samples,)), all in memory
    (230 MB per channel-hour: transcription streams instead, see AudioStream).

    max_duration_s: stop after this many seconds of audio (None: the whole file); used to
    transcribe only the start of long calls, e.g. in tests.
    Raises AudioDecodeError for an empty file, a file that is not audio, a file without an audio
    stream, and a truncated or corrupt file.
    """
    stream = AudioStream(path, max_duration_s=max_duration_s)
    blocks = list(stream)
    return DecodedAudio(channels=tuple(np.concatenate(blocks, axis=1)), sample_rate=SAMPLE_RATE,
                        duration_s=stream.duration_s, source_channels=stream.source_channels,
                        source_rate=stream.source_rate, clipped=stream.clipped)


class AudioStream:
    """A recording decoded block by block: iterating yields (channels, samples) float32 blocks at
    16 kHz (a few thousand samples each), the same samples `decode` concatenates, so a long call
    never has to be held whole. The checks are decode's: AudioDecodeError when opening fails, and
    at the end of the iteration for a file that decodes to nothing or shorter than its header says.
    After the iteration: duration_s, clipped, source_channels, source_rate.
    """

    def __init__(self, path: Path | str, *, max_duration_s: float | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise AudioDecodeError(f"{self.path}: no such file")
        if self.path.stat().st_size == 0:
            raise AudioDecodeError(f"{self.path}: empty file (0 bytes)")
        self.max_samples = None if max_duration_s is None else int(round(max_duration_s * SAMPLE_RATE))
        self.samples = 0  # decoded so far
        self.clipped = False  # True when decoding stopped at max_duration_s before the file's end
        self.source_channels = self.source_rate = 0

    @property
    def duration_s(self) -> float:
        return self.samples / SAMPLE_RATE

    def __iter__(self) -> Iterator[np.ndarray]:
        path, self.samples, self.clipped = self.path, 0, False
        with _open(path) as container:
            if not container.streams.audio:
                raise AudioDecodeError(f"{path}: no audio stream (the file holds {_stream_kinds(container)})")
            stream = container.streams.audio[0]
            self.source_rate, self.source_channels = stream.codec_context.sample_rate, stream.codec_context.channels
            resampler = av.AudioResampler(format="fltp", layout=stream.layout, rate=SAMPLE_RATE)
            blocks = _resample(_valid_frames(container.decode(stream), path), resampler)
            try:
                for block in blocks:
                    if self.max_samples is not None and self.samples + block.shape[1] >= self.max_samples:
                        block, self.clipped = block[:, :self.max_samples - self.samples], True
                    self.samples += block.shape[1]
                    if block.shape[1]:
                        yield block
                    if self.clipped:
                        break
            except ValueError as exc:  # PyAV: a frame no longer matches the resampler (format change)
                raise AudioDecodeError(f"{path}: corrupt audio, the format changes mid-stream ({exc})") from exc
            declared_s = _declared_duration_s(container, stream, path)
        if self.samples == 0:
            raise AudioDecodeError(f"{path}: no audio samples could be decoded (corrupt or truncated)")
        if not self.clipped and declared_s is not None and declared_s - self.duration_s > TRUNCATION_TOLERANCE_S:
            raise AudioDecodeError(f"{path}: truncated or corrupt: the header declares {declared_s:.2f} s "
                                   f"of audio but only {self.duration_s:.2f} s could be decoded")


class SparseAudio:
    """One channel of a long call with only some regions kept (speech and the context around it):
    `audio[a:b]` reads like a numpy array of `len(audio)` samples, zeros where nothing is kept."""

    def __init__(self) -> None:
        self._starts: list[int] = []  # sample index of each kept region, increasing
        self._regions: list[np.ndarray] = []
        self.length = 0

    def __len__(self) -> int:
        return self.length

    @property
    def stored_samples(self) -> int:
        return sum(len(r) for r in self._regions)

    @property
    def regions(self) -> tuple[tuple[int, int], ...]:
        """(start, end) sample indices of the kept stretches (regions kept end to end count as one)."""
        out: list[tuple[int, int]] = []
        for start, region in zip(self._starts, self._regions):
            if out and out[-1][1] == start:
                out[-1] = (out[-1][0], start + len(region))
            else:
                out.append((start, start + len(region)))
        return tuple(out)

    def extend(self, samples: int) -> None:
        """The channel is now `samples` long (what is not kept reads as zeros)."""
        self.length = max(self.length, samples)

    def keep(self, start: int, samples: np.ndarray) -> None:
        """Keep `samples` from sample index `start` on (after every region kept so far)."""
        if self._regions and start < self._starts[-1] + len(self._regions[-1]):
            raise ValueError("regions must be kept in order and must not overlap")
        if len(samples):
            self._starts.append(start)
            self._regions.append(np.array(samples, dtype=np.float32))  # a copy: the block it came from can go
            self.extend(start + len(samples))

    def __getitem__(self, key: slice) -> np.ndarray:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("SparseAudio takes plain slices only: audio[a:b]")
        start, stop, _ = key.indices(self.length)
        out = np.zeros(max(0, stop - start), dtype=np.float32)
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        for region_start, region in zip(self._starts[first:], self._regions[first:]):
            if region_start >= stop:
                break
            a, b = max(start, region_start), min(stop, region_start + len(region))
            if a < b:
                out[a - start:b - start] = region[a - region_start:b - region_start]
        return out


def channel_roles(channel_count: int, agent_channel: AgentChannel) -> tuple[tuple[int, Speaker], ...]:
    """Which channel index holds which party: ((index, speaker), ...).

    Stereo with agent_channel "left": channel 0 is the agent and 1 the customer; "right": the other
    way. A 1-channel file, or agent_channel "mono", gives ((0, "unknown"),): mono roles are never
    guessed here, and the caller transcribes the mixdown. Files with more than two channels use
    channels 0 and 1 only (telephony recorders put the two legs first).
    """
    if channel_count < 1:
        raise ValueError("channel_count must be at least 1")
    if channel_count == 1 or agent_channel == "mono":
        return ((0, "unknown"),)
    if agent_channel == "left":
        return ((0, "agent"), (1, "customer"))
    if agent_channel == "right":
        return ((0, "customer"), (1, "agent"))
    raise ValueError(f"agent_channel must be 'left', 'right' or 'mono', not {agent_channel!r}")


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r", metadata_errors="ignore")
    except EOFError as exc:
        raise AudioDecodeError(f"{path}: truncated: the file ends inside its header") from exc
    except av.error.InvalidDataError as exc:
        raise AudioDecodeError(f"{path}: not a readable audio file (FFmpeg: invalid data; "
                               "not audio, or corrupt/truncated)") from exc
    except av.error.FFmpegError as exc:
        raise AudioDecodeError(f"{path}: cannot open as audio ({exc})") from exc


def _stream_kinds(container: av.container.InputContainer) -> str:
    kinds = sorted({s.type for s in container.streams})
    return "no streams" if not kinds else "only " + ", ".join(f"{k} streams" for k in kinds)


def _valid_frames(frames: Iterator[av.AudioFrame], path: Path) -> Iterator[av.AudioFrame]:
    """Skip packets FFmpeg cannot decode (a glitch should not lose a whole call); count them."""
    skipped = 0
    iterator = iter(frames)
    while True:
        try:
            frame = next(iterator)
        except StopIteration:
            break
        except av.error.InvalidDataError:
            skipped += 1
            continue
        except av.error.FFmpegError as exc:
            raise AudioDecodeError(f"{path}: corrupt audio ({exc})") from exc
        frame.pts = None  # timestamps are not needed; gaps in them only upset the resampler
        yield frame
    if skipped:
        log.warning("%s: skipped %d undecodable packet(s)", path, skipped)


def _resample(frames: Iterator[av.AudioFrame], resampler: av.AudioResampler) -> Iterator[np.ndarray]:
    for frame in itertools.chain(frames, [None]):  # None flushes the resampler
        for out in resampler.resample(frame):
            yield out.to_ndarray()  # fltp: shape (channels, samples)


def _declared_duration_s(container: av.container.InputContainer, stream: av.AudioStream,
                         path: Path) -> float | None:
    """The length the file's header promises, where the header states one exactly."""
    if container.format.name == "wav":
        return _wav_declared_duration_s(path)
    if container.format.name in HEADER_DURATION_FORMATS and stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _wav_declared_duration_s(path: Path) -> float | None:
    """Duration from the RIFF header's fmt and data chunk sizes (FFmpeg's own figure is taken from
    the file size, so it cannot reveal a cut). None when the header leaves the size open."""
    with path.open("rb") as handle:
        header = handle.read(1 << 16)
    if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return None
    offset, byte_rate = 12, None
    while offset + 8 <= len(header):
        chunk_id, size = header[offset:offset + 4], struct.unpack("<I", header[offset + 4:offset + 8])[0]
        if chunk_id == b"fmt " and offset + 20 <= len(header):
            byte_rate = struct.unpack("<I", header[offset + 16:offset + 20])[0]
        if chunk_id == b"data":
            # 0 and 0xFFFFFFFF mean "unknown" (streaming recorders write the header first).
            if not byte_rate or size in (0, 0xFFFFFFFF):
                return None
            return size / byte_rate
        offset += 8 + size + (size & 1)  # chunks are padded to an even length
    return None
