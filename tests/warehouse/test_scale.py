"""Schema 003 (the warehouse at scale): no indexes on the big child tables with finding_id still unique,
the loader's derived tables (call_flags and the running totals) equal to the findings they summarise
after re-loads and on upgrade from schema 002, and the search macro scoring exactly like match_bm25."""
from __future__ import annotations

import dataclasses

import duckdb
import pytest

from tests.warehouse.conftest import labelled_records
from warehouse import db

# The analyst numbers straight from the base tables (the pre-003 view definitions, trimmed).
TRUTH = {
    "rule_trends": """
        SELECT f.rule_id, c.language, c.started_at::DATE AS day, count(DISTINCT f.call_id) AS calls_with_finding,
               count(*) AS findings
        FROM findings f JOIN calls c USING (call_id) GROUP BY ALL""",
    "agent_rule_summary": """
        SELECT agent_id, rule_id, count(*) AS findings, count(DISTINCT call_id) AS calls_with_finding
        FROM findings GROUP BY ALL""",
    "agent_summary": """
        SELECT c.agent_id, c.calls, coalesce(f.flagged, 0) AS flagged_calls, coalesce(f.n, 0) AS findings,
               coalesce(f.blame, 0) AS blame_shifting
        FROM (SELECT agent_id, count(*) AS calls FROM calls GROUP BY ALL) c
        LEFT JOIN (SELECT agent_id, count(DISTINCT call_id) AS flagged, count(*) AS n,
                          count(*) FILTER (WHERE rule_id = 'blame_shifting') AS blame
                   FROM findings WHERE severity <> 'positive' GROUP BY ALL) f USING (agent_id)""",
    "team_benchmarks": """
        SELECT c.agent_id, count(*) AS calls, coalesce(any_value(f.n), 0) AS findings
        FROM calls c LEFT JOIN (SELECT c.agent_id, count(*) AS n FROM findings f JOIN calls c USING (call_id)
                                WHERE f.severity <> 'positive' GROUP BY ALL) f USING (agent_id)
        GROUP BY c.agent_id""",
    "flagged_calls": """
        SELECT f.call_id, c.agent_id, count(*) AS findings,
               CASE max(CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)
                    WHEN 3 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END AS max_severity,
               list(DISTINCT f.rule_id ORDER BY f.rule_id) AS rules,
               list(f.evidence ORDER BY f.start_s, f.rule_id) AS evidence
        FROM findings f JOIN calls c USING (call_id) WHERE f.severity <> 'positive' GROUP BY ALL""",
}
VIEWS = {
    "rule_trends": "SELECT rule_id, language, day, calls_with_finding, findings FROM rule_trends",
    "agent_rule_summary": "SELECT agent_id, rule_id, findings, calls_with_finding FROM agent_rule_summary",
    "agent_summary": "SELECT agent_id, calls, flagged_calls, findings, blame_shifting FROM agent_summary",
    "team_benchmarks": "SELECT agent_id, calls, findings FROM team_benchmarks",
    "flagged_calls": "SELECT call_id, agent_id, findings, max_severity, rules, [e.evidence FOR e IN evidence] "
                     "FROM flagged_calls",
}


def assert_views_match_the_findings(con) -> None:
    for view, query in VIEWS.items():
        got = sorted(con.execute(query).fetchall(), key=repr)
        assert got == sorted(con.execute(TRUTH[view]).fetchall(), key=repr), view


@pytest.fixture
def con(tmp_path):
    with db.connect(tmp_path / "w.duckdb") as connection:
        yield connection


def test_the_big_child_tables_carry_no_index_and_calls_keeps_its_key(con):
    indexed = {r[0] for r in con.execute("SELECT DISTINCT table_name FROM duckdb_indexes()").fetchall()}
    keyed = {r[0] for r in con.execute("SELECT DISTINCT table_name FROM duckdb_constraints() "
                                       "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchall()}
    assert not (indexed | keyed) & {"findings", "utterances", "words", "call_flags"}
    assert "calls" in keyed


def test_a_finding_id_is_unique_across_calls_without_an_index(con):
    es = labelled_records("es")
    first = next(r for r in es if r.findings)
    db.load_calls(con, es)
    before = con.execute("SELECT * FROM findings ORDER BY ALL").fetchall()
    other = next(r for r in es if r.transcript.call_id != first.transcript.call_id)
    stolen = dataclasses.replace(first.findings[0], call_id=other.transcript.call_id)
    with pytest.raises(duckdb.ConstraintException, match="finding_id"):
        db.load_call(con, other.transcript, [*other.findings, stolen], other.events)
    assert con.execute("SELECT * FROM findings ORDER BY ALL").fetchall() == before
    db.load_call(con, first.transcript, first.findings, first.events)  # its own ids: a plain replace
    assert con.execute("SELECT finding_id, call_id FROM findings ORDER BY ALL").fetchall() == sorted(
        (r[0], r[1]) for r in before)
    assert con.execute("SELECT count(*) = count(DISTINCT finding_id) FROM findings").fetchone() == (True,)


@pytest.mark.parametrize("fold", [False, True], ids=["log", "folded"])
def test_derived_tables_follow_reloads_that_change_everything(con, monkeypatch, fold):
    if fold:
        monkeypatch.setattr(db, "_COMPACT_ROWS", 0)  # fold the running totals after every load
    records = labelled_records("es") + labelled_records("en")
    db.load_calls(con, records)
    assert_views_match_the_findings(con)
    changed = []
    for i, r in enumerate(records):
        t = r.transcript
        if i % 3 == 0:  # another agent, another day, another language, half the findings
            t = dataclasses.replace(t, agent_id="moved", language="en" if t.language == "es" else "es",
                                    started_at="2024-06-01T09:00:00Z")
            changed.append(db.CallRecord(t, [dataclasses.replace(f, agent_id="moved") for f in r.findings[::2]],
                                         r.events))
        elif i % 3 == 1:  # no findings any more
            changed.append(db.CallRecord(t, [], r.events))
    db.load_calls(con, changed)
    assert_views_match_the_findings(con)
    for r in records[:4]:  # back as they were, one call at a time
        db.load_call(con, r.transcript, r.findings, r.events)
    assert_views_match_the_findings(con)
    assert con.execute("SELECT count(*) FROM call_flags").fetchone() == con.execute(
        "SELECT count(DISTINCT call_id) FROM findings WHERE severity <> 'positive'").fetchone()


def test_a_schema_002_file_is_upgraded_with_its_derived_tables(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    records = labelled_records("es") + labelled_records("en")
    with db.connect(path) as con:  # a warehouse written by this loader, then put back to schema 002
        db.load_calls(con, records)
        rows = {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in ("calls", "utterances", "findings")}
    path.unlink()
    real = db._sql_files
    monkeypatch.setattr(db, "_sql_files", lambda folder: [f for f in real(folder) if f[0] < "003"]
                        if folder == "schema" else [])
    with db.connect(path) as con:
        for table, values in rows.items():
            marks = ", ".join("?" * len(values[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    monkeypatch.setattr(db, "_sql_files", real)
    with db.connect(path) as con:
        assert 3 in {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
        assert con.execute("SELECT count(*) FROM findings").fetchone() == (len(rows["findings"]),)
        assert_views_match_the_findings(con)
        top = con.execute("SELECT top_evidence FROM flagged_calls").fetchall()
        db.load_calls(con, records)  # the same calls through the loader give the same queue
        assert_views_match_the_findings(con)
        assert con.execute("SELECT top_evidence FROM flagged_calls").fetchall() == top


QUERIES = ("departamentos facturacion", "grabando", "departments", "departamento inexistente", "llamada",
           "the", "refund", "lo siento", " hola", "")


def test_search_scores_are_match_bm25s(example_warehouse):
    with db.connect(example_warehouse, read_only=True, search=True) as con:
        for q in QUERIES:
            expected = con.execute("""
                SELECT call_id, turn_index, round(score, 4) FROM (
                    SELECT call_id, turn_index, fts_main_search_docs_es.match_bm25(doc_id, ?, conjunctive := 1) AS score
                    FROM search_docs_es
                    UNION ALL
                    SELECT call_id, turn_index, fts_main_search_docs_en.match_bm25(doc_id, ?, conjunctive := 1)
                    FROM search_docs_en)
                WHERE score IS NOT NULL ORDER BY score DESC, call_id, turn_index""", [q, q]).fetchall()
            got = con.execute("SELECT call_id, turn_index, score FROM search_utterances(?)", [q]).fetchall()
            assert got == expected, q
            for n in (1, 2, 5):  # the best n, found before the text is read: the same rows
                assert con.execute("SELECT call_id, turn_index, score FROM search_utterances(?, n := ?)",
                                   [q, n]).fetchall() == expected[:n], (q, n)
        assert con.execute("SELECT count(*) FROM search_utterances('llamada')").fetchone()[0] >= 2
