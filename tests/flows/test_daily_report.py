"""The daily report flow on a real (temporary) Prefect backend: agent_daily against SQL over findings, and
the artifacts it publishes."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from tests.warehouse.conftest import labelled_records
from warehouse import db

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 20)


@pytest.fixture
def warehouse(tmp_path):
    """The labelled calls of both languages: two agents per language, most calls on DAY, every third on
    the day after; one finding reviewed; one error recorded on DAY and one the day after."""
    records = []
    for language in ("es", "en"):
        for i, record in enumerate(labelled_records(language)):
            t = replace(record.transcript, agent_id=f"agent_{language}_{i % 2}",
                        started_at="2026-11-21T09:00:00Z" if i % 3 == 0 else f"2026-11-20T{8 + i:02d}:30:00+00:00")
            records.append(db.CallRecord(t, [replace(f, agent_id=t.agent_id) for f in record.findings], record.events))
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        db.load_calls(con, records)
        finding = con.execute("SELECT finding_id FROM findings f JOIN calls c USING (call_id) WHERE c.started_at::DATE = ? "
                              "AND f.severity <> 'positive' ORDER BY finding_id LIMIT 1", [DAY]).fetchone()[0]
        db.add_review(con, finding, "confirmed")
        con.executemany("INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?)",
                        [["inbox/broken.wav", None, "decode", "inbox/broken.wav: not audio", datetime(2026, 11, 20, 18)],
                         ["inbox/later.wav", None, "decode", "inbox/later.wav: not audio", datetime(2026, 11, 21, 8)]])
    return path


def _expected(path) -> dict[str, dict]:
    """The day's per-agent numbers, counted straight from calls, findings and reviews."""
    with db.connect(path, read_only=True) as con:
        calls = dict(con.execute("SELECT agent_id, count(*) FROM calls WHERE started_at::DATE = ? GROUP BY 1", [DAY]).fetchall())
        rows = con.execute("SELECT c.agent_id, f.call_id, f.rule_id, f.severity, f.finding_id IN (SELECT finding_id FROM reviews) "
                           "FROM findings f JOIN calls c USING (call_id) WHERE c.started_at::DATE = ?", [DAY]).fetchall()
    out = {agent: {"calls": n, "findings_per_rule": {}, "praise_per_rule": {}, "flagged": set(), "reviewed": 0}
           for agent, n in calls.items()}
    for agent, call_id, rule_id, severity, reviewed in rows:
        kind = "praise_per_rule" if severity == "positive" else "findings_per_rule"
        out[agent][kind][rule_id] = out[agent][kind].get(rule_id, 0) + 1
        if severity != "positive":
            out[agent]["flagged"].add(call_id)
            out[agent]["reviewed"] += reviewed
    return out


def test_the_daily_rows_match_a_count_over_the_findings_of_that_day(prefect_backend, warehouse):
    from flows.daily_report import daily_report

    report = daily_report(db_path=str(warehouse), day=DAY.isoformat())
    expected = _expected(warehouse)

    assert {a.agent_id for a in report.agents} == set(expected) == {"agent_es_0", "agent_es_1", "agent_en_0", "agent_en_1"}
    for a in report.agents:
        e = expected[a.agent_id]
        assert (a.day, a.calls, a.findings_per_rule, a.praise_per_rule, a.flagged_calls, a.reviewed_findings) == \
            (DAY, e["calls"], e["findings_per_rule"], e["praise_per_rule"], len(e["flagged"]), e["reviewed"]), a.agent_id
        assert (a.findings, a.praise) == (sum(e["findings_per_rule"].values()), sum(e["praise_per_rule"].values()))
    assert sum(a.findings for a in report.agents) > 0 and sum(a.reviewed_findings for a in report.agents) == 1
    assert report.totals.calls == sum(e["calls"] for e in expected.values()) < 24  # the day after is not in it
    assert report.totals.errors == [("inbox/broken.wav", "decode", "inbox/broken.wav: not audio")]

    # Run again for the same day: replaced, not added to; other days untouched.
    again = daily_report(db_path=str(warehouse), day=DAY.isoformat())
    other = daily_report(db_path=str(warehouse), day="2026-11-21")
    with db.connect(warehouse, read_only=True) as con:
        assert con.execute("SELECT day, count(*) FROM agent_daily GROUP BY 1 ORDER BY 1").fetchall() == \
            [(DAY, len(again.agents)), (date(2026, 11, 21), len(other.agents))]
        stored = con.execute("SELECT agent_id, findings_per_rule['blame_shifting'] FROM agent_daily "
                             "WHERE day = ? ORDER BY 1", [DAY]).fetchall()
    assert stored == sorted((a.agent_id, a.findings_per_rule.get("blame_shifting")) for a in report.agents)


def _artifacts(flow_run_id) -> dict:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return {a.key: a for a in found}


def _table(artifact) -> dict:
    return json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data


def test_the_daily_report_publishes_a_summary_the_agents_and_the_flagged_calls(prefect_backend, warehouse):
    from flows.daily_report import AGENTS_KEY, FLAGGED_KEY, SUMMARY_KEY, daily_report

    state = daily_report(db_path=str(warehouse), day=DAY.isoformat(), return_state=True)
    report = state.result()
    artifacts = _artifacts(state.state_details.flow_run_id)

    assert set(artifacts) == {SUMMARY_KEY, AGENTS_KEY, FLAGGED_KEY}
    text = artifacts[SUMMARY_KEY].data
    assert text.startswith(f"# Daily report {DAY}") and f"**Calls:** {report.totals.calls}" in text
    for rule, n in report.totals.findings_per_rule.items():
        assert f"| {rule} | {n} |" in text
    assert "## Errors (1)" in text and "inbox/broken.wav" in text and "later.wav" not in text
    agents = _table(artifacts[AGENTS_KEY])
    assert agents["agent_id"] == [a.agent_id for a in report.agents]
    assert agents["findings"] == [a.findings for a in report.agents]
    for rule in {r for a in report.agents for r in a.findings_per_rule}:
        assert agents[rule] == [a.findings_per_rule.get(rule, 0) for a in report.agents]
    flagged = _table(artifacts[FLAGGED_KEY])
    assert flagged["call_id"] == [c.call_id for c in report.flagged]
    assert len(report.flagged) == sum(a.flagged_calls for a in report.agents) > 0


def test_a_day_without_calls_still_reports(prefect_backend, warehouse):
    from flows.daily_report import SUMMARY_KEY, daily_report

    state = daily_report(db_path=str(warehouse), day="2030-01-01", return_state=True)
    report = state.result()
    assert report.agents == [] and report.totals.calls == 0 and report.flagged == []
    assert "No calls that day." in _artifacts(state.state_details.flow_run_id)[SUMMARY_KEY].data


def test_the_day_defaults_to_yesterday_in_utc_and_must_be_a_date():
    from flows.daily_report import report_day

    assert report_day(None, today=date(2026, 3, 1)) == date(2026, 2, 28)
    assert report_day("2026-11-20") == DAY
    with pytest.raises(ValueError, match="day must be a date like 2024-05-06, got '20/11/2026'"):
        report_day("20/11/2026")
