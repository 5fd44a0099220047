"""Bad input, nothing lost: a corpus of broken and unusual inputs, generated here, goes through the real flow.

Every input ends up either loaded (a `calls` row) or with an `ingest_errors` row whose stage says where it
failed and whose cause names the file; the good calls of the same batch load. The audio that has to be
transcribed (formats, rates, channels, silence, a German call) is in the slow test; the fast one holds
everything that fails before Whisper is needed, plus transcripts.
"""
from __future__ import annotations

import json
import subprocess
import time
import wave
from pathlib import Path

import duckdb
import numpy as np
import pytest

from tests.audio_files import write_wav as write_pcm
from tests.conftest import case_to_transcript_dict, labelled_cases

pytestmark = pytest.mark.integration


# --- generators ---------------------------------------------------------------------------------------

def write_wav(path: Path, samples: np.ndarray, rate: int, width: int = 2) -> Path:
    """`samples` shaped (n,) or (n, channels), as these tests build them."""
    return write_pcm(path, samples.T if samples.ndim == 2 else samples, rate, width)


def speech(text: str, voice: str, tmp: Path, rate: int = 16000) -> np.ndarray:
    """espeak-ng speech as float samples at `rate`."""
    out = tmp / f"_tts_{abs(hash((text, voice)))}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(out), text], check=True)
    with wave.open(str(out)) as w:
        src_rate, raw = w.getframerate(), w.readframes(w.getnframes())
    out.unlink()
    x = np.frombuffer(raw, "<i2").astype(np.float32) / 32768
    t = np.arange(int(len(x) * rate / src_rate)) / rate
    return np.interp(t, np.arange(len(x)) / src_rate, x).astype(np.float32)


def transcript_json(path: Path, call_id: str, language: str = "es", case: int = 0) -> Path:
    data = case_to_transcript_dict(labelled_cases(language)[case], language, agent_id=f"agent_{language}")
    data["call_id"] = call_id
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def outcome(db: Path) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """(file names loaded, {file name (or manifest.csv:LINE): (stage, error)})."""
    loaded = {Path(p).name for (p,) in _rows(db, "SELECT source_path FROM calls")}
    errors = {Path(p).name: (stage, error) for p, stage, error in _rows(db, "SELECT source_path, stage, error FROM ingest_errors")}
    return loaded, errors


# --- the fast corpus: no Whisper ----------------------------------------------------------------------

def test_broken_inputs_get_an_error_row_and_the_rest_loads(prefect_backend, tmp_path, monkeypatch):
    import flows.process_calls as pc
    from speech.transcribe import TranscribeOptions

    folder = tmp_path / "batch"
    folder.mkdir()
    transcript_json(folder / "good_es.json", "good-es", "es", 0)
    transcript_json(folder / "good_en.json", "good-en", "en", 0)
    transcript_json(folder / "listed.json", "listed", "es", 1)
    transcript_json(folder / "dup_a.json", "same-call", "es", 2)
    transcript_json(folder / "dup_b.json", "same-call", "en", 2)
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.wav").write_text("this is a text file, not audio\n")
    (folder / "random.ogg").write_bytes(np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8).tobytes())
    whole = write_wav(tmp_path / "whole.wav", np.zeros(32000, np.float32), 16000).read_bytes()
    (folder / "truncated.wav").write_bytes(whole[: len(whole) // 2])
    (folder / "malformed.json").write_text('{"call_id": "m", "turns": [', encoding="utf-8")
    (folder / "wrong_shape.json").write_text('{"call_id": "w", "language": "es", "turns": "none"}', encoding="utf-8")
    write_wav(folder / "too_long.wav", np.zeros(8000 * 12, np.float32), 8000, width=1)  # 12 s > 5 s limit, 96 kB
    write_wav(folder / "too_big.wav", np.zeros((8000 * 4, 2), np.float32), 8000, width=3)  # 192 kB > 150 kB
    write_wav(folder / "vanishing.wav", np.zeros(8000, np.float32), 8000)
    (folder / "manifest.csv").write_text(
        "file,call_id,agent_id,started_at,language,agent_channel\n"
        "listed.json,listed-01,AG-1,2026-11-20T09:30:00+01:00,es,left\n"   # line 2: good
        "not_there.wav,nt,AG-1,,,left\n"                                     # line 3: missing file
        "good_en.json,en-1,AG-2,yesterday,,\n"                              # line 4: malformed date
        "good_es.json,es-1,AG-3,,es,centre\n"                               # line 5: unknown channel
        "short_row.json\n",                                                  # line 6: missing columns + file
        encoding="utf-8")

    real_discover = pc.discover

    def discover_then_lose_a_file(paths):
        found = real_discover(paths)
        (folder / "vanishing.wav").unlink()  # gone after discovery, before its turn: a file that disappears mid-batch
        return found

    monkeypatch.setattr(pc, "discover", discover_then_lose_a_file)
    db = tmp_path / "w.duckdb"
    options = TranscribeOptions(max_call_s=5.0, max_file_bytes=150_000)
    started = time.perf_counter()
    summary = pc.process_batch([str(folder)], str(db), options)
    elapsed = time.perf_counter() - started

    loaded, errors = outcome(db)
    assert loaded == {"listed.json", "dup_a.json"}, errors
    expected = {"empty.wav": "decode", "notes.wav": "decode", "random.ogg": "decode", "truncated.wav": "decode",
                "malformed.json": "read", "wrong_shape.json": "read", "too_long.wav": "limits",
                "too_big.wav": "limits", "vanishing.wav": "decode", "dup_b.json": "discover",
                "not_there.wav": "manifest", "manifest.csv:4": "manifest", "manifest.csv:5": "manifest"}
    for name, stage in expected.items():
        assert name in errors, f"{name}: neither loaded nor reported ({sorted(errors)})"
        assert errors[name][0] == stage, (name, errors[name])
        assert name.split(":")[0] in errors[name][1], f"the cause does not name the file: {errors[name]}"
    assert "short_row.json" in errors or "manifest.csv:6" in errors
    assert "duration limit" in errors["too_long.wav"][1] and "size limit" in errors["too_big.wav"][1]
    assert "duplicate call_id 'same-call'" in errors["dup_b.json"][1]
    # every file of the folder is accounted for: loaded, or an error row of its own, or held back by the
    # error row of its malformed manifest line (manifest.csv:LINE)
    held_back = {"good_en.json": "manifest.csv:4", "good_es.json": "manifest.csv:5"}
    for path in folder.iterdir():
        if path.name != "manifest.csv":
            assert path.name in loaded or path.name in errors or held_back.get(path.name) in errors, path.name
    assert len(summary.errors) == len(errors)
    assert _rows(db, "SELECT call_id, agent_id FROM calls ORDER BY 1") == [("listed-01", "AG-1"), ("same-call", "agent_es")]
    assert elapsed < 60


# --- the audio corpus: real Whisper -------------------------------------------------------------------

ES_AGENT = "Buenos días, le atiende el servicio de atención al cliente. ¿En qué puedo ayudarle?"
ES_CUSTOMER = "Me han cobrado dos veces la factura de este mes y quiero que me devuelvan el dinero."
EN_TEXT = "Thank you for calling. I am sorry about the double charge, let me check your bill."


def _pad(x: np.ndarray, n: int) -> np.ndarray:
    return np.pad(x, (0, max(0, n - len(x))))[:n]


@pytest.mark.slow
def test_unusual_audio_loads_or_is_reported(prefect_backend, tmp_path):
    from flows.process_calls import process_batch
    from speech.transcribe import TranscribeOptions

    folder = tmp_path / "audio"
    folder.mkdir()
    es_agent, es_customer = speech(ES_AGENT, "es", tmp_path), speech(ES_CUSTOMER, "es", tmp_path)
    en = speech(EN_TEXT, "en", tmp_path)
    n = max(len(es_agent), len(es_customer)) + 16000
    stereo = np.stack([_pad(es_agent, n) * 0.8, np.roll(_pad(es_customer, n), 8000) * 0.8], axis=1)
    write_wav(folder / "pcm8_unsigned.wav", stereo, 16000, width=1)
    write_wav(folder / "pcm24_44k.wav", speech(EN_TEXT, "en", tmp_path, 44100) * 0.8, 44100, width=3)
    write_wav(folder / "narrowband_8k.wav", speech(ES_CUSTOMER, "es", tmp_path, 8000) * 0.8, 8000)
    wide = write_wav(tmp_path / "wide.wav", np.stack([_pad(speech(EN_TEXT, "en", tmp_path, 48000), 48000 * 7)] * 2, 1) * 0.8,
                     48000)
    subprocess.run(["sox", str(wide), str(folder / "wideband_48k.flac")], check=True)
    four = np.zeros((len(en) + 8000, 4), np.float32)
    four[: len(en), 0], four[8000:, 1] = en * 0.8, _pad(es_customer, len(en)) * 0.8  # channels 3-4 stay silent
    write_wav(folder / "four_channels.wav", four, 16000)
    write_wav(folder / "all_silence.wav", np.zeros((16000 * 5, 2), np.float32), 16000)
    write_wav(folder / "german.wav", speech("Guten Tag, ich rufe wegen meiner Rechnung an, sie ist viel zu hoch.",
                                            "de", tmp_path) * 0.8, 16000)
    (folder / "broken.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x10" + b"\xff" * 200)
    transcript_json(folder / "typed.json", "typed", "en", 0)

    db = tmp_path / "w.duckdb"
    process_batch([str(folder)], str(db), TranscribeOptions(language=None))
    loaded, errors = outcome(db)
    assert set(errors) == {"broken.mp3"} and errors["broken.mp3"][0] == "decode", errors
    assert loaded == {p.name for p in folder.iterdir()} - {"broken.mp3"}
    calls = {Path(p).name: (lang, n, dropped) for p, lang, n, dropped in _rows(
        db, "SELECT source_path, language, n_turns, asr_dropped_segments FROM calls")}
    assert calls["all_silence.wav"][1:] == (0, 0)  # a valid, empty call: VAD found nothing to transcribe
    assert calls["german.wav"][0] in ("es", "en")  # restricted to the two languages the rules know
    for name in ("pcm8_unsigned.wav", "pcm24_44k.wav", "wideband_48k.flac", "four_channels.wav"):
        assert calls[name][1] >= 1, (name, calls[name])
    # espeak at 8 kHz is hard on Whisper base: heard, but its one segment is sometimes dropped as unsure
    assert calls["narrowband_8k.wav"][1] + calls["narrowband_8k.wav"][2] >= 1
    assert calls["pcm8_unsigned.wav"][0] == "es" and calls["pcm24_44k.wav"][0] == "en"


@pytest.mark.slow
def test_two_hours_of_silence_with_ten_seconds_of_speech(tmp_path):
    """Decode + VAD skip the silence: only the speech is transcribed, in bounded time."""
    from speech.transcribe import TranscribeOptions, transcribe_source
    from speech.types import CallSource

    rate = 8000
    words = speech(ES_CUSTOMER, "es", tmp_path, rate) * 0.8
    part = tmp_path / "speech.wav"
    write_wav(part, np.concatenate([np.zeros(rate * 3600, np.float32), words]), rate)  # 1 h + speech
    silence = tmp_path / "silence.wav"
    write_wav(silence, np.zeros(rate * 3600, np.float32), rate)
    long_call = tmp_path / "long.flac"
    subprocess.run(["sox", str(part), str(silence), str(long_call)], check=True)  # 2 h, speech after 1 h
    part.unlink()
    silence.unlink()
    assert long_call.stat().st_size < 3_000_000
    started = time.perf_counter()
    t = transcribe_source(CallSource(path=long_call, kind="audio", call_id="long", agent_channel="mono"),
                          TranscribeOptions(language="es"))
    elapsed = time.perf_counter() - started
    assert t.duration_s > 7200
    assert t.turns and all(3595 <= u.start_s < 3615 for u in t.turns)  # VAD pads speech by 0.4 s
    assert elapsed < 120, elapsed
