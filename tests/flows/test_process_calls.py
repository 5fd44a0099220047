"""The Prefect flow on a real (temporary) Prefect backend: a batch with bad inputs loads everything else."""
from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.integration


def _rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_bad_inputs_are_recorded_and_the_rest_of_the_batch_loads(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_batch

    (transcript_folder / "zz_corrupt.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage")
    (transcript_folder / "zz_malformed.json").write_text('{"call_id": "x", "language": "fr", "turns": []}')
    (transcript_folder / "manifest.csv").write_text(
        "file,call_id,agent_id,started_at,language,agent_channel\n"
        "es_blame_department.json,es-0001,agent_maria,2026-11-20T09:30:00+01:00,,\n"
        "missing.wav,m1,agent_x,,,left\n"
        "en_no_complaint.json,en-0002,agent_sam,not-a-date,,\n")
    db_path = tmp_path / "w.duckdb"

    summary = process_batch([str(transcript_folder)], str(db_path))

    errors = dict(_rows(db_path, "SELECT regexp_extract(source_path, '[^/]+$'), stage FROM ingest_errors"))
    assert errors == {"zz_corrupt.wav": "decode", "zz_malformed.json": "read", "missing.wav": "manifest",
                      "manifest.csv:4": "manifest"}
    bad_row = _rows(db_path, "SELECT error FROM ingest_errors WHERE source_path LIKE '%manifest.csv:4'")[0][0]
    assert "line 4" in bad_row and "started_at must be ISO-8601" in bad_row and "en_no_complaint.json" in bad_row
    cause = _rows(db_path, "SELECT error FROM ingest_errors WHERE source_path LIKE '%zz_malformed.json'")[0][0]
    assert "zz_malformed.json" in cause and "language" in cause
    assert len(summary.errors) == 4
    # The manifest names the call and its agent (times stored in UTC); the file under the malformed row
    # is held back rather than loaded with guessed metadata.
    assert _rows(db_path, "SELECT agent_id, started_at::VARCHAR FROM calls WHERE call_id = 'es-0001'") == \
        [("agent_maria", "2026-11-20 08:30:00")]
    assert _rows(db_path, "SELECT count(*) FROM calls WHERE call_id IN ('en_no_complaint', 'en-0002')") == [(0,)]
    loaded = _rows(db_path, "SELECT count(*) FROM calls")[0][0]
    assert loaded == len(summary.loaded) == 23
    rules = {r for (r,) in _rows(db_path, "SELECT DISTINCT rule_id FROM findings")}
    assert {"blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology"} <= rules


def test_running_twice_changes_nothing(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_batch

    db_path = tmp_path / "w.duckdb"
    count_sql = "SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM utterances), (SELECT count(*) FROM findings)"
    process_batch([str(transcript_folder)], str(db_path))
    first = _rows(db_path, count_sql)
    ids = _rows(db_path, "SELECT finding_id FROM findings ORDER BY 1")
    process_batch([str(transcript_folder)], str(db_path))
    assert _rows(db_path, count_sql) == first
    assert _rows(db_path, "SELECT finding_id FROM findings ORDER BY 1") == ids


def test_progress_is_reported_after_every_call(prefect_backend, transcript_folder, tmp_path):
    from flows.process_calls import process_batch, progress_listeners

    (transcript_folder / "zz_broken.json").write_text("{")
    seen = []
    progress_listeners.append(seen.append)
    try:
        summary = process_batch([str(transcript_folder)], str(tmp_path / "w.duckdb"))
    finally:
        progress_listeners.remove(seen.append)
    total = len(summary.loaded) + 1
    assert [p.done for p in seen] == list(range(total + 1)) and {p.total for p in seen} == {total}
    assert [p.call_id for p in seen if not p.ok] == ["zz_broken"]
    assert seen[-1].audio_s == pytest.approx(summary.audio_s)
