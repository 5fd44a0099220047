"""Retention: `escucha forget` deletes a call from every table that holds call_id, and from the search index."""
from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
from typer.testing import CliRunner

from escucha.cli import app
from tests.warehouse.conftest import build_example_warehouse
from warehouse import db
from warehouse.retention import call_tables, calls_older_than, forget
from warehouse.search import search


def _counts(con, call_id):
    return {t: con.execute(f'SELECT count(*) FROM "{t}" WHERE call_id = ?', [call_id]).fetchone()[0]
            for t in call_tables(con)}


def test_forget_one_call_everywhere(tmp_path):
    path = build_example_warehouse(tmp_path / "w.duckdb")
    with db.connect(path) as con:
        victim, other = [r[0] for r in con.execute("SELECT call_id FROM calls ORDER BY call_id LIMIT 2").fetchall()]
        text = con.execute("SELECT text FROM utterances WHERE call_id = ? ORDER BY length(text) DESC LIMIT 1",
                           [victim]).fetchone()[0]
        fid = con.execute("SELECT finding_id FROM findings WHERE call_id = ? LIMIT 1", [victim]).fetchone()
        if fid:
            db.add_review(con, fid[0], "confirmed", reviewer="qa")
        before_other = _counts(con, other)
        summary_before = con.execute("SELECT sum(findings) FROM agent_finding_counts").fetchone()[0]
        victim_findings = con.execute("SELECT count(*) FROM findings WHERE call_id = ? AND severity <> 'positive'", [victim]).fetchone()[0]
        assert {"calls", "utterances", "findings", "redactions", "search_docs_es"} <= set(call_tables(con))
        done = forget(con, [victim])
        assert done.call_ids == (victim,) and done.rows["calls"] == 1
        assert not any(_counts(con, victim).values())
        assert _counts(con, other) == before_other
        assert con.execute("SELECT sum(findings) FROM agent_finding_counts").fetchone()[0] == summary_before - victim_findings
        if fid:
            assert con.execute("SELECT count(*) FROM reviews WHERE finding_id = ?", [fid[0]]).fetchone()[0] == 0
        assert all(h.call_id != victim for h in search(con, " ".join(text.split()[:3]), limit=100))


def test_older_than_uses_started_at(tmp_path):
    path = build_example_warehouse(tmp_path / "w.duckdb")
    with db.connect(path) as con:
        con.execute("UPDATE calls SET started_at = TIMESTAMP '2026-11-01'")
        con.execute("UPDATE calls SET started_at = TIMESTAMP '2020-01-01' WHERE call_id = "
                    "(SELECT min(call_id) FROM calls)")
        old = calls_older_than(con, 365, now=datetime(2026, 11, 23))
        assert len(old) == 1


def test_cli_forget(tmp_path):
    path = build_example_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        victim = con.execute("SELECT min(call_id) FROM calls").fetchone()[0]
        n = con.execute("SELECT count(*) FROM calls").fetchone()[0]
    runner = CliRunner()
    result = runner.invoke(app, ["forget", "--call", victim, "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Forgot 1 calls" in result.output
    result = runner.invoke(app, ["forget", "--older-than", "0", "--db", str(path)])  # every call started before now
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert runner.invoke(app, ["forget", "--db", str(path)]).exit_code == 1
    assert n > 1
    shutil.rmtree(tmp_path, ignore_errors=True)
