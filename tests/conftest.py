"""Shared fixtures: paths, the labelled transcripts, and one Prefect test backend per session."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_CALLS = SHARED / "real-calls"
LABELLED = REPO / "tests" / "data" / "labelled"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


def labelled_cases(language: str) -> list[dict]:
    """The hand-labelled call transcripts: {call_id, expected_rules, turns: [[speaker, start, end, text]]}."""
    return json.loads((LABELLED / f"{language}.json").read_text(encoding="utf-8"))


def case_to_transcript_dict(case: dict, language: str, agent_id: str = "agent_1") -> dict:
    return {"call_id": case["call_id"], "agent_id": case.get("agent_id", agent_id), "language": language,
            "started_at": "2026-11-20T10:00:00Z",
            "turns": [{"speaker": s, "start": a, "end": b, "text": t} for s, a, b, t in case["turns"]]}


@pytest.fixture(autouse=True)
def own_transcript_cache(tmp_path_factory, monkeypatch):
    """Every test starts with an empty transcript cache of its own (subprocesses inherit it): a test that
    transcribes must not be served another test's transcript."""
    monkeypatch.setenv("ESCUCHA_TRANSCRIPT_CACHE", str(tmp_path_factory.mktemp("transcripts")))


@pytest.fixture(scope="session")
def real_calls() -> Path:
    if not REAL_CALLS.is_dir():
        pytest.skip("../shared/real-calls is not present")
    return REAL_CALLS


@pytest.fixture(scope="session")
def prefect_backend():
    """A real Prefect API (temporary database) for the whole session: entering it costs ~12 s, so once."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def transcript_folder(tmp_path: Path) -> Path:
    """A folder of transcript JSON files from the labelled cases of both languages, agents per language."""
    folder = tmp_path / "calls"
    folder.mkdir()
    for language in ("es", "en"):
        for case in labelled_cases(language):
            data = case_to_transcript_dict(case, language, agent_id=f"agent_{language}")
            (folder / f"{case['call_id']}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder
