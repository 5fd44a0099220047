"""Both Whisper backends on real audio (slow): the converted openai-whisper checkpoint must give
faster-whisper float32's text and word timings exactly; both must get the staged call's roles right;
mono roles on an example call mixed down; silence and noise give no turns."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, DecodedAudio, decode
from speech.backends import get_backend
from speech.transcribe import TranscribeOptions, transcribe_call, transcribe_source
from speech.types import CallSource
from speech.vad import intersection, speech_spans, total
from tests.speech.test_transcribe import REAL_CALLS, STEREO_CALL, assert_well_formed

CLIPS = [(REAL_CALLS / "en_speechmatics_call-center-sample_stereo_agentL_customerR_16k.flac", "en"),
         (REAL_CALLS / "en_gcp_two-channel_stereo_16k.flac", "en"),
         (REAL_CALLS / "es_azure_es-mx_questions_16k.flac", "es")]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calls" / "es_01_culpa_facturacion.ogg"

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("path", "language"), CLIPS, ids=lambda v: getattr(v, "name", v))
def test_converted_checkpoint_matches_faster_whisper_float32(path: Path, language: str):
    if not path.is_file():
        pytest.skip(f"{path} not present")
    reference = get_backend("faster-whisper", "base", "cpu", "float32")
    converted = get_backend("openai-whisper", "base", "cpu")
    for channel in decode(path).channels:
        expected, got = list(reference.transcribe(channel, language)), list(converted.transcribe(channel, language))
        assert [s.text for s in got] == [s.text for s in expected]
        expected_words = [(w.word, w.start, w.end) for s in expected for w in s.words]
        got_words = [(w.word, w.start, w.end) for s in got for w in s.words]
        assert [w for w, _, _ in got_words] == [w for w, _, _ in expected_words]
        np.testing.assert_allclose([t for _, s, e in got_words for t in (s, e)],
                                   [t for _, s, e in expected_words for t in (s, e)], atol=0.021)


@pytest.mark.parametrize("backend", ["faster-whisper", "openai-whisper"])
def test_both_backends_get_the_staged_call_turns_in_order(backend: str):
    if not STEREO_CALL.is_file():
        pytest.skip(f"{STEREO_CALL} not present")
    source = CallSource(path=STEREO_CALL, kind="audio", call_id="auto-repairs-40", agent_channel="left")

    t = transcribe_source(source, TranscribeOptions(backend=backend, max_duration_s=52.0, language="en"))

    assert t.asr.backend == backend
    assert_well_formed(t.turns, t.duration_s)
    speakers = [turn.speaker for turn in t.turns]
    assert speakers[:3] == ["agent", "customer", "customer"] or speakers[:2] == ["agent", "customer"]
    assert "thank you for calling" in t.turns[0].text.lower()
    assert any(turn.speaker == "agent" and "sorry" in turn.text.lower() for turn in t.turns)  # ~45 s
    assert t.metrics.agent_talk_s > 5 and t.metrics.customer_talk_s > 20 and t.metrics.time_to_first_agent_word_s < 1
    assert t.quality.n_words > 50 and t.quality.mean_word_probability > 0.6


@pytest.mark.xfail(strict=False, reason="voice-print clustering is fragile on short espeak-ng calls: "
                   "on the first 50 s most turns fall into one group (see README, mono roles)")
def test_mono_mixdown_of_an_example_call_gets_roles():
    decoded = decode(EXAMPLE, max_duration_s=50.0)
    agent, customer = (speech_spans(c) for c in decoded.channels)
    mono = DecodedAudio(channels=(decoded.mixdown(),), sample_rate=SAMPLE_RATE, duration_s=decoded.duration_s,
                        source_channels=1, source_rate=decoded.source_rate)

    result = transcribe_call(mono, agent_channel="mono", options=TranscribeOptions(language="es"))

    labelled = [t for t in result.turns if t.speaker != "unknown"]
    seconds = sum(t.end_s - t.start_s for t in labelled)
    assert seconds >= sum(t.end_s - t.start_s for t in result.turns) / 2  # coverage
    right = 0.0
    for turn in labelled:
        span = ((turn.start_s, turn.end_s),)
        truth = "agent" if total(intersection(span, agent)) > total(intersection(span, customer)) else "customer"
        right += (turn.end_s - turn.start_s) * (turn.speaker == truth)
    assert right / seconds >= 0.7  # time-weighted accuracy (benchmarks/speech_roles.py has the full evaluation)
    assert result.metrics.overtalk_s == 0 and result.metrics.agent_talk_s > 0


def test_silence_and_noise_on_one_side_give_no_turns():
    rng = np.random.default_rng(0)
    quiet = np.concatenate([np.zeros(5 * SAMPLE_RATE), 0.003 * rng.standard_normal(10 * SAMPLE_RATE)]).astype(np.float32)
    decoded = DecodedAudio(channels=(quiet, quiet.copy()), sample_rate=SAMPLE_RATE, duration_s=15.0,
                           source_channels=2, source_rate=SAMPLE_RATE)

    result = transcribe_call(decoded, agent_channel="left", options=TranscribeOptions(language="en"))

    assert result.turns == () and result.quality.n_words == 0 and result.metrics.talk_ratio is None
