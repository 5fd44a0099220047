"""DuckDB extensions that ship as pip packages (duckdb-extension-fts, duckdb-extension-ducklake), loaded by path.

Connections are opened with autoinstall and autoload of extensions off: nothing is ever downloaded, and an
extension is only ever the signed file of the package installed for this DuckDB version.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import duckdb


class ExtensionMissing(RuntimeError):
    """The package that ships the extension is not installed, or not for this DuckDB version."""


def bundled_extension_path(name: str) -> Path:
    """The signed NAME.duckdb_extension shipped by the duckdb-extension-NAME package for this DuckDB version."""
    package = f"duckdb-extension-{name.replace('_', '-')}"
    try:
        module = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError as exc:
        raise ExtensionMissing(f"the {package} package is not installed "
                               f"(pip install {package}=={duckdb.__version__})") from exc
    root = Path(module.__file__).parent / "extensions"
    path = root / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        found = sorted(root.glob(f"*/{name}.duckdb_extension"))
        raise ExtensionMissing(f"{path} not found (duckdb {duckdb.__version__}; the package has "
                               f"{[p.parent.name for p in found]}): install {package}=={duckdb.__version__}")
    return path


def load_bundled_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute("SET autoinstall_known_extensions = false")
    # LOAD takes no bound parameters; the path is ours (package data), quoted as a literal.
    con.execute(f"LOAD {quote_literal(str(bundled_extension_path(name)))}")


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
