"""Crash safety: kill -9 `escucha run` in the middle of a batch, run it again: every call once, the file opens."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, case_to_transcript_dict, labelled_cases

# Two `escucha run` processes, each starting its own Prefect server: about a minute on 2 idle cores.
pytestmark = [pytest.mark.integration, pytest.mark.slow]

N_CALLS = 30


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    cases = [(lang, c) for lang in ("es", "en") for c in labelled_cases(lang)]
    for i in range(N_CALLS):
        lang, case = cases[i % len(cases)]
        data = case_to_transcript_dict(case, lang, agent_id=f"agent_{lang}")
        data["call_id"] = f"crash-{i:03d}"
        (folder / f"crash-{i:03d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_API_URL="", PYTHONUNBUFFERED="1")
    env.pop("PREFECT_API_URL")
    return env


def _escucha(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "escucha", "run", str(folder), "--db", str(db), "--verbose"]


def test_kill_9_mid_batch_then_rerun(tmp_path):
    folder, db = _folder(tmp_path), tmp_path / "w.duckdb"
    proc = subprocess.Popen(_escucha(folder, db), cwd=REPO, env=_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    loaded, lines = [], []

    def read():
        for line in proc.stdout:
            lines.append(line)
            if " turns, " in line and " findings" in line:
                loaded.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 240
    while len(loaded) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be killed:\n" + "".join(lines[-30:])
    assert len(loaded) >= 3, "no progress seen:\n" + "".join(lines[-30:])
    os.killpg(proc.pid, signal.SIGKILL)  # the process group this test started: escucha and its Prefect server
    proc.wait(timeout=30)
    reader.join(timeout=10)

    with duckdb.connect(str(db), read_only=True) as con:  # the killed run left a file that opens
        partial = con.execute("SELECT count(*) FROM calls").fetchone()[0]
    assert partial < N_CALLS, "the kill came too late to test anything"

    rerun = subprocess.run(_escucha(folder, db), cwd=REPO, env=_env(tmp_path), capture_output=True, text=True,
                           timeout=400)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]

    with duckdb.connect(str(db), read_only=True) as con:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        assert q("SELECT count(*), count(DISTINCT call_id) FROM calls") == [(N_CALLS, N_CALLS)]
        assert q("SELECT count(*) FROM (SELECT call_id, turn_index FROM utterances GROUP BY ALL HAVING count(*) > 1)") == [(0,)]
        assert q("SELECT count(*) - count(DISTINCT finding_id) FROM findings") == [(0,)]
        assert q("SELECT count(*) FROM ingest_errors") == [(0,)]
        # the running totals agree with the findings they count (problems only: praise is never counted)
        assert q("SELECT sum(findings) FROM agent_finding_counts") == \
            q("SELECT count(*) FROM findings WHERE severity <> 'positive'")
        per_call = q("SELECT min(n), max(n) FROM (SELECT call_id, count(*) n FROM utterances GROUP BY 1)")
        assert per_call[0][0] >= 1
