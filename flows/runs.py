"""What every flow records about itself in the warehouse's `runs` table: the Prefect flow run's id (so a
run row links to the UI) and the code that ran."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return str(flow_run.id) if flow_run.id else None


def code_version() -> str:
    try:
        return f"escucha {version('escucha')}"
    except PackageNotFoundError:
        return "escucha (not installed)"
