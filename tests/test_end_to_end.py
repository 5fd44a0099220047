"""The issue's acceptance, end to end: `escucha run examples/calls` with real Whisper, then `duckdb`."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent
CORE_RULES = {"blame_shifting", "recording_intimidation", "needless_transfer", "missing_apology"}
SCENARIOS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((REPO / "examples" / "scenarios").glob("*.json"))}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_env(tmp_path_factory) -> dict[str, str]:
    """The CLI's environment, with a transcript cache of this module's own (empty at first)."""
    return {**os.environ, "ESCUCHA_TRANSCRIPT_CACHE": str(tmp_path_factory.mktemp("e2e-transcripts"))}


@pytest.fixture(scope="module")
def calls_folder(tmp_path_factory) -> Path:
    calls = tmp_path_factory.mktemp("e2e") / "calls"
    shutil.copytree(REPO / "examples" / "calls", calls)
    (calls / "zz_corrupt.ogg").write_bytes(b"OggS\x00\x02" + bytes(range(256)) * 8)
    return calls


@pytest.fixture(scope="module")
def warehouse(calls_folder, run_env) -> Path:
    """The example calls plus one corrupt file, run through the real CLI in Prefect's embedded mode."""
    db = calls_folder.parent / "x.duckdb"
    result = subprocess.run([str(BIN / "escucha"), "run", str(calls_folder), "--db", str(db), "--json"],
                            capture_output=True, text=True, timeout=1500, env=run_env)
    assert result.returncode == 2, result.stderr[-3000:]  # 2: the batch ran, one input failed
    report = json.loads(result.stdout)
    assert sorted(report["loaded"]) == sorted(SCENARIOS)
    assert (report["transcribed"], report["cache_hits"]) == (len(SCENARIOS), 0)
    return db


def _duckdb(db: Path, sql: str) -> list[dict]:
    """Query with the duckdb shell, as an analyst would."""
    out = subprocess.run([str(BIN / "duckdb"), "-readonly", "-csv", str(db), sql], capture_output=True, text=True, check=True)
    return list(csv.DictReader(io.StringIO(out.stdout)))


def test_every_core_rule_shows_up(warehouse):
    rows = _duckdb(warehouse, "select rule_id, count(*) as n from findings group by 1")
    assert CORE_RULES <= {r["rule_id"] for r in rows}


@pytest.mark.parametrize("call_id", sorted(SCENARIOS))
def test_each_example_call_gets_exactly_its_expected_findings(warehouse, call_id):
    rows = _duckdb(warehouse, f"select distinct rule_id from findings where call_id = '{call_id}'")
    assert {r["rule_id"] for r in rows} == set(SCENARIOS[call_id]["expected_rules"])


def test_stereo_channels_become_agent_and_customer_turns_in_order(warehouse):
    for call_id in SCENARIOS:
        rows = _duckdb(warehouse, f"select speaker, start_s from utterances where call_id = '{call_id}' order by turn_index")
        assert rows[0]["speaker"] == "agent", call_id  # every example call opens with the agent
        assert {r["speaker"] for r in rows} == {"agent", "customer"}, call_id
        starts = [float(r["start_s"]) for r in rows]
        assert starts == sorted(starts), call_id


def test_findings_carry_evidence_and_times_inside_the_call(warehouse):
    rows = _duckdb(warehouse, "select f.evidence, f.start_s, f.end_s, c.duration_s from findings f join calls c using (call_id)")
    for r in rows:
        assert r["evidence"].strip()
        assert 0 <= float(r["start_s"]) <= float(r["end_s"]) <= float(r["duration_s"]) + 0.5


def test_the_corrupt_file_is_an_ingest_error_and_the_summary_counts_agents(warehouse):
    errors = _duckdb(warehouse, "select source_path, stage, error from ingest_errors")
    assert len(errors) == 1 and errors[0]["source_path"].endswith("zz_corrupt.ogg") and errors[0]["stage"] == "decode"
    assert "zz_corrupt.ogg" in errors[0]["error"]
    summary = _duckdb(warehouse, "select agent_id, calls, findings from agent_summary")
    assert sum(int(r["calls"]) for r in summary) == len(SCENARIOS)


def test_a_second_run_on_the_folder_transcribes_nothing(warehouse, calls_folder, run_env):
    """Issue 6's acceptance: every transcript comes from the cache, the CLI says so, and the rows are the same."""
    sql = "select call_id, rule_id, start_s, evidence from findings order by all"
    before = _duckdb(warehouse, sql)
    again = shutil.copy(warehouse, warehouse.with_name("again.duckdb"))  # the other tests keep their warehouse
    result = subprocess.run([str(BIN / "escucha"), "run", str(calls_folder), "--db", str(again)],
                            capture_output=True, text=True, timeout=900, env={**run_env, "COLUMNS": "200"})
    assert result.returncode == 2, result.stderr[-3000:]  # the corrupt file fails again, and only it
    output = " ".join(result.stdout.split())
    assert f"Transcribed 0 calls; {len(SCENARIOS)} cache hits" in output, output
    assert _duckdb(again, sql) == before
