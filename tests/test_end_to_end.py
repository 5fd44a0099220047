"""The issue's acceptance, end to end: `escucha run examples/calls` with real Whisper, then `duckdb`."""
from __future__ import annotations

import csv
import io
import json
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
def warehouse(tmp_path_factory) -> Path:
    """The example calls plus one corrupt file, run through the real CLI in Prefect's embedded mode."""
    tmp = tmp_path_factory.mktemp("e2e")
    calls = tmp / "calls"
    shutil.copytree(REPO / "examples" / "calls", calls)
    (calls / "zz_corrupt.ogg").write_bytes(b"OggS\x00\x02" + bytes(range(256)) * 8)
    db = tmp / "x.duckdb"
    result = subprocess.run([str(BIN / "escucha"), "run", str(calls), "--db", str(db), "--json"],
                            capture_output=True, text=True, timeout=1500)
    assert result.returncode == 2, result.stderr[-3000:]  # 2: the batch ran, one input failed
    report = json.loads(result.stdout)
    assert sorted(report["loaded"]) == sorted(SCENARIOS)
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
