"""The warehouse as a DuckLake: a catalog (a DuckDB file, or PostgreSQL for several writers) plus Parquet files.

Selected by the warehouse target wherever a DuckDB file path is accepted (`--db`, `db_path`):

    ducklake:lake/catalog.ducklake          catalog in a DuckDB file; Parquet in lake/catalog.ducklake.files/
    ducklake:postgres:dbname=escucha host=db.internal
                                            catalog in PostgreSQL (needs the duckdb-extension-postgres-scanner
                                            package); the data path must be given (ESCUCHA_LAKE_DATA_PATH)

ESCUCHA_LAKE_DATA_PATH overrides where the Parquet files go. A catalog records its data path when it is
created; opening it later with a different one is refused by DuckLake.

The same migrations and views as a DuckDB file, with what DuckLake cannot store left out (`schema_sql`):
no PRIMARY KEY, UNIQUE or index. Uniqueness does not rely on them: the loader deletes a call's rows before
inserting them and checks finding_id itself, and agents and rule_versions only ever get new keys
(db.load_calls, upsert_agents, start_run). Not on a lake: full-text search (warehouse.search says so).
Forgetting calls on a lake also erases them from its history (`erase_deleted_rows`).
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import duckdb

from warehouse.db import WarehouseError
from warehouse.extensions import ExtensionMissing, load_bundled_extension, quote_literal

PREFIX = "ducklake:"
DATA_PATH_ENV = "ESCUCHA_LAKE_DATA_PATH"
CATALOG_ALIAS = "lake"  # the name the lake is attached under; unqualified table names resolve to it (USE lake)
# Catalogs that are not a DuckDB file: passed through to the extension as they are.
_OTHER_CATALOGS = ("postgres:", "sqlite:", "mysql:")
_POSTGRES_EXTENSION = "postgres_scanner"  # package duckdb-extension-postgres-scanner


def is_lake(target: str | Path) -> bool:
    return str(target).startswith(PREFIX)


def catalog_file(target: str | Path) -> Path | None:
    """The DuckDB file holding the catalog of a `ducklake:PATH` target (None for other catalogs)."""
    catalog = str(target)[len(PREFIX):]
    return None if catalog.startswith(_OTHER_CATALOGS) else Path(catalog)


def warehouse_exists(target: str | Path) -> bool:
    """Whether there is a warehouse to open read-only: the DuckDB file, or the lake's catalog file.

    A catalog in a database server cannot be checked without connecting: opening it says.
    """
    if not is_lake(target):
        return Path(target).exists()
    catalog = catalog_file(target)
    return catalog is None or catalog.is_file()


def data_path(target: str | Path) -> str | None:
    """Where the lake's Parquet files go: ESCUCHA_LAKE_DATA_PATH, else beside a new catalog file
    (CATALOG.files/). None: let the catalog say (it records its data path when created)."""
    configured = os.environ.get(DATA_PATH_ENV)
    if configured:
        if "://" in configured:  # object storage (s3://...): as given
            return configured
        return str(Path(configured).expanduser().resolve()).rstrip("/") + "/"
    catalog = catalog_file(target)
    if catalog is not None and not catalog.exists():
        # Absolute: the catalog stores the path as given, and a relative one would depend on the working directory.
        return f"{catalog.resolve()}.files/"
    return None


def connect(target: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached (read-only if asked) and made the default catalog."""
    options = []
    path = data_path(target)
    if path is not None:
        options.append(f"DATA_PATH {quote_literal(path)}")
    if read_only:
        options.append("READ_ONLY")
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        load_bundled_extension(con, "ducklake")
        if target[len(PREFIX):].startswith("postgres:"):
            load_bundled_extension(con, _POSTGRES_EXTENSION)
        # ATTACH takes no bound parameters: the target is quoted as a literal.
        con.execute(f"ATTACH {quote_literal(target)} AS {CATALOG_ALIAS}"
                    + (f" ({', '.join(options)})" if options else ""))
        con.execute(f"USE {CATALOG_ALIAS}")
    except ExtensionMissing as exc:
        con.close()
        raise WarehouseError(f"{target}: cannot open the DuckLake warehouse: {exc}") from exc
    except duckdb.Error as exc:
        con.close()
        text = str(exc)
        if "lock" in text.lower() or "already attached" in text:
            cause = ("its catalog file is already open, by another process or connection (one writer at a "
                     "time; a PostgreSQL catalog allows several)")
        elif "DATA_PATH" in text and target[len(PREFIX):].startswith(_OTHER_CATALOGS):
            cause = f"{text} (set {DATA_PATH_ENV} to the shared folder or bucket for the Parquet files)"
        elif "does not match existing data path" in text:
            cause = f"{text} (unset {DATA_PATH_ENV}, or set it to the catalog's data path)"
        else:
            cause = text
        raise WarehouseError(f"{target}: cannot open the DuckLake warehouse: {cause}") from exc
    return con


def lake_target(con: duckdb.DuckDBPyConnection) -> str | None:
    """`ducklake:CATALOG` when the connection's default catalog is a DuckLake (what `connect` above returns),
    else None."""
    row = con.execute("SELECT type, path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return f"{PREFIX}{row[1]}" if row is not None and row[0] == "ducklake" else None


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    return lake_target(con) is not None


_PRIMARY_KEY_CONSTRAINT = re.compile(r",\s*(PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", re.IGNORECASE)
_PRIMARY_KEY_COLUMN = re.compile(r"(\s+NOT\s+NULL)?\s+PRIMARY\s+KEY\b", re.IGNORECASE)
_UNIQUE_COLUMN = re.compile(r"\s+UNIQUE\b(?!\s*\()", re.IGNORECASE)
_CREATE_INDEX = re.compile(r"\bCREATE\s+(UNIQUE\s+)?INDEX\b[^;]*;", re.IGNORECASE)


def schema_sql(sql: str) -> str:
    """A schema file (sql/schema/NNN_*.sql) as DuckLake can run it.

    DuckLake stores no constraints but NOT NULL, and no indexes: a PRIMARY KEY column becomes NOT NULL,
    table-level PRIMARY KEY (...) / UNIQUE (...) and UNIQUE columns are dropped, CREATE INDEX statements
    are skipped (DROP INDEX IF EXISTS is a no-op there already). Anything else DuckLake refuses (sequences,
    ALTER ... ADD PRIMARY KEY) fails the migration with DuckLake's own message. Works on our files: `--`
    comments are dropped first, and never contain a quote.
    """
    code = "\n".join(_without_comment(line) for line in sql.splitlines())
    code = _CREATE_INDEX.sub("", code)
    code = _PRIMARY_KEY_CONSTRAINT.sub("", code)
    code = _PRIMARY_KEY_COLUMN.sub(" NOT NULL", code)
    return _UNIQUE_COLUMN.sub("", code)


def _without_comment(line: str) -> str:
    quote = None
    for i, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif line.startswith("--", i):
            return line[:i]
    return line


_VIEW_NAMES = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)", re.IGNORECASE)


def apply_views(con: duckdb.DuckDBPyConnection, files: list[tuple[str, str]]) -> list[str]:
    """(Re)create the views of the files that changed since they were last applied, in one transaction.

    A DuckDB file re-creates every view on every writable open; on a lake each CREATE VIEW is a new
    snapshot in the catalog (the flow opens the warehouse once per call), and concurrent writers
    replacing the same view conflict. So each view carries a comment with a hash of its file, and a
    file is applied again only when one of its views is missing or has another hash. Returns the files applied.
    """
    stored = dict(con.execute("SELECT view_name, comment FROM duckdb_views() "
                              "WHERE database_name = current_database() AND schema_name = 'main'").fetchall())
    pending = []
    for name, sql in files:
        mark = f"escucha {name} {hashlib.sha256(sql.encode()).hexdigest()[:16]}"
        views = _VIEW_NAMES.findall(sql)
        if not views or any(stored.get(view) != mark for view in views):
            pending.append((name, sql, views, mark))
    if not pending:
        return []
    con.execute("BEGIN")
    try:
        for _, sql, views, mark in pending:
            con.execute(sql)
            for view in views:  # names from our own files (\w+), quoted anyway
                con.execute(f'COMMENT ON VIEW "{view}" IS {quote_literal(mark)}')
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return [name for name, *_ in pending]


# Flush first: rows still inlined in the catalog go to Parquet without the deleted ones. Then no snapshot may
# still see the deleted rows, the files holding them are rewritten without them, and the old files go.
_ERASE = ("CALL ducklake_flush_inlined_data(?)",
          "CALL ducklake_expire_snapshots(?, older_than => now())",
          "CALL ducklake_rewrite_data_files(?, delete_threshold => 0)",
          "CALL ducklake_expire_snapshots(?, older_than => now())",
          "CALL ducklake_cleanup_old_files(?, cleanup_all => true)")


def erase_deleted_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Make deleted rows unrecoverable (retention.forget runs this on a lake).

    A DELETE in a lake only marks rows: they stay readable through time travel (`AT (VERSION => n)`)
    and stay in their Parquet files until every snapshot that sees them is expired and the files are
    rewritten. This expires every snapshot but the current one, so time travel starts again from now.
    """
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    for sql in _ERASE:
        con.execute(sql, [catalog])
