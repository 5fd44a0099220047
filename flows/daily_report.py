"""The daily report: one day's per-agent summary into the warehouse (table agent_daily), and as artifacts.

    day (default: yesterday, UTC) -> agent_daily rebuilt for that day -> markdown summary + tables

The day of a call is the date of calls.started_at in UTC; calls without a start time are in no day.
Running it again for the same day replaces that day's rows (after a rescore, or calls loaded late).
Artifacts: a markdown summary (calls, agents, findings and praise per rule, the errors recorded that
day), a table of the per-agent rows and a table of the day's flagged calls.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import flows  # noqa: F401  (Prefect environment defaults)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.artifacts import markdown_table, publish_flagged_calls, publish_run_summary, publish_table
from warehouse import db
from warehouse.summaries import AgentDay, DayTotals, FlaggedCall, build_agent_daily, day_totals, flagged_calls

SUMMARY_KEY = "daily-report-summary"
AGENTS_KEY = "daily-report-agents"
FLAGGED_KEY = "daily-report-flagged-calls"
MAX_FLAGGED_ROWS = 1000  # in the report and its table artifact, most severe first; the rest are in flagged_calls


@dataclass
class DailyReport:
    db: str
    day: date
    agents: list[AgentDay]  # as stored in agent_daily, most problem findings first
    totals: DayTotals
    flagged: list[FlaggedCall]  # the day's, the first MAX_FLAGGED_ROWS


def report_day(day: str | date | None, *, today: date | None = None) -> date:
    """The day to report: an ISO date (YYYY-MM-DD), or yesterday in UTC when None."""
    if day is None:
        return (today or datetime.now(timezone.utc).date()) - timedelta(days=1)
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"day must be a date like 2024-05-06, got {day!r}") from None


@task(name="build-agent-daily", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def build_day(db_path: str, day: date) -> tuple[list[AgentDay], DayTotals, list[FlaggedCall]]:
    with db.connect(db_path) as con:
        return build_agent_daily(con, day), day_totals(con, day), flagged_calls(con, day=day, limit=MAX_FLAGGED_ROWS)


@flow(name="daily-report", log_prints=False)
def daily_report(db_path: str = "escucha.duckdb", day: str | None = None) -> DailyReport:
    """Build the per-agent summary of one day into agent_daily (that day's rows replaced); publish it.

    Args:
        db_path: the warehouse (a DuckDB file, or ducklake:CATALOG).
        day: the day of the calls' start (UTC), as YYYY-MM-DD; default: yesterday.
    """
    logger = get_run_logger()
    when = report_day(day)
    agents, totals, flagged = build_day(db_path, when)
    report = DailyReport(db_path, when, agents, totals, flagged)
    _publish(report)
    logger.info("%s: %d calls, %d agents, %d flagged calls, %d findings", when, totals.calls, totals.agents,
                len(flagged), sum(totals.findings_per_rule.values()))
    return report


def _publish(report: DailyReport) -> None:
    name, day, totals = Path(report.db).name, report.day.isoformat(), report.totals
    praise = (markdown_table(["praise", "count"], sorted(totals.praise_per_rule.items(), key=lambda kv: (-kv[1], kv[0])),
                             right=(1,))
              if totals.praise_per_rule else "No praise.")
    agents = (markdown_table(["agent", "calls", "flagged", "findings", "praise"],
                             [(a.agent_id, a.calls, a.flagged_calls, a.findings, a.praise) for a in report.agents],
                             right=(1, 2, 3, 4))
              if report.agents else "No calls that day.")
    publish_run_summary(
        f"Daily report {day} ({name})",
        {"Calls": totals.calls, "Agents": totals.agents, "Flagged calls": sum(a.flagged_calls for a in report.agents)},
        totals.findings_per_rule, totals.errors, key=SUMMARY_KEY,
        description=f"{day} in {report.db}: calls, findings per rule, errors recorded that day",
        extra=f"## Per agent\n\n{agents}\n\n## Praise (never flags a call)\n\n{praise}")
    rules = sorted({rule for a in report.agents for rule in a.findings_per_rule})
    rows = [{"agent_id": a.agent_id, "calls": a.calls, "audio_minutes": a.audio_minutes,
             "flagged_calls": a.flagged_calls, "findings": a.findings,
             **{rule: a.findings_per_rule.get(rule, 0) for rule in rules},
             "praise": a.praise, "reviewed_findings": a.reviewed_findings} for a in report.agents]
    publish_table(rows, key=AGENTS_KEY, description=f"Per agent on {day} (problem findings per rule)",
                  columns=["agent_id", "calls", "audio_minutes", "flagged_calls", "findings", *rules, "praise",
                           "reviewed_findings"])
    publish_flagged_calls(report.flagged, key=FLAGGED_KEY, description=f"{len(report.flagged)} flagged calls on {day}")
