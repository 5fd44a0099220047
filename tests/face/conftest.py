"""The example warehouse (tests/warehouse/conftest.py) with calls pointing at their recordings in examples/calls."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from tests.warehouse.conftest import build_example_warehouse

CALLS = REPO / "examples" / "calls"


@pytest.fixture(scope="session")
def face_warehouse(tmp_path_factory) -> Path:
    """Built once per session; copy it (face_db) before writing reviews."""
    path = build_example_warehouse(tmp_path_factory.mktemp("face") / "face.duckdb")
    con = duckdb.connect(str(path))
    for table in ("calls", "call_flags"):  # the scenarios' recordings have the same call_ids
        con.execute(f"UPDATE {table} SET source_path = ? || '/' || call_id || '.ogg'", [str(CALLS)])
    con.close()
    return path


@pytest.fixture
def face_db(face_warehouse, tmp_path) -> Path:
    """A private, writable copy of the face warehouse."""
    return Path(shutil.copy(face_warehouse, tmp_path / "face.duckdb"))
