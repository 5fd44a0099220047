"""The DuckDB file: open it (applying migrations), load a call, record an error.

SQL lives in sql/schema/NNN_*.sql (forward-only migrations, applied once, recorded in
schema_version) and sql/views/*.sql (re-applied on every open, since views are derived).
Python only binds parameters; it never formats values into SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import duckdb

from nlp.types import Finding
from speech.types import Transcript


class WarehouseError(RuntimeError):
    """The database could not be opened or written; the message names the file and the cause."""


def _sql_files(folder: str) -> list[tuple[str, str]]:
    root = resources.files("warehouse") / "sql" / folder
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in root.iterdir() if f.name.endswith(".sql"))


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Writers get migrations and views applied; readers get the file as it is."""
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


def load_call(con: duckdb.DuckDBPyConnection, transcript: Transcript, findings: list[Finding]) -> LoadResult:
    """Replace everything stored for this call in one transaction: re-runs never duplicate, a failure leaves the old rows."""
    now = _now()
    asr = transcript.asr
    call_row = [transcript.call_id, transcript.agent_id, transcript.language, _utc(transcript.started_at),
                transcript.duration_s, transcript.source_path, asr and asr.backend, asr and asr.model,
                asr and asr.compute_type, asr and asr.language_probability, len(transcript.turns), now]
    utterance_rows = [[transcript.call_id, i, t.speaker, t.start_s, t.end_s, t.text,
                       (sum(w.probability for w in t.words) / len(t.words)) if t.words else None]
                      for i, t in enumerate(transcript.turns)]
    finding_rows = [[f.finding_id, f.call_id, f.agent_id, f.rule_id, f.rule_version, f.severity, f.speaker,
                     f.start_s, f.end_s, f.evidence, f.explanation, f.turn_index, f.pattern_id, f.confidence, now]
                    for f in findings]
    con.execute("BEGIN")
    try:
        for table in ("findings", "utterances", "calls"):
            con.execute(f"DELETE FROM {table} WHERE call_id = ?", [transcript.call_id])
        con.execute("DELETE FROM ingest_errors WHERE source_path = ? OR call_id = ?",
                    [transcript.source_path, transcript.call_id])
        con.execute("INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", call_row)
        if utterance_rows:
            con.executemany("INSERT INTO utterances VALUES (?, ?, ?, ?, ?, ?, ?)", utterance_rows)
        if finding_rows:
            con.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", finding_rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return LoadResult(transcript.call_id, len(utterance_rows), len(finding_rows))


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
