"""Conversation metrics and ASR quality: on spans with known durations, and on constructed signals
(synthetic speech and silences of known lengths) through the real Silero VAD. No Whisper."""
from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, decode
from speech.metrics import asr_quality, conversation_metrics, party_spans
from speech.types import Interval, Turn, Word
from speech.vad import ChunkClock, asr_chunks, speech_spans


def test_metrics_from_known_spans():
    agent = [(1.0, 5.0), (12.0, 15.0), (20.0, 22.0)]
    customer = [(5.5, 11.0), (14.0, 18.0)]  # starts at 14 while the agent talks until 15: overtalk by the customer

    m = conversation_metrics(agent, customer, agent_words=30, customer_words=20, dead_air_threshold_s=1.5)

    assert (m.agent_talk_s, m.customer_talk_s) == (9.0, 9.5)
    assert m.talk_ratio == pytest.approx(9.0 / 18.5, abs=1e-4)
    # gaps in anyone's speech between 1 and 22: 5-5.5, 11-12, 18-20
    assert (m.silence_s, m.longest_silence_s) == (3.5, 2.0)
    assert m.silences == (Interval(18.0, 20.0),) and (m.dead_air_count, m.dead_air_s) == (1, 2.0)
    assert m.overtalk_s == 1.0 and m.overlaps == (Interval(14.0, 15.0, "customer"),)
    assert (m.interruptions_by_agent, m.interruptions_by_customer) == (0, 1)
    assert m.time_to_first_agent_word_s == 1.0
    assert m.agent_wpm == pytest.approx(200.0) and m.customer_wpm == pytest.approx(20 / 9.5 * 60, abs=0.1)


def test_short_overtalk_is_a_backchannel_not_an_interruption():
    m = conversation_metrics([(0.0, 10.0)], [(4.0, 4.3), (9.0, 12.0)])
    assert m.overtalk_s == pytest.approx(1.3)
    assert (m.interruptions_by_agent, m.interruptions_by_customer) == (0, 1)  # only the 1 s one
    m = conversation_metrics([(0.0, 3.0), (5.0, 8.0)], [(2.0, 6.0)])  # agent cuts in at 5
    assert [o.by for o in m.overlaps] == ["customer", "agent"]


def test_nobody_speaks():
    m = conversation_metrics([], [])
    assert m.talk_ratio is None and m.time_to_first_agent_word_s is None and m.agent_wpm is None
    assert m.silence_s == 0 and m.silences == ()


def test_mono_party_spans_and_unmeasurable_overlap():
    speech = [(0.0, 4.0), (5.0, 9.0)]
    turns = [Turn("agent", 0.0, 4.2, "hola"), Turn("customer", 4.8, 7.0, "sí"), Turn("unknown", 7.0, 9.0, "eh")]
    agent, customer = party_spans(speech, turns, "agent"), party_spans(speech, turns, "customer")
    m = conversation_metrics(agent, customer, other=speech, overlaps_measurable=False)
    assert (m.agent_talk_s, m.customer_talk_s) == (4.0, 2.0)
    assert m.silence_s == 1.0  # the unknown turn's speech is speech, not silence
    assert m.overtalk_s == 0 and m.overlaps == ()


def test_asr_quality():
    words = tuple(Word(0, 1, "w", p) for p in (0.9, 0.8, 0.3, 0.95))
    q = asr_quality([Turn("agent", 0, 1, "w w w w", words)], dropped_segments=2)
    assert (q.mean_word_probability, q.low_confidence_share, q.n_words, q.dropped_segments) == (0.7375, 0.25, 4, 2)
    assert asr_quality([]).mean_word_probability is None


def test_asr_chunks_pad_and_join_and_the_clock_maps_back():
    chunks = asr_chunks([(1.0, 2.0), (3.0, 4.0), (9.0, 10.0)], duration_s=10.2)
    assert chunks == ((0.6, 4.4), (8.6, 10.2))  # 1 s apart: joined; 5 s apart: not
    clock = ChunkClock(chunks)
    assert clock.to_call_time(0.0) == 0.6
    assert clock.to_call_time(3.8, is_end=True) == 4.4  # the end of the first chunk stays in it
    assert clock.to_call_time(3.9) == 8.7


# --- constructed signals through the real VAD -----------------------------------------------------

@functools.lru_cache(maxsize=4)
def _phrase(voice: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "phrase.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "200", "-w", str(out),
                        "we measure the time each party talks and the silence between them"],
                       check=True, capture_output=True)
        samples = decode(out).channels[0]
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return samples[loud[0]:loud[-1]]


def voice(seconds: float, who: str = "en") -> np.ndarray:
    """Synthetic speech (espeak-ng, a phrase repeated without pauses) lasting exactly `seconds`."""
    phrase = _phrase(who)
    return np.tile(phrase, int(seconds * SAMPLE_RATE) // len(phrase) + 1)[:int(seconds * SAMPLE_RATE)]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_metrics_on_constructed_stereo_signal():
    """Agent talks 1-4 s and 12-16 s; customer 5-10 s and 15-17 s (talks over the agent at 15);
    an 7 s stretch with nobody (hold) at 17-24 s, then the agent 24-26 s."""
    agent = np.concatenate([silence(1), voice(3), silence(8), voice(4), silence(8), voice(2)])
    customer = np.concatenate([silence(5), voice(5, 'en+f3'), silence(5), voice(2, 'en+f3'), silence(9)])
    tolerance = 0.3  # VAD edges

    m = conversation_metrics(speech_spans(agent), speech_spans(customer), dead_air_threshold_s=5.0)

    assert m.agent_talk_s == pytest.approx(9.0, abs=2 * tolerance)
    assert m.customer_talk_s == pytest.approx(7.0, abs=2 * tolerance)
    assert m.time_to_first_agent_word_s == pytest.approx(1.0, abs=tolerance)
    assert m.dead_air_count == 1 and m.longest_silence_s == pytest.approx(7.0, abs=2 * tolerance)
    (hold,) = m.silences
    assert hold.start_s == pytest.approx(17.0, abs=tolerance) and hold.end_s == pytest.approx(24.0, abs=tolerance)
    assert m.overtalk_s == pytest.approx(1.0, abs=2 * tolerance)
    assert [o.by for o in m.overlaps] == ["customer"] and m.interruptions_by_customer == 1
    assert m.silence_s == pytest.approx(1 + 2 + 7, abs=6 * tolerance)  # 4-5, 10-12, 17-24


def test_pure_silence_and_a_steady_tone_have_no_speech():
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(3 * SAMPLE_RATE) / SAMPLE_RATE)).astype(np.float32)
    assert speech_spans(silence(3)) == () and speech_spans(tone) == ()
