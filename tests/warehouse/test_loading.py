"""Loading beyond the skeleton: the new per-call tables, batches, a crash mid-load, runs, agents, reviews."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pytest

from speech.transcript_json import transcript_from_dict
from speech.types import AsrQuality, ConversationMetrics, Interval, Turn, Word
from tests.conftest import REPO
from tests.warehouse.conftest import labelled_records
from warehouse import db

CALL_TABLES = ("calls", "utterances", "findings", "words", "call_metrics", "call_intervals", "call_events")


@pytest.fixture
def con(tmp_path):
    with db.connect(tmp_path / "w.duckdb") as connection:
        yield connection


def _counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CALL_TABLES + ("agents",)}


def _rich_call():
    """A call with everything speech/ can attach: words, a code-switched turn, metrics, ASR quality."""
    words = (Word(0.0, 0.4, " Hola", 0.9), Word(0.4, 1.0, " buenas", 0.5))
    turns = (Turn("agent", 0.0, 1.0, "Hola buenas", words),
             Turn("customer", 7.0, 9.0, "I'm calling about my bill", language="en", speaker_confidence=0.7))
    metrics = ConversationMetrics(1.0, 2.0, 1 / 3, 6.0, 6.0, 0.0, 0, 1, 0.0, 5.0, 1, 6.0, 120.0, 90.0,
                                  silences=(Interval(1.0, 7.0),), overlaps=(Interval(8.0, 8.5, "customer"),))
    transcript = transcript_from_dict({"call_id": "rich", "agent_id": "A1", "language": "es", "turns": []})
    return dataclasses.replace(transcript, turns=turns, duration_s=9.0, metrics=metrics,
                               quality=AsrQuality(0.7, 0.5, 2, 1))


def test_metrics_quality_words_and_turn_languages_are_stored(con):
    db.load_call(con, _rich_call(), [])
    assert con.execute("SELECT asr_mean_word_probability, asr_low_confidence_share, asr_n_words, asr_dropped_segments "
                       "FROM calls").fetchone() == (0.7, 0.5, 2, 1)
    assert con.execute("SELECT turn_index, language, speaker_confidence, mean_word_probability FROM utterances "
                       "ORDER BY 1").fetchall() == [(0, None, 1.0, pytest.approx(0.7)), (1, "en", 0.7, None)]
    assert con.execute("SELECT word_index, word, probability FROM words ORDER BY 1").fetchall() == [
        (0, "Hola", 0.9), (1, "buenas", 0.5)]
    assert con.execute("SELECT talk_ratio, dead_air_count, dead_air_s FROM call_metrics").fetchone() == (
        pytest.approx(1 / 3), 1, 6.0)
    assert con.execute('SELECT kind, start_s, end_s, "by" FROM call_intervals ORDER BY 1').fetchall() == [
        ("overlap", 8.0, 8.5, "customer"), ("silence", 1.0, 7.0, None)]
    # Re-loaded from a transcript file (no audio): the metrics and words go, NULLs stay NULL.
    db.load_call(con, dataclasses.replace(_rich_call(), metrics=None, quality=None,
                                          turns=tuple(dataclasses.replace(t, words=()) for t in _rich_call().turns)), [])
    assert _counts(con) | {"agents": 0} == {"calls": 1, "utterances": 2, "findings": 0, "words": 0,
                                            "call_metrics": 0, "call_intervals": 0, "call_events": 0, "agents": 0}
    assert con.execute("SELECT asr_n_words FROM calls").fetchone() == (None,)


def test_a_batch_load_twice_leaves_identical_rows(con):
    records = labelled_records("es") + labelled_records("en")
    assert any(r.events for r in records) and any(r.findings for r in records)
    db.load_calls(con, records)
    first = _counts(con)
    snapshot = con.execute("SELECT finding_id, call_id, rule_id FROM findings ORDER BY 1").fetchall()
    db.load_calls(con, records)
    for record in records[:3]:  # and one call at a time
        db.load_call(con, record.transcript, record.findings, record.events)
    assert _counts(con) == first
    assert first["calls"] == len(records) and first["agents"] == 2
    assert first["call_events"] == sum(len(r.events) for r in records)
    assert con.execute("SELECT finding_id, call_id, rule_id FROM findings ORDER BY 1").fetchall() == snapshot
    assert con.execute("SELECT count(*) FROM rule_versions").fetchone()[0] >= len({f.rule_id for r in records
                                                                                   for f in r.findings})


def test_a_failure_in_a_batch_leaves_every_call_of_it_as_it_was(con, monkeypatch):
    records = labelled_records("es")
    db.load_calls(con, records)
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in CALL_TABLES}
    real_insert, inserted = db._insert, []

    def failing_insert(con_, table, data, registered):
        real_insert(con_, table, data, registered)
        inserted.append(table)
        if table == "utterances":  # after the deletes, the calls rows and the utterances
            raise RuntimeError("disk full")

    monkeypatch.setattr(db, "_insert", failing_insert)
    changed = [dataclasses.replace(r, transcript=dataclasses.replace(r.transcript, agent_id="other"), findings=())
               for r in records]
    with pytest.raises(RuntimeError, match="disk full"):
        db.load_calls(con, changed)
    assert inserted == ["calls", "call_metrics", "utterances"] or inserted[-1] == "utterances"
    assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in CALL_TABLES} == before


CRASHING_LOADER = textwrap.dedent('''
    import os, sys
    sys.path.insert(0, {repo!r})
    from speech.transcript_json import transcript_from_dict
    from nlp.types import Finding
    from warehouse import db

    def call(version):
        t = transcript_from_dict({{"call_id": "c1", "agent_id": "A" + version, "language": "es",
            "turns": [{{"speaker": "agent", "start": 0, "end": 1, "text": "versión " + version}}] * 3}})
        f = Finding("f" + version, "c1", "A" + version, "blame_shifting", version, "high", "agent", 0, 1,
                    "versión " + version, "x", 0, "p", 1.0)
        return t, [f]

    con = db.connect({path!r})
    db.load_call(con, *call("1"))
    real_insert = db._insert
    def insert_then_die(con_, table, data, registered):
        real_insert(con_, table, data, registered)
        if table == "utterances":  # deletes done, calls and utterances of version 2 inserted
            print("dying", flush=True)
            os._exit(9)  # no rollback, no close: the process is gone mid-transaction
    db._insert = insert_then_die
    db.load_call(con, *call("2"))
''')


def test_a_process_killed_mid_load_leaves_the_previous_state_of_the_call(tmp_path):
    path = tmp_path / "w.duckdb"
    result = subprocess.run([sys.executable, "-c", CRASHING_LOADER.format(repo=str(REPO), path=str(path))],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 9, result.stderr
    assert "dying" in result.stdout
    with db.connect(path, read_only=True) as con:
        assert con.execute("SELECT agent_id FROM calls").fetchall() == [("A1",)]
        assert con.execute("SELECT DISTINCT text FROM utterances").fetchall() == [("versión 1",)]
        assert con.execute("SELECT count(*) FROM utterances").fetchone() == (3,)
        assert con.execute("SELECT finding_id FROM findings").fetchall() == [("f1",)]


def test_runs_agents_and_reviews(con):
    run_id = db.start_run(con, code_version="escucha 0.1.0", asr_model="base",
                          rule_versions={"es": {"blame_shifting": "1.0+es.x"}}, inputs=3)
    records = labelled_records("es")
    db.load_calls(con, records, run_id=run_id)
    db.finish_run(con, run_id, calls_loaded=len(records), calls_failed=1, findings=7)
    assert con.execute("SELECT status, calls_loaded, calls_failed, findings, finished_at IS NOT NULL FROM runs"
                       ).fetchone() == ("completed_with_errors", len(records), 1, 7, True)
    assert con.execute("SELECT count(*) FROM calls WHERE run_id = ?", [run_id]).fetchone() == (len(records),)
    assert ("blame_shifting", "1.0+es.x", "es") in con.execute("SELECT rule_id, rule_version, language FROM rule_versions").fetchall()

    db.upsert_agents(con, [("agent_es", "Madrid", "2023-02-01")])
    db.upsert_agents(con, [("agent_es", None, None), ("new", "Lima", None)])  # None keeps what is stored
    assert con.execute("SELECT agent_id, team, hire_date::VARCHAR FROM agents ORDER BY 1").fetchall() == [
        ("agent_es", "Madrid", "2023-02-01"), ("new", "Lima", None)]

    finding_id = con.execute("SELECT finding_id FROM findings LIMIT 1").fetchone()[0]
    db.add_review(con, finding_id, "confirmed", reviewer="qa1", note="clear case")
    with pytest.raises(ValueError, match="verdict"):
        db.add_review(con, finding_id, "maybe")
    db.load_calls(con, records)  # a re-run keeps the human verdicts, and finding_id still joins
    assert con.execute("SELECT r.verdict FROM reviews r JOIN findings f USING (finding_id)").fetchall() == [("confirmed",)]
