"""The example calls (examples/calls) and their scenarios (examples/scenarios) agree, and the generator works.

Fast: no Whisper. The generator test needs espeak-ng and is skipped without it.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import av
import numpy as np
import pytest

from nlp.rulebook import load_rulebook
from nlp.sequence import CORE_RULES, RULES

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS_DIR = ROOT / "examples" / "scenarios"
CALLS_DIR = ROOT / "examples" / "calls"
SCRIPT = ROOT / "scripts" / "make_example_calls.py"
RULE_IDS = set(RULES)
# Praise is not a problem: a clean call may still show the agent's good behaviours.
POSITIVE = {r for r in RULE_IDS if load_rulebook("en").rules[r].severity == "positive"}
MANIFEST_COLUMNS = ["file", "call_id", "agent_id", "started_at", "language", "agent_channel"]
MAX_BYTES = 1_000_000

SCENARIO_PATHS = sorted(SCENARIOS_DIR.glob("*.json"))
SCENARIOS = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SCENARIO_PATHS}


def decode(path: Path) -> tuple[np.ndarray, int]:
    """All of a file's audio as (channels, samples) float32, and its sample rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        frames = [frame.to_ndarray() for frame in container.decode(stream)]
        rate = stream.rate
    return np.concatenate(frames, axis=1).astype(np.float32), rate


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if samples.size else 0.0


def read_manifest() -> list[dict[str, str]]:
    with (CALLS_DIR / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == MANIFEST_COLUMNS
        return list(reader)


def test_there_are_enough_scenarios_covering_every_rule_in_both_languages():
    assert len(SCENARIOS) >= 8
    for language in ("es", "en"):
        calls = [s for s in SCENARIOS.values() if s["language"] == language]
        shown = set().union(*(s["expected_rules"] for s in calls))
        assert set(CORE_RULES) <= shown, f"{language}: core rules never shown: {set(CORE_RULES) - shown}"
        assert any(not set(s["expected_rules"]) - POSITIVE for s in calls), f"{language}: no clean call"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_is_valid(name):
    scenario = SCENARIOS[name]
    assert scenario["call_id"] == name
    assert isinstance(scenario["agent_id"], str) and scenario["agent_id"]
    assert scenario["language"] in ("es", "en")
    datetime.fromisoformat(scenario["started_at"])
    assert isinstance(scenario["expected_rules"], list)
    assert set(scenario["expected_rules"]) <= RULE_IDS
    assert len(scenario["expected_rules"]) == len(set(scenario["expected_rules"]))
    turns = scenario["turns"]
    assert 6 <= len(turns) <= 12
    assert {t["speaker"] for t in turns} == {"agent", "customer"}
    previous_end = 0.0
    for turn in turns:
        assert turn["text"].strip()
        assert previous_end < turn["start"] < turn["end"], f"turn out of order: {turn}"
        previous_end = turn["end"]
    assert 25 <= turns[-1]["end"] <= 55


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_transcript_reads_with_the_project_contract(name):
    transcript_json = pytest.importorskip("speech.transcript_json")
    transcript = transcript_json.read_transcript(SCENARIOS_DIR / f"{name}.json")
    assert transcript.call_id == name
    assert len(transcript.turns) == len(SCENARIOS[name]["turns"])


def test_manifest_lists_every_call_once():
    rows = read_manifest()
    assert sorted(row["file"] for row in rows) == sorted(p.name for p in CALLS_DIR.glob("*.ogg"))
    assert sorted(row["call_id"] for row in rows) == sorted(SCENARIOS)
    for row in rows:
        scenario = SCENARIOS[row["call_id"]]
        assert row["file"] == f"{row['call_id']}.ogg"
        assert row["agent_id"] == scenario["agent_id"]
        assert row["started_at"] == scenario["started_at"]
        assert row["language"] == scenario["language"]
        assert row["agent_channel"] == "left"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_call_audio_is_small_stereo_and_matches_its_scenario(name):
    path = CALLS_DIR / f"{name}.ogg"
    assert path.stat().st_size < MAX_BYTES
    audio, rate = decode(path)
    assert audio.shape[0] == 2
    turns = SCENARIOS[name]["turns"]
    assert audio.shape[1] / rate == pytest.approx(turns[-1]["end"], abs=1.5)
    side = {"agent": 0, "customer": 1}
    for turn in turns:  # each speaker talks on its own channel, the other one is (near) silent
        segment = audio[:, int(turn["start"] * rate):int(turn["end"] * rate)]
        own, other = rms(segment[side[turn["speaker"]]]), rms(segment[1 - side[turn["speaker"]]])
        assert own > 0.02 and other < own / 100, f"{turn['speaker']} turn at {turn['start']} s"


def test_examples_stay_small():
    assert sum(p.stat().st_size for p in CALLS_DIR.iterdir()) < 3_000_000


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not on PATH")
def test_generator_makes_a_stereo_call_with_the_agent_on_the_left(tmp_path):
    name = "es_01_culpa_facturacion"
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    untimed = json.loads(json.dumps(SCENARIOS[name]))
    for turn in untimed["turns"]:
        turn["start"] = turn["end"] = 0.0
    (scenarios / f"{name}.json").write_text(json.dumps(untimed, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "calls"

    subprocess.run([sys.executable, str(SCRIPT), "--only", name, "--out", str(out), "--scenarios", str(scenarios)],
                   check=True, capture_output=True, timeout=120)

    timed = json.loads((scenarios / f"{name}.json").read_text(encoding="utf-8"))
    starts = [turn["start"] for turn in timed["turns"]]
    assert starts == sorted(starts) and starts[0] > 0
    assert [t["text"] for t in timed["turns"]] == [t["text"] for t in SCENARIOS[name]["turns"]]
    with (out / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        assert [row["call_id"] for row in csv.DictReader(handle)] == [name]
    audio, rate = decode(out / f"{name}.ogg")
    assert audio.shape[0] == 2
    agent_turn = next(t for t in timed["turns"] if t["speaker"] == "agent")
    segment = audio[:, int(agent_turn["start"] * rate):int(agent_turn["end"] * rate)]
    assert rms(segment[0]) > 0.02
    assert rms(segment[1]) < rms(segment[0]) / 100
