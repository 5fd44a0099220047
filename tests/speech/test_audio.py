"""Decoding: every container and sample format we expect from call recorders, channels kept apart.

The audio is generated here (a different tone on each channel), so the tests need no fixtures on
disk and no Whisper; the staged vendor calls in ../shared/real-calls are decoded when present.
"""
from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, AudioDecodeError, DecodedAudio, channel_roles, decode
from tests.audio_files import write_wav

LEFT_HZ, RIGHT_HZ = 440.0, 1000.0  # both below the 4 kHz Nyquist limit of 8 kHz telephone audio
DURATION_S = 2.0
REAL_CALLS = Path(__file__).resolve().parents[2].parent / "shared" / "real-calls" / "audio"


def tones(rate: int, frequencies: tuple[float, ...] = (LEFT_HZ, RIGHT_HZ),
          duration_s: float = DURATION_S) -> np.ndarray:
    """(channels, samples) float32 sines at half scale, one frequency per channel."""
    t = np.arange(int(rate * duration_s)) / rate
    return np.stack([0.5 * np.sin(2 * np.pi * f * t) for f in frequencies]).astype(np.float32)


def encode(path: Path, samples: np.ndarray, rate: int, codec: str) -> Path:
    """Encode with PyAV's bundled FFmpeg encoders (flac, libmp3lame, libopus, aac)."""
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        frame_size = stream.codec_context.frame_size or 1024
        for start in range(0, samples.shape[1], frame_size):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples[:, start:start + frame_size]), format="fltp", layout=layout)
            frame.sample_rate = rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def make_file(tmp_path: Path, kind: str, rate: int, samples: np.ndarray | None = None) -> Path:
    samples = tones(rate) if samples is None else samples
    writers = {
        "wav16": lambda p: write_wav(p.with_suffix(".wav"), samples, rate, 2),
        "wav_u8": lambda p: write_wav(p.with_suffix(".wav"), samples, rate, 1),
        "wav24": lambda p: write_wav(p.with_suffix(".wav"), samples, rate, 3),
        "flac": lambda p: encode(p.with_suffix(".flac"), samples, rate, "flac"),
        "mp3": lambda p: encode(p.with_suffix(".mp3"), samples, rate, "libmp3lame"),
        "opus": lambda p: encode(p.with_suffix(".ogg"), samples, rate, "libopus"),
        "m4a": lambda p: encode(p.with_suffix(".m4a"), samples, rate, "aac"),
    }
    return writers[kind](tmp_path / f"{kind}_{rate}")


def amplitude_at(channel: np.ndarray, frequency: float) -> float:
    """Spectral magnitude at `frequency` (Hann window, 16 kHz), normalised by the length."""
    spectrum = np.abs(np.fft.rfft(channel * np.hanning(len(channel))))
    frequencies = np.fft.rfftfreq(len(channel), 1 / SAMPLE_RATE)
    return float(spectrum[np.argmin(np.abs(frequencies - frequency))] / len(channel))


def dominant_hz(channel: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(channel * np.hanning(len(channel))))
    return float(np.fft.rfftfreq(len(channel), 1 / SAMPLE_RATE)[np.argmax(spectrum)])


# (kind, source rate, duration tolerance): lossy codecs pad the end to whole frames (AAC: 1024
# samples of priming plus the last frame, 0.18 s at 8 kHz).
FORMATS = [
    ("wav16", 8000, 0.01), ("wav16", 44100, 0.01), ("wav16", 48000, 0.01),
    ("wav_u8", 8000, 0.01), ("wav24", 44100, 0.01), ("wav24", 8000, 0.01),
    ("flac", 8000, 0.01), ("flac", 48000, 0.01),
    ("mp3", 44100, 0.06), ("mp3", 8000, 0.1),
    ("opus", 48000, 0.06),
    ("m4a", 44100, 0.1), ("m4a", 8000, 0.2),
]


@pytest.mark.parametrize(("kind", "rate", "tolerance_s"), FORMATS, ids=[f"{k}-{r}" for k, r, _ in FORMATS])
def test_decodes_to_16k_float32_with_channels_apart(tmp_path: Path, kind: str, rate: int, tolerance_s: float):
    decoded = decode(make_file(tmp_path, kind, rate))

    assert decoded.sample_rate == SAMPLE_RATE
    assert (decoded.source_channels, decoded.source_rate) == (2, rate)
    assert len(decoded.channels) == 2
    left, right = decoded.channels
    assert left.dtype == right.dtype == np.float32 and left.shape == right.shape
    assert decoded.duration_s == pytest.approx(len(left) / SAMPLE_RATE)
    assert decoded.duration_s == pytest.approx(DURATION_S, abs=tolerance_s)
    assert abs(dominant_hz(left) - LEFT_HZ) < 5 and abs(dominant_hz(right) - RIGHT_HZ) < 5
    # Each tone stays in its own channel: the other channel's tone is at least 30 dB down.
    assert amplitude_at(left, RIGHT_HZ) < 0.03 * amplitude_at(left, LEFT_HZ)
    assert amplitude_at(right, LEFT_HZ) < 0.03 * amplitude_at(right, RIGHT_HZ)
    middle = left[len(left) // 4: 3 * len(left) // 4]
    assert float(np.sqrt(np.mean(middle ** 2))) == pytest.approx(0.5 / np.sqrt(2), rel=0.1)  # scale kept


def test_u8_silence_decodes_to_zero(tmp_path: Path):
    """8-bit wav is unsigned: byte 128 is silence, not half scale."""
    decoded = decode(write_wav(tmp_path / "silence.wav", np.zeros((1, 8000), np.float32), 8000, 1))
    assert len(decoded.channels) == 1
    assert float(np.max(np.abs(decoded.channels[0]))) < 0.01


def test_mono_file_has_one_channel(tmp_path: Path):
    decoded = decode(make_file(tmp_path, "flac", 8000, tones(8000, (LEFT_HZ,))))
    assert len(decoded.channels) == 1 and decoded.source_channels == 1
    assert decoded.duration_s == pytest.approx(DURATION_S, abs=0.01)


def test_three_channel_file_keeps_every_channel(tmp_path: Path):
    frequencies = (300.0, 700.0, 1500.0)
    decoded = decode(write_wav(tmp_path / "three.wav", tones(8000, frequencies), 8000, 2))
    assert [round(dominant_hz(c)) for c in decoded.channels] == [300, 700, 1500]


def test_max_duration_clips_the_decoded_audio(tmp_path: Path):
    decoded = decode(make_file(tmp_path, "wav16", 8000), max_duration_s=0.5)
    assert decoded.clipped
    assert decoded.duration_s == 0.5
    assert all(len(c) == SAMPLE_RATE // 2 for c in decoded.channels)
    assert not decode(make_file(tmp_path, "wav16", 8000), max_duration_s=10).clipped


def test_mixdown_averages_channels():
    audio = DecodedAudio(channels=(np.ones(4, np.float32), np.zeros(4, np.float32)), sample_rate=SAMPLE_RATE,
                         duration_s=4 / SAMPLE_RATE, source_channels=2, source_rate=SAMPLE_RATE)
    assert np.allclose(audio.mixdown(), 0.5) and audio.mixdown().dtype == np.float32


@pytest.mark.parametrize(("channel_count", "agent_channel", "expected"), [
    (2, "left", ((0, "agent"), (1, "customer"))),
    (2, "right", ((0, "customer"), (1, "agent"))),
    (2, "mono", ((0, "unknown"),)),
    (1, "left", ((0, "unknown"),)),
    (1, "right", ((0, "unknown"),)),
    (1, "mono", ((0, "unknown"),)),
    (4, "left", ((0, "agent"), (1, "customer"))),
])
def test_channel_roles(channel_count, agent_channel, expected):
    assert channel_roles(channel_count, agent_channel) == expected


def test_channel_roles_rejects_unknown_channel_name():
    with pytest.raises(ValueError, match="agent_channel"):
        channel_roles(2, "centre")


# --- bad input: AudioDecodeError, and the message names the file -------------------------------

def assert_decode_error(path: Path, cause: str) -> None:
    with pytest.raises(AudioDecodeError) as raised:
        decode(path)
    assert str(path) in str(raised.value)
    assert cause in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_empty_file(tmp_path: Path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    assert_decode_error(path, "empty file")


def test_missing_file(tmp_path: Path):
    assert_decode_error(tmp_path / "nowhere.wav", "no such file")


def test_text_file_named_wav(tmp_path: Path):
    path = tmp_path / "notes.wav"
    path.write_text("agent: hello\ncustomer: hi\n" * 50)
    assert_decode_error(path, "not a readable audio file")


@pytest.mark.parametrize("kind", ["wav16", "wav_u8", "wav24", "flac"])
def test_truncated_file(tmp_path: Path, kind: str):
    path = make_file(tmp_path, kind, 8000)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert_decode_error(path, "truncated")


@pytest.mark.parametrize("kind", ["flac", "mp3", "opus"])
def test_file_cut_inside_its_header(tmp_path: Path, kind: str):
    path = make_file(tmp_path, kind, 48000)
    path.write_bytes(path.read_bytes()[:30])
    with pytest.raises(AudioDecodeError, match=str(path).replace(".", r"\.")):
        decode(path)


def test_file_without_audio_stream(tmp_path: Path):
    path = tmp_path / "video_only.mkv"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for _ in range(3):
            black = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
            container.mux(stream.encode(black))
        container.mux(stream.encode(None))
    assert_decode_error(path, "no audio stream")


# --- the staged vendor calls (skipped when ../shared/real-calls is absent) ---------------------

def real_call_files() -> list:
    if not REAL_CALLS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{REAL_CALLS} not present"), id="absent")]
    return [pytest.param(p, id=p.name) for p in sorted(REAL_CALLS.iterdir()) if p.is_file()]


@pytest.mark.parametrize("path", real_call_files())
def test_real_call_decodes(path: Path):
    decoded = decode(path)
    assert decoded.sample_rate == SAMPLE_RATE
    assert len(decoded.channels) == decoded.source_channels == (2 if "stereo" in path.name else 1)
    assert decoded.duration_s > 5
    for channel in decoded.channels:
        assert np.isfinite(channel).all()
        assert float(np.max(np.abs(channel))) < 1.1  # resampling may overshoot clipped peaks a little
        assert float(np.sqrt(np.mean(channel ** 2))) > 1e-3  # not silence
    if len(decoded.channels) == 2:
        assert not np.allclose(decoded.channels[0], decoded.channels[1])  # two parties, not a copy


def test_real_u8_mono_call():
    path = REAL_CALLS / "en_aws-pca_auto0_mono_8k_u8.wav"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    decoded = decode(path)
    assert (len(decoded.channels), decoded.source_channels, decoded.source_rate) == (1, 1, 8000)
    assert decoded.duration_s == pytest.approx(277.66, abs=0.01)
    assert abs(float(np.mean(decoded.channels[0]))) < 0.01  # unsigned samples centred on zero
