"""Prefect artifacts that summarise a run, built from plain data (counts, rows) so every flow can use them.

    publish_run_summary("Rescore of escucha.duckdb", {"rescored": 12, "failed": 1}, {"blame_shifting": 3}, errors,
                        key="rescore-summary")
    publish_flagged_calls(rows, key="rescore-flagged-calls")

A key names one artifact across runs: each run adds a version, and the UI (Artifacts, or the flow run's
Artifacts tab) shows the latest with its history. Keys are lowercase letters, digits and dashes (Prefect's
rule, checked here so a bad key fails before the run's work is lost). Published from inside a flow or
task run, an artifact is linked to that run.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import flows  # noqa: F401  (Prefect environment defaults)
from prefect.artifacts import create_markdown_artifact, create_table_artifact

ErrorRow = tuple[str, str, str]  # (input or call, stage, error), as in BatchSummary.errors
FLAGGED_CALL_COLUMNS = ("call_id", "agent_id", "started_at", "max_severity", "findings", "rules", "top_evidence")
MAX_ERROR_ROWS = 50  # the rest are counted; all of them are in ingest_errors
MAX_CELL_CHARS = 300
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"artifact key {key!r}: use lowercase letters, digits and single dashes, e.g. 'rescore-summary'")
    return key


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, right: Sequence[int] = ()) -> str:
    """A GitHub-style markdown table; cells are escaped (`|`, line breaks) and cut to MAX_CELL_CHARS."""
    align = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def run_summary_markdown(title: str, calls: int | Mapping[str, int], findings_per_rule: Mapping[str, int],
                         errors: Sequence[ErrorRow] = (), *, previous_per_rule: Mapping[str, int] | None = None,
                         extra: str = "") -> str:
    """The summary as markdown: calls, findings per rule (with the previous counts when given), errors."""
    counts = {"Calls": calls} if isinstance(calls, int) else dict(calls)
    parts = [f"# {title}", " · ".join(f"**{_cell(name)}:** {n}" for name, n in counts.items())]

    total = sum(findings_per_rule.values())
    parts.append(f"## Findings per rule ({total})")
    rules = sorted(set(findings_per_rule) | set(previous_per_rule or {}),
                   key=lambda r: (-findings_per_rule.get(r, 0), r))
    if not rules:
        parts.append("No findings.")
    elif previous_per_rule is None:
        parts.append(markdown_table(["rule", "findings"], [(r, findings_per_rule.get(r, 0)) for r in rules]
                                    + [("**total**", total)], right=(1,)))
    else:
        rows = [(r, previous_per_rule.get(r, 0), findings_per_rule.get(r, 0),
                 _signed(findings_per_rule.get(r, 0) - previous_per_rule.get(r, 0))) for r in rules]
        before = sum(previous_per_rule.values())
        parts.append(markdown_table(["rule", "before", "after", "change"],
                                    rows + [("**total**", before, total, _signed(total - before))], right=(1, 2, 3)))

    parts.append(f"## Errors ({len(errors)})")
    if not errors:
        parts.append("No errors.")
    else:
        parts.append(markdown_table(["input", "stage", "error"], errors[:MAX_ERROR_ROWS]))
        if len(errors) > MAX_ERROR_ROWS:
            parts.append(f"… and {len(errors) - MAX_ERROR_ROWS} more (all of them are in `ingest_errors`).")
    if extra:
        parts.append(extra)
    return "\n\n".join(parts) + "\n"


def publish_run_summary(title: str, calls: int | Mapping[str, int], findings_per_rule: Mapping[str, int],
                        errors: Sequence[ErrorRow] = (), *, key: str, description: str | None = None,
                        previous_per_rule: Mapping[str, int] | None = None, extra: str = "") -> UUID:
    """Publish run_summary_markdown(...) as a markdown artifact under `key`."""
    markdown = run_summary_markdown(title, calls, findings_per_rule, errors, previous_per_rule=previous_per_rule,
                                    extra=extra)
    return create_markdown_artifact(markdown, key=check_key(key), description=description or title)


def publish_table(rows: Sequence[Any], *, key: str, description: str | None = None,
                  columns: Sequence[str] | None = None) -> UUID:
    """Publish rows (mappings or dataclasses) as a table artifact; `columns` picks and orders them (and
    gives an empty table its header). Values become text the UI can show: lists joined, dates in ISO."""
    records = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r) for r in rows]
    names = list(columns) if columns is not None else list(dict.fromkeys(k for r in records for k in r))
    table: dict[str, list[Any]] = {name: [_value(r.get(name)) for r in records] for name in names}
    return create_table_artifact(table, key=check_key(key), description=description)


def publish_flagged_calls(rows: Sequence[Any], *, key: str, description: str | None = None) -> UUID:
    """Publish flagged calls (mappings or dataclasses with FLAGGED_CALL_COLUMNS, e.g.
    warehouse.summaries.FlaggedCall) as a table artifact, most severe first as given."""
    return publish_table(rows, key=key, description=description or f"{len(rows)} flagged calls",
                         columns=FLAGGED_CALL_COLUMNS)


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return value


def _cell(value: Any) -> str:
    text = str(_value(value)).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS - 1] + "…"


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)
