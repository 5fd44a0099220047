"""process_batch's own logic on a real Prefect backend: the transcript cache, only_new, parallel
transcription with one writer, the Dask runner, and process_call."""
from __future__ import annotations

import json

import duckdb
import numpy as np
import pytest

from tests.audio_files import write_wav
from tests.flows.artifacts import run_artifacts, table_columns

pytestmark = pytest.mark.integration

SNAPSHOT = ("SELECT (SELECT list(call_id ORDER BY call_id) FROM calls), "
            "(SELECT list(finding_id ORDER BY finding_id) FROM findings), "
            "(SELECT list(call_id || ':' || turn_index || ':' || text ORDER BY call_id, turn_index) FROM utterances)")


def _rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def fake_whisper(monkeypatch):
    """Stands in for Whisper only where the test is about the flow's caching: counts what it transcribes."""
    import flows.process_calls as pc
    from speech.types import AsrInfo, Transcript, Turn

    calls = []

    def transcript_for(source, options=None):
        calls.append(source.path.name)
        text = "eso no me corresponde, llame a facturación" if "blame" in source.path.name else "buenos días"
        return Transcript(call_id=source.call_id, agent_id=source.agent_id, language="es",
                          started_at=source.started_at, duration_s=4.0,
                          turns=(Turn("customer", 0.0, 1.5, "me cobraron dos veces"), Turn("agent", 2.0, 3.9, text)),
                          source_path=str(source.path), asr=AsrInfo("faster-whisper", "base", "int8", 0.9))

    monkeypatch.setattr(pc, "transcript_for", transcript_for)
    return calls


def _audio_folder(tmp_path, names=("c1_blame.wav", "c2.wav", "c3.wav")):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i, name in enumerate(names):  # distinct bytes: distinct recordings
        write_wav(folder / name, np.full(1600, 0.01 * (i + 1), np.float32), 16000)
    return folder


def test_an_unchanged_call_is_never_transcribed_twice(prefect_backend, fake_whisper, tmp_path):
    from flows.process_calls import process_batch

    folder, db_path = _audio_folder(tmp_path), tmp_path / "w.duckdb"
    first = process_batch([str(folder)], str(db_path))
    assert (first.transcribed, first.cache_hits, len(fake_whisper)) == (3, 0, 3)
    snapshot = _rows(db_path, SNAPSHOT)

    second = process_batch([str(folder)], str(db_path))
    assert (second.transcribed, second.cache_hits, len(fake_whisper)) == (0, 3, 3)
    assert _rows(db_path, SNAPSHOT) == snapshot  # a hit loads exactly what the miss loaded

    # The same recording under a new name and agent (a manifest): still a hit, stored as the new call.
    (folder / "c2.wav").rename(folder / "renamed.wav")
    (folder / "manifest.csv").write_text("file,call_id,agent_id,started_at,language,agent_channel\n"
                                         "renamed.wav,call-77,agent_x,,,left\n", encoding="utf-8")
    third = process_batch([str(folder)], str(db_path))
    assert (third.transcribed, third.cache_hits, len(fake_whisper)) == (0, 3, 3)
    assert _rows(db_path, "SELECT agent_id FROM calls WHERE call_id = 'call-77'") == [("agent_x",)]

    # Changed bytes are a new recording; use_cache=False transcribes whatever the cache holds.
    write_wav(folder / "c3.wav", np.full(3200, 0.5, np.float32), 16000)
    fourth = process_batch([str(folder)], str(db_path))
    assert (fourth.transcribed, fourth.cache_hits, fake_whisper[-1]) == (1, 2, "c3.wav")
    fifth = process_batch([str(folder)], str(db_path), use_cache=False)
    assert (fifth.transcribed, fifth.cache_hits, len(fake_whisper)) == (3, 0, 7)


def test_only_new_skips_calls_loaded_from_the_same_bytes(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_batch

    db_path = tmp_path / "w.duckdb"
    first = process_batch([str(transcript_folder)], str(db_path), only_new=True)
    assert len(first.loaded) == 24 and not first.skipped
    assert _rows(db_path, "SELECT count(*), count(DISTINCT sha256) FROM source_files") == [(24, 24)]

    changed = sorted(transcript_folder.glob("*.json"))[0]
    data = json.loads(changed.read_text(encoding="utf-8"))
    data["turns"][0]["text"] += " (corregido)"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = process_batch([str(transcript_folder)], str(db_path), only_new=True)
    assert second.loaded == [data["call_id"]] and len(second.skipped) == 23
    assert _rows(db_path, "SELECT count(*) FROM calls") == [(24,)]
    assert "(corregido)" in _rows(db_path, "SELECT text FROM utterances WHERE call_id = ? AND turn_index = 0"
                                  .replace("?", f"'{data['call_id']}'"))[0][0]


def test_two_workers_load_the_same_rows_in_the_same_order(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_batch

    one = process_batch([str(transcript_folder)], str(tmp_path / "one.duckdb"), workers=1)
    two = process_batch([str(transcript_folder)], str(tmp_path / "two.duckdb"), workers=2)
    assert two.loaded == one.loaded and two.findings_per_rule == one.findings_per_rule
    assert _rows(tmp_path / "two.duckdb", SNAPSHOT) == _rows(tmp_path / "one.duckdb", SNAPSHOT)
    assert set(two.stage_seconds) >= {"transcribe", "detect", "redact", "load"}


def test_a_batch_publishes_its_summary_and_flagged_calls(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import FLAGGED_KEY, SUMMARY_KEY, process_batch

    (transcript_folder / "zz_malformed.json").write_text("{not json", encoding="utf-8")
    db_path = tmp_path / "w.duckdb"
    summary = process_batch([str(transcript_folder)], str(db_path))
    artifacts = run_artifacts(summary.run_id)

    assert set(artifacts) == {SUMMARY_KEY, FLAGGED_KEY}
    text = artifacts[SUMMARY_KEY].data
    assert artifacts[SUMMARY_KEY].type == "markdown"
    assert f"**Loaded:** {len(summary.loaded)}" in text and "**Failed:** 1" in text
    for rule, n in summary.findings_per_rule.items():
        assert f"| {rule} | {n} |" in text
    assert "## Errors (1)" in text and "zz_malformed.json" in text
    assert artifacts[FLAGGED_KEY].type == "table"
    data = table_columns(artifacts[FLAGGED_KEY])
    flagged = [r[0] for r in _rows(db_path, "SELECT call_id FROM flagged_calls")]
    assert sorted(data["call_id"]) == sorted(flagged) and len(flagged) >= 7
    assert data["max_severity"][0] == "high"  # most severe first


def test_process_call_takes_one_file(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_call

    path = sorted(transcript_folder.glob("es_*.json"))[0]
    summary = process_call(str(path), str(tmp_path / "w.duckdb"))
    assert summary.loaded == [json.loads(path.read_text(encoding="utf-8"))["call_id"]]
    assert _rows(tmp_path / "w.duckdb", "SELECT count(*) FROM calls") == [(1,)]


def test_a_bad_runner_or_worker_count_is_refused():
    from flows.process_calls import task_runner_for

    with pytest.raises(ValueError, match="unknown runner 'spark'"):
        task_runner_for("spark", 1)
    with pytest.raises(ValueError, match="at least 1"):
        task_runner_for("thread", 0)


@pytest.mark.slow
def test_the_dask_runner_loads_what_the_thread_runner_loads(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_batch

    threads = process_batch([str(transcript_folder)], str(tmp_path / "t.duckdb"))
    dask = process_batch([str(transcript_folder)], str(tmp_path / "d.duckdb"), workers=2, runner="dask")
    assert dask.loaded == threads.loaded and not dask.errors
    assert _rows(tmp_path / "d.duckdb", SNAPSHOT) == _rows(tmp_path / "t.duckdb", SNAPSHOT)
