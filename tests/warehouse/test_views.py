"""The analyst views on the example warehouse: their numbers, recomputed here from the findings and events."""
from __future__ import annotations

import dataclasses
import statistics
from collections import Counter, defaultdict

import pytest

from nlp.detect import analyse
from speech.transcript_json import read_transcript
from tests.warehouse.conftest import SCENARIOS, TEAMS, turn_metrics
from warehouse import db


@pytest.fixture(scope="module")
def con(example_warehouse):
    with db.connect(example_warehouse, read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def calls():
    out = []
    for file in SCENARIOS:
        t = read_transcript(file)
        out.append((dataclasses.replace(t, metrics=turn_metrics(t)), analyse(t)))
    return out


def _flagging(analysis):
    return [f for f in analysis.findings if f.severity != "positive"]


def test_agent_scorecard(con, calls):
    rows = {r[0]: r for r in con.execute(
        "SELECT agent_id, team, calls, findings, findings_per_100_calls, findings_per_100_calls_by_rule, complaints, "
        "complaints_with_apology, median_s_to_apology, talk_ratio FROM agent_scorecard").fetchall()}
    assert len(rows) == len(calls)  # one agent per example call, all in the week of 2024-05-06
    assert {r[0] for r in con.execute("SELECT DISTINCT week::VARCHAR FROM agent_scorecard").fetchall()} == {"2024-05-06"}
    for t, analysis in calls:
        agent, team, n, findings, per_100, by_rule, complaints, with_apology, median_s, talk = rows[t.agent_id]
        flagging = _flagging(analysis)
        assert team == TEAMS[t.language][0] and n == 1
        assert findings == len(flagging) and per_100 == 100.0 * len(flagging)
        assert by_rule == {rule: 100.0 * k for rule, k in Counter(f.rule_id for f in flagging).items()}
        delays = []
        for c in (e for e in analysis.events if e.kind == "complaint"):
            later = [a.start_s for a in analysis.events if a.kind == "apology" and a.start_s >= c.end_s]
            delays += [min(later) - c.end_s] if later else []
        assert complaints == sum(e.kind == "complaint" for e in analysis.events)
        assert with_apology == len(delays)
        assert median_s == (round(statistics.median(delays), 1) if delays else None)
        assert talk == round(t.metrics.talk_ratio, 3)
    assert any(r[8] is not None for r in rows.values()), "some example call has a complaint answered by an apology"


def test_rule_trends_add_up_to_the_findings(con, calls):
    got = Counter({(r, lang): n for r, lang, n in con.execute(
        "SELECT rule_id, language, sum(findings)::INTEGER FROM rule_trends GROUP BY ALL").fetchall()})
    assert got == Counter((f.rule_id, t.language) for t, a in calls for f in a.findings)
    day_calls = Counter((t.language, t.started_at[:10]) for t, _ in calls)  # offsets keep the local date here
    for language, day, n in con.execute("SELECT DISTINCT language, day::VARCHAR, calls FROM rule_trends").fetchall():
        assert n == day_calls[(language, day)]


def test_flagged_calls_is_the_qa_queue(con, calls):
    rows = con.execute("SELECT call_id, max_severity, findings, rules, evidence FROM flagged_calls").fetchall()
    flagged = {t.call_id: _flagging(a) for t, a in calls if _flagging(a)}
    assert [r[0] for r in rows] and {r[0] for r in rows} == set(flagged)
    rank = {"high": 3, "medium": 2, "low": 1}
    keys = [(rank[r[1]], r[2]) for r in rows]
    assert keys == sorted(keys, reverse=True)  # most severe first, then most findings
    for call_id, severity, n, rules, evidence in rows:
        assert n == len(flagged[call_id]) and rules == sorted({f.rule_id for f in flagged[call_id]})
        assert severity == max((f.severity for f in flagged[call_id]), key=rank.get)
        assert [e["evidence"] for e in evidence] == [f.evidence for f in sorted(flagged[call_id], key=lambda f: (f.start_s, f.rule_id))]


def test_agent_evidence_has_every_finding_with_its_turn(con, calls):
    rows = con.execute("SELECT finding_id, call_id, start_s, start_mmss, evidence, turn_text FROM agent_evidence").fetchall()
    findings = {f.finding_id: (t, f) for t, a in calls for f in a.findings}
    assert {r[0] for r in rows} == set(findings)
    for finding_id, call_id, start_s, at, evidence, turn_text in rows:
        t, f = findings[finding_id]
        assert (call_id, start_s, evidence) == (f.call_id, f.start_s, f.evidence)
        assert at == f"{int(start_s // 60)}:{int(start_s % 60):02d}"
        assert evidence in turn_text and turn_text == t.turns[f.turn_index].text


def test_team_benchmarks_against_the_team_distribution(con, calls):
    rates = defaultdict(dict)
    for t, a in calls:
        rates[TEAMS[t.language][0]][t.agent_id] = 100.0 * len(_flagging(a))
    rows = con.execute("SELECT agent_id, team, findings_per_100_calls, team_median, vs_team_median, team_agents "
                       "FROM team_benchmarks").fetchall()
    assert len(rows) == len(calls)
    for agent, team, rate, median, vs, n in rows:
        assert rate == rates[team][agent]
        assert median == round(statistics.median(rates[team].values()), 1)
        assert vs == round(rate - median, 1) and n == len(rates[team])


def test_reviews_show_in_the_queue_and_the_evidence(example_warehouse, tmp_path):
    import shutil

    path = shutil.copy(example_warehouse, tmp_path / "w.duckdb")
    with db.connect(path) as con:
        finding_id, call_id = con.execute("SELECT finding_id, call_id FROM agent_evidence WHERE severity = 'high' LIMIT 1").fetchone()
        db.add_review(con, finding_id, "rejected", reviewer="qa1")
        assert con.execute("SELECT review_verdict, reviewer FROM agent_evidence WHERE finding_id = ?",
                           [finding_id]).fetchone() == ("rejected", "qa1")
        assert con.execute("SELECT reviewed_findings FROM flagged_calls WHERE call_id = ?", [call_id]).fetchone() == (1,)
