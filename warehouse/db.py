"""The DuckDB file: open it (applying migrations), load calls, record errors, runs, agents and reviews.

SQL lives in sql/schema/NNN_*.sql (forward-only migrations, applied once, recorded in
schema_version) and sql/views/*.sql (re-applied on every open, since views are derived).
Python only binds parameters; it never formats values into SQL.
"""
from __future__ import annotations

import dataclasses
import gc
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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

    `path` is a DuckDB file, or `ducklake:CATALOG` for a DuckLake (see warehouse.lake).
    search=True also loads the bundled FTS extension (by path, never downloaded), which the
    `search_utterances` macro needs.
    """
    from warehouse import lake

    path = str(path)
    if lake.is_lake(path):  # a DuckLake catalog plus Parquet files
        con = lake.connect(path, read_only=read_only)
    else:
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
    """Apply pending schema files in order, each in one transaction with its schema_version row.

    On a DuckLake the schema files go through lake.schema_sql (no constraints but NOT NULL, no indexes),
    and only the view files that changed are applied again.
    """
    from warehouse import lake

    on_lake = lake.is_lake_connection(con)
    schema_sql = lake.schema_sql if on_lake else str
    con.execute(schema_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, "
                           "applied_at TIMESTAMP)"))
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for name, sql in _sql_files("schema"):
        version = int(name.split("_", 1)[0])
        if version in done:
            continue
        con.execute("BEGIN")
        try:
            con.execute(schema_sql(sql))
            con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            if on_lake and isinstance(exc, duckdb.Error):
                raise WarehouseError(f"{name}: DuckLake cannot apply this migration: {exc}") from exc
            raise
        applied.append(name)
    if on_lake:
        lake.apply_views(con, _sql_files("views"))
    else:
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
# call_flags and call_scores are derived (the QA queue's and the scorecard's per-call summaries), written
# here from the same records.
CALL_TABLES = ("redactions", "findings", "call_events", "words", "call_intervals", "call_metrics", "utterances",
               "call_flags", "call_scores", "calls")

_STR, _F64, _I32, _TS, _DATE = pa.string(), pa.float64(), pa.int32(), pa.timestamp("us"), pa.date32()
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
    "call_scores": {"call_id": _STR, "agent_id": _STR, "week": _DATE, "duration_s": _F64, "talk_ratio": _F64,
                    "dead_air_s": _F64, "rule_codes": pa.list_(_I32), "rule_findings": pa.list_(_I32),
                    "complaints": _I32, "apology_delays_s": pa.list_(_F64)},
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
    with _no_gc():
        return _load_calls(con, list(records), run_id)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a load. Turning records into columns allocates millions
    of objects and no reference cycle, and every few hundred allocations of containers start a collection
    that walks the caller's records too: a third of the Python time of a 5,000-call batch. Restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(slots=True)
class _Batch:
    """A batch of calls ready to write: its columns (for the counts) and Arrow tables."""
    rows: dict[str, list]
    tables: dict[str, pa.Table]
    totals: dict[str, pa.Table]


def _prepare(records: list[CallRecord], now: datetime, run_id: str | None) -> _Batch:
    """Everything about a batch that needs no database: pure Python and Arrow, before the transaction."""
    rows = _rows(records, now, run_id)
    tables = {table: _table(None, table, rows[table]) for table in CALL_TABLES if len(rows[table][0])}
    return _Batch(rows, tables, _batch_totals(rows) if len(rows["findings"][0]) else {})


def _load_calls(con: duckdb.DuckDBPyConnection, records: list[CallRecord], run_id: str | None) -> list[LoadResult]:
    if not records:
        return []
    now = _now()
    batch = _prepare(records, now, run_id)
    call_ids = batch.rows["calls"][0]
    single = len(call_ids) == 1
    source_paths = [r.transcript.source_path for r in records]
    registered: list[str] = []
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
            stored = con.execute("SELECT count(*) FROM calls WHERE call_id IN (SELECT call_id FROM _load_keys)"
                                 ).fetchone()[0]
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
        finding_ids = batch.rows["findings"][0]
        if len(finding_ids):  # before the insert: then no scan of the new rows themselves
            _check_finding_ids(con, finding_ids, registered)
        _write(con, batch, now, registered, changed=bool(stored))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in dict.fromkeys(registered):
            con.unregister(name)
    counts = {table: _per_call(batch.rows[table][_COLUMNS[table].index("call_id")])
              for table in ("utterances", "findings", "words", "call_events")}
    return [LoadResult(cid, counts["utterances"][cid], counts["findings"][cid], counts["words"][cid],
                       counts["call_events"][cid]) for cid in call_ids]


def _write(con: duckdb.DuckDBPyConnection, batch: _Batch, now: datetime, registered: list[str], *,
           changed: bool) -> None:
    """Insert a prepared batch, in the caller's transaction, after its calls' old rows were deleted and its
    finding ids checked."""
    for table in reversed(CALL_TABLES):  # parents first
        if table in batch.tables:
            _insert(con, table, _table(con, table, batch.tables[table]), registered)
    _update_aggregates(con, bool(batch.totals), changed, batch.totals)
    # New keys only, without ON CONFLICT: a DuckLake warehouse has no primary keys to conflict on.
    con.execute("INSERT INTO agents (agent_id, updated_at) SELECT DISTINCT agent_id, ? FROM _load_calls "
                "WHERE agent_id NOT IN (SELECT agent_id FROM agents)", [now])
    if batch.totals:
        con.register("_load_rule_versions", batch.totals["rule_versions"])
        registered.append("_load_rule_versions")
        con.execute("INSERT INTO rule_versions SELECT rule_id, rule_version, language, ? FROM _load_rule_versions "
                    "WHERE (rule_id, rule_version, language) NOT IN "
                    "(SELECT (rule_id, rule_version, language) FROM rule_versions)", [now])


def _per_call(call_ids: list[str] | pa.Array) -> Counter:
    if isinstance(call_ids, pa.Array):
        counted = pc.value_counts(call_ids)
        return Counter(dict(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())))
    return Counter(call_ids)


def _batch_totals(rows: dict[str, list]) -> dict[str, pa.Table]:
    """What the batch's findings add to each running total, and the (rule, version, language) triples they
    were found with: the definitions of _AGGREGATES (findings joined with the batch's calls on call_id),
    computed with Arrow's hash aggregation on the arrays already built instead of SQL over them."""
    col = dict(zip(_COLUMNS["findings"], rows["findings"]))
    calls = rows["calls"]
    at = pc.index_in(col["call_id"], value_set=pa.array(calls[0], _STR))  # the finding's call in the batch
    days = [s.date() if s is not None else None for s in calls[3]]
    f = pa.table({"call_id": col["call_id"], "agent_id": col["agent_id"], "rule_id": col["rule_id"],
                  "rule_version": col["rule_version"], "severity": col["severity"],
                  "language": pa.array(calls[2], _STR).take(at), "day": pa.array(days, pa.date32()).take(at)})
    joined = f.filter(pc.is_valid(at))  # JOIN {c} USING (call_id)
    counts = [("call_id", "count_distinct"), ("call_id", "count")]

    def total(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
        out = table.group_by(list(keys), use_threads=False).aggregate(counts)
        return pa.table([out[k] for k in keys] + [out["call_id_count_distinct"], out["call_id_count"]],
                        names=[*keys, "calls_with_finding", "findings"])

    return {"rule_day_counts": total(joined, _AGGREGATES["rule_day_counts"][0]),
            "agent_rule_counts": total(f, _AGGREGATES["agent_rule_counts"][0]),
            "agent_finding_counts": total(f.filter(pc.not_equal(f["severity"], "positive")),
                                          _AGGREGATES["agent_finding_counts"][0]),
            "rule_versions": joined.group_by(["rule_id", "rule_version", "language"], use_threads=False).aggregate([])}


# What a rescore replaces: the rules' output for a call. Everything else about the call stays as stored.
RESCORED_TABLES = ("findings", "call_events", "call_flags", "call_scores")


def replace_findings(con: duckdb.DuckDBPyConnection, record: CallRecord, *, rules_version: str | None = None,
                     run_id: str | None = None) -> LoadResult:
    """Replace one stored call's findings and events (and its QA-queue row) in one transaction; keep the rest.

    What a rescore writes: utterances, words, metrics and redactions are not touched, nor are QA reviews
    (they follow finding_id). The running totals lose the old findings' share and gain the new one, as in a
    replacing load. `rules_version` (JSON {rule_id: version}) and `run_id` go on the calls row
    (calls.rules_version, calls.rescore_run_id). LookupError if the call is not stored; on any failure the
    call keeps its old findings.
    """
    call_id = record.transcript.call_id
    rows = _rows([record], _now(), None)
    registered: list[str] = []
    con.execute("BEGIN")
    try:
        stored = con.execute("SELECT * FROM calls WHERE call_id = ?", [call_id]).fetch_arrow_table()
        if stored.num_rows == 0:
            raise LookupError(f"{call_id}: no such call in the warehouse")
        # The stored calls row (not the record's transcript) keys the per-day totals, as it did when loaded.
        con.register("_load_calls", stored)
        registered.append("_load_calls")
        con.register("_load_keys", pa.table({"call_id": pa.array([call_id], _STR)}))
        registered.append("_load_keys")
        for table, (key_columns, sql) in _AGGREGATES.items():
            con.execute(f"INSERT INTO {table} SELECT {', '.join(key_columns)}, -n_calls, -n FROM (" + sql.format(
                f="(SELECT * FROM findings WHERE call_id IN (SELECT call_id FROM _load_keys))", c="_load_calls") + ")")
        for table in RESCORED_TABLES:  # fixed names from this module, never input
            con.execute(f"DELETE FROM {table} WHERE call_id = ?", [call_id])
        for table in RESCORED_TABLES:
            columns = rows[table]
            if len(columns[0]):
                _insert(con, table, _table(con, table, columns), registered)
        new_findings = "_load_findings" in registered
        if new_findings:
            _check_finding_ids(con)
            con.execute("INSERT INTO rule_versions SELECT DISTINCT f.rule_id, f.rule_version, c.language, ? "
                        "FROM _load_findings f JOIN _load_calls c USING (call_id) "
                        "WHERE (f.rule_id, f.rule_version, c.language) NOT IN "
                        "(SELECT (rule_id, rule_version, language) FROM rule_versions)", [_now()])
        _update_aggregates(con, new_findings, True)
        con.execute("UPDATE calls SET rules_version = ?, rescore_run_id = ? WHERE call_id = ?",
                    [rules_version, run_id, call_id])
        # A rescore that went through closes the call's open rescore error (a load closes all of them).
        con.execute("DELETE FROM ingest_errors WHERE call_id = ? AND stage = 'rescore'", [call_id])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in registered:
            con.unregister(name)
    # Rows written: findings and events only (utterances and words stay as stored).
    return LoadResult(call_id, 0, len(rows["findings"][0]), events=len(rows["call_events"][0]))


def _check_finding_ids(con: duckdb.DuckDBPyConnection, finding_ids: pa.Array | None = None,
                       registered: list[str] | None = None) -> None:
    """finding_id is unique (what the primary key of schema 001 guaranteed): within the batch, and against
    the findings of other calls (the batch's own old findings are already deleted). Without `finding_ids`,
    the batch is the registered _load_findings."""
    if finding_ids is None:
        dup = con.execute("SELECT finding_id FROM _load_findings GROUP BY finding_id HAVING count(*) > 1 "
                          "LIMIT 1").fetchone()
        batch = "_load_findings"
    else:
        dup = None
        if pc.count_distinct(finding_ids).as_py() != len(finding_ids):
            dup = next((fid,) for fid, n in Counter(finding_ids.to_pylist()).items() if n > 1)
        con.register("_load_finding_ids", pa.table({"finding_id": finding_ids}))
        registered.append("_load_finding_ids")
        batch = "_load_finding_ids"
    if dup is None:
        dup = con.execute(f"SELECT f.finding_id FROM findings f SEMI JOIN {batch} n USING (finding_id) "
                          "WHERE f.call_id NOT IN (SELECT call_id FROM _load_keys) LIMIT 1").fetchone()
    if dup is not None:
        raise duckdb.ConstraintException(f"Duplicate key \"finding_id: {dup[0]}\" violates the uniqueness of "
                                         "findings.finding_id")


def _update_aggregates(con: duckdb.DuckDBPyConnection, new: bool, changed: bool,
                       totals: dict[str, pa.Table] | None = None) -> None:
    """Append the batch's contributions to the running totals (an append-only log of signed counts that the
    views sum per key; the replaced findings' share went in, negated, before they were deleted), and fold
    a log that has grown long back into one row per key. `totals`: the contributions already computed
    (_batch_totals), else SQL over the registered _load_findings and _load_calls."""
    for table, (keys, sql) in _AGGREGATES.items():
        if new and totals:
            name = f"_load_total_{table}"
            con.register(name, totals[table])
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
            finally:
                con.unregister(name)
        elif new:
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


def _rows(records: list[CallRecord], now: datetime, run_id: str | None) -> dict[str, list]:
    """Columns per table for a batch of calls, built column by column (one pass per column, no tuple per
    row). A column is a list of Python values or an Arrow array: the findings are converted once, and the
    per-call summaries (call_flags, call_scores) are taken from those arrays, not from Python objects."""
    out: dict[str, list] = {}
    n = len(records)
    ts = [r.transcript for r in records]
    cids = [t.call_id for t in ts]
    asrs = [t.asr for t in ts]
    qs = [t.quality for t in ts]
    started = [_utc(t.started_at) for t in ts]
    out["calls"] = [cids, [t.agent_id for t in ts], [t.language for t in ts], started,
                    [t.duration_s for t in ts], [t.source_path for t in ts],
                    [a and a.backend for a in asrs], [a and a.model for a in asrs],
                    [a and a.compute_type for a in asrs], [a and a.language_probability for a in asrs],
                    [len(t.turns) for t in ts], _repeat(now, n, _TS),
                    [q and q.mean_word_probability for q in qs], [q and q.low_confidence_share for q in qs],
                    [q and q.n_words for q in qs], [q and q.dropped_segments for q in qs], _repeat(run_id, n, _STR)]

    turns = [turn for t in ts for turn in t.turns]
    u_cid = [cid for t in ts for cid in repeat(t.call_id, len(t.turns))]
    u_idx = [i for t in ts for i in range(len(t.turns))]
    out["utterances"] = [u_cid, u_idx, [u.speaker for u in turns], [u.start_s for u in turns],
                         [u.end_s for u in turns], [u.text for u in turns],
                         [(sum(w.probability for w in u.words) / len(u.words)) if u.words else None for u in turns],
                         [u.language for u in turns], [u.speaker_confidence for u in turns]]

    said = [k for k, u in enumerate(turns) if u.words]  # turns with word timings (audio only)
    words = [w for k in said for w in turns[k].words]
    out["words"] = [[u_cid[k] for k in said for _ in turns[k].words], [u_idx[k] for k in said for _ in turns[k].words],
                    [j for k in said for j in range(len(turns[k].words))], [w.start_s for w in words],
                    [w.end_s for w in words], [w.text.strip() for w in words], [w.probability for w in words]]

    measured = [t for t in ts if t.metrics is not None]
    ms = [t.metrics for t in measured]
    out["call_metrics"] = [[t.call_id for t in measured]] + [list(map(attrgetter(f), ms)) for f in _METRIC_FIELDS]
    silences = [iv for m in ms for iv in m.silences]
    overlaps = [iv for m in ms for iv in m.overlaps]
    intervals = silences + overlaps
    out["call_intervals"] = [[t.call_id for t in measured for _ in t.metrics.silences]
                             + [t.call_id for t in measured for _ in t.metrics.overlaps],
                             ["silence"] * len(silences) + ["overlap"] * len(overlaps),
                             [iv.start_s for iv in intervals], [iv.end_s for iv in intervals],
                             [iv.by for iv in intervals]]

    events = [e for r in records for e in r.events]
    out["call_events"] = [[r.transcript.call_id for r in records for _ in r.events], [e.kind for e in events],
                          [e.start_s for e in events], [e.end_s for e in events],
                          [_event_turn_index(e) for e in events], [_event_detail(e) for e in events]]
    redactions = [x for r in records for x in r.redactions]
    out["redactions"] = [[r.transcript.call_id for r in records for _ in r.redactions],
                         [x.turn_index for x in redactions], [x.kind for x in redactions],
                         [x.start_s for x in redactions], [x.end_s for x in redactions]]

    fs = [f for r in records for f in r.findings]
    out["findings"] = [pa.array(list(map(attrgetter(c), fs)), t) for c, t in list(_SCHEMAS["findings"].items())[:-1]]
    out["findings"].append(_repeat(now, len(fs), _TS))
    out["call_flags"], out["call_scores"] = _call_summaries(records, started, out["findings"], out["call_events"])
    return out


def _repeat(value: Any, n: int, type_: pa.DataType) -> pa.Array:
    """One value n times, as Arrow (1,000,000 datetimes converted one by one take 0.2 s)."""
    return pa.repeat(pa.scalar(value, type_), n)


def _event_detail(e: Any) -> str | None:
    """getattr(e, 'detail', None) or getattr(e, 'pattern_id', None), without raising (and catching) an
    AttributeError per event for dataclasses that have only one of them (nlp.types.CallEvent)."""
    names = _field_names(type(e))
    if names is None:
        return getattr(e, "detail", None) or getattr(e, "pattern_id", None)
    return ("detail" in names and e.detail) or ("pattern_id" in names and e.pattern_id) or None


def _event_turn_index(e: Any) -> int | None:
    names = _field_names(type(e))
    if names is None:
        return getattr(e, "turn_index", None)
    return e.turn_index if "turn_index" in names else None


@lru_cache(maxsize=64)
def _field_names(cls: type) -> frozenset[str] | None:
    """The attributes every instance of a slotted dataclass has (its fields), else None: ask the object."""
    if not dataclasses.is_dataclass(cls) or cls.__dictoffset__:
        return None
    fields = frozenset(f.name for f in dataclasses.fields(cls))
    slots = {s for k in cls.__mro__ for s in getattr(k, "__slots__", ())}
    others = {name for name in ("detail", "pattern_id", "turn_index") if name not in fields and hasattr(cls, name)}
    return fields if slots <= fields | {"__weakref__"} and not others else None


def _call_summaries(records: list[CallRecord], started: list[datetime | None], findings: list[pa.Array],
                    events: list[list]) -> tuple[list, list]:
    """Columns of call_flags (one row per call with problem findings: what the QA queue sorts on and shows)
    and call_scores (one row per call: what the weekly scorecard sums), from the batch's findings as Arrow
    arrays: grouping and ordering are numpy sorts of positions and the evidence lists are taken from the
    findings' arrays, so no Python object is made per finding.

    The same as sorting each call's problem findings by (start_s, rule_id) in Python: the evidence in that
    order (ties in input order), the top evidence the first of the most severe, the rules sorted, distinct."""
    col = dict(zip(_COLUMNS["findings"], findings))
    n = len(records)
    position = np.repeat(np.arange(n), np.fromiter((len(r.findings) for r in records), np.int64, n))
    problem = pc.not_equal(col["severity"], "positive").to_numpy(zero_copy_only=False)
    idx = np.flatnonzero(problem)  # problem findings (praise never flags a call), in input order
    names = sorted(pc.unique(col["rule_id"].filter(pa.array(problem))).to_pylist())
    width = max(len(names), 1)
    code = pc.index_in(col["rule_id"], value_set=pa.array(names, _STR)).to_numpy(zero_copy_only=False)[idx]
    code = code.astype(np.int64)  # position in the sorted names: codes sort like rule ids
    call = position[idx]
    start = col["start_s"].to_numpy(zero_copy_only=False)[idx]
    queue = idx[np.lexsort((idx, code, start, call))]  # by call, start_s, rule_id, input order
    count = np.bincount(call, minlength=n)
    flagged = np.flatnonzero(count)
    offsets = np.concatenate(([0], np.cumsum(count[flagged]))).astype(np.int32)
    # high 3, medium 2, low 1, anything else 0 (_SEVERITY_RANK)
    rank = pc.fill_null(pc.index_in(col["severity"], value_set=pa.array(["low", "medium", "high"])), -1)
    rank = rank.to_numpy(zero_copy_only=False)[queue] + 1
    segment = np.repeat(np.arange(len(flagged)), count[flagged])
    best = np.maximum.reduceat(rank, offsets[:-1]) if len(flagged) else np.zeros(0, np.int32)
    is_best = np.flatnonzero(rank == best[segment])
    top = pa.array(queue[is_best[np.unique(segment[is_best], return_index=True)[1]]])  # first of the most severe
    # (call, rule) pairs of problem findings, by call then rule_id, with their counts
    pairs, pair_counts = np.unique(call * width + code, return_counts=True)
    pair_call, pair_code = np.divmod(pairs, width)
    rules_per_call = np.bincount(pair_call, minlength=n)
    pair_names = pa.array(names, _STR).take(pa.array(pair_code))

    ts = [records[i].transcript for i in flagged.tolist()]
    evidence = pa.StructArray.from_arrays([col[name].take(pa.array(queue)) for name in _EVIDENCE.names],
                                          fields=list(_EVIDENCE))
    top_evidence = [f'{r} @{int(s // 60)}:{int(s % 60):02d} "{w}"' for r, s, w in zip(
        col["rule_id"].take(top).to_pylist(), col["start_s"].take(top).to_pylist(), col["evidence"].take(top).to_pylist())]
    flag_rule_offsets = np.concatenate(([0], np.cumsum(rules_per_call[flagged]))).astype(np.int32)
    call_flags = [[t.call_id for t in ts], [t.agent_id for t in ts], [t.language for t in ts],
                  [started[i] for i in flagged.tolist()], [t.duration_s for t in ts], [t.source_path for t in ts],
                  pa.array(best, _I32), pa.array(count[flagged], _I32),
                  pa.ListArray.from_arrays(pa.array(flag_rule_offsets), pair_names), top_evidence,
                  pa.ListArray.from_arrays(pa.array(offsets), evidence)]

    complaints, delays, delay_offsets = _apology_delays(records, events)
    rule_offsets = pa.array(np.concatenate(([0], np.cumsum(rules_per_call))).astype(np.int32))
    ts = [r.transcript for r in records]
    call_scores = [[t.call_id for t in ts], [t.agent_id for t in ts],
                   [s.date() - timedelta(days=s.weekday()) if s is not None else None for s in started],
                   [t.duration_s for t in ts], [t.metrics.talk_ratio if t.metrics is not None else None for t in ts],
                   [t.metrics.dead_air_s if t.metrics is not None else None for t in ts],
                   pa.ListArray.from_arrays(rule_offsets, pair_names),  # rule ids: _table turns them into codes
                   pa.ListArray.from_arrays(rule_offsets, pa.array(pair_counts, _I32)),
                   pa.array(complaints, _I32), pa.ListArray.from_arrays(pa.array(delay_offsets), pa.array(delays, _F64))]
    return call_flags, call_scores


def _apology_delays(records: list[CallRecord], events: list[list]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per call: its complaints, and for each complaint followed by an apology the seconds from the
    complaint's end to the start of the first apology that starts at or after that end (ascending), with
    list offsets. The events of each call, complaints by end and apologies by start, are sorted into one
    sequence (a complaint before an apology starting at its very end): a complaint's apology is the next
    apology of the same call in it."""
    n = len(records)
    _, kinds, starts, ends = events[:4]
    call = np.repeat(np.arange(n), np.fromiter((len(r.events) for r in records), np.int64, n))
    kind = np.array(kinds, dtype=object)
    complaint, apology = kind == "complaint", kind == "apology"
    keep = np.flatnonzero(complaint | apology)
    time = np.where(complaint, np.array(ends, np.float64), np.array(starts, np.float64))[keep]
    order = keep[np.lexsort((apology[keep], time, call[keep]))]  # by call, time, complaint first
    is_apology = apology[order]
    apology_at = np.flatnonzero(is_apology)
    asked_at = np.flatnonzero(~is_apology)
    nxt = np.searchsorted(apology_at, asked_at)  # the next apology in the sequence, if any
    answered = nxt < len(apology_at)
    asked_at, nxt = asked_at[answered], apology_at[nxt[answered]]
    same = call[order[nxt]] == call[order[asked_at]]
    asked, answer = order[asked_at[same]], order[nxt[same]]
    delay = np.array(starts, np.float64)[answer] - np.array(ends, np.float64)[asked]
    delay_call = call[asked]
    by_call = np.lexsort((delay, delay_call))
    offsets = np.concatenate(([0], np.cumsum(np.bincount(delay_call, minlength=n)))).astype(np.int32)
    return np.bincount(call[complaint], minlength=n), delay[by_call], offsets


def _table(con: duckdb.DuckDBPyConnection | None, table: str, columns: list | pa.Table) -> pa.Table:
    """The Arrow table of one table's columns. call_scores' rule ids become their codes (rule_codes), a rule
    seen for the first time getting the next code, in this transaction: only with a connection (without
    one, the rule ids stay, for a later call with one)."""
    if isinstance(columns, pa.Table):
        arrays = columns.columns
    else:
        arrays = [c if isinstance(c, pa.Array) else pa.array(c, t) for c, t in zip(columns, _SCHEMAS[table].values())]
    if table == "call_scores" and con is not None:
        k = _COLUMNS[table].index("rule_codes")
        rules = arrays[k].combine_chunks() if isinstance(arrays[k], pa.ChunkedArray) else arrays[k]
        arrays = [*arrays[:k], _rule_codes(con, rules), *arrays[k + 1:]]
    return pa.table(arrays, names=list(_COLUMNS[table]))


def _rule_codes(con: duckdb.DuckDBPyConnection, rules: pa.ListArray) -> pa.ListArray:
    known = dict(con.execute("SELECT rule_id, code FROM rule_codes").fetchall())
    names = pc.unique(rules.values).to_pylist()
    new = sorted(set(names) - known.keys())
    if new:
        first = max(known.values(), default=0) + 1
        known.update({name: first + k for k, name in enumerate(new)})
        con.execute("INSERT INTO rule_codes SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[])",
                    [[known[name] for name in new], new])
    codes = pa.array([known[name] for name in names], _I32).take(pc.index_in(rules.values, pa.array(names, _STR)))
    return pa.ListArray.from_arrays(rules.offsets, codes)


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
        # MERGE rather than ON CONFLICT: a DuckLake warehouse has no primary keys to conflict on.
        con.executemany("MERGE INTO agents USING (SELECT ?::VARCHAR AS agent_id, ?::VARCHAR AS team, ?::DATE AS hire_date, "
                        "?::TIMESTAMP AS updated_at) n ON agents.agent_id = n.agent_id "
                        "WHEN MATCHED THEN UPDATE SET team = coalesce(n.team, agents.team), "
                        "hire_date = coalesce(n.hire_date, agents.hire_date), updated_at = n.updated_at "
                        "WHEN NOT MATCHED THEN INSERT VALUES (n.agent_id, n.team, n.hire_date, n.updated_at)",
                        [[a, t, h, now] for a, t, h in rows])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def start_run(con: duckdb.DuckDBPyConnection, *, run_id: str | None = None, code_version: str | None = None,
              asr_backend: str | None = None, asr_model: str | None = None,
              rule_versions: dict[str, dict[str, str]] | None = None, inputs: int | None = None,
              kind: str = "process") -> str:
    """Record the start of a pipeline run (status 'running'), and the rule versions it runs with.

    `kind`: 'process' (transcribe or read, detect, load) or 'rescore' (the rules again on stored transcripts).
    """
    run_id = run_id or uuid.uuid4().hex
    now = _now()
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
        con.execute("INSERT INTO runs (run_id, started_at, status, code_version, asr_backend, asr_model, rule_versions, "
                    "inputs, kind) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)",
                    [run_id, now, code_version, asr_backend, asr_model,
                     json.dumps(rule_versions, sort_keys=True) if rule_versions is not None else None, inputs, kind])
        for language, versions in (rule_versions or {}).items():
            con.executemany("INSERT INTO rule_versions SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM "
                            "rule_versions WHERE rule_id = $1 AND rule_version = $2 AND language = $3)",
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


def record_source(con: duckdb.DuckDBPyConnection, call_id: str, source_path: str, sha256: str) -> None:
    """The file a call was just loaded from, and its hash (one row per call, replaced)."""
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM source_files WHERE call_id = ?", [call_id])
        con.execute("INSERT INTO source_files VALUES (?, ?, ?, ?)", [call_id, source_path, sha256, _now()])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def loaded_sources(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """call_id -> sha256 of the file it was last loaded from, for calls still in `calls`."""
    return dict(con.execute("SELECT s.call_id, s.sha256 FROM source_files s JOIN calls USING (call_id)").fetchall())


def source_hashes(con: duckdb.DuckDBPyConnection, call_ids: Sequence[str]) -> set[str]:
    """The sha256 of the files these calls were loaded from (to purge their cached transcripts)."""
    return {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM source_files WHERE list_contains(?, call_id)",
                                      [list(call_ids)]).fetchall()}
