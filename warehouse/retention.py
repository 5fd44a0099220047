"""Retention: forget calls, from every table and the derived search index, in one transaction.

The tables are looked up in DuckDB's information_schema (every base table with a `call_id` column), so a
table added by a later migration is covered without touching this file. Also removed: the QA reviews of
the call's findings, its open ingest errors (by call_id or source path), and its share of the running
totals (the same signed rows the loader appends when it replaces a call). On a DuckLake, the deleted rows
are then erased from its old snapshots and Parquet files too (lake.erase_deleted_rows).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import duckdb

from warehouse import db, lake


@dataclass(frozen=True, slots=True)
class Forgotten:
    call_ids: tuple[str, ...]  # those that were in `calls`
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows deleted


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def call_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table of the main schema that has a call_id column (children before `calls`)."""
    rows = con.execute("""
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
        WHERE c.column_name = 'call_id' AND t.table_type = 'BASE TABLE' AND c.table_schema = 'main'
          AND c.table_catalog = current_database()
        ORDER BY c.table_name""").fetchall()
    names = [r[0] for r in rows]
    return sorted(names, key=lambda n: n == "calls")


def calls_older_than(con: duckdb.DuckDBPyConnection, days: float, *, now: datetime | None = None) -> list[str]:
    """Calls that started (or, without a start time, were loaded) more than `days` days ago."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    cutoff = now - timedelta(days=days)
    return [r[0] for r in con.execute("SELECT call_id FROM calls WHERE coalesce(started_at, loaded_at) < ? "
                                      "ORDER BY call_id", [cutoff]).fetchall()]


def forget(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> Forgotten:
    """Delete every row about these calls, all or nothing; then rebuild the search index if there is one."""
    call_ids = sorted(set(call_ids))
    if not call_ids:
        return Forgotten(())
    rows: dict[str, int] = {}
    con.execute("BEGIN")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _forget AS SELECT unnest(?::VARCHAR[]) AS call_id", [call_ids])
        known = [r[0] for r in con.execute("SELECT call_id FROM calls WHERE call_id IN (SELECT call_id FROM _forget) "
                                           "ORDER BY call_id").fetchall()]
        if known:  # take the findings' share out of the running totals, as a replacing load does
            for table, (key_columns, sql) in db._AGGREGATES.items():
                con.execute(f"INSERT INTO {quote_identifier(table)} SELECT {', '.join(key_columns)}, -n_calls, -n FROM ("
                            + sql.format(f="(SELECT * FROM findings WHERE call_id IN (SELECT call_id FROM _forget))",
                                         c="(SELECT * FROM calls WHERE call_id IN (SELECT call_id FROM _forget))") + ")")
        rows["reviews"] = con.execute("DELETE FROM reviews WHERE finding_id IN (SELECT finding_id FROM findings "
                                      "WHERE call_id IN (SELECT call_id FROM _forget))").fetchone()[0]
        rows["ingest_errors"] = con.execute(
            "DELETE FROM ingest_errors WHERE call_id IN (SELECT call_id FROM _forget) OR source_path IN "
            "(SELECT source_path FROM calls WHERE call_id IN (SELECT call_id FROM _forget))").fetchone()[0]
        for table in call_tables(con):
            deleted = con.execute(f"DELETE FROM {quote_identifier(table)} "
                                  "WHERE call_id IN (SELECT call_id FROM _forget)").fetchone()[0]
            rows[table] = rows.get(table, 0) + deleted
        con.execute("DROP TABLE _forget")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    _rebuild_search(con)
    if known and lake.is_lake_connection(con):  # a lake keeps deleted rows in old snapshots and files
        lake.erase_deleted_rows(con)
    return Forgotten(tuple(known), {t: n for t, n in rows.items() if n})


def _rebuild_search(con: duckdb.DuckDBPyConnection) -> None:
    """The FTS index holds the words of every utterance: rebuild it (or drop it when it cannot be rebuilt)."""
    from warehouse.search import SearchUnavailable, ensure_index

    has_index = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'search_index_state'").fetchone()[0]
    if not has_index:
        return
    try:
        ensure_index(con)
    except SearchUnavailable:
        for schema in ("fts_main_search_docs_es", "fts_main_search_docs_en"):
            con.execute(f"DROP SCHEMA IF EXISTS {quote_identifier(schema)} CASCADE")
        con.execute("DROP TABLE IF EXISTS search_index_state")
