"""Data flows one way: speech -> nlp -> warehouse; flows wire them; only the face imports the CLI stack."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# package -> top-level modules it must never import
FORBIDDEN = {
    "speech": {"nlp", "warehouse", "flows", "escucha", "spacy", "duckdb", "prefect", "typer", "rich"},
    "nlp": {"warehouse", "flows", "escucha", "duckdb", "prefect", "faster_whisper", "av", "typer", "rich"},
    "warehouse": {"flows", "escucha", "spacy", "prefect", "faster_whisper", "av", "typer", "rich"},
    "flows": {"escucha", "typer", "rich"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_one_way(package):
    for path in sorted((REPO / package).rglob("*.py")):
        bad = _imports(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"


def test_only_flows_imports_prefect():
    for path in sorted(REPO.glob("*/**/*.py")):
        top = path.relative_to(REPO).parts[0]
        if top in {"flows", "tests", ".venv", "benchmarks"} or top.startswith("."):
            continue
        assert "prefect" not in _imports(path), f"{path.relative_to(REPO)} imports prefect"
