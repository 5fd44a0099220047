"""The DuckDB file: migrations, per-call replace in one transaction, errors, the agent_summary view."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from nlp.detect import detect
from speech.transcript_json import transcript_from_dict
from tests.conftest import case_to_transcript_dict, labelled_cases
from warehouse import db

TABLES = ("calls", "utterances", "findings", "ingest_errors")


@pytest.fixture
def con(tmp_path):
    with db.connect(tmp_path / "w.duckdb") as connection:
        yield connection


def _counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _call(language="es", index=0, agent="agent_1"):
    transcript = transcript_from_dict(case_to_transcript_dict(labelled_cases(language)[index], language, agent))
    return transcript, detect(transcript)


def test_schema_is_applied_once_and_recorded(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        files = sorted(f.name for f in (Path(db.__file__).parent / "sql" / "schema").glob("*.sql"))
        assert [r[0] for r in con.execute("SELECT name FROM schema_version ORDER BY version").fetchall()] == files
        assert files[:2] == ["001_core.sql", "002_analytics.sql"]
        assert db.migrate(con) == []  # nothing pending the second time
    with db.connect(path, read_only=True) as con:  # a reader sees the same file, views included
        assert con.execute("SELECT count(*) FROM agent_summary").fetchone() == (0,)


def test_every_view_runs_on_an_empty_warehouse(con):
    views = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]
    assert {"agent_summary", "agent_rule_summary"} <= set(views)
    for view in views:
        con.execute(f"SELECT * FROM {view}").fetchall()


def test_loading_the_same_call_twice_replaces_it(con):
    transcript, findings = _call()
    assert findings, "the first Spanish labelled call has a finding"
    db.load_call(con, transcript, findings)
    first = _counts(con)
    ids = con.execute("SELECT finding_id FROM findings ORDER BY 1").fetchall()
    db.load_call(con, transcript, detect(transcript))
    assert _counts(con) == first
    assert con.execute("SELECT finding_id FROM findings ORDER BY 1").fetchall() == ids
    assert first["utterances"] == len(transcript.turns)


def test_a_failed_load_leaves_the_previous_state_of_the_call(con):
    transcript, findings = _call()
    db.load_call(con, transcript, findings)
    before = con.execute("SELECT * FROM findings ORDER BY finding_id").fetchall()
    # Two findings with one id violate the primary key half-way through the insert.
    broken = findings + [dataclasses.replace(findings[0], explanation="duplicate")]
    with pytest.raises(duckdb.ConstraintException):
        db.load_call(con, dataclasses.replace(transcript, agent_id="someone_else"), broken)
    assert con.execute("SELECT * FROM findings ORDER BY finding_id").fetchall() == before
    assert con.execute("SELECT agent_id FROM calls").fetchall() == [("agent_1",)]


def test_an_error_is_replaced_by_the_next_attempt_and_cleared_by_a_load(con):
    transcript, findings = _call()
    transcript = dataclasses.replace(transcript, source_path="/in/call.json")
    db.record_error(con, "/in/call.json", "read", "/in/call.json: invalid JSON")
    db.record_error(con, "/in/call.json", "read", "/in/call.json: invalid JSON again")
    assert con.execute("SELECT stage, error FROM ingest_errors").fetchall() == [("read", "/in/call.json: invalid JSON again")]
    db.load_call(con, transcript, findings)
    assert _counts(con)["ingest_errors"] == 0


def test_agent_summary_counts_per_agent_and_rule(con):
    rules = ("blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology")
    detected = {}
    for language in ("es", "en"):
        for i, case in enumerate(labelled_cases(language)):
            transcript, findings = _call(language, i, agent=f"agent_{language}")
            db.load_call(con, transcript, findings)
            detected.setdefault(language, []).extend((f.rule_id, f.call_id, f.severity) for f in findings)
    rows = {r[0]: r for r in con.execute(
        "SELECT agent_id, calls, flagged_calls, findings, findings_per_100_calls, " + ", ".join(rules) +
        " FROM agent_summary").fetchall()}
    for language in ("es", "en"):
        cases = labelled_cases(language)
        problems = [(rule, call) for rule, call, severity in detected[language] if severity != "positive"]
        agent, calls, flagged, findings, per_100, *per_rule = rows[f"agent_{language}"]
        assert calls == len(cases)
        assert findings == len(problems)  # praise is not a finding in the summary
        assert flagged == len({call for _, call in problems})
        detected[language] = [rule for rule, _, _ in detected[language]]
        assert per_rule == [detected[language].count(rule) for rule in rules]
        assert per_100 == round(100 * findings / calls, 1)
        calls_with = dict(con.execute("SELECT rule_id, calls_with_finding FROM agent_rule_summary WHERE agent_id = ? "
                                      "AND list_contains(?, rule_id)", [agent, list(rules)]).fetchall())
        assert calls_with == {r: n for r in rules if (n := sum(r in c["expected_rules"] for c in cases))}


def test_the_database_locked_by_a_writer_is_a_clear_error(tmp_path):
    path = tmp_path / "w.duckdb"
    import subprocess
    import sys
    import time
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(db.WarehouseError, match="locked by another process"):
            db.connect(path)
    finally:
        holder.kill()
        holder.wait()
