"""Decode call recordings into 16 kHz float32 channels, keeping the channels apart.

PyAV bundles FFmpeg, so wav (8-bit unsigned, 16/24/32-bit PCM), flac, mp3, ogg/opus and m4a/aac
decode without any system library. The stages are small generators, as in faster-whisper's
`faster_whisper/audio.py`: decode packets (skipping isolated bad ones), resample to 16 kHz in the
source's own channel layout (same layout in and out, so FFmpeg never mixes channels), collect.

Stereo call recordings carry one party per channel; `channel_roles` says which is which.
"""
from __future__ import annotations

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
    """Decode `path` to 16 kHz float32 channels (shape per channel: (samples,)).

    max_duration_s: stop after this many seconds of audio (None: the whole file); used to
    transcribe only the start of long calls, e.g. in tests.
    Raises AudioDecodeError for an empty file, a file that is not audio, a file without an audio
    stream, and a truncated or corrupt file.
    """
    path = Path(path)
    if not path.is_file():
        raise AudioDecodeError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(f"{path}: empty file (0 bytes)")
    max_samples = None if max_duration_s is None else int(round(max_duration_s * SAMPLE_RATE))
    container = _open(path)
    with container:
        if not container.streams.audio:
            raise AudioDecodeError(f"{path}: no audio stream (the file holds {_stream_kinds(container)})")
        stream = container.streams.audio[0]
        source_rate, source_channels = stream.codec_context.sample_rate, stream.codec_context.channels
        resampler = av.AudioResampler(format="fltp", layout=stream.layout, rate=SAMPLE_RATE)
        frames = _valid_frames(container.decode(stream), path)
        try:
            samples, clipped = _collect(_resample(frames, resampler), source_channels, max_samples)
        except ValueError as exc:  # PyAV: a frame no longer matches the resampler (format change)
            raise AudioDecodeError(f"{path}: corrupt audio, the format changes mid-stream ({exc})") from exc
        declared_s = _declared_duration_s(container, stream, path)
    decoded_s = samples.shape[1] / SAMPLE_RATE
    if samples.shape[1] == 0:
        raise AudioDecodeError(f"{path}: no audio samples could be decoded (corrupt or truncated)")
    if not clipped and declared_s is not None and declared_s - decoded_s > TRUNCATION_TOLERANCE_S:
        raise AudioDecodeError(f"{path}: truncated or corrupt: the header declares {declared_s:.2f} s "
                               f"of audio but only {decoded_s:.2f} s could be decoded")
    return DecodedAudio(channels=tuple(samples), sample_rate=SAMPLE_RATE, duration_s=decoded_s,
                        source_channels=source_channels, source_rate=source_rate, clipped=clipped)


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


def _collect(blocks: Iterator[np.ndarray], channel_count: int,
             max_samples: int | None) -> tuple[np.ndarray, bool]:
    """Concatenate (channels, n) blocks, stopping at max_samples; returns (samples, clipped)."""
    kept: list[np.ndarray] = []
    total = 0
    for block in blocks:
        kept.append(block)
        total += block.shape[1]
        if max_samples is not None and total >= max_samples:
            return np.concatenate(kept, axis=1)[:, :max_samples].astype(np.float32, copy=False), True
    if not kept:
        return np.zeros((channel_count, 0), dtype=np.float32), False
    return np.concatenate(kept, axis=1).astype(np.float32, copy=False), False


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
