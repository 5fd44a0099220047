"""Full-text search over utterances with DuckDB's FTS extension (Spanish and English stemming, accents stripped).

The extension is the `duckdb-extension-fts` package, loaded by path: nothing is ever downloaded.
The index is derived data: `ensure_index` rebuilds it when calls were loaded after it was built
(`escucha run` does so at the end of each batch, `escucha search` when it finds it stale).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.extensions import ExtensionMissing, bundled_extension_path, load_bundled_extension
from warehouse.lake import lake_target


class SearchUnavailable(RuntimeError):
    """The FTS extension package is missing, the index has not been built yet, or the warehouse is a DuckLake."""


def fts_extension_path() -> Path:
    """The signed fts.duckdb_extension shipped by duckdb-extension-fts for this DuckDB version."""
    try:
        return bundled_extension_path("fts")
    except ExtensionMissing as exc:
        raise SearchUnavailable(str(exc)) from exc


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    try:
        load_bundled_extension(con, "fts")
    except ExtensionMissing as exc:
        raise SearchUnavailable(str(exc)) from exc


def is_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when there is no index, or utterances changed since it was built."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'search_index_state' "
                         "AND schema_name = 'main'").fetchone()[0]
    if not exists:
        return True
    stale = con.execute("""
        SELECT s.n_utterances <> (SELECT count(*) FROM utterances)
            OR s.last_loaded_at IS DISTINCT FROM (SELECT max(loaded_at) FROM calls)
        FROM search_index_state s""").fetchone()
    return stale is None or bool(stale[0])


# The turns each index holds: Spanish ones, and every other turn with the English stemmer.
INDEX_LANGUAGES = ({"language": "es", "stemmer": "spanish", "turns": "= 'es'"},
                   {"language": "en", "stemmer": "english", "turns": "<> 'es'"})


def build_index(con: duckdb.DuckDBPyConnection) -> float:
    """(Re)build the FTS index and the search_utterances macro; returns the seconds it took."""
    _refuse_lake(con)
    load_fts(con)
    folder = resources.files("warehouse") / "sql" / "search"
    per_language = (folder / "language_index.sql").read_text(encoding="utf-8")
    sql = "".join(per_language.format(**language) for language in INDEX_LANGUAGES)
    sql += (folder / "build_index.sql").read_text(encoding="utf-8")
    started = time.perf_counter()
    # One by one: a PRAGMA is expanded when parsed, before the statements above it have run.
    for statement in _statements(sql):
        con.execute(statement)
    return time.perf_counter() - started


def ensure_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the index if stale (needs a writable connection). Returns True if it was rebuilt."""
    if is_stale(con):
        build_index(con)
        return True
    return False


@dataclass(frozen=True, slots=True)
class Hit:
    call_id: str
    agent_id: str
    turn_index: int
    speaker: str
    start_s: float
    end_s: float
    text: str
    score: float


def search(con: duckdb.DuckDBPyConnection, query: str, *, limit: int = 20) -> list[Hit]:
    """Utterances containing every word of `query` (stemmed, accents stripped), best BM25 score first."""
    _refuse_lake(con)
    exists = con.execute("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'search_utterances'").fetchone()[0]
    if not exists:
        raise SearchUnavailable("no search index yet: build it with `escucha search` on a writable database "
                                "(or warehouse.search.build_index)")
    load_fts(con)
    rows = con.execute("SELECT * FROM search_utterances(?, n := ?)", [query, limit]).fetchall()
    return [Hit(*row) for row in rows]


def _refuse_lake(con: duckdb.DuckDBPyConnection) -> None:
    """The FTS extension's index cannot be stored in a DuckLake: its commit fails ("unsupported type NULL")."""
    target = lake_target(con)
    if target is not None:
        raise SearchUnavailable(f"{target}: full-text search is not available on a DuckLake warehouse (DuckLake "
                                "cannot store the FTS extension's index); query utterances with ILIKE, or search "
                                "a DuckDB-file warehouse")


def _statements(sql: str) -> list[str]:
    """Split a file of statements that each end with ';' at the end of a line (our files only)."""
    pieces = [piece.strip() for piece in sql.split(";\n")]
    return [piece for piece in pieces
            if any(line.strip() and not line.strip().startswith("--") for line in piece.splitlines())]
