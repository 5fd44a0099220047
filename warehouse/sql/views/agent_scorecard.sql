-- Per agent and week (weeks start on Monday, from started_at): calls, talk ratio, findings per 100 calls
-- (in total and per rule, as a MAP rule_id -> rate), median seconds from a complaint to the agent's next
-- apology, and the share of call time that was dead air. Positive findings are not counted as findings.
-- Reads call_scores (schema 007): one row per call, written by the loader with the call's rows (the
-- call's metrics, its problem findings per rule, its complaints and the delays to the next apology), so
-- that a query neither joins a million findings nor scans the events; a filter on agent_id reaches it.
CREATE OR REPLACE VIEW agent_scorecard AS
WITH per_week AS (
    SELECT agent_id, week, count(*) AS calls, sum(duration_s) AS duration_s,
           avg(talk_ratio) AS talk_ratio,
           sum(dead_air_s) / nullif(sum(duration_s) FILTER (WHERE dead_air_s IS NOT NULL), 0) AS dead_air_share,
           -- Calls without a start time (no week) count no complaints, nor findings below: their week
           -- matches no week in the joins (NULL = NULL is not true), as before schema 007.
           coalesce(sum(complaints) FILTER (WHERE week IS NOT NULL), 0)::BIGINT AS complaints,
           coalesce(sum(len(apology_delays_s)) FILTER (WHERE week IS NOT NULL), 0)::BIGINT AS complaints_with_apology,
           list_median(flatten(list(apology_delays_s) FILTER (WHERE week IS NOT NULL))) AS median_s_to_apology
    FROM call_scores GROUP BY agent_id, week
), per_rule AS (
    SELECT agent_id, week, code, sum(n)::BIGINT AS findings
    FROM (SELECT agent_id, week, unnest(rule_codes) AS code, unnest(rule_findings) AS n FROM call_scores)
    GROUP BY agent_id, week, code
), rules AS (
    SELECT r.agent_id, r.week, sum(r.findings) AS findings,
           map_from_entries(list({'k': c.rule_id, 'v': round(100.0 * r.findings / w.calls, 1)} ORDER BY c.rule_id))
               AS findings_per_100_calls_by_rule
    FROM per_rule r JOIN rule_codes c USING (code) JOIN per_week w USING (agent_id, week)
    GROUP BY r.agent_id, r.week
)
SELECT w.agent_id,
       a.team,
       w.week,
       w.calls,
       round(w.duration_s / 60, 1) AS audio_minutes,
       round(w.talk_ratio, 3) AS talk_ratio,
       coalesce(r.findings, 0) AS findings,
       round(100.0 * coalesce(r.findings, 0) / w.calls, 1) AS findings_per_100_calls,
       coalesce(r.findings_per_100_calls_by_rule, MAP {}::MAP(VARCHAR, DOUBLE)) AS findings_per_100_calls_by_rule,
       w.complaints,
       w.complaints_with_apology,
       round(w.median_s_to_apology, 1) AS median_s_to_apology,
       round(w.dead_air_share, 3) AS dead_air_share
FROM per_week w
LEFT JOIN rules r USING (agent_id, week)
LEFT JOIN agents a USING (agent_id)
ORDER BY w.week DESC NULLS LAST, w.agent_id;
