"""A DuckLake warehouse (`ducklake:CATALOG`): same schema and views as a DuckDB file, same loader guarantees.

The labelled calls of both languages go into a DuckDB file and into a DuckLake the same way; every view
must then return the same rows from both.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import os
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tests.warehouse.conftest import TEAMS, labelled_records, turn_metrics
from warehouse import db, lake
from warehouse.search import SearchUnavailable, build_index, ensure_index, search

os.environ["COLUMNS"] = "200"  # before Rich's console is built: tables are not wrapped mid-word
from escucha.cli import app  # noqa: E402

runner = CliRunner()
CALL_TABLES_WITH_ROWS = ("calls", "utterances", "findings", "call_events", "call_metrics", "call_intervals",
                         "call_flags")


@functools.cache
def _records() -> tuple[db.CallRecord, ...]:
    """The labelled calls with turn-time metrics (so call_metrics and call_intervals have rows); analysed once."""
    return tuple(dataclasses.replace(r, transcript=dataclasses.replace(r.transcript, metrics=turn_metrics(r.transcript)))
                 for r in labelled_records("es") + labelled_records("en"))


def _build(target: str, records: tuple[db.CallRecord, ...]) -> None:
    """What a pipeline run does, through the public functions: a run, two batches, a re-load, teams, reviews."""
    with db.connect(target) as con:
        run_id = db.start_run(con, run_id="run-1", rule_versions={"es": {"blame_shifting": "1"}}, inputs=len(records))
        db.load_calls(con, records[:10], run_id=run_id)
        db.load_calls(con, records[10:], run_id=run_id)
        db.load_call(con, records[0].transcript, records[0].findings, records[0].events, run_id=run_id)
        db.upsert_agents(con, [(f"agent_{lang}", team, hired) for lang, (team, hired) in TEAMS.items()])
        db.finish_run(con, run_id, calls_loaded=len(records), calls_failed=0, findings=0)
        finding_ids = [r[0] for r in con.execute("SELECT finding_id FROM findings ORDER BY finding_id LIMIT 3").fetchall()]
        for finding_id, verdict in zip(finding_ids, db.REVIEW_VERDICTS):
            db.add_review(con, finding_id, verdict, reviewer="ana")


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory) -> tuple[str, str]:
    """(DuckDB file, DuckLake target) built from the same records."""
    root = tmp_path_factory.mktemp("ducklake")
    records = _records()
    file_target, lake_target = str(root / "file.duckdb"), f"ducklake:{root / 'lake.ducklake'}"
    for target in (file_target, lake_target):
        _build(target, records)
    return file_target, lake_target


def _views(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                                      "AND database_name = current_database() ORDER BY view_name").fetchall()]


def _normalised(value):
    """Rows compared as values: floats to 9 digits (sums may add in another order), MAPs as sorted items."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return sorted((k, _normalised(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_normalised(v) for v in value]
    return value


def _rows(con: duckdb.DuckDBPyConnection, view: str) -> list:
    return sorted((_normalised(row) for row in con.execute(f'SELECT * FROM "{view}"').fetchall()), key=repr)


def test_every_view_returns_the_same_rows_as_a_duckdb_file(warehouses):
    file_target, lake_target = warehouses
    with db.connect(file_target, read_only=True) as file_con, db.connect(lake_target, read_only=True) as lake_con:
        views = _views(file_con)
        assert _views(lake_con) == views
        assert {"agent_summary", "agent_scorecard", "flagged_calls", "agent_evidence", "rule_trends",
                "team_benchmarks"} <= set(views)
        for view in views:
            expected = _rows(file_con, view)
            assert expected, f"{view} is empty: the comparison would prove nothing"
            assert _rows(lake_con, view) == expected, view


def test_the_lake_has_the_same_tables_and_migrations(warehouses):
    file_target, lake_target = warehouses
    query = ("SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index) FROM duckdb_columns() "
             "WHERE database_name = current_database() AND schema_name = 'main' AND table_name NOT LIKE 'search%' "
             "AND table_name NOT IN (SELECT view_name FROM duckdb_views()) GROUP BY table_name ORDER BY table_name")
    with db.connect(file_target, read_only=True) as file_con, db.connect(lake_target, read_only=True) as lake_con:
        assert lake_con.execute(query).fetchall() == file_con.execute(query).fetchall()
        versions = "SELECT version, name FROM schema_version ORDER BY version"
        assert lake_con.execute(versions).fetchall() == file_con.execute(versions).fetchall()
        for table in ("agents", "rule_versions", "runs", "reviews"):
            assert lake_con.execute(f"SELECT count(*) FROM {table}").fetchone() == \
                file_con.execute(f"SELECT count(*) FROM {table}").fetchone(), table


def _per_call_counts(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    return {table: con.execute(f"SELECT call_id, count(*) FROM {table} GROUP BY call_id ORDER BY call_id").fetchall()
            for table in CALL_TABLES_WITH_ROWS}


def test_reloading_calls_never_duplicates_rows(tmp_path):
    target = f"ducklake:{tmp_path / 'lake.ducklake'}"
    records = [r for r in _records() if r.findings][:3]
    with db.connect(target) as con:
        db.load_calls(con, records)
        first = _per_call_counts(con)
        summary = con.execute("SELECT * FROM agent_summary").fetchall()
        db.load_calls(con, records)  # the whole batch again
        record = records[0]  # and one call on its own
        db.load_call(con, record.transcript, record.findings, record.events)
        assert _per_call_counts(con) == first
        assert con.execute("SELECT * FROM agent_summary").fetchall() == summary
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == len(records)
        # No primary keys in a lake: these stay unique because the loader only adds new keys.
        assert con.execute("SELECT count(*) - count(DISTINCT agent_id) FROM agents").fetchone()[0] == 0
        assert con.execute("SELECT count(*) - count(DISTINCT (rule_id, rule_version, language)) "
                           "FROM rule_versions").fetchone()[0] == 0
        assert con.execute("SELECT count(*) - count(DISTINCT finding_id) FROM findings").fetchone()[0] == 0


def test_a_repeated_finding_id_fails_the_batch_and_keeps_the_old_rows(tmp_path):
    target = f"ducklake:{tmp_path / 'lake.ducklake'}"
    first, second = [r for r in _records() if r.findings][:2]
    with db.connect(target) as con:
        db.load_calls(con, [first, second])
        before = _per_call_counts(con)
        bad = dataclasses.replace(second, findings=list(second.findings) + [first.findings[0]])
        with pytest.raises(duckdb.ConstraintException, match="finding_id"):
            db.load_calls(con, [bad])
        assert _per_call_counts(con) == before


def test_read_only_access_reads_views_and_refuses_writes(warehouses, tmp_path):
    _, lake_target = warehouses
    with db.connect(lake_target, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM flagged_calls").fetchone()[0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM findings")
    missing = f"ducklake:{tmp_path / 'missing.ducklake'}"
    with pytest.raises(db.WarehouseError, match="missing.ducklake"):
        db.connect(missing, read_only=True)
    assert not lake.warehouse_exists(missing) and lake.warehouse_exists(lake_target)


def test_reopening_writes_nothing_to_the_catalog(warehouses):
    """Views are re-applied only when their file changed: a writer opening the lake adds no snapshot."""
    _, lake_target = warehouses
    snapshots = "SELECT count(*) FROM ducklake_snapshots('lake')"
    with db.connect(lake_target) as con:
        before = con.execute(snapshots).fetchone()[0]
    with db.connect(lake_target) as con:
        assert db.migrate(con) == []
        assert con.execute(snapshots).fetchone()[0] == before


def test_the_data_path_defaults_beside_the_catalog_and_follows_the_environment(warehouses, tmp_path, monkeypatch):
    _, lake_target = warehouses
    flush = "CALL ducklake_flush_inlined_data('lake')"  # small inserts may sit in the catalog until flushed
    with db.connect(lake_target) as con:
        con.execute(flush)
    catalog = lake.catalog_file(lake_target)
    assert list(Path(f"{catalog}.files").rglob("*.parquet"))

    elsewhere = tmp_path / "parquet"
    monkeypatch.setenv(lake.DATA_PATH_ENV, str(elsewhere))
    target = f"ducklake:{tmp_path / 'moved.ducklake'}"
    _build(target, _records()[:3])
    with db.connect(target) as con:
        con.execute(flush)
    assert list(elsewhere.rglob("*.parquet")) and not (tmp_path / "moved.ducklake.files").exists()
    monkeypatch.setenv(lake.DATA_PATH_ENV, str(tmp_path / "not-there"))
    with pytest.raises(db.WarehouseError, match="moved.ducklake.*does not match"):
        db.connect(target, read_only=True)


def test_forget_erases_the_call_from_old_snapshots_and_parquet_files(tmp_path):
    """A lake's DELETE only marks rows: forgetting a call must also reach time travel and the files."""
    from warehouse.retention import forget

    catalog = tmp_path / "lake.ducklake"
    records = [r for r in _records() if r.findings][:4]
    victim = records[0].transcript.call_id

    def stored_anywhere(con) -> int:
        versions = [r[0] for r in con.execute("SELECT snapshot_id FROM ducklake_snapshots('lake') "
                                              "WHERE snapshot_id >= ?", [migrated]).fetchall()]
        in_snapshots = sum(con.execute(f"SELECT count(*) FROM utterances AT (VERSION => {v}) WHERE call_id = ?",
                                       [victim]).fetchone()[0] for v in versions)
        con.execute("CALL ducklake_flush_inlined_data('lake')")
        in_files = con.execute(f"SELECT count(*) FROM read_parquet('{catalog}.files/**/*.parquet', union_by_name = true) "
                               "WHERE call_id = ?", [victim]).fetchone()[0]
        return in_snapshots + in_files

    with db.connect(f"ducklake:{catalog}") as con:
        migrated = con.execute("SELECT max(snapshot_id) FROM ducklake_snapshots('lake')").fetchone()[0]
        db.load_calls(con, records[:2])
        db.load_calls(con, records[2:])
        db.load_calls(con, records[:1])  # a re-load: the old rows are deleted, still in history
        assert stored_anywhere(con) > 0
        assert forget(con, [victim]).call_ids == (victim,)
        assert stored_anywhere(con) == 0
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == len(records) - 1


def test_search_is_unavailable_on_a_lake_with_a_clear_error(warehouses):
    _, lake_target = warehouses
    with db.connect(lake_target, search=True) as con:
        for attempt in (build_index, ensure_index, lambda c: search(c, "departamento")):
            with pytest.raises(SearchUnavailable, match="not available on a DuckLake"):
                attempt(con)
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'search%'").fetchone()[0] == 0


def test_schema_sql_drops_what_ducklake_cannot_store():
    sql = """CREATE TABLE t (
        id VARCHAR PRIMARY KEY,   -- a comment that says PRIMARY KEY (x)
        k  VARCHAR NOT NULL PRIMARY KEY,
        u  VARCHAR UNIQUE,
        n  INTEGER NOT NULL,      -- 'quoted -- not a comment' stays
        PRIMARY KEY (id, n)
    );
    CREATE INDEX t_n ON t (n);
    CREATE UNIQUE INDEX t_u ON t (u);
    DROP INDEX IF EXISTS t_n;"""
    out = lake.schema_sql(sql)
    assert "PRIMARY" not in out and "UNIQUE" not in out and "CREATE INDEX" not in out
    assert "id VARCHAR NOT NULL," in out and "k  VARCHAR NOT NULL," in out and "u  VARCHAR," in out
    assert "DROP INDEX IF EXISTS t_n;" in out
    con = duckdb.connect()
    con.execute(out)
    assert [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 't' "
                                      "AND NOT is_nullable").fetchall()] == ["id", "k", "n"]


def test_cli_sql_and_search_on_a_lake(warehouses):
    _, lake_target = warehouses
    result = runner.invoke(app, ["sql", "SELECT agent_id, calls FROM agent_summary ORDER BY agent_id", "--db", lake_target,
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"agent_id": "agent_en", "calls": 12}, {"agent_id": "agent_es", "calls": 12}]
    result = runner.invoke(app, ["search", "departamento", "--db", lake_target])
    assert result.exit_code == 1 and "not available on a DuckLake" in result.output
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", "ducklake:/nowhere/none.ducklake"])
    assert result.exit_code == 1 and "escucha run" in result.output


@pytest.mark.integration
@pytest.mark.slow  # the Prefect test server (about 12 s) and 24 calls, each opening the lake
def test_escucha_run_into_a_lake_then_query_it(prefect_backend, transcript_folder, tmp_path):
    target = f"ducklake:{tmp_path / 'lake.ducklake'}"
    result = runner.invoke(app, ["run", str(transcript_folder), "--db", target])
    assert result.exit_code == 0, result.output
    assert "Loaded 24 calls" in result.output and "agent_es" in result.output
    result = runner.invoke(app, ["sql", "SELECT count(*) AS calls, count(DISTINCT call_id) AS distinct_calls "
                                        "FROM calls", "--db", target, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"calls": 24, "distinct_calls": 24}]
    result = runner.invoke(app, ["sql", "SELECT status, calls_loaded FROM runs", "--db", target, "-f", "json"])
    assert json.loads(result.output) == [{"status": "completed", "calls_loaded": 24}]
