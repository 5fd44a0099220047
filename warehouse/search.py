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


class SearchUnavailable(RuntimeError):
    """The FTS extension package is missing, or the index has not been built yet."""


def fts_extension_path() -> Path:
    """The signed fts.duckdb_extension shipped by duckdb-extension-fts for this DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError as exc:
        raise SearchUnavailable("the duckdb-extension-fts package is not installed "
                                f"(pip install duckdb-extension-fts=={duckdb.__version__})") from exc
    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    path = root / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        found = sorted(root.glob("*/fts.duckdb_extension"))
        raise SearchUnavailable(f"{path} not found (duckdb {duckdb.__version__}; the package has "
                                f"{[p.parent.name for p in found]}): install duckdb-extension-fts=={duckdb.__version__}")
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("SET autoinstall_known_extensions = false")
    # LOAD takes no bound parameters; the path is ours (package data), quoted as a literal.
    con.execute(f"LOAD {_quote_literal(str(fts_extension_path()))}")


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


def build_index(con: duckdb.DuckDBPyConnection) -> float:
    """(Re)build the FTS index and the search_utterances macro; returns the seconds it took."""
    load_fts(con)
    sql = (resources.files("warehouse") / "sql" / "search" / "build_index.sql").read_text(encoding="utf-8")
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
    exists = con.execute("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'search_utterances'").fetchone()[0]
    if not exists:
        raise SearchUnavailable("no search index yet: build it with `escucha search` on a writable database "
                                "(or warehouse.search.build_index)")
    load_fts(con)
    rows = con.execute("SELECT * FROM search_utterances(?, n := ?)", [query, limit]).fetchall()
    return [Hit(*row) for row in rows]


def _statements(sql: str) -> list[str]:
    """Split a file of statements that each end with ';' at the end of a line (our files only)."""
    pieces = [piece.strip() for piece in sql.split(";\n")]
    return [piece for piece in pieces
            if any(line.strip() and not line.strip().startswith("--") for line in piece.splitlines())]


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
