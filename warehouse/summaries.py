"""Summaries the flows publish: the per-agent rows of a day (table agent_daily), a day's totals, and
flagged calls (the QA queue's rows) for a day or a set of calls.

A call's day is the date of calls.started_at (stored in UTC); calls without a start time belong to no day.
Findings are problems (severity high, medium, low); praise (severity 'positive') is counted apart and
never flags a call, as everywhere in the warehouse.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import duckdb
import pyarrow as pa


@dataclass(frozen=True, slots=True)
class AgentDay:
    """One row of agent_daily."""

    day: date
    agent_id: str
    calls: int
    audio_minutes: float
    flagged_calls: int
    findings: int
    findings_per_rule: dict[str, int]
    praise: int
    praise_per_rule: dict[str, int]
    reviewed_findings: int


@dataclass(frozen=True, slots=True)
class DayTotals:
    day: date
    calls: int
    agents: int
    findings_per_rule: dict[str, int]  # problems
    praise_per_rule: dict[str, int]
    errors: list[tuple[str, str, str]]  # (source_path, stage, error) from ingest_errors, recorded that day


@dataclass(frozen=True, slots=True)
class FlaggedCall:
    """A call with at least one problem finding, as the QA queue (flagged_calls) shows it."""

    call_id: str
    agent_id: str
    started_at: datetime | None
    max_severity: str
    findings: int
    rules: list[str]
    top_evidence: str


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time())
    return start, start + timedelta(days=1)


# The day's rows, from calls and findings (not the running totals, which are not kept per agent and day).
_AGENT_DAILY = """
WITH c AS (
    SELECT call_id, agent_id, duration_s FROM calls WHERE started_at >= $start AND started_at < $end
), f AS (
    SELECT c.agent_id, f.call_id, f.finding_id, f.rule_id, f.severity = 'positive' AS praise
    FROM findings f JOIN c USING (call_id)
), per_agent AS (
    SELECT agent_id, count(*) AS calls, sum(duration_s) / 60 AS audio_minutes FROM c GROUP BY agent_id
), per_rule AS (
    SELECT agent_id, praise, rule_id, count(*)::INTEGER AS n FROM f GROUP BY ALL
), rules AS (
    SELECT agent_id,
           map_from_entries(list({'k': rule_id, 'v': n} ORDER BY rule_id) FILTER (WHERE NOT praise)) AS findings_per_rule,
           map_from_entries(list({'k': rule_id, 'v': n} ORDER BY rule_id) FILTER (WHERE praise)) AS praise_per_rule
    FROM per_rule GROUP BY agent_id
), counts AS (
    SELECT agent_id,
           count(DISTINCT call_id) FILTER (WHERE NOT praise) AS flagged_calls,
           count(*) FILTER (WHERE NOT praise) AS findings,
           count(*) FILTER (WHERE praise) AS praise,
           count(*) FILTER (WHERE NOT praise AND finding_id IN (SELECT finding_id FROM reviews)) AS reviewed_findings
    FROM f GROUP BY agent_id
)
SELECT $day::DATE AS day, a.agent_id, a.calls, round(a.audio_minutes, 2) AS audio_minutes,
       coalesce(n.flagged_calls, 0) AS flagged_calls, coalesce(n.findings, 0) AS findings,
       coalesce(r.findings_per_rule, MAP {}::MAP(VARCHAR, INTEGER)) AS findings_per_rule,
       coalesce(n.praise, 0) AS praise,
       coalesce(r.praise_per_rule, MAP {}::MAP(VARCHAR, INTEGER)) AS praise_per_rule,
       coalesce(n.reviewed_findings, 0) AS reviewed_findings, $now::TIMESTAMP AS built_at
FROM per_agent a LEFT JOIN counts n USING (agent_id) LEFT JOIN rules r USING (agent_id)
"""


def build_agent_daily(con: duckdb.DuckDBPyConnection, day: date) -> list[AgentDay]:
    """Rebuild agent_daily for one day in one transaction (the day's old rows go), and return its rows."""
    start, end = _day_bounds(day)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM agent_daily WHERE day = ?", [day])
        con.execute("INSERT INTO agent_daily BY NAME " + _AGENT_DAILY,
                    {"start": start, "end": end, "day": day, "now": now})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return agent_daily(con, day)


def agent_daily(con: duckdb.DuckDBPyConnection, day: date) -> list[AgentDay]:
    """The stored agent_daily rows of a day, most problem findings first."""
    rows = con.execute("SELECT day, agent_id, calls, audio_minutes, flagged_calls, findings, findings_per_rule, praise, "
                       "praise_per_rule, reviewed_findings FROM agent_daily WHERE day = ? "
                       "ORDER BY findings DESC, flagged_calls DESC, agent_id", [day]).fetchall()
    return [AgentDay(*row) for row in rows]


def day_totals(con: duckdb.DuckDBPyConnection, day: date) -> DayTotals:
    """The day's calls, agents, findings and praise per rule, and the errors recorded that day."""
    start, end = _day_bounds(day)
    calls, agents = con.execute("SELECT count(*), count(DISTINCT agent_id) FROM calls "
                                "WHERE started_at >= ? AND started_at < ?", [start, end]).fetchone()
    per_rule = con.execute("SELECT f.severity = 'positive', f.rule_id, count(*) FROM findings f JOIN calls c USING (call_id) "
                           "WHERE c.started_at >= ? AND c.started_at < ? GROUP BY ALL ORDER BY 3 DESC, 2",
                           [start, end]).fetchall()
    errors = con.execute("SELECT source_path, stage, error FROM ingest_errors WHERE occurred_at >= ? AND occurred_at < ? "
                         "ORDER BY occurred_at, source_path", [start, end]).fetchall()
    return DayTotals(day, calls, agents, {rule: n for praise, rule, n in per_rule if not praise},
                     {rule: n for praise, rule, n in per_rule if praise}, [tuple(e) for e in errors])


def flagged_calls(con: duckdb.DuckDBPyConnection, *, day: date | None = None, call_ids: Sequence[str] | None = None,
                  limit: int | None = None) -> list[FlaggedCall]:
    """Flagged calls of a day and/or among `call_ids`, in the QA queue's order (most severe first), the
    first `limit` of them (default: all)."""
    start, end = _day_bounds(day) if day is not None else (None, None)
    # The ids as a table to join (a rescore may pass a hundred thousand), not a list to search per row.
    con.register("_flagged_ids", pa.table({"call_id": pa.array(list(call_ids or ()), pa.string())}))
    try:
        rows = con.execute(
            "SELECT call_id, agent_id, started_at, max_severity, findings, rules, top_evidence FROM flagged_calls "
            "WHERE ($1::TIMESTAMP IS NULL OR (started_at >= $1 AND started_at < $2)) "
            "AND (NOT $3 OR call_id IN (SELECT call_id FROM _flagged_ids)) "
            "ORDER BY CASE max_severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END DESC, findings DESC, "
            "started_at DESC NULLS LAST, call_id LIMIT $4",
            [start, end, call_ids is not None, limit]).fetchall()
    finally:
        con.unregister("_flagged_ids")
    return [FlaggedCall(*row) for row in rows]
