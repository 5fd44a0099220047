"""Streaming decode and VAD (issue 8: memory stays bounded on long calls).

`listen` decodes a call block by block and runs Silero per block with the model's state carried
over, keeping only the audio near speech. It must find exactly the spans `speech_spans` finds on
the whole channel, keep every sample transcription reads, and keep almost nothing of silence.
Whisper is replaced by a recorder to check it hears exactly the same audio either way.
"""
from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, AudioStream, SparseAudio, decode
from speech.backends import AsrSegment, AsrWord
from speech.transcribe import TranscribeOptions, listen, transcribe_call, transcribe_source
from speech.types import CallSource
from speech.vad import KEEP_AROUND_SPEECH_S, StreamingVad, asr_chunks, speech_spans, total
from tests.audio_files import write_wav
from tests.speech.test_transcribe import STEREO_CALL

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "calls"
CALLS = [EXAMPLES / "es_01_culpa_facturacion.ogg", EXAMPLES / "en_06_recorded_threat.ogg",
         EXAMPLES / "es_04_transferencia_calida.ogg"]


def assert_keeps_what_transcription_reads(audio: SparseAudio, whole: np.ndarray, spans) -> None:
    """Every kept sample is the decoded one, and every ASR chunk (with a second to spare) is kept."""
    assert len(audio) == len(whole)
    for start, end in audio.regions:
        np.testing.assert_array_equal(audio[start:end], whole[start:end])
    for start, end in asr_chunks(spans, len(whole) / SAMPLE_RATE, pad_s=1.0):
        a, b = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
        np.testing.assert_array_equal(audio[a:b], whole[a:b])


@pytest.mark.parametrize("path", CALLS, ids=lambda p: p.name)
def test_streaming_vad_finds_the_whole_channel_spans_on_example_calls(path: Path):
    decoded = decode(path)
    sides, speech, duration_s = listen(path, "left")
    assert duration_s == decoded.duration_s
    assert [speaker for _, speaker in sides] == ["agent", "customer"]
    for (audio, _), spans, whole in zip(sides, speech, decoded.channels):
        assert spans == speech_spans(whole)  # exactly: no tolerance needed at block edges
        assert_keeps_what_transcription_reads(audio, whole, spans)


def test_streaming_vad_with_tiny_batches_and_the_mono_mixdown():
    """Many block edges (a model call every 0.6 s) change nothing; mono listens to the mixdown."""
    decoded = decode(CALLS[0], max_duration_s=30.0)
    mixdown = decoded.mixdown()
    vad = StreamingVad(batch_windows=19)
    for block in AudioStream(CALLS[0], max_duration_s=30.0):
        vad.feed(np.mean(block, axis=0, dtype=np.float32))
    assert vad.finish() == speech_spans(mixdown)
    sides, speech, _ = listen(CALLS[0], "mono", max_duration_s=30.0)
    assert [speaker for _, speaker in sides] == ["unknown"] and speech == [speech_spans(mixdown)]
    assert_keeps_what_transcription_reads(sides[0][0], mixdown, speech[0])


def test_streaming_vad_on_a_real_8k_call_fixture():
    if not STEREO_CALL.is_file():
        pytest.skip(f"{STEREO_CALL} not present")
    decoded = decode(STEREO_CALL, max_duration_s=120.0)
    sides, speech, _ = listen(STEREO_CALL, "left", max_duration_s=120.0)
    for (audio, _), spans, whole in zip(sides, speech, decoded.channels):
        assert spans == speech_spans(whole)
        assert_keeps_what_transcription_reads(audio, whole, spans)


def test_stream_blocks_are_what_decode_returns(tmp_path: Path):
    rng = np.random.default_rng(0)
    path = write_wav(tmp_path / "three.wav", rng.uniform(-0.5, 0.5, (3, 44100)), 44100, 3)
    stream = AudioStream(path, max_duration_s=0.7)
    blocks = list(stream)
    decoded = decode(path, max_duration_s=0.7)
    assert len(blocks) > 1 and stream.clipped and decoded.clipped
    np.testing.assert_array_equal(np.concatenate(blocks, axis=1), np.stack(decoded.channels))
    assert (stream.duration_s, stream.source_channels, stream.source_rate) == (0.7, 3, 44100)


def test_sparse_audio_reads_zeros_outside_kept_regions():
    audio = SparseAudio()
    audio.keep(2, np.array([1, 2, 3], np.float32))
    audio.keep(8, np.array([4, 5], np.float32))
    audio.keep(10, np.array([6], np.float32))
    audio.extend(12)
    assert len(audio) == 12 and audio.stored_samples == 6 and audio.regions == ((2, 5), (8, 11))
    assert audio[0:12].tolist() == [0, 0, 1, 2, 3, 0, 0, 0, 4, 5, 6, 0]
    assert audio[3:9].tolist() == [2, 3, 0, 0, 0, 4] and audio[9:11].tolist() == [5, 6]
    assert audio[11:20].tolist() == [0] and audio[5:3].size == 0
    with pytest.raises(ValueError):
        audio.keep(9, np.ones(2, np.float32))


def espeak_voice(folder: Path, text: str, rate: int) -> np.ndarray:
    out = folder / "voice.wav"
    subprocess.run(["espeak-ng", "-v", "es", "-w", str(out), text], check=True, capture_output=True)
    with wave.open(str(out)) as handle:
        voice = np.frombuffer(handle.readframes(handle.getnframes()), "<i2").astype(np.float32) / 32768
        voice_rate = handle.getframerate()
    return np.interp(np.arange(int(len(voice) * rate / voice_rate)) / rate, np.arange(len(voice)) / voice_rate, voice)


def test_a_long_mostly_silent_call_keeps_only_the_audio_near_its_speech(tmp_path: Path):
    """20 minutes of stereo silence (a little hiss) with three sentences: about 10 s of speech; the
    streaming pass keeps a few seconds around each sentence, not the 20 minutes."""
    rate, minutes = 8000, 20
    voice = espeak_voice(tmp_path, "Buenos días, me han cobrado dos veces la factura.", rate)
    calls = np.random.default_rng(1).normal(0, 1e-4, (2, minutes * 60 * rate)).astype(np.float32)
    for channel, at_s in ((0, 30), (1, 400), (0, 1150)):
        calls[channel, at_s * rate:at_s * rate + len(voice)] += 0.8 * voice
    path = write_wav(tmp_path / "long.wav", calls, rate)
    del calls
    sides, speech, duration_s = listen(path, "left")
    assert duration_s == minutes * 60
    assert [len(spans) > 0 for spans in speech] == [True, True]
    voice_s = len(voice) / rate
    for (audio, _), spans, sentences in zip(sides, speech, (2, 1)):
        assert len(audio) == duration_s * SAMPLE_RATE
        assert total(spans) < sentences * (voice_s + 1)
        assert audio.stored_samples <= sentences * (voice_s + 2 * KEEP_AROUND_SPEECH_S + 1) * SAMPLE_RATE
        assert audio.stored_samples < 0.02 * len(audio)  # 20 minutes held: 38 million samples
        for start, end in asr_chunks(spans, duration_s):  # what Whisper hears is all kept
            assert any(a <= start * SAMPLE_RATE and end * SAMPLE_RATE <= b for a, b in audio.regions)


class RecordingBackend:
    """A stand-in for Whisper that records every stretch of audio it is given and answers from it
    (so different audio gives different turns); every turn is unsure and sounds English, so the
    code-switching check reads the call's audio too."""

    name, compute_type = "recording", "none"

    def __init__(self) -> None:
        self.heard: list[tuple[str, np.ndarray]] = []

    def language_probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        self.heard.append(("detect", np.array(audio)))
        return [("en", 0.9), ("es", 0.1)]

    def transcribe(self, audio: np.ndarray, language: str, beam_size: int, word_timestamps: bool):
        self.heard.append((language, np.array(audio)))
        for k, start in enumerate(np.arange(0.0, len(audio) / SAMPLE_RATE - 1.5, 3.0)):
            loudness = float(np.abs(audio[int(start * SAMPLE_RATE):int((start + 1.5) * SAMPLE_RATE)]).mean())
            p = round(min(0.69, 0.3 + 5 * loudness), 4)
            yield AsrSegment(start, start + 1.5, f" gracias turno {k}", -0.2, 0.01, 1.0,
                             (AsrWord(" gracias", start, start + 0.6, p), AsrWord(" turno", start + 0.7, start + 1.1, p),
                              AsrWord(f" {k}", start + 1.2, start + 1.5, p)))


@pytest.mark.parametrize(("path", "agent_channel", "language"),
                         [(CALLS[0], "left", "es"), (CALLS[1], "right", None), (CALLS[2], "mono", "es")],
                         ids=lambda v: getattr(v, "name", v))
def test_whisper_hears_the_same_audio_streamed_as_from_the_whole_decoded_call(
        path: Path, agent_channel, language, monkeypatch: pytest.MonkeyPatch):
    """Language detection, each channel's chunks, the code-switching clips and (mono) the voice prints
    read exactly the audio they read from the whole decoded call, so the transcript is the same.
    (Real Whisper is not compared twice here: its temperature fallback samples at random, so a few
    segments can differ between two runs on the same audio.)"""
    options = TranscribeOptions(language=language)
    backends = []
    monkeypatch.setattr("speech.transcribe.backend_for", lambda _: backends[-1])
    backends.append(RecordingBackend())
    whole = transcribe_call(decode(path), agent_channel=agent_channel, options=options, language=language)
    backends.append(RecordingBackend())
    streamed = transcribe_source(CallSource(path=path, kind="audio", call_id="c", agent_channel=agent_channel),
                                 options)
    expected, heard = backends[0].heard, backends[1].heard
    assert [what for what, _ in heard] == [what for what, _ in expected]
    assert len(heard) > 2 and any(what == "en" for what, _ in heard)  # chunks and code-switching clips
    for (_, got), (_, want) in zip(heard, expected):
        np.testing.assert_array_equal(got, want)
    assert streamed.turns == whole.turns and len(whole.turns) > 3
    assert (streamed.metrics, streamed.quality, streamed.language) == (whole.metrics, whole.quality, whole.language)
