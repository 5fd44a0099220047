"""Prefect's share of a batch: orchestration overhead, 1 vs 2 transcription workers, and the server start.

    .venv/bin/python benchmarks/orchestration.py [--calls examples/calls] [--repeat 3] [--no-dask]
        [--parts start,flows,deployment]

1. Start costs, in fresh subprocesses (median of --repeat): `import prefect`; a trivial flow against a
   running server (PREFECT_API_URL set); the same flow with no PREFECT_API_URL, so Prefect starts its
   embedded (ephemeral) server, as `escucha run` does: with a new PREFECT_HOME (the server creates its
   database) and with one already used; `prefect server start` until /api/health answers.
2. flows.process_calls.process_batch on the calls, in this process, against a running server, each run
   with a new warehouse and a new, empty transcript cache (every call goes through Whisper), with the
   CLI's options (TranscribeOptions()): workers=1; workers=2 on threads sharing one model (each with half
   the cores); workers=2 on a local Dask cluster (two processes, each loading its own model); workers=2
   with options=None, which is what a deployment passes (no `options` parameter); then workers=1 again
   with every transcript from the cache. Models are loaded beforehand by a run on one call. The Whisper
   runs take turns, --flow-repeat rounds, and the fastest of each is shown (all wall times too).
   The stages overlap by design, even with one worker (the flow thread detects, redacts and loads one call
   while the next is transcribed), so with Whisper the table gives wall - transcribe work (what the rest
   adds to the transcriptions); the orchestration overhead, wall - the sum of stage_seconds (discovery,
   the runs rows, the search index rebuild, flow- and task-run bookkeeping), is taken on the cached run,
   where there is next to nothing to overlap.
3. The detect, redact and load tasks against the same functions called directly (no task runs), on the
   same transcripts: stage_seconds is timed around each task call, so it holds each task run's own cost.
4. The deployments (prefect.yaml) on the running server: `prefect --no-prompt deploy --all`, then the
   inbox deployment on an empty inbox, from `prefect deployment run` until the flow run is Completed,
   with a process worker started for it (`--run-once`): what every scheduled inbox run costs when there
   is nothing new (median of --repeat).

Prints markdown tables for the README. Telemetry off; everything on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.prefect_server import prefect_env, prefect_server  # noqa: E402  (after the path above)

TRIVIAL_FLOW = ("import flows\nfrom prefect import flow\n\n@flow\ndef noop():\n    return 1\n\n"
                "assert noop() == 1\n")


def _env(home: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    return prefect_env(home, api_url, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
                       PREFECT_LOGGING_LEVEL="WARNING", **extra)


def _timed_python(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def start_costs(tmp: Path, server, repeat: int) -> list[tuple[str, list[float]]]:
    used_home = tmp / "home-ephemeral-used"
    _timed_python(TRIVIAL_FLOW, _env(used_home))  # creates its database once
    rows: dict[str, list[float]] = {}
    for i in range(repeat):
        rows.setdefault("`import prefect`", []).append(_timed_python("import prefect", _env(tmp / "home-import")))
        rows.setdefault("trivial flow, running server (PREFECT_API_URL)", []).append(
            _timed_python(TRIVIAL_FLOW, _env(tmp / "home-client", server.url)))
        rows.setdefault("trivial flow, ephemeral server, PREFECT_HOME used before", []).append(
            _timed_python(TRIVIAL_FLOW, _env(used_home)))
        rows.setdefault("trivial flow, ephemeral server, new PREFECT_HOME", []).append(
            _timed_python(TRIVIAL_FLOW, _env(tmp / f"home-ephemeral-new-{i}")))
        with prefect_server(tmp / f"home-server-{i}", tmp / f"server-{i}.log", timeout_s=300) as fresh:
            pass
        rows.setdefault("`prefect server start` until /api/health, new PREFECT_HOME", []).append(fresh.seconds)
    return list(rows.items())


def deployment_runs(tmp: Path, server, repeat: int) -> list[tuple[str, list[float]]]:
    import json
    import re

    env = _env(tmp / "home-client", server.url, PWD=str(REPO))  # PWD: the pull step's {{ $PWD }}
    prefect = [sys.executable, "-m", "prefect"]

    def cli(*args: str) -> str:
        return subprocess.run(prefect + list(args), env=env, cwd=REPO, check=True, capture_output=True, text=True,
                              timeout=600).stdout

    cli("work-pool", "create", "escucha-process", "--type", "process")
    cli("work-pool", "set-concurrency-limit", "escucha-process", "1")
    started = time.perf_counter()
    cli("--no-prompt", "deploy", "--all")
    rows = {"`prefect --no-prompt deploy --all` (3 deployments)": [time.perf_counter() - started]}
    inbox = tmp / "empty-inbox"
    inbox.mkdir()
    for i in range(repeat):
        params = json.dumps({"paths": [str(inbox)], "db_path": str(tmp / f"deployed-{i}.duckdb")})
        started = time.perf_counter()
        out = cli("deployment", "run", "process-batch/inbox", "--params", params)
        flow_run_id = re.search(r"UUID:\s*([0-9a-f-]{36})", out).group(1)
        cli("--no-prompt", "worker", "start", "--pool", "escucha-process", "--run-once", "--limit", "1")
        wall = time.perf_counter() - started
        import urllib.request

        with urllib.request.urlopen(f"{server.url}/flow_runs/{flow_run_id}", timeout=10) as response:
            state = json.load(response)["state_type"]
        if state != "COMPLETED":
            raise RuntimeError(f"the inbox run ended {state}")
        rows.setdefault("inbox deployment, empty inbox: `deployment run` → worker → Completed", []).append(wall)
    return list(rows.items())


def flow_runs(args, tmp: Path) -> tuple[list[dict], dict]:
    from flows.process_calls import detect_findings, load_call, process_batch, redact_pii, transcribe_call
    from speech.sources import discover
    from speech.transcribe import TranscribeOptions
    from warehouse import db
    from warehouse.search import build_index

    options = TranscribeOptions()
    sources = discover([args.calls])[0]
    n = len(sources)

    def run(label: str, name: str, *, workers: int = 1, runner: str = "thread", opts=options, cache: str | None = None):
        cache_dir = tmp / (cache or f"cache-{name}-{time.monotonic_ns()}")  # new and empty: Whisper on every call
        os.environ["ESCUCHA_TRANSCRIPT_CACHE"] = str(cache_dir)  # read by the flow (speech.cache.default_cache_dir)
        db_path = tmp / f"{name}-{time.monotonic_ns()}.duckdb"
        started = time.perf_counter()
        summary = process_batch([str(args.calls)], str(db_path), opts, workers=workers, runner=runner)
        wall = time.perf_counter() - started
        assert len(summary.loaded) == n and not summary.errors, summary.errors
        print(f"  {label}: {wall:.1f} s (load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
        return {"label": label, "workers": workers, "wall": wall, "stages": dict(summary.stage_seconds),
                "audio_s": summary.audio_s, "db": db_path, "cache_dir": cache_dir}

    # Models (Whisper, spaCy, the rules) loaded in this process before anything is timed.
    os.environ["ESCUCHA_TRANSCRIPT_CACHE"] = str(tmp / "cache-warmup")
    process_batch([str(sources[0].path)], str(tmp / "warmup.duckdb"), options)

    configs = [("workers=1", "w1", {}),
               ("workers=2, threads (one model, 1 core each)", "w2", {"workers": 2}),
               ("workers=2, local Dask cluster (2 processes, a model each)", "w2dask", {"workers": 2, "runner": "dask"}),
               ("workers=2, threads, options=None (as a deployment runs it)", "w2none", {"workers": 2, "opts": None})]
    if args.no_dask:
        configs = [c for c in configs if c[1] != "w2dask"]
    rounds: dict[str, list[dict]] = {label: [] for label, _, _ in configs}
    for i in range(args.flow_repeat):  # one of each per round, in turn: a busy spell on a shared machine hits all
        for label, name, kwargs in configs if i % 2 == 0 else configs[::-1]:
            rounds[label].append(run(label, name, **kwargs))
    first_w1 = rounds["workers=1"][0]
    rounds["workers=1, every transcript from the cache"] = [run("workers=1, every transcript from the cache", "cached",
                                                                cache=first_w1["cache_dir"].name)]
    runs = []
    for label, done in rounds.items():
        fastest = min(done, key=lambda r: r["wall"])  # the least disturbed by the machine's other work
        runs.append({**fastest, "walls": [r["wall"] for r in done]})

    # The same detect, redact and load work without task runs, on the same transcripts.
    transcripts = [transcribe_call.fn(s, options, str(first_w1["cache_dir"])).transcript for s in sources]
    direct_db = tmp / "direct.duckdb"
    with db.connect(direct_db):
        pass
    direct = {"detect": 0.0, "redact": 0.0, "load": 0.0}
    for transcript in transcripts:
        t0 = time.perf_counter()
        analysis = detect_findings.fn(transcript)
        t1 = time.perf_counter()
        redacted = redact_pii.fn(transcript, analysis, True)
        t2 = time.perf_counter()
        load_call.fn(str(direct_db), redacted, None, None)
        t3 = time.perf_counter()
        direct["detect"] += t1 - t0
        direct["redact"] += t2 - t1
        direct["load"] += t3 - t2
    with db.connect(first_w1["db"]) as con:
        t0 = time.perf_counter()
        build_index(con)
        index_s = time.perf_counter() - t0
    return runs, {"direct": direct, "index_s": index_s, "calls": n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=Path, default=REPO / "examples" / "calls")
    parser.add_argument("--repeat", type=int, default=3, help="repeats of each start-cost and deployment measurement")
    parser.add_argument("--flow-repeat", type=int, default=2, help="rounds of the Whisper runs (the fastest shown)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    parser.add_argument("--parts", default="start,flows,deployment",
                        help="comma-separated: start (start costs), flows (process_batch runs), deployment")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")  # the Dask run's cluster start and stop
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="escucha-orch-") as name:
        tmp = Path(name)
        with prefect_server(tmp / "home-main", tmp / "server.log", timeout_s=300) as server:
            starts = start_costs(tmp, server, args.repeat) if "start" in parts else []
            deployed = deployment_runs(tmp, server, args.repeat) if "deployment" in parts else []
            runs, extra = [], {}
            if "flows" in parts:
                # This process's flows report to the running server (started above, not timed here).
                os.environ.update({k: v for k, v in _env(tmp / "home-main", server.url).items()
                                   if k.startswith("PREFECT_")})
                os.environ.update(DO_NOT_TRACK="1")
                runs, extra = flow_runs(args, tmp)

    print(f"# {platform.machine()}, {os.cpu_count()} cores, load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; prefect {_prefect_version()}")
    if runs:
        _print_flow_runs(args, runs, extra)
    if starts or deployed:
        print(f"\n| fresh process, median of {args.repeat} | s | min–max |")
        print("|---|---|---|")
        for label, times in starts + deployed:
            print(f"| {label} | {statistics.median(times):.1f} | {min(times):.1f}–{max(times):.1f} |")


def _prefect_version() -> str:
    from importlib.metadata import version

    return version("prefect")


def _print_flow_runs(args, runs: list[dict], extra: dict) -> None:
    n = extra["calls"]
    print(f"\n{n} calls from {args.calls}, {runs[0]['audio_s']:.0f} s of audio; faster-whisper base int8 greedy")
    # Stages overlap by design, even with one worker: the flow thread detects, redacts and loads call k while
    # call k+1 is transcribed. With Whisper, the transcriptions are the critical path: wall - transcribe is
    # what the rest of the batch (other stages not hidden behind Whisper, orchestration) adds to it.
    # With parallel transcriptions the transcribe work is summed over workers, and exceeds the wall time.
    print("\n| run (fastest round) | wall s | all walls s | transcribe work s | other stages' work s | "
          "wall − transcribe s | calls/min | × real time |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        transcribe = r["stages"].get("transcribe", 0.0)
        other = sum(r["stages"].values()) - transcribe
        rest = f"{r['wall'] - transcribe:.1f}" if r["workers"] == 1 else "—"
        walls = ", ".join(f"{w:.0f}" for w in r["walls"])
        print(f"| {r['label']} | {r['wall']:.1f} | {walls} | {transcribe:.1f} | {other:.1f} | {rest} | "
              f"{60 * n / r['wall']:.1f} | {r['audio_s'] / r['wall']:.1f}× |")
    cached = runs[-1]
    outside = cached["wall"] - sum(cached["stages"].values())
    print(f"\norchestration overhead, on the cached run (almost no overlap): wall - all stages' work = "
          f"{outside:.2f} s for {n} calls ({outside / n:.3f} s per call)")
    print("\nstage_seconds of each run: " + "; ".join(
        f"{r['label']}: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["stages"].items())) for r in runs))
    print(f"search index rebuild on the {n}-call warehouse (part of 'outside the stages'): {extra['index_s']:.2f} s")

    print("\n| stage, all calls | as a task run (stage_seconds, cached run) s | direct call s | task-run cost per call s |")
    print("|---|---|---|---|")
    cached = runs[-1]["stages"]
    for stage, direct in extra["direct"].items():
        print(f"| {stage} | {cached.get(stage, 0):.2f} | {direct:.2f} | {(cached.get(stage, 0) - direct) / n:.3f} |")


if __name__ == "__main__":
    main()
