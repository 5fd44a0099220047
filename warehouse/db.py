"""The DuckDB file: open it (applying migrations), load calls, record errors, runs, agents and reviews.

SQL lives in sql/schema/NNN_*.sql (forward-only migrations, applied once, recorded in
schema_version) and sql/views/*.sql (re-applied on every open, since views are derived).
Python only binds parameters; it never formats values into SQL.
"""
from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from nlp.types import Finding
from speech.types import Transcript


class WarehouseError(RuntimeError):
    """The database could not be opened or written; the message names the file and the cause."""


def _sql_files(folder: str) -> list[tuple[str, str]]:
    root = resources.files("warehouse") / "sql" / folder
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in root.iterdir() if f.name.endswith(".sql"))


def connect(path: str | Path, *, read_only: bool = False, search: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Writers get migrations and views applied; readers get the file as it is.

    search=True also loads the bundled FTS extension (by path, never downloaded), which the
    `search_utterances` macro needs.
    """
    path = str(path)
    try:
        con = duckdb.connect(path, read_only=read_only,
                             config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    except duckdb.IOException as exc:
        cause = "it is locked by another process (one writer at a time)" if "lock" in str(exc).lower() else str(exc)
        raise WarehouseError(f"{path}: cannot open the database: {cause}") from exc
    except duckdb.Error as exc:
        raise WarehouseError(f"{path}: cannot open the database: {exc}") from exc
    if not read_only:
        migrate(con)
    if search:
        from warehouse.search import load_fts

        load_fts(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending schema files in order, each in one transaction with its schema_version row."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for name, sql in _sql_files("schema"):
        version = int(name.split("_", 1)[0])
        if version in done:
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    for _, sql in _sql_files("views"):
        con.execute(sql)
    return applied


@dataclass(frozen=True, slots=True)
class LoadResult:
    call_id: str
    utterances: int
    findings: int
    words: int = 0
    events: int = 0


@dataclass(frozen=True, slots=True)
class CallRecord:
    """Everything stored for one call: the unit of replacement.

    `events` go to call_events: any objects with kind, start_s, end_s and optionally turn_index and
    detail or pattern_id, e.g. nlp.types.CallEvent from nlp.detect.analyse (kinds 'complaint', 'apology').
    """

    transcript: Transcript
    findings: Sequence[Finding] = ()
    events: Sequence[Any] = ()


# Tables whose rows belong to one call: a load deletes and re-inserts all of them (children first).
CALL_TABLES = ("findings", "call_events", "words", "call_intervals", "call_metrics", "utterances", "calls")

_COLUMNS = {
    "calls": ("call_id", "agent_id", "language", "started_at", "duration_s", "source_path", "asr_backend",
              "asr_model", "asr_compute_type", "language_probability", "n_turns", "loaded_at",
              "asr_mean_word_probability", "asr_low_confidence_share", "asr_n_words", "asr_dropped_segments",
              "run_id"),
    "utterances": ("call_id", "turn_index", "speaker", "start_s", "end_s", "text", "mean_word_probability",
                   "language", "speaker_confidence"),
    "words": ("call_id", "turn_index", "word_index", "start_s", "end_s", "word", "probability"),
    "findings": ("finding_id", "call_id", "agent_id", "rule_id", "rule_version", "severity", "speaker", "start_s",
                 "end_s", "evidence", "explanation", "turn_index", "pattern_id", "confidence", "detected_at"),
    "call_metrics": ("call_id", "agent_talk_s", "customer_talk_s", "talk_ratio", "silence_s", "longest_silence_s",
                     "overtalk_s", "interruptions_by_agent", "interruptions_by_customer",
                     "time_to_first_agent_word_s", "dead_air_threshold_s", "dead_air_count", "dead_air_s",
                     "agent_wpm", "customer_wpm"),
    "call_intervals": ("call_id", "kind", "start_s", "end_s", "by"),
    "call_events": ("call_id", "kind", "start_s", "end_s", "turn_index", "detail"),
}
_METRIC_FIELDS = _COLUMNS["call_metrics"][1:]


def load_call(con: duckdb.DuckDBPyConnection, transcript: Transcript, findings: Sequence[Finding],
              events: Sequence[Any] = (), *, run_id: str | None = None) -> LoadResult:
    """Replace everything stored for this call in one transaction: re-runs never duplicate, a failure leaves the old rows.

    `events` (optional): see CallRecord, e.g. nlp.detect.analyse(transcript).events.
    """
    return load_calls(con, [CallRecord(transcript, findings, events)], run_id=run_id)[0]


def load_calls(con: duckdb.DuckDBPyConnection, records: Iterable[CallRecord], *,
               run_id: str | None = None) -> list[LoadResult]:
    """Replace a batch of calls in one transaction, through Arrow tables (no row-by-row inserts).

    All or nothing: a failure anywhere leaves every call of the batch as it was before.
    """
    records = list(records)
    if not records:
        return []
    now = _now()
    rows = _rows(records, now, run_id)
    call_ids = rows["calls"][0]
    single = len(call_ids) == 1
    source_paths = [r.transcript.source_path for r in records]
    registered = []
    con.execute("BEGIN")
    try:
        keys = pa.table({"call_id": pa.array(call_ids, pa.string()), "source_path": pa.array(source_paths, pa.string())})
        con.register("_load_keys", keys)
        registered.append("_load_keys")
        # A call's rows are only ever written together with its calls row, so calls seen for the
        # first time (the bulk of a backfill) have nothing to delete.
        if single:
            stored = con.execute("SELECT count(*) FROM calls WHERE call_id = ?", [call_ids[0]]).fetchone()[0]
        else:
            stored = con.execute("SELECT count(*) FROM calls WHERE call_id IN (SELECT call_id FROM _load_keys)").fetchone()[0]
        for table in CALL_TABLES if stored else ():  # fixed names from this module, never input
            if single:
                con.execute(f"DELETE FROM {table} WHERE call_id = ?", [call_ids[0]])
            else:
                con.execute(f"DELETE FROM {table} WHERE call_id IN (SELECT call_id FROM _load_keys)")
        con.execute("DELETE FROM ingest_errors WHERE source_path IN (SELECT source_path FROM _load_keys) "
                    "OR call_id IN (SELECT call_id FROM _load_keys)")
        for table in reversed(CALL_TABLES):  # parents first
            columns = rows[table]
            if columns[0]:
                _insert(con, table, pa.table(dict(zip(_COLUMNS[table], columns))), registered)
        con.execute("INSERT INTO agents (agent_id, updated_at) SELECT DISTINCT agent_id, ? FROM _load_calls "
                    "ON CONFLICT DO NOTHING", [now])
        if "_load_findings" in registered:
            con.execute("INSERT INTO rule_versions SELECT DISTINCT f.rule_id, f.rule_version, c.language, ? "
                        "FROM _load_findings f JOIN _load_calls c USING (call_id) ON CONFLICT DO NOTHING", [now])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in registered:
            con.unregister(name)
    counts = {table: Counter(rows[table][_COLUMNS[table].index("call_id")]) for table in ("utterances", "findings",
                                                                                        "words", "call_events")}
    return [LoadResult(cid, counts["utterances"][cid], counts["findings"][cid], counts["words"][cid],
                       counts["call_events"][cid]) for cid in call_ids]


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, registered: list[str]) -> None:
    """One bulk insert of an Arrow table (a seam the interrupted-load test cuts)."""
    name = f"_load_{table}"
    con.register(name, data)
    registered.append(name)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")


def _rows(records: list[CallRecord], now: datetime, run_id: str | None) -> dict[str, list[list]]:
    """Column lists per table for a batch of calls (rows built as tuples, then transposed in C)."""
    out: dict[str, list[tuple]] = {table: [] for table in _COLUMNS}
    calls, utterances, words, metrics, intervals, events = (out[t] for t in (
        "calls", "utterances", "words", "call_metrics", "call_intervals", "call_events"))
    finding_fields = attrgetter(*_COLUMNS["findings"][:-1])
    for record in records:
        t = record.transcript
        cid = t.call_id
        asr, q, m = t.asr, t.quality, t.metrics
        calls.append((cid, t.agent_id, t.language, _utc(t.started_at), t.duration_s, t.source_path,
                      asr and asr.backend, asr and asr.model, asr and asr.compute_type, asr and asr.language_probability,
                      len(t.turns), now, q and q.mean_word_probability, q and q.low_confidence_share,
                      q and q.n_words, q and q.dropped_segments, run_id))
        for i, turn in enumerate(t.turns):
            tw = turn.words
            utterances.append((cid, i, turn.speaker, turn.start_s, turn.end_s, turn.text,
                               (sum(w.probability for w in tw) / len(tw)) if tw else None,
                               turn.language, turn.speaker_confidence))
            words.extend((cid, i, j, w.start_s, w.end_s, w.text.strip(), w.probability) for j, w in enumerate(tw))
        if m is not None:
            metrics.append((cid, *(getattr(m, f) for f in _METRIC_FIELDS)))
            intervals.extend((cid, kind, iv.start_s, iv.end_s, iv.by)
                             for kind, ivs in (("silence", m.silences), ("overlap", m.overlaps)) for iv in ivs)
        events.extend((cid, e.kind, e.start_s, e.end_s, getattr(e, "turn_index", None),
                       getattr(e, "detail", None) or getattr(e, "pattern_id", None)) for e in record.events)
        out["findings"].extend((*finding_fields(f), now) for f in record.findings)
    return {table: [list(column) for column in zip(*rows)] if rows else [[] for _ in _COLUMNS[table]]
            for table, rows in out.items()}


def record_error(con: duckdb.DuckDBPyConnection, source_path: str, stage: str, error: str,
                 call_id: str | None = None) -> None:
    """Keep one open error per input: a new attempt replaces the previous one."""
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [source_path])
        con.execute("INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?)", [source_path, call_id, stage, error, _now()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _utc(iso: str | None) -> datetime | None:
    if not iso:
        return None
    value = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def upsert_agents(con: duckdb.DuckDBPyConnection, agents: Iterable[tuple[str, str | None, str | date | None]]) -> int:
    """Insert or update (agent_id, team, hire_date) rows; a None keeps what is stored. Returns the rows given."""
    rows = [(agent_id, team or None, _date(hire_date)) for agent_id, team, hire_date in agents]
    if not rows:
        return 0
    now = _now()
    con.execute("BEGIN")
    try:
        con.executemany("INSERT INTO agents VALUES (?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET "
                        "team = coalesce(excluded.team, agents.team), "
                        "hire_date = coalesce(excluded.hire_date, agents.hire_date), updated_at = excluded.updated_at",
                        [[a, t, h, now] for a, t, h in rows])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def start_run(con: duckdb.DuckDBPyConnection, *, run_id: str | None = None, code_version: str | None = None,
              asr_backend: str | None = None, asr_model: str | None = None,
              rule_versions: dict[str, dict[str, str]] | None = None, inputs: int | None = None) -> str:
    """Record the start of a pipeline run (status 'running'), and the rule versions it runs with."""
    run_id = run_id or uuid.uuid4().hex
    now = _now()
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
        con.execute("INSERT INTO runs (run_id, started_at, status, code_version, asr_backend, asr_model, rule_versions, "
                    "inputs) VALUES (?, ?, 'running', ?, ?, ?, ?, ?)",
                    [run_id, now, code_version, asr_backend, asr_model,
                     json.dumps(rule_versions, sort_keys=True) if rule_versions is not None else None, inputs])
        for language, versions in (rule_versions or {}).items():
            con.executemany("INSERT INTO rule_versions VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            [[rule_id, version, language, now] for rule_id, version in versions.items()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, *, calls_loaded: int, calls_failed: int,
               findings: int, status: str | None = None) -> None:
    """Close a run with its counts; status defaults to completed / completed_with_errors."""
    status = status or ("completed_with_errors" if calls_failed else "completed")
    con.execute("UPDATE runs SET finished_at = ?, status = ?, calls_loaded = ?, calls_failed = ?, findings = ? "
                "WHERE run_id = ?", [_now(), status, calls_loaded, calls_failed, findings, run_id])


REVIEW_VERDICTS = ("confirmed", "rejected", "unsure")


def add_review(con: duckdb.DuckDBPyConnection, finding_id: str, verdict: str, *, reviewer: str | None = None,
               note: str | None = None) -> str:
    """Store a QA verdict on a finding. Reviews survive re-loads of the call (finding_id is stable)."""
    if verdict not in REVIEW_VERDICTS:
        raise ValueError(f"verdict must be one of {REVIEW_VERDICTS}, got {verdict!r}")
    review_id = uuid.uuid4().hex
    con.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?)", [review_id, finding_id, verdict, reviewer, note, _now()])
    return review_id


def _date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def rules_by_call(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> dict[str, set[str]]:
    """{call_id: rule_ids found} for the given calls that are in the warehouse (calls with none map to an empty set)."""
    rows = con.execute("SELECT c.call_id, f.rule_id FROM calls c LEFT JOIN findings f USING (call_id) "
                       "WHERE list_contains(?, c.call_id)", [call_ids]).fetchall()
    out: dict[str, set[str]] = {}
    for call_id, rule_id in rows:
        out.setdefault(call_id, set())
        if rule_id is not None:
            out[call_id].add(rule_id)
    return out
