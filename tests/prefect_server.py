"""A real `prefect server start` on loopback for the integration tests and benchmarks/orchestration.py:
its own PREFECT_HOME, telemetry off, scheduler and UI off, stopped with every process it started."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
PREFECT = [sys.executable, "-m", "prefect"]


def prefect_env(home: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    """This environment without any PREFECT_* setting of the developer's (a profile, an API URL), then ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", **extra)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, chars: int = 4000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


@contextmanager
def started(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A process in its own session, its output in `log`; stopped with all its descendants on the way out."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL, to the process's group and to each of its descendants (a process worker starts
    flow runs in sessions of their own, outside the group), found before anything is signalled."""
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        for child in family:
            try:
                child.send_signal(sig)
            except psutil.NoSuchProcess:
                pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue
        _, family = psutil.wait_procs(family, timeout=15)
        if not family:
            return
    proc.wait(timeout=15)


@dataclass(frozen=True)
class RunningServer:
    url: str  # the API's, for PREFECT_API_URL
    home: Path
    log: Path
    seconds: float  # from the start until /health answered


@contextmanager
def prefect_server(home: Path, log: Path, timeout_s: float = 240) -> Iterator[RunningServer]:
    """`prefect server start` on a free loopback port, once /api/health answers; raises if it exits or is late."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = prefect_env(home, PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false", PREFECT_UI_ENABLED="false")
    begun = time.perf_counter()
    with started(PREFECT + ["server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log) as proc:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the Prefect server exited:\n{tail(log)}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - begun > timeout_s:
                raise RuntimeError(f"the Prefect server did not answer in {timeout_s:.0f} s:\n{tail(log)}")
            time.sleep(0.1)
        yield RunningServer(url, home, log, time.perf_counter() - begun)
