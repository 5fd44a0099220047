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
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from nlp.types import Finding
from speech.types import Transcript


CHECKPOINT_THRESHOLD = "256MB"  # a writer's WAL size that triggers a checkpoint (DuckDB's default: 16MB)


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
        # DuckDB checkpoints whenever the WAL passes 16 MB: during a bulk load that is after nearly every
        # batch, and each checkpoint recompresses the tables' last row groups and rewrites the calls
        # index. Checkpointing every 256 MB of WAL (and on close) halves the cost of a large load;
        # durability is the same (the WAL is replayed after a crash).
        con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
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
    redactions: Sequence[Any] = ()  # objects with turn_index, kind, start_s, end_s (nlp.redact.Redaction)


# Tables whose rows belong to one call: a load deletes and re-inserts all of them (children first).
# call_flags is derived (the QA queue's per-call summary), written here from the same records.
CALL_TABLES = ("redactions", "findings", "call_events", "words", "call_intervals", "call_metrics", "utterances",
               "call_flags", "calls")

_STR, _F64, _I32, _TS = pa.string(), pa.float64(), pa.int32(), pa.timestamp("us")
_EVIDENCE = pa.struct([("rule_id", _STR), ("severity", _STR), ("start_s", _F64), ("end_s", _F64),
                       ("speaker", _STR), ("evidence", _STR)])
# Column name -> Arrow type, in table order: the Arrow tables are built column by column with these types.
_SCHEMAS = {
    "calls": {"call_id": _STR, "agent_id": _STR, "language": _STR, "started_at": _TS, "duration_s": _F64,
              "source_path": _STR, "asr_backend": _STR, "asr_model": _STR, "asr_compute_type": _STR,
              "language_probability": _F64, "n_turns": _I32, "loaded_at": _TS, "asr_mean_word_probability": _F64,
              "asr_low_confidence_share": _F64, "asr_n_words": _I32, "asr_dropped_segments": _I32, "run_id": _STR},
    "utterances": {"call_id": _STR, "turn_index": _I32, "speaker": _STR, "start_s": _F64, "end_s": _F64,
                   "text": _STR, "mean_word_probability": _F64, "language": _STR, "speaker_confidence": _F64},
    "words": {"call_id": _STR, "turn_index": _I32, "word_index": _I32, "start_s": _F64, "end_s": _F64,
              "word": _STR, "probability": _F64},
    "findings": {"finding_id": _STR, "call_id": _STR, "agent_id": _STR, "rule_id": _STR, "rule_version": _STR,
                 "severity": _STR, "speaker": _STR, "start_s": _F64, "end_s": _F64, "evidence": _STR,
                 "explanation": _STR, "turn_index": _I32, "pattern_id": _STR, "confidence": _F64,
                 "detected_at": _TS},
    "call_metrics": {"call_id": _STR, "agent_talk_s": _F64, "customer_talk_s": _F64, "talk_ratio": _F64,
                     "silence_s": _F64, "longest_silence_s": _F64, "overtalk_s": _F64,
                     "interruptions_by_agent": _I32, "interruptions_by_customer": _I32,
                     "time_to_first_agent_word_s": _F64, "dead_air_threshold_s": _F64, "dead_air_count": _I32,
                     "dead_air_s": _F64, "agent_wpm": _F64, "customer_wpm": _F64},
    "call_intervals": {"call_id": _STR, "kind": _STR, "start_s": _F64, "end_s": _F64, "by": _STR},
    "redactions": {"call_id": _STR, "turn_index": _I32, "kind": _STR, "start_s": _F64, "end_s": _F64},
    "call_events": {"call_id": _STR, "kind": _STR, "start_s": _F64, "end_s": _F64, "turn_index": _I32,
                    "detail": _STR},
    "call_flags": {"call_id": _STR, "agent_id": _STR, "language": _STR, "started_at": _TS, "duration_s": _F64,
                   "source_path": _STR, "severity_rank": _I32, "findings": _I32, "rules": pa.list_(_STR),
                   "top_evidence": _STR, "evidence": pa.list_(_EVIDENCE)},
}
_COLUMNS = {table: tuple(schema) for table, schema in _SCHEMAS.items()}
_METRIC_FIELDS = _COLUMNS["call_metrics"][1:]
_SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}

# Running totals over findings (schema 003), kept exactly by the loader: a load appends the contributions
# of the findings it inserts and, negated, of those it replaces; views sum them per key. {f}: findings,
# {c}: their calls. Same definitions as the backfill in 003_scale.sql.
_COMPACT_ROWS = 250_000  # a running-total log longer than this is folded to one row per key
_AGGREGATES = {
    "rule_day_counts": (("rule_id", "language", "day"),
                        "SELECT f.rule_id, c.language, c.started_at::DATE AS day, count(DISTINCT f.call_id) AS n_calls, "
                        "count(*) AS n FROM {f} f JOIN {c} c USING (call_id) GROUP BY ALL"),
    "agent_rule_counts": (("agent_id", "rule_id"),
                          "SELECT f.agent_id, f.rule_id, count(DISTINCT f.call_id) AS n_calls, count(*) AS n "
                          "FROM {f} f GROUP BY ALL"),
    # Problems only: praise (severity 'positive') neither flags a call nor counts as a finding here.
    "agent_finding_counts": (("agent_id",),
                             "SELECT f.agent_id, count(DISTINCT f.call_id) AS n_calls, count(*) AS n "
                             "FROM {f} f WHERE f.severity <> 'positive' GROUP BY ALL"),
}


def load_call(con: duckdb.DuckDBPyConnection, transcript: Transcript, findings: Sequence[Finding],
              events: Sequence[Any] = (), *, run_id: str | None = None,
              redactions: Sequence[Any] = ()) -> LoadResult:
    """Replace everything stored for this call in one transaction: re-runs never duplicate, a failure leaves the old rows.

    `events` (optional): see CallRecord, e.g. nlp.detect.analyse(transcript).events.
    """
    return load_calls(con, [CallRecord(transcript, findings, events, redactions)], run_id=run_id)[0]


def load_calls(con: duckdb.DuckDBPyConnection, records: Iterable[CallRecord], *,
               run_id: str | None = None) -> list[LoadResult]:
    """Replace a batch of calls in one transaction, through Arrow tables (no row-by-row inserts).

    All or nothing: a failure anywhere leaves every call of the batch as it was before. The big child
    tables carry no index (schema 003), so uniqueness is the loader's: every row of a call is deleted
    before the call's new rows go in, turn and word indexes come from positions, and a finding_id that
    is repeated, or already belongs to another call, raises duckdb.ConstraintException.
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
        keys = pa.table({"call_id": pa.array(call_ids, _STR), "source_path": pa.array(source_paths, _STR)})
        con.register("_load_keys", keys)
        registered.append("_load_keys")
        # A call's rows are only ever written together with its calls row, so calls seen for the
        # first time (the bulk of a backfill) have nothing to delete.
        if single:
            stored = con.execute("SELECT count(*) FROM calls WHERE call_id = ?", [call_ids[0]]).fetchone()[0]
        else:
            stored = con.execute("SELECT count(*) FROM calls WHERE call_id IN (SELECT call_id FROM _load_keys)").fetchone()[0]
        if stored:  # subtract from the running totals what the findings about to be replaced added
            for table, (key_columns, sql) in _AGGREGATES.items():
                con.execute(f"INSERT INTO {table} SELECT {', '.join(key_columns)}, -n_calls, -n FROM (" + sql.format(
                    f="(SELECT * FROM findings WHERE call_id IN (SELECT call_id FROM _load_keys))",
                    c="(SELECT * FROM calls WHERE call_id IN (SELECT call_id FROM _load_keys))") + ")")
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
                _insert(con, table, pa.table([c if isinstance(c, pa.Array) else pa.array(c, t)
                                              for c, t in zip(columns, _SCHEMAS[table].values())],
                                             names=list(_COLUMNS[table])), registered)
        if "_load_findings" in registered:
            _check_finding_ids(con)
        _update_aggregates(con, "_load_findings" in registered, bool(stored))
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


def _check_finding_ids(con: duckdb.DuckDBPyConnection) -> None:
    """finding_id is unique (what the primary key of schema 001 guaranteed): within the batch, and against
    the findings of other calls (the batch's own old findings are already deleted)."""
    dup = con.execute("SELECT finding_id FROM _load_findings GROUP BY finding_id HAVING count(*) > 1 LIMIT 1").fetchone()
    if dup is None:
        dup = con.execute("SELECT f.finding_id FROM findings f SEMI JOIN _load_findings n USING (finding_id) "
                          "WHERE f.call_id NOT IN (SELECT call_id FROM _load_keys) LIMIT 1").fetchone()
    if dup is not None:
        raise duckdb.ConstraintException(f"Duplicate key \"finding_id: {dup[0]}\" violates the uniqueness of "
                                         "findings.finding_id")


def _update_aggregates(con: duckdb.DuckDBPyConnection, new: bool, changed: bool) -> None:
    """Append the batch's contributions to the running totals (an append-only log of signed counts that the
    views sum per key; the replaced findings' share went in, negated, before they were deleted), and fold
    a log that has grown long back into one row per key."""
    for table, (keys, sql) in _AGGREGATES.items():
        if new:
            con.execute(f"INSERT INTO {table} " + sql.format(f="_load_findings", c="_load_calls"))
        if (new or changed) and con.execute(f"SELECT count(*) > ? FROM {table}", [_COMPACT_ROWS]).fetchone()[0]:
            cols = ", ".join(keys)
            con.execute(f"CREATE TEMP TABLE _folded AS SELECT {cols}, sum(calls_with_finding) AS n_calls, "
                        f"sum(findings) AS n FROM {table} GROUP BY ALL HAVING sum(findings) <> 0")
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} SELECT * FROM _folded")
            con.execute("DROP TABLE _folded")


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, registered: list[str]) -> None:
    """One bulk insert of an Arrow table (a seam the interrupted-load test cuts)."""
    name = f"_load_{table}"
    con.register(name, data)
    registered.append(name)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")


def _rows(records: list[CallRecord], now: datetime, run_id: str | None) -> dict[str, list[list]]:
    """Column lists per table for a batch of calls, built column by column (one pass per column)."""
    out: dict[str, list[list]] = {}
    ts = [r.transcript for r in records]
    cids = [t.call_id for t in ts]
    asrs = [t.asr for t in ts]
    qs = [t.quality for t in ts]
    out["calls"] = [cids, [t.agent_id for t in ts], [t.language for t in ts], [_utc(t.started_at) for t in ts],
                    [t.duration_s for t in ts], [t.source_path for t in ts],
                    [a and a.backend for a in asrs], [a and a.model for a in asrs],
                    [a and a.compute_type for a in asrs], [a and a.language_probability for a in asrs],
                    [len(t.turns) for t in ts], [now] * len(ts),
                    [q and q.mean_word_probability for q in qs], [q and q.low_confidence_share for q in qs],
                    [q and q.n_words for q in qs], [q and q.dropped_segments for q in qs], [run_id] * len(ts)]

    turns = [turn for t in ts for turn in t.turns]
    u_cid = [cid for t in ts for cid in repeat(t.call_id, len(t.turns))]
    u_idx = [i for t in ts for i in range(len(t.turns))]
    out["utterances"] = [u_cid, u_idx, [u.speaker for u in turns], [u.start_s for u in turns],
                         [u.end_s for u in turns], [u.text for u in turns],
                         [(sum(w.probability for w in u.words) / len(u.words)) if u.words else None for u in turns],
                         [u.language for u in turns], [u.speaker_confidence for u in turns]]

    words = [(cid, i, j, w.start_s, w.end_s, w.text.strip(), w.probability)
             for cid, i, u in zip(u_cid, u_idx, turns) if u.words for j, w in enumerate(u.words)]
    out["words"] = _transpose(words, 7)

    with_metrics = [t for t in ts if t.metrics is not None]
    ms = [t.metrics for t in with_metrics]
    out["call_metrics"] = [[t.call_id for t in with_metrics]] + [[getattr(m, f) for m in ms] for f in _METRIC_FIELDS]
    out["call_intervals"] = _transpose([(t.call_id, kind, iv.start_s, iv.end_s, iv.by) for t in with_metrics
                                        for kind, ivs in (("silence", t.metrics.silences), ("overlap", t.metrics.overlaps))
                                        for iv in ivs], 5)
    out["call_events"] = _transpose([(r.transcript.call_id, e.kind, e.start_s, e.end_s, getattr(e, "turn_index", None),
                                      getattr(e, "detail", None) or getattr(e, "pattern_id", None))
                                     for r in records for e in r.events], 6)
    out["redactions"] = _transpose([(r.transcript.call_id, x.turn_index, x.kind, x.start_s, x.end_s)
                                    for r in records for x in r.redactions], 5)

    fs = [f for r in records for f in r.findings]
    out["findings"] = [list(map(attrgetter(c), fs)) for c in _COLUMNS["findings"][:-1]] + [[now] * len(fs)]
    out["call_flags"] = _call_flags(records, dict(zip(cids, out["calls"][3])))
    return out


_IN_TIME_ORDER = attrgetter("start_s", "rule_id")


def _call_flags(records: list[CallRecord], started: dict[str, datetime | None]) -> list[list]:
    """One row per call with flagging findings: what the QA queue (flagged_calls) sorts on and shows."""
    columns: list[list] = [[] for _ in _COLUMNS["call_flags"]]
    (call_id, agent_id, language, started_at, duration_s, source_path, severity_rank, n, rules, top_evidence,
     evidence) = columns
    offsets = [0]
    for record in records:
        flagging = sorted([f for f in record.findings if f.severity != "positive"], key=_IN_TIME_ORDER)
        if not flagging:
            continue
        t = record.transcript
        call_id.append(t.call_id)
        agent_id.append(t.agent_id)
        language.append(t.language)
        started_at.append(started[t.call_id])
        duration_s.append(t.duration_s)
        source_path.append(t.source_path)
        ranks = [_SEVERITY_RANK.get(f.severity, 0) for f in flagging]
        best = max(ranks)
        severity_rank.append(best)
        n.append(len(flagging))
        rules.append(sorted({f.rule_id for f in flagging}))
        top = flagging[ranks.index(best)]  # the most severe, earliest (flagging is in time order)
        top_evidence.append(f'{top.rule_id} @{int(top.start_s // 60)}:{int(top.start_s % 60):02d} "{top.evidence}"')
        evidence.extend(flagging)
        offsets.append(len(evidence))
    fields = _EVIDENCE.names
    columns[-1] = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.StructArray.from_arrays(
        [pa.array(list(map(attrgetter(name), evidence)), _EVIDENCE.field(name).type) for name in fields],
        fields=list(_EVIDENCE)))
    return columns


def _transpose(rows: list[tuple], width: int) -> list[list]:
    return [list(column) for column in zip(*rows)] if rows else [[] for _ in range(width)]


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
