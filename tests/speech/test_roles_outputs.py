"""Mono role assignment, the hallucination guard, subtitles, JSON round trip, CTranslate2 reading and
model provisioning: all without Whisper."""
from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from speech import models
from speech.convert import read_ct2
from speech.roles import MIN_ROLE_CONFIDENCE, assign_roles, cue_score
from speech.subtitles import to_srt, to_webvtt
from speech.transcribe import is_hallucination, is_music, is_repetition_loop, merge_turns, split_at_silences
from speech.transcript_json import transcript_from_dict, transcript_to_dict
from speech.types import AsrInfo, AsrQuality, ConversationMetrics, Interval, Transcript, Turn, Word
from tests.speech.test_metrics import silence, voice

espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


# --- roles -------------------------------------------------------------------------------------

def mono_call(parts: list[tuple[str, float, str]]) -> tuple[np.ndarray, list[Turn]]:
    """Alternating synthetic voices with 0.5 s gaps: agent = espeak 'en' (male), customer = 'en+f3'."""
    audio, turns, t = [], [], 0.0
    for who, seconds, text in parts:
        audio += [voice(seconds, "en" if who == "agent" else "en+f3"), silence(0.5)]
        turns.append(Turn("unknown", t, t + seconds, text))
        t += seconds + 0.5
    return np.concatenate(audio), turns


def test_cue_score():
    assert cue_score("Thank you for calling, how can I help you?") == 2
    assert cue_score("Hola, llamo porque mi factura está mal") == -2
    assert cue_score("Okay.") == 0


@espeak
def test_mono_roles_from_voices_and_cues():
    audio, turns = mono_call([("agent", 2.5, "Thank you for calling, how can I help you?"),
                              ("customer", 3.0, "Hi, I'm calling because my bill is wrong."),
                              ("agent", 2.0, "Let me check that for you."),
                              ("customer", 2.0, "Okay, thanks."),
                              ("agent", 2.5, "I see the charge here.")])
    assigned = assign_roles(turns, audio)
    assert [t.speaker for t in assigned] == ["agent", "customer", "agent", "customer", "agent"]
    assert all(t.speaker_confidence >= MIN_ROLE_CONFIDENCE for t in assigned)


@espeak
def test_mono_roles_stay_unknown_without_cues():
    audio, turns = mono_call([("agent", 2.5, "Okay."), ("customer", 3.0, "Right."), ("agent", 2.0, "Sure.")])
    assigned = assign_roles(turns, audio)
    assert {t.speaker for t in assigned} == {"unknown"}  # the first-turn vote alone is not enough
    assert all(t.speaker_confidence < MIN_ROLE_CONFIDENCE for t in assigned)


def test_mono_turns_are_cut_where_voice_activity_pauses():
    words = tuple(Word(s, s + 0.9, w, 0.9) for s, w in [(0.0, "Hello."), (1.0, "Hi"), (3.0, "there.")])
    (one,) = [Turn("unknown", 0.0, 3.9, "Hello. Hi there.", words)]
    parts = split_at_silences([one], [(0.0, 0.8), (1.2, 2.0), (3.1, 3.9)])
    assert [p.text for p in parts] == ["Hello.", "Hi", "there."]


def test_turns_in_another_language_are_not_joined():
    merged = merge_turns([Turn("customer", 0, 1, "Sí."), Turn("customer", 1.2, 2, "I mean yes.", language="en")])
    assert len(merged) == 2


# --- hallucination guard -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["♪♪", "[Music]", "(música de fondo)", "* música *", "[MÚSICA]"])
def test_music_captions_are_hallucinations(text):
    assert is_music(text) and is_hallucination(text, 0.01, -0.1)


@pytest.mark.parametrize(("text", "expected"), [
    ("Thank you for holding. Thank you for holding. Thank you for holding. Thank you for holding.", True),
    ("la la la la la", True),
    ("No, no, no, no.", False),  # people say that
    ("Yes, I want to cancel the contract because the contract is wrong.", False),
])
def test_repetition_loops(text, expected):
    assert is_repetition_loop(text) is expected


def test_compression_ratio_over_whispers_threshold_is_a_loop():
    assert is_hallucination("okay okay okay", 0.01, -0.2, compression_ratio=3.1)
    assert not is_hallucination("I'd like to pay my bill.", 0.01, -0.2, compression_ratio=1.3)


# --- outputs ------------------------------------------------------------------------------------

def transcript() -> Transcript:
    metrics = ConversationMetrics(10.0, 5.0, 0.6667, 3.0, 2.0, 0.5, 0, 1, 0.4, 5.0, 1, 6.0, 150.0, None,
                                  silences=(Interval(20.0, 26.0),), overlaps=(Interval(3.0, 3.5, "customer"),))
    return Transcript("c1", "AG-1", "es", None, 3725.5,
                      (Turn("agent", 0.4, 2.0, "Buenos días <Laura>", (Word(0.4, 1.0, "Buenos", 0.9),)),
                       Turn("customer", 3661.25, 3662.0, "Hello", language="en", speaker_confidence=0.62)),
                      asr=AsrInfo("faster-whisper", "base", "int8", 0.97), metrics=metrics,
                      quality=AsrQuality(0.9, 0.1, 1, 2))


def test_webvtt_and_srt_with_speaker_labels():
    vtt, srt = to_webvtt(transcript()), to_srt(transcript())
    assert vtt.startswith("WEBVTT\n\n00:00:00.400 --> 00:00:02.000\n<v Agent>Buenos días &lt;Laura&gt;</v>\n")
    assert "01:01:01.250 --> 01:01:02.000\n<v Customer (en)>Hello</v>" in vtt
    assert srt.startswith("1\n00:00:00,400 --> 00:00:02,000\nAgent: Buenos días <Laura>\n\n2\n01:01:01,250")


def test_json_round_trip_keeps_metrics_quality_and_turn_fields():
    original = transcript()
    data = json.loads(json.dumps(transcript_to_dict(original)))
    assert "speaker_confidence" not in data["turns"][0] and data["turns"][1]["speaker_confidence"] == 0.62
    back = transcript_from_dict(data)
    assert (back.metrics, back.quality, back.asr) == (original.metrics, original.quality, original.asr)
    assert back.turns[1].language == "en" and back.turns[1].speaker_confidence == 0.62


# --- CTranslate2 reader and model provisioning ---------------------------------------------------

def ct2_file(path: Path) -> Path:
    def string(s: str) -> bytes:
        return struct.pack("<H", len(s) + 1) + s.encode() + b"\0"
    weight = np.arange(6, dtype=np.float16).reshape(3, 2)
    body = struct.pack("<I", 6) + string("WhisperSpec") + struct.pack("<II", 3, 2)
    body += string("decoder/embeddings/weight") + struct.pack("<BII", 2, 3, 2) + struct.pack("<BI", 4, weight.nbytes) + weight.tobytes()
    body += string("decoder/num_heads") + struct.pack("<B", 0) + struct.pack("<BI", 2, 2) + struct.pack("<h", 8)
    body += struct.pack("<I", 1) + string("decoder/projection/weight") + string("decoder/embeddings/weight")
    path.write_bytes(body)
    return path


def test_read_ct2_resolves_aliases(tmp_path: Path):
    variables = read_ct2(ct2_file(tmp_path / "model.bin"))
    assert variables["decoder/embeddings/weight"].shape == (3, 2) and int(variables["decoder/num_heads"]) == 8
    assert variables["decoder/projection/weight"] is variables["decoder/embeddings/weight"]


def test_unknown_model_says_how_to_install(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    models.model_path.cache_clear()
    with pytest.raises(models.ModelNotAvailable, match="escucha models"):
        models.model_path("large-v3")


def test_user_caches_are_found_and_verified(monkeypatch, tmp_path: Path):
    import hashlib

    snapshot = tmp_path / "hub" / "models--Systran--faster-whisper-small" / "snapshots" / "abc"
    blobs = tmp_path / "hub" / "models--Systran--faster-whisper-small" / "blobs"
    snapshot.mkdir(parents=True)
    blobs.mkdir()
    good = b"weights"
    (blobs / hashlib.sha256(good).hexdigest()).write_bytes(good)
    (snapshot / "model.bin").symlink_to(blobs / hashlib.sha256(good).hexdigest())
    for name in ("config.json", "tokenizer.json"):
        (snapshot / name).write_text("{}")
    (tmp_path / "whisper").mkdir()
    (tmp_path / "whisper" / "small.pt").write_bytes(b"not really")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    models.model_path.cache_clear()

    assert models.model_path("small") == snapshot
    found = {(m.name, m.backend) for m in models.available_models()}
    assert (str(snapshot), "faster-whisper") in found and ("small", "openai-whisper") in found
    # A corrupted blob is refused; so is an openai checkpoint whose sha256 differs from openai's.
    bad = blobs / ("0" * 64)
    bad.write_bytes(b"tampered")
    (snapshot / "model.bin").unlink()
    (snapshot / "model.bin").symlink_to(bad)
    models.model_path.cache_clear()
    with pytest.raises(models.ModelNotAvailable, match="sha256"):
        models.model_path("small")
    with pytest.raises(models.ModelNotAvailable, match="sha256"):
        models.openai_checkpoint("small")
    models.model_path.cache_clear()
