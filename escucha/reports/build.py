"""Coach evidence reports: one self-contained HTML file per agent, or per team for QA leads.

    agent_report(con, "AG-ES-101", since=date(2024, 5, 1))  ->  HTML text
    team_report(con, team=None, since=None)                  ->  HTML text

Counts exclude positive findings (praise), which are listed on their own. Every value is bound as a
query parameter; the charts are inline SVG, so the file opens offline.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timezone
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from escucha.reports import charts

_env = Environment(loader=PackageLoader("escucha.reports", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["mmss"] = lambda s: "–" if s is None else f"{int(s) // 60}:{int(s) % 60:02d}"


class ReportError(LookupError):
    """Nothing to report: unknown agent or team, or no calls in the period."""


def _rows(cursor) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, r)) for r in cursor.fetchall()]


_PERIOD = "($since IS NULL OR c.started_at::DATE >= $since)"


def _per_100(findings: int, calls: int) -> float:
    return round(100.0 * findings / calls, 1) if calls else 0.0


def agent_report(con: duckdb.DuckDBPyConnection, agent_id: str, since: date | None = None) -> str:
    agent = con.execute("SELECT agent_id, team FROM agents WHERE agent_id = ?", [agent_id]).fetchone()
    if agent is None:
        raise ReportError(f"no agent {agent_id!r} in the warehouse")
    team = agent[1]
    p = {"agent": agent_id, "team": team, "since": since}
    # Calls of the agent and of the whole team (agents without a team are compared with each other).
    scope = "coalesce(a.team, '(none)') = coalesce($team, '(none)')"
    calls = con.execute(f"""
        SELECT count(*) FILTER (WHERE c.agent_id = $agent), count(*), count(DISTINCT c.agent_id)
        FROM calls c LEFT JOIN agents a USING (agent_id) WHERE {scope} AND {_PERIOD}""", p).fetchone()
    agent_calls, team_calls, team_agents = calls
    if not agent_calls:
        raise ReportError(f"agent {agent_id} has no calls{f' since {since}' if since else ''}")
    per_rule = _rows(con.execute(f"""
        SELECT f.rule_id,
               count(*) FILTER (WHERE c.agent_id = $agent) AS agent_findings,
               count(*) AS team_findings
        FROM findings f JOIN calls c USING (call_id) LEFT JOIN agents a ON a.agent_id = c.agent_id
        WHERE {scope} AND {_PERIOD} AND f.severity <> 'positive'
        GROUP BY f.rule_id ORDER BY agent_findings DESC, team_findings DESC, f.rule_id""", p))
    for r in per_rule:
        r["agent_per_100"] = _per_100(r["agent_findings"], agent_calls)
        r["team_per_100"] = _per_100(r["team_findings"], team_calls)
    weekly = _rows(con.execute(f"""
        SELECT date_trunc('week', c.started_at)::DATE AS week,
               count(DISTINCT c.call_id) FILTER (WHERE c.agent_id = $agent) AS agent_calls,
               count(f.finding_id) FILTER (WHERE c.agent_id = $agent) AS agent_findings,
               count(DISTINCT c.call_id) AS team_calls,
               count(f.finding_id) AS team_findings
        FROM calls c LEFT JOIN agents a USING (agent_id)
        LEFT JOIN findings f ON f.call_id = c.call_id AND f.severity <> 'positive'
        WHERE {scope} AND {_PERIOD} AND c.started_at IS NOT NULL
        GROUP BY week ORDER BY week""", p))
    evidence = _rows(con.execute("""
        SELECT e.call_id, e.started_at, e.rule_id, e.severity, e.speaker, e.start_s, e.start_mmss, e.evidence,
               e.turn_text, e.explanation, e.review_verdict
        FROM agent_evidence e
        WHERE e.agent_id = $agent AND ($since IS NULL OR e.started_at::DATE >= $since)
        ORDER BY e.started_at NULLS LAST, e.call_id, e.start_s""", {"agent": agent_id, "since": since}))
    problems = [e for e in evidence if e["severity"] != "positive"]
    positives = [e for e in evidence if e["severity"] == "positive"]

    rule_chart = charts.grouped_bars(
        [r["rule_id"] for r in per_rule],
        {agent_id: [r["agent_per_100"] for r in per_rule], f"team {team or '(none)'}": [r["team_per_100"] for r in per_rule]},
        title="Findings per 100 calls, by rule: agent against team", xlabel="findings per 100 calls",
    ) if per_rule else None
    trend_chart = charts.lines(
        [w["week"].isoformat() for w in weekly],
        {agent_id: [_per_100(w["agent_findings"], w["agent_calls"]) if w["agent_calls"] else None for w in weekly],
         f"team {team or '(none)'}": [_per_100(w["team_findings"], w["team_calls"]) for w in weekly]},
        title="Findings per 100 calls, by week (weeks start on Monday)", ylabel="per 100 calls",
    ) if weekly else None
    return _env.get_template("agent.html").render(
        agent_id=agent_id, team=team, since=since, generated=_now(), agent_calls=agent_calls,
        team_calls=team_calls, team_agents=team_agents, per_rule=per_rule, weekly=weekly,
        problems=problems, positives=positives,
        agent_per_100=_per_100(len(problems), agent_calls),
        rule_chart=Markup(rule_chart) if rule_chart else None, trend_chart=Markup(trend_chart) if trend_chart else None)


def team_report(con: duckdb.DuckDBPyConnection, team: str | None = None, since: date | None = None) -> str:
    p = {"team": team, "since": since}
    scope = "($team IS NULL OR coalesce(a.team, '(none)') = $team)"
    agents = _rows(con.execute(f"""
        WITH per_agent AS (
            SELECT c.agent_id, coalesce(a.team, '(none)') AS team, count(*) AS calls,
                   sum(c.duration_s) / 60 AS minutes, avg(m.talk_ratio) AS talk_ratio
            FROM calls c LEFT JOIN agents a USING (agent_id) LEFT JOIN call_metrics m USING (call_id)
            WHERE {scope} AND {_PERIOD}
            GROUP BY ALL
        ), found AS (
            SELECT c.agent_id, count(*) FILTER (WHERE f.severity <> 'positive') AS findings,
                   count(*) FILTER (WHERE f.severity = 'positive') AS positives
            FROM findings f JOIN calls c USING (call_id) LEFT JOIN agents a ON a.agent_id = c.agent_id
            WHERE {scope} AND {_PERIOD}
            GROUP BY c.agent_id
        )
        SELECT p.*, coalesce(f.findings, 0) AS findings, coalesce(f.positives, 0) AS positives,
               round(100.0 * coalesce(f.findings, 0) / p.calls, 1) AS per_100
        FROM per_agent p LEFT JOIN found f USING (agent_id)
        ORDER BY p.team, per_100 DESC, p.agent_id""", p))
    if not agents:
        raise ReportError(f"no calls{f' for team {team}' if team else ''}{f' since {since}' if since else ''}")
    by_team: dict[str, list[dict]] = defaultdict(list)
    for a in agents:
        by_team[a["team"]].append(a)
    for members in by_team.values():
        rates = sorted(m["per_100"] for m in members)
        mid = len(rates) // 2
        median = rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2
        for m in members:
            m["team_median"] = round(median, 1)
            m["vs_team_median"] = round(m["per_100"] - median, 1)
    rules = _rows(con.execute(f"""
        SELECT coalesce(a.team, '(none)') AS team, f.rule_id, count(*) AS findings
        FROM findings f JOIN calls c USING (call_id) LEFT JOIN agents a ON a.agent_id = c.agent_id
        WHERE {scope} AND {_PERIOD} AND f.severity <> 'positive'
        GROUP BY ALL ORDER BY findings DESC, f.rule_id""", p))
    weekly = _rows(con.execute(f"""
        SELECT coalesce(a.team, '(none)') AS team, date_trunc('week', c.started_at)::DATE AS week,
               count(DISTINCT c.call_id) AS calls, count(f.finding_id) AS findings
        FROM calls c LEFT JOIN agents a USING (agent_id)
        LEFT JOIN findings f ON f.call_id = c.call_id AND f.severity <> 'positive'
        WHERE {scope} AND {_PERIOD} AND c.started_at IS NOT NULL
        GROUP BY ALL ORDER BY week""", p))
    precision = _rows(con.execute("""
        WITH latest AS (SELECT finding_id, arg_max(verdict, reviewed_at) AS verdict FROM reviews
                        WHERE verdict IN ('confirmed', 'rejected') GROUP BY finding_id)
        SELECT f.rule_id, count(*) AS reviewed, count(*) FILTER (WHERE l.verdict = 'confirmed') AS confirmed,
               round(count(*) FILTER (WHERE l.verdict = 'confirmed') / count(*), 3) AS precision
        FROM findings f JOIN latest l USING (finding_id)
        GROUP BY f.rule_id ORDER BY f.rule_id"""))

    teams = sorted(by_team)
    agent_chart = charts.grouped_bars(
        [a["agent_id"] for a in agents], {"findings per 100 calls": [a["per_100"] for a in agents]},
        title="Findings per 100 calls, by agent", xlabel="findings per 100 calls")
    rule_names = sorted({r["rule_id"] for r in rules})
    counts = {(r["team"], r["rule_id"]): r["findings"] for r in rules}
    rule_chart = charts.grouped_bars(
        rule_names, {t: [counts.get((t, r), 0) for r in rule_names] for t in teams},
        title="Findings by rule and team", xlabel="findings",
        colours=("#1f5fa8", "#b86e00", "#7a3e9d", "#1b7f3b", "#8d99a8")) if rule_names else None
    weeks = sorted({w["week"] for w in weekly})
    rate = {(w["team"], w["week"]): _per_100(w["findings"], w["calls"]) for w in weekly}
    trend_chart = charts.lines(
        [w.isoformat() for w in weeks], {t: [rate.get((t, w)) for w in weeks] for t in teams},
        title="Findings per 100 calls, by week and team", ylabel="per 100 calls") if weeks else None
    return _env.get_template("team.html").render(
        team=team, since=since, generated=_now(), by_team=dict(by_team), rules=rules, precision=precision,
        agent_chart=Markup(agent_chart), rule_chart=Markup(rule_chart) if rule_chart else None,
        trend_chart=Markup(trend_chart) if trend_chart else None)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
