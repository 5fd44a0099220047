"""What the review app reads and writes: the queue, one call, verdicts and per-rule precision.

Every query binds its values as parameters. Reads open the file read-only for the length of one request;
a verdict opens it writable for one short transaction (warehouse.db.add_review), so a running batch is
blocked for milliseconds, and a batch holding the file makes the app say "busy" rather than wait.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import duckdb

from warehouse.db import REVIEW_VERDICTS, WarehouseError, add_review, connect

AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".webm"}
SEVERITIES = ("high", "medium", "low")

# DuckDB refuses a read-only and a writable connection to the same file in one process at once, and
# the web server answers requests on several threads: one connection at a time.
_LOCK = threading.Lock()


class NotFound(LookupError):
    """No such call or finding in the warehouse."""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    rule: str | None = None
    agent: str | None = None
    language: str | None = None
    severity: str | None = None
    since: date | None = None
    until: date | None = None


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


class ReviewStore:
    """The warehouse file as the review app sees it."""

    def __init__(self, path: str | Path, reviewer: str | None = None):
        self.path = Path(path)
        self.reviewer = reviewer

    @contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with _LOCK:
            con = connect(self.path, read_only=True)
            try:
                yield con
            finally:
                con.close()

    # The queue ---------------------------------------------------------------------------------------
    def queue(self, flt: QueueFilter, limit: int = 500) -> list[dict[str, Any]]:
        sql = """
            SELECT call_id, agent_id, team, language, started_at, duration_s, max_severity, findings,
                   reviewed_findings, rules, top_evidence
            FROM flagged_calls
            WHERE ($rule IS NULL OR list_contains(rules, $rule))
              AND ($agent IS NULL OR agent_id = $agent)
              AND ($language IS NULL OR language = $language)
              AND ($severity IS NULL OR max_severity = $severity)
              AND ($since IS NULL OR started_at::DATE >= $since)
              AND ($until IS NULL OR started_at::DATE <= $until)
            LIMIT $limit
        """
        params = {"rule": flt.rule, "agent": flt.agent, "language": flt.language, "severity": flt.severity,
                  "since": flt.since, "until": flt.until, "limit": limit}
        with self._read() as con:
            return _rows(con.execute(sql, params))

    def filter_choices(self) -> dict[str, list[str]]:
        with self._read() as con:
            return {
                "rule": [r[0] for r in con.execute(
                    "SELECT DISTINCT unnest(rules) AS r FROM call_flags ORDER BY r").fetchall()],
                "agent": [r[0] for r in con.execute(
                    "SELECT DISTINCT agent_id FROM call_flags ORDER BY 1").fetchall()],
                "language": [r[0] for r in con.execute(
                    "SELECT DISTINCT language FROM call_flags ORDER BY 1").fetchall()],
                "severity": list(SEVERITIES),
            }

    # One call ----------------------------------------------------------------------------------------
    def call(self, call_id: str) -> dict[str, Any]:
        with self._read() as con:
            calls = _rows(con.execute(
                "SELECT c.*, a.team FROM calls c LEFT JOIN agents a USING (agent_id) WHERE call_id = ?", [call_id]))
            if not calls:
                raise NotFound(f"no call {call_id!r} in the warehouse")
            turns = _rows(con.execute(
                "SELECT turn_index, speaker, start_s, end_s, text, mean_word_probability FROM utterances "
                "WHERE call_id = ? ORDER BY start_s, turn_index", [call_id]))
            findings = _rows(con.execute("""
                SELECT f.finding_id, f.rule_id, f.severity, f.speaker, f.start_s, f.end_s, f.evidence,
                       f.explanation, f.turn_index, f.confidence, f.pattern_id, v.verdict
                FROM findings f
                LEFT JOIN (SELECT finding_id, arg_max(verdict, reviewed_at) AS verdict FROM reviews
                           WHERE verdict <> 'unsure' GROUP BY finding_id) v USING (finding_id)
                WHERE f.call_id = ?
                ORDER BY f.start_s, f.rule_id
            """, [call_id]))
            notes = _rows(con.execute("""
                SELECT r.finding_id, r.verdict, r.reviewer, r.note, r.reviewed_at
                FROM reviews r JOIN findings f USING (finding_id)
                WHERE f.call_id = ? ORDER BY r.reviewed_at
            """, [call_id]))
            metrics = _rows(con.execute("SELECT * FROM call_metrics WHERE call_id = ?", [call_id]))
        for f in findings:
            f["reviews"] = [n for n in notes if n["finding_id"] == f["finding_id"]]
        by_turn: dict[int, list[dict]] = {}
        for f in findings:
            by_turn.setdefault(f["turn_index"], []).append(f)
        for t in turns:
            t["findings"] = by_turn.get(t["turn_index"], [])
        call = calls[0]
        call["has_audio"] = self.audio_path(call_id, call["source_path"]) is not None
        metrics_row = metrics[0] if metrics else {}
        metrics_row.pop("call_id", None)
        return {"call": call, "turns": turns, "findings": findings, "metrics": metrics_row}

    def audio_path(self, call_id: str, source_path: str | None = None) -> Path | None:
        """The call's recording, only as the warehouse names it (calls.source_path): no other file is served."""
        if source_path is None:
            with self._read() as con:
                row = con.execute("SELECT source_path FROM calls WHERE call_id = ?", [call_id]).fetchone()
            if row is None:
                raise NotFound(f"no call {call_id!r} in the warehouse")
            source_path = row[0]
        path = Path(source_path)
        if path.suffix.lower() not in AUDIO_SUFFIXES or not path.is_file():
            return None
        return path

    # Verdicts ----------------------------------------------------------------------------------------
    def review(self, finding_id: str, verdict: str, note: str | None = None) -> str:
        """Store a verdict in one short write transaction; returns the finding's call_id."""
        if verdict not in REVIEW_VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(REVIEW_VERDICTS)}")
        with _LOCK:
            con = connect(self.path)
            try:
                row = con.execute("SELECT call_id FROM findings WHERE finding_id = ?", [finding_id]).fetchone()
                if row is None:
                    raise NotFound(f"no finding {finding_id!r} in the warehouse")
                con.execute("BEGIN")
                add_review(con, finding_id, verdict, reviewer=self.reviewer, note=note or None)
                con.execute("COMMIT")
                return row[0]
            finally:
                con.close()

    def precision(self) -> list[dict[str, Any]]:
        """Per rule: findings, how many reviewers judged (latest confirmed/rejected verdict), precision."""
        sql = """
            WITH latest AS (
                SELECT finding_id, arg_max(verdict, reviewed_at) AS verdict
                FROM reviews WHERE verdict IN ('confirmed', 'rejected') GROUP BY finding_id
            ), notes AS (
                SELECT finding_id, count(*) AS comments FROM reviews WHERE verdict = 'unsure' GROUP BY finding_id
            )
            SELECT f.rule_id,
                   any_value(f.severity) AS severity,
                   count(*) AS findings,
                   count(l.verdict) AS reviewed,
                   count(*) FILTER (WHERE l.verdict = 'confirmed') AS confirmed,
                   count(*) FILTER (WHERE l.verdict = 'rejected') AS rejected,
                   coalesce(sum(n.comments), 0)::INTEGER AS comments,
                   round(count(*) FILTER (WHERE l.verdict = 'confirmed') / nullif(count(l.verdict), 0), 3)
                       AS precision
            FROM findings f
            LEFT JOIN latest l USING (finding_id)
            LEFT JOIN notes n USING (finding_id)
            GROUP BY f.rule_id
            ORDER BY reviewed DESC, f.rule_id
        """
        with self._read() as con:
            return _rows(con.execute(sql))


__all__ = ["NotFound", "QueueFilter", "ReviewStore", "WarehouseError", "SEVERITIES"]
