"""Schemas 003 and 007 (the warehouse at scale): no indexes on the big child tables with finding_id still
unique, the loader's derived tables (call_flags, call_scores and the running totals) equal to the findings
and events they summarise after re-loads, rescores, forgetting and on upgrade from schema 002, and the
search macro scoring exactly like match_bm25."""
from __future__ import annotations

import dataclasses
import gc
import random
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pytest

from speech.types import ConversationMetrics, Transcript, Turn
from nlp.types import Finding
from tests.warehouse.conftest import labelled_records
from warehouse import db
from warehouse.retention import forget
from warehouse.transcripts import stored_transcript

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
    # agent_scorecard as defined before schema 007, straight from calls, call_metrics, findings and call_events.
    "agent_scorecard": """
        WITH c AS (
            SELECT c.call_id, c.agent_id, date_trunc('week', c.started_at)::DATE AS week, c.duration_s,
                   m.talk_ratio, m.dead_air_s
            FROM calls c LEFT JOIN call_metrics m USING (call_id)
        ), per_week AS (
            SELECT agent_id, week, count(*) AS calls, sum(duration_s) AS duration_s, avg(talk_ratio) AS talk_ratio,
                   sum(dead_air_s) / nullif(sum(duration_s) FILTER (WHERE dead_air_s IS NOT NULL), 0) AS dead_air_share
            FROM c GROUP BY agent_id, week
        ), per_rule AS (
            SELECT c.agent_id, c.week, f.rule_id, count(*) AS findings
            FROM findings f JOIN c USING (call_id) WHERE f.severity <> 'positive'
            GROUP BY c.agent_id, c.week, f.rule_id
        ), rules AS (
            SELECT r.agent_id, r.week, sum(r.findings) AS findings,
                   map_from_entries(list({'k': r.rule_id, 'v': round(100.0 * r.findings / w.calls, 1)} ORDER BY r.rule_id))
                       AS findings_per_100_calls_by_rule
            FROM per_rule r JOIN per_week w USING (agent_id, week) GROUP BY r.agent_id, r.week
        ), delays AS (
            SELECT c.agent_id, c.week,
                   (SELECT min(a.start_s) FROM call_events a
                     WHERE a.call_id = k.call_id AND a.kind = 'apology' AND a.start_s >= k.end_s) - k.end_s AS delay_s
            FROM call_events k JOIN c USING (call_id) WHERE k.kind = 'complaint'
        ), apology AS (
            SELECT agent_id, week, count(*) AS complaints, count(delay_s) AS complaints_with_apology,
                   median(delay_s) AS median_s_to_apology
            FROM delays GROUP BY agent_id, week
        )
        SELECT w.agent_id, a.team, w.week, w.calls, round(w.duration_s / 60, 1) AS audio_minutes,
               round(w.talk_ratio, 3) AS talk_ratio, coalesce(r.findings, 0) AS findings,
               round(100.0 * coalesce(r.findings, 0) / w.calls, 1) AS findings_per_100_calls,
               coalesce(r.findings_per_100_calls_by_rule, MAP {}::MAP(VARCHAR, DOUBLE)) AS findings_per_100_calls_by_rule,
               coalesce(p.complaints, 0) AS complaints, coalesce(p.complaints_with_apology, 0) AS complaints_with_apology,
               round(p.median_s_to_apology, 1) AS median_s_to_apology, round(w.dead_air_share, 3) AS dead_air_share
        FROM per_week w LEFT JOIN rules r USING (agent_id, week) LEFT JOIN apology p USING (agent_id, week)
        LEFT JOIN agents a USING (agent_id)""",
}
VIEWS = {
    "rule_trends": "SELECT rule_id, language, day, calls_with_finding, findings FROM rule_trends",
    "agent_rule_summary": "SELECT agent_id, rule_id, findings, calls_with_finding FROM agent_rule_summary",
    "agent_summary": "SELECT agent_id, calls, flagged_calls, findings, blame_shifting FROM agent_summary",
    "team_benchmarks": "SELECT agent_id, calls, findings FROM team_benchmarks",
    "flagged_calls": "SELECT call_id, agent_id, findings, max_severity, rules, [e.evidence FOR e IN evidence] "
                     "FROM flagged_calls",
    "agent_scorecard": "SELECT * FROM agent_scorecard",
}


SCORES = "SELECT * FROM call_scores ORDER BY call_id"


def assert_views_match_the_findings(con) -> None:
    for view, query in VIEWS.items():
        got = sorted(con.execute(query).fetchall(), key=repr)
        assert got == sorted(con.execute(TRUTH[view]).fetchall(), key=repr), view
    # the scorecard's columns keep their types too
    assert con.execute("DESCRIBE agent_scorecard").fetchall() == con.execute(
        f"DESCRIBE {TRUTH['agent_scorecard']}").fetchall()
    assert con.execute("SELECT count(*) FROM call_scores").fetchone() == con.execute(
        "SELECT count(*) FROM calls").fetchone()


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
        elif i % 3 == 1:  # no findings and no events any more, and no metrics
            changed.append(db.CallRecord(dataclasses.replace(t, metrics=None), [], []))
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
        rows = {t: con.execute(f"SELECT * FROM {t}").fetch_arrow_table() for t in ("calls", "utterances", "findings",
                                                                               "call_events", "call_metrics")}
    path.unlink()
    real = db._sql_files
    monkeypatch.setattr(db, "_sql_files", lambda folder: [f for f in real(folder) if f[0] < "003"]
                        if folder == "schema" else [])
    with db.connect(path) as con:
        for table, values in rows.items():  # the columns schema 002 has (later schemas add some to calls)
            columns = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?",
                                                 [table]).fetchall()]
            con.register("old_rows", values.select(columns))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM old_rows")
            con.unregister("old_rows")
    monkeypatch.setattr(db, "_sql_files", real)
    with db.connect(path) as con:
        assert {3, 7} <= {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
        assert con.execute("SELECT count(*) FROM findings").fetchone() == (rows["findings"].num_rows,)
        assert_views_match_the_findings(con)
        top = con.execute("SELECT top_evidence FROM flagged_calls").fetchall()
        scores = con.execute(SCORES).fetchall()
        db.load_calls(con, records)  # the same calls through the loader give the same queue and scores
        assert_views_match_the_findings(con)
        assert con.execute("SELECT top_evidence FROM flagged_calls").fetchall() == top
        assert con.execute(SCORES).fetchall() == scores


@dataclass(frozen=True, slots=True)
class Event:  # what the loader accepts besides nlp.types.CallEvent: no detail, no pattern_id
    kind: str
    start_s: float
    end_s: float
    turn_index: int


SEVERITIES = ("high", "medium", "low", "positive", "unheard-of")  # an unknown severity flags, at rank 0


def synthetic_records(n: int, seed: int, first: int = 0, ties: bool = False) -> list[db.CallRecord]:
    """Calls of 30 agents over 20 days and 3 weeks, with random findings (some calls none, some praise only)
    and random complaints and apologies, ties between a complaint's end and an apology's start included.
    ties: findings of a call may also tie on (start_s, rule_id), which SQL's ORDER BY leaves in any order."""
    rng = random.Random(seed)
    out = []
    for k in range(first, first + n):
        call_id = f"c{k:05d}"
        turns = tuple(Turn("agent" if i % 2 == 0 else "customer", 5.0 * i, 5.0 * i + 4, f"turno {i} de {call_id}")
                      for i in range(6))
        metrics = None if k % 7 == 0 else ConversationMetrics(
            12.0, 10.0, 12 / 22, rng.uniform(1, 9), 3.0, 0.0, 0, 0, 0.5, 5.0, 1, rng.choice([0.0, 6.5]), 140.0, 150.0)
        started = None if k % 11 == 0 else f"2024-05-{1 + k % 20:02d}T{8 + k % 9:02d}:00:00Z"
        t = Transcript(call_id, f"A{k % 30}", "es" if k % 3 else "en", started, 30.0, turns, f"/in/{call_id}.json",
                       metrics=metrics)
        findings = []
        for j in range(rng.choice([0, 0, 1, 3, 8])):
            turn = rng.randrange(6)
            findings.append(Finding(f"{call_id}-{j}", call_id, t.agent_id, f"rule_{rng.randrange(6)}", "1",
                                    rng.choice(SEVERITIES), "agent",
                                    rng.choice([5.0 * turn, 5.0 * turn + 1]) + (0 if ties else j / 64),
                                    5.0 * turn + 4, f"words {j}", "why", turn, "p", 0.9))
        events = []
        for _ in range(rng.choice([0, 1, 2, 4])):
            kind, at = rng.choice(["complaint", "apology", "other"]), rng.choice([0.0, 4.0, 5.0, 9.0, 10.0, 14.0])
            events.append(Event(kind, at, at + rng.choice([0.0, 1.0, 5.0]), 0))
        out.append(db.CallRecord(t, findings, events))
    return out


def test_derived_tables_follow_random_batches_rescores_and_forgetting(con):
    records = synthetic_records(400, seed=1)
    for first in range(0, 400, 150):
        db.load_calls(con, records[first:first + 150])
    db.upsert_agents(con, [(f"A{a}", f"team-{a % 4}", None) for a in range(30)])
    assert_views_match_the_findings(con)
    assert con.execute("SELECT count(*) FROM agent_scorecard WHERE median_s_to_apology IS NOT NULL").fetchone()[0] > 10
    again = synthetic_records(120, seed=2, first=300)  # 100 stored calls changed, 20 new ones
    db.load_calls(con, again)
    assert_views_match_the_findings(con)
    for r in synthetic_records(5, seed=3, first=10):  # a rescore: the stored transcript, new findings and events
        db.replace_findings(con, dataclasses.replace(r, transcript=stored_transcript(con, r.transcript.call_id)))
    assert_views_match_the_findings(con)
    forget(con, [f"c{k:05d}" for k in range(0, 400, 9)])
    assert_views_match_the_findings(con)


def test_apology_delays_are_the_first_apology_at_or_after_each_complaint():
    records = synthetic_records(300, seed=4)
    rows = db._rows(records, db._now(), None)
    complaints, delays, offsets = db._apology_delays(records, rows["call_events"])
    for k, r in enumerate(records):
        asked = [e for e in r.events if e.kind == "complaint"]
        expected = sorted(min(later) - c.end_s for c in asked
                          if (later := [a.start_s for a in r.events if a.kind == "apology" and a.start_s >= c.end_s]))
        assert complaints[k] == len(asked)
        assert list(delays[offsets[k]:offsets[k + 1]]) == expected
    assert any(d == 0.0 for d in delays)  # an apology starting exactly at a complaint's end counts


def test_the_evidence_order_and_top_evidence_are_those_of_a_sort_in_python():
    records = synthetic_records(300, seed=5, ties=True)
    flags = pa.table(db._rows(records, db._now(), None)["call_flags"], names=list(db._COLUMNS["call_flags"]))
    got = {r["call_id"]: r for r in flags.to_pylist()}
    rank = {"high": 3, "medium": 2, "low": 1}
    for r in records:
        flagging = sorted((f for f in r.findings if f.severity != "positive"), key=lambda f: (f.start_s, f.rule_id))
        if not flagging:
            assert r.transcript.call_id not in got
            continue
        row = got[r.transcript.call_id]
        best = max(rank.get(f.severity, 0) for f in flagging)
        top = next(f for f in flagging if rank.get(f.severity, 0) == best)
        assert row["severity_rank"] == best and row["findings"] == len(flagging)
        assert row["rules"] == sorted({f.rule_id for f in flagging})
        assert [e["evidence"] for e in row["evidence"]] == [f.evidence for f in flagging]
        assert row["top_evidence"] == f'{top.rule_id} @0:{int(top.start_s % 60):02d} "{top.evidence}"'


def test_a_finding_id_repeated_by_another_call_of_the_batch_fails_it(con):
    db.load_calls(con, synthetic_records(30, seed=7))
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in db.CALL_TABLES}
    records = synthetic_records(40, seed=8, first=20)  # 10 stored calls again, 30 new ones
    with_findings = [k for k, r in enumerate(records) if r.findings]
    early, late = records[with_findings[0]], records[with_findings[-1]]
    stolen = dataclasses.replace(late.findings[0], finding_id=early.findings[0].finding_id)
    records[with_findings[-1]] = dataclasses.replace(late, findings=[stolen, *late.findings[1:]])
    with pytest.raises(duckdb.ConstraintException, match=early.findings[0].finding_id):
        db.load_calls(con, records)
    assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in db.CALL_TABLES} == before
    db.load_calls(con, synthetic_records(40, seed=8, first=20))  # without the repeat: loads
    assert con.execute("SELECT count(*) FROM calls").fetchone() == (60,)
    assert_views_match_the_findings(con)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_load_leaves_the_garbage_collector_as_it_found_it(con, enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        db.load_calls(con, synthetic_records(3, seed=6))
        assert gc.isenabled() is enabled
        with pytest.raises(duckdb.ConstraintException):  # and after a failed load
            db.load_calls(con, synthetic_records(3, seed=6) * 2)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


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
