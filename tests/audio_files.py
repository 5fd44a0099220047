"""Test audio written with the standard library, so format edge cases are exact (u8, 24-bit PCM)."""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np


def write_wav(path: Path, samples: np.ndarray, rate: int, sample_width: int = 2) -> Path:
    """PCM wav from float samples in [-1, 1], shaped (channels, n) or (n,) for mono.

    sample_width: 1 = unsigned 8-bit, 2 = 16-bit, 3 = 24-bit (little-endian).
    """
    samples = np.atleast_2d(samples)
    interleaved = np.ascontiguousarray(samples.T)
    if sample_width == 1:
        data = np.clip(np.round(interleaved * 127 + 128), 0, 255).astype(np.uint8).tobytes()
    elif sample_width == 2:
        data = np.clip(np.round(interleaved * 32767), -32768, 32767).astype("<i2").tobytes()
    else:
        as_int32 = np.clip(np.round(interleaved * (2 ** 23 - 1)), -(2 ** 23), 2 ** 23 - 1).astype("<i4")
        data = as_int32.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()  # low three bytes, little-endian
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(samples.shape[0])
        handle.setsampwidth(sample_width)
        handle.setframerate(rate)
        handle.writeframes(data)
    return path
