"""The transcript cache: what makes a key, what a hit returns, and what is never served."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from speech.cache import TranscriptCache, file_sha256
from speech.transcribe import TranscribeOptions
from speech.types import AsrInfo, CallSource, Transcript, Turn, Word


def _source(path: Path, **kw) -> CallSource:
    return CallSource(path=path, kind="audio", call_id=kw.pop("call_id", "c1"), **kw)


def _transcript(call_id="c1") -> Transcript:
    words = (Word(0.5, 0.9, "Hola", 0.91), Word(0.9, 1.3, "buenas", 0.8))
    return Transcript(call_id=call_id, agent_id="a1", language="es", started_at="2026-11-20T10:00:00Z",
                      duration_s=12.0, turns=(Turn("agent", 0.5, 1.3, "Hola buenas", words),
                                               Turn("customer", 2.0, 3.5, "tengo un problema", language="en")),
                      source_path="/old/place.wav", asr=AsrInfo("faster-whisper", "base", "int8", 0.97))


def test_the_key_follows_the_audio_and_what_changes_the_output_not_the_call_identity(tmp_path):
    cache, options = TranscriptCache(tmp_path), TranscribeOptions()
    audio = tmp_path / "a.wav"
    key = cache.key("ab" * 32, _source(audio), options)
    assert cache.key("ab" * 32, _source(audio, call_id="other", agent_id="x", started_at="2026-01-01"),
                     options) == key
    assert cache.key("ab" * 32, _source(audio), dataclasses.replace(options, cpu_threads=1, concurrent_calls=2)) == key
    changed = [cache.key("cd" * 32, _source(audio), options),
               cache.key("ab" * 32, _source(audio, agent_channel="right"), options),
               cache.key("ab" * 32, _source(audio, language="en"), options),
               cache.key("ab" * 32, _source(audio), dataclasses.replace(options, model="small")),
               cache.key("ab" * 32, _source(audio), dataclasses.replace(options, backend="openai-whisper")),
               cache.key("ab" * 32, _source(audio), dataclasses.replace(options, compute_type="float32")),
               cache.key("ab" * 32, _source(audio), dataclasses.replace(options, beam_size=5))]
    assert len({key, *changed}) == len(changed) + 1


def test_a_hit_is_the_stored_transcript_as_the_new_source_call(tmp_path):
    cache = TranscriptCache(tmp_path / "cache")
    moved = _source(tmp_path / "new" / "b.wav", call_id="c2", agent_id="a9", started_at="2026-11-21T08:00:00Z")
    key = cache.key("ef" * 32, moved, TranscribeOptions())
    assert cache.get(key, moved) is None
    cache.put(key, _transcript())
    hit = cache.get(key, moved)
    assert (hit.call_id, hit.agent_id, hit.started_at, hit.source_path) == \
        ("c2", "a9", "2026-11-21T08:00:00Z", str(moved.path))
    assert hit.turns == _transcript().turns and hit.asr == _transcript().asr and hit.duration_s == 12.0


def test_a_damaged_entry_is_a_miss_and_purge_removes_every_entry_of_a_recording(tmp_path):
    cache, source = TranscriptCache(tmp_path), _source(tmp_path / "a.wav")
    sha = "12" * 32
    keys = [cache.key(sha, source, TranscribeOptions(model=m)) for m in ("base", "small")]
    for key in keys:
        cache.put(key, _transcript())
    cache._path(keys[0]).write_text('{"turns": [', encoding="utf-8")
    assert cache.get(keys[0], source) is None and cache.get(keys[1], source) is not None
    other = cache.key("34" * 32, source, TranscribeOptions())
    cache.put(other, _transcript())
    assert cache.purge({sha}) == 2
    assert cache.get(keys[1], source) is None and cache.get(other, source) is not None


def test_file_sha256_is_the_content_hash(tmp_path):
    import hashlib

    data = bytes(range(256)) * 5000
    (tmp_path / "x.bin").write_bytes(data)
    assert file_sha256(tmp_path / "x.bin") == hashlib.sha256(data).hexdigest()
