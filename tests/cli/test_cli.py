"""The command line: help everywhere, exit codes, and `run` over transcripts printing the summary."""
from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

os.environ["COLUMNS"] = "200"  # before Rich's console is built: tables are not wrapped mid-word
from escucha.cli import app  # noqa: E402

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_the_contract_commands_exist():
    assert {"run", "transcribe", "summary", "rules"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_rules_lists_the_four_core_rules_per_language():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for rule in ("blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology"):
        assert result.output.count(rule) == 2


def test_summary_of_a_missing_database_says_how_to_make_one(tmp_path):
    result = runner.invoke(app, ["summary", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "escucha run" in result.output


def test_unknown_model_fails_before_the_batch(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--model", "huge-v9"])
    assert result.exit_code == 1
    assert "unknown Whisper model 'huge-v9'" in result.output
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.integration
def test_run_prints_the_per_agent_summary_and_exits_2_on_a_bad_file(prefect_backend, transcript_folder, tmp_path):
    db_path = tmp_path / "x.duckdb"
    result = runner.invoke(app, ["run", str(transcript_folder), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "Loaded 24 calls" in result.output and "agent_es" in result.output and "agent_en" in result.output

    (transcript_folder / "broken.json").write_text("{")
    result = runner.invoke(app, ["run", str(transcript_folder), "--db", str(db_path), "--json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert len(report["loaded"]) == 24
    assert [e["stage"] for e in report["errors"]] == ["read"]
    assert report["findings_per_rule"]["missing_apology"] >= 2
