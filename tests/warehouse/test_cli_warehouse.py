"""`escucha sql`, `search` and `export` on the example warehouse."""
from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from escucha.cli import app

runner = CliRunner()


def test_sql_is_read_only_by_default(example_warehouse, tmp_path):
    path = shutil.copy(example_warehouse, tmp_path / "w.duckdb")
    result = runner.invoke(app, ["sql", "SELECT call_id, max_severity FROM flagged_calls LIMIT 2", "--db", str(path),
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["max_severity"] == "high"
    result = runner.invoke(app, ["sql", "DELETE FROM findings", "--db", str(path)])
    assert result.exit_code == 1 and "read-only" in result.output.lower()
    result = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM search_utterances('grabando')", "--db", str(path),
                                 "-f", "csv"])
    assert result.exit_code == 0 and result.output.splitlines()[0] == "n"


def test_search_rebuilds_a_stale_index_then_finds(example_warehouse, tmp_path):
    path = shutil.copy(example_warehouse, tmp_path / "w.duckdb")
    from speech.transcript_json import transcript_from_dict
    from warehouse import db

    with db.connect(path) as con:
        db.load_call(con, transcript_from_dict({"call_id": "late", "agent_id": "A", "language": "es", "turns": [
            {"speaker": "agent", "start": 0, "end": 2, "text": "Eso lo lleva otro departamento."}]}), [])
    result = runner.invoke(app, ["search", "otro departamento", "--db", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [h["call_id"] for h in json.loads(result.output)] == ["late"]


def test_export_and_missing_database(example_warehouse, tmp_path):
    result = runner.invoke(app, ["export", "--db", str(example_warehouse), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "findings").is_dir()
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 1 and "escucha run" in result.output
