"""The CLI's database paths: search text is bound, never spliced into SQL; `escucha sql` is read-only by
default, so an analyst's query cannot change the warehouse; `forget` takes call ids as values."""
from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from escucha.cli import app
from tests.warehouse.conftest import build_example_warehouse

ATTACKS = ["'; DROP TABLE calls; --", "x' OR '1'='1", "\") UNION SELECT * FROM calls --", "%' --",
           "departamento'); DELETE FROM findings; --", "$1", "?"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_example_warehouse(tmp_path_factory.mktemp("inj") / "w.duckdb")


def _counts(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM findings), "
                           "(SELECT count(*) FROM utterances)").fetchone()


@pytest.mark.parametrize("attack", ATTACKS)
def test_search_binds_its_text(warehouse, attack):
    before = _counts(warehouse)
    result = CliRunner().invoke(app, ["search", attack, "--db", str(warehouse), "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert _counts(warehouse) == before


@pytest.mark.parametrize("statement", ["DELETE FROM calls", "DROP TABLE findings",
                                       "UPDATE utterances SET text = 'x'", "SELECT 1; DELETE FROM calls"])
def test_sql_is_read_only_by_default(warehouse, statement):
    before = _counts(warehouse)
    result = CliRunner().invoke(app, ["sql", statement, "--db", str(warehouse)])
    assert result.exit_code == 1
    assert _counts(warehouse) == before


def test_forget_takes_call_ids_as_values(tmp_path):
    path = build_example_warehouse(tmp_path / "w.duckdb")
    before = _counts(path)
    for attack in ("x' OR '1'='1", "'; DELETE FROM calls; --"):
        result = CliRunner().invoke(app, ["forget", "--call", attack, "--db", str(path)])
        assert result.exit_code == 0 and "Forgot 0 calls" in result.output  # nothing matched: the id is a value
    assert _counts(path) == before
