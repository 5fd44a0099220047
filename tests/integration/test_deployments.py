"""The project's prefect.yaml on a real Prefect server: deploy it, run the deployments on a process worker.

    prefect server start (loopback, temporary PREFECT_HOME)  ->  prefect work-pool create escucha-process
    ->  prefect --no-prompt deploy --all (the repo's prefect.yaml, unchanged)
    ->  prefect deployment run 'process-batch/inbox' --params ...  ->  prefect worker start --run-once
    ->  the flow run is Completed and the warehouse holds the calls and their findings

The server runs with its scheduler off, so the deployments' schedules are registered (and checked) but
never create runs: a scheduled run would use the default parameters, the checkout's own inbox and
warehouse. No telemetry, nothing leaves the loopback interface. Every process started here (server,
worker and the flow-run processes the worker starts in their own sessions) is stopped at the end, also
on failure.

2 to 4 minutes on 2 shared cores: the server's start (20-35 s), `deploy --all` (8-15 s: it imports each
flow), then four runs, each a worker and a new flow-run process (20-25 s: prefect, spaCy and the rules
loaded again), one of them transcribing an example call with Whisper base.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.conftest import REPO
from tests.prefect_server import PREFECT, prefect_env, prefect_server, started, tail

pytestmark = [pytest.mark.integration, pytest.mark.slow]

POOL = "escucha-process"
SCENARIOS = REPO / "examples" / "scenarios"
CALLS = REPO / "examples" / "calls"
# Transcripts for the first inbox run; the second adds one audio call (real Whisper) and must skip these.
FIRST_BATCH = ["en_05_billing_blame", "es_01_culpa_facturacion", "es_04_transferencia_calida", "en_07_clean_wait"]
AUDIO_CALL = "en_06_recorded_threat"
REPORT_DAY = "2024-05-08"  # en_05 and en_06 started that day (UTC)
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _expected_rules(call_id: str) -> set[str]:
    return set(json.loads((SCENARIOS / f"{call_id}.json").read_text(encoding="utf-8"))["expected_rules"])


def _cli(args: list[str], env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run(PREFECT + args, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


class Server:
    def __init__(self, url: str, home: Path, log: Path, scratch: Path):
        self.url, self.home, self.log, self.scratch = url, home, log, scratch
        self.http = httpx.Client(base_url=url, timeout=30)

    def env(self, **extra: str) -> dict[str, str]:
        # PWD: the pull step's `{{ $PWD }}` is resolved by `prefect deploy` from its environment.
        return prefect_env(self.home, self.url, PWD=str(REPO), PYTHONUNBUFFERED="1",
                    ESCUCHA_TRANSCRIPT_CACHE=str(self.scratch / "transcript-cache"), **extra)

    def get(self, path: str):
        response = self.http.get(path)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict):
        response = self.http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def logs(self, flow_run_id: str) -> str:
        rows = self.post("/logs/filter", {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "TIMESTAMP_ASC",
                                          "limit": 200})
        return "\n".join(f"{r['level']:>2} {r['message']}" for r in rows)

    def run_deployment(self, name: str, parameters: dict) -> dict:
        """`prefect deployment run NAME --params ...`, then a worker that takes it and waits for it to end."""
        out = _cli(["deployment", "run", name, "--params", json.dumps(parameters)], self.env())
        flow_run_id = re.search(r"UUID:\s*([0-9a-f-]{36})", out).group(1)
        log = self.scratch / f"worker-{flow_run_id}.log"
        with started(PREFECT + ["--no-prompt", "worker", "start", "--pool", POOL, "--run-once", "--limit", "1"],
                      self.env(), log) as worker:
            try:
                worker.wait(timeout=600)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the worker did not finish {name} in 10 minutes:\n{tail(log)}")
        run = self.get(f"/flow_runs/{flow_run_id}")
        for _ in range(30):  # the state is final once the worker is done; a short wait for a slow server
            if run["state_type"] in TERMINAL:
                break
            time.sleep(1)
            run = self.get(f"/flow_runs/{flow_run_id}")
        assert run["state_type"] == "COMPLETED", (
            f"{name}: {run['state_type']} {run['state'].get('message')}\n--- worker:\n{tail(log)}\n"
            f"--- flow run logs:\n{self.logs(flow_run_id)[-4000:]}")
        return run


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("deployments")
    with prefect_server(scratch / "prefect-home", scratch / "server.log") as running:
        yield Server(running.url, running.home, running.log, scratch)


@pytest.fixture(scope="module")
def deployed(server) -> dict[str, dict]:
    """The work pool, then every deployment of the repo's prefect.yaml; {flow/deployment: deployment}."""
    env = server.env()
    _cli(["work-pool", "create", POOL, "--type", "process"], env)
    _cli(["work-pool", "set-concurrency-limit", POOL, "1"], env)
    _cli(["--no-prompt", "deploy", "--all"], env, timeout=600)
    flows = {f["id"]: f["name"] for f in server.post("/flows/filter", {})}
    return {f"{flows[d['flow_id']]}/{d['name']}": d for d in server.post("/deployments/filter", {})}


@pytest.fixture(scope="module")
def inbox(server, deployed):
    """Two runs of the inbox deployment on a temporary inbox and warehouse: four transcripts, then the same
    four and one new audio call (with a manifest row)."""
    folder, db = server.scratch / "inbox", server.scratch / "warehouse.duckdb"
    folder.mkdir()
    for call_id in FIRST_BATCH:
        shutil.copy(SCENARIOS / f"{call_id}.json", folder)
    params = {"paths": [str(folder)], "db_path": str(db)}
    first = server.run_deployment("process-batch/inbox", params)
    shutil.copy(CALLS / f"{AUDIO_CALL}.ogg", folder)
    with open(CALLS / "manifest.csv", encoding="utf-8") as manifest:
        header, *rows = manifest.read().splitlines()
    (folder / "manifest.csv").write_text("\n".join([header] + [r for r in rows if r.startswith(AUDIO_CALL + ".")]) + "\n",
                                         encoding="utf-8")
    second = server.run_deployment("process-batch/inbox", params)
    return {"db": db, "runs": [first, second], "params": params}


def _rows(db: Path, sql: str, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_deploy_all_registers_every_deployment_with_its_schedule_on_the_process_pool(server, deployed):
    by_name = {key.split("/", 1)[1]: d for key, d in deployed.items()}
    assert set(by_name) == {"inbox", "nightly-rescore", "daily-report"}
    assert "process-batch/inbox" in deployed
    pool = server.get(f"/work_pools/{POOL}")
    assert pool["type"] == "process" and pool["concurrency_limit"] == 1
    for d in by_name.values():
        assert d["work_pool_name"] == POOL and d["description"] and "escucha" in d["tags"]
        # the code is where the deployment was made: the pull step changes into this checkout
        assert d["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}]
        assert [s["active"] for s in d["schedules"]] == [True]
        assert d["schedules"][0]["schedule"]["timezone"]

    inbox = by_name["inbox"]
    assert inbox["entrypoint"] == "flows/process_calls.py:process_batch"
    assert inbox["schedules"][0]["schedule"]["interval"] == 300
    assert inbox["parameters"]["only_new"] is True and inbox["parameters"]["paths"]
    nightly, morning = (by_name[n]["schedules"][0]["schedule"]["cron"] for n in ("nightly-rescore", "daily-report"))
    assert int(nightly.split()[1]) < 6 and 6 <= int(morning.split()[1]) < 10  # at night, in the morning
    assert by_name["nightly-rescore"]["entrypoint"] == "flows/rescore.py:rescore"
    assert by_name["daily-report"]["entrypoint"] == "flows/daily_report.py:daily_report"
    # every default parameter is one the flow takes (the server enforces the flow's parameter schema)
    for d in by_name.values():
        assert set(d["parameters"]) <= set(d["parameter_openapi_schema"]["properties"])
        assert d["enforce_parameter_schema"] is True


def test_the_inbox_deployment_loads_the_calls_and_their_findings(inbox):
    db = inbox["db"]
    loaded = {call_id for (call_id,) in _rows(db, "SELECT call_id FROM calls")}
    assert loaded == set(FIRST_BATCH) | {AUDIO_CALL}
    for call_id in loaded:
        rules = {r for (r,) in _rows(db, "SELECT DISTINCT rule_id FROM findings WHERE call_id = ?", [call_id])}
        assert rules == _expected_rules(call_id), call_id
    assert _rows(db, "SELECT count(*) FROM ingest_errors") == [(0,)]
    # the audio call went through Whisper (ASR confidences), its stereo channels as agent and customer
    assert _rows(db, "SELECT list(DISTINCT speaker ORDER BY speaker), bool_and(mean_word_probability IS NOT NULL) "
                     "FROM utterances WHERE call_id = ?", [AUDIO_CALL]) == [(["agent", "customer"], True)]


def test_each_flow_run_is_a_warehouse_run_and_the_second_only_takes_the_new_call(inbox):
    first, second = inbox["runs"]
    runs = dict(_rows(inbox["db"], "SELECT run_id, calls_loaded FROM runs WHERE status = 'completed'"))
    assert runs[first["id"]] == len(FIRST_BATCH)
    assert runs[second["id"]] == 1  # only_new: the four unchanged transcripts were skipped
    assert second["parameters"]["only_new"] is True and second["parameters"]["db_path"] == str(inbox["db"])


def test_nightly_rescore_and_daily_report_run_on_the_warehouse(server, deployed, inbox):
    db = inbox["db"]
    findings_before = _rows(db, "SELECT finding_id FROM findings ORDER BY 1")
    names = {key.split("/", 1)[1]: key for key in deployed}

    rescore = server.run_deployment(names["nightly-rescore"], {"db_path": str(db)})
    assert rescore["parameters"]["only_changed"] is True
    # the rules have not changed since the calls were loaded: nothing to rescore, the findings are the same
    assert _rows(db, "SELECT kind, status, calls_loaded FROM runs WHERE run_id = ?", [rescore["id"]]) == \
        [("rescore", "completed", 0)]
    assert _rows(db, "SELECT finding_id FROM findings ORDER BY 1") == findings_before

    report = server.run_deployment(names["daily-report"], {"db_path": str(db), "day": REPORT_DAY})
    agents = _rows(db, "SELECT agent_id, calls FROM agent_daily WHERE day = ? ORDER BY 1", [REPORT_DAY])
    assert agents == [("AG-EN-201", 1), ("AG-EN-202", 1)]
    artifacts = server.post("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [report["id"]]}}})
    assert "daily-report-summary" in {a["key"] for a in artifacts}
