"""Parquet export of every warehouse table, Hive-partitioned by date, for BI tools.

    out/calls/call_date=2024-05-06/data_0.parquet
    out/findings/call_date=2024-05-06/data_0.parquet   (rows of a call go with the call's date)
    out/runs/run_date=.../    out/reviews/review_date=.../    out/agents/data_0.parquet  ...

Read back with `read_parquet('out/findings/**/*.parquet', hive_partitioning = true)`.
Derived data (the search index, the loader's summaries, views) is not exported: views are SQL over these tables.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Tables partitioned by their own timestamp column: (partition column, expression).
_OWN_DATE = {"calls": ("call_date", "started_at"), "runs": ("run_date", "started_at"),
             "reviews": ("review_date", "reviewed_at"), "ingest_errors": ("error_date", "occurred_at")}
# Derived data: the search index, and the loader's summaries (schemas 003, 007) that the views read.
_SKIP_PREFIXES = ("search_docs_", "search_index_state", "call_flags", "rule_day_counts", "agent_rule_counts",
                  "agent_finding_counts", "call_scores", "rule_codes")


@dataclass(frozen=True, slots=True)
class ExportedTable:
    table: str
    rows: int
    path: Path
    partition_by: str | None


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's own tables (not the FTS index, nor the summaries derived from findings)."""
    names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                       "AND NOT internal ORDER BY table_name").fetchall()]
    return [n for n in names if not n.startswith(_SKIP_PREFIXES)]


def export_parquet(con: duckdb.DuckDBPyConnection, out: str | Path) -> list[ExportedTable]:
    """Write every table under `out/<table>/`, replacing what a previous export left there."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    call_tables = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_columns() WHERE schema_name = 'main' AND column_name = 'call_id'").fetchall()}
    done = []
    for table in tables(con):
        target = out / table
        if target.exists():
            shutil.rmtree(target)
        q = quote_identifier(table)
        if table in _OWN_DATE:
            part, column = _OWN_DATE[table]
            relation = con.sql(f"SELECT *, {quote_identifier(column)}::DATE AS {part} FROM {q}")
        elif table in call_tables and table != "ingest_errors":
            part = "call_date"
            relation = con.sql(f"SELECT t.*, c.started_at::DATE AS call_date FROM {q} t "
                               "LEFT JOIN calls c ON c.call_id = t.call_id")
        else:
            part = None
            relation = con.sql(f"SELECT * FROM {q}")
        rows = relation.aggregate("count(*)").fetchone()[0]
        if part:
            relation.to_parquet(str(target), partition_by=[part], overwrite=True)
        else:
            target.mkdir()
            relation.to_parquet(str(target / "data_0.parquet"))
        done.append(ExportedTable(table, rows, target, part))
    return done
