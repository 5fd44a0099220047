-- Per agent and week (weeks start on Monday, from started_at): calls, talk ratio, findings per 100 calls
-- (in total and per rule, as a MAP rule_id -> rate), median seconds from a complaint to the agent's next
-- apology, and the share of call time that was dead air. Positive findings are not counted as findings.
CREATE OR REPLACE VIEW agent_scorecard AS
WITH c AS (
    SELECT c.call_id, c.agent_id, date_trunc('week', c.started_at)::DATE AS week, c.duration_s,
           m.talk_ratio, m.dead_air_s
    FROM calls c LEFT JOIN call_metrics m USING (call_id)
), per_week AS (
    SELECT agent_id, week, count(*) AS calls, sum(duration_s) AS duration_s,
           avg(talk_ratio) AS talk_ratio,
           sum(dead_air_s) / nullif(sum(duration_s) FILTER (WHERE dead_air_s IS NOT NULL), 0) AS dead_air_share
    FROM c GROUP BY agent_id, week
), per_rule AS (
    SELECT c.agent_id, c.week, f.rule_id, count(*) AS findings
    FROM findings f JOIN c USING (call_id)
    WHERE f.severity <> 'positive'
    GROUP BY c.agent_id, c.week, f.rule_id
), rules AS (
    SELECT r.agent_id, r.week, sum(r.findings) AS findings,
           map_from_entries(list({'k': r.rule_id, 'v': round(100.0 * r.findings / w.calls, 1)} ORDER BY r.rule_id))
               AS findings_per_100_calls_by_rule
    FROM per_rule r JOIN per_week w USING (agent_id, week)
    GROUP BY r.agent_id, r.week
), delays AS (  -- each complaint and the first agent apology that starts at or after its end
    SELECT c.agent_id, c.week,
           (SELECT min(a.start_s) FROM call_events a
             WHERE a.call_id = k.call_id AND a.kind = 'apology' AND a.start_s >= k.end_s) - k.end_s AS delay_s
    FROM call_events k JOIN c USING (call_id)
    WHERE k.kind = 'complaint'
), apology AS (
    SELECT agent_id, week, count(*) AS complaints, count(delay_s) AS complaints_with_apology,
           median(delay_s) AS median_s_to_apology
    FROM delays GROUP BY agent_id, week
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
       coalesce(p.complaints, 0) AS complaints,
       coalesce(p.complaints_with_apology, 0) AS complaints_with_apology,
       round(p.median_s_to_apology, 1) AS median_s_to_apology,
       round(w.dead_air_share, 3) AS dead_air_share
FROM per_week w
LEFT JOIN rules r USING (agent_id, week)
LEFT JOIN apology p USING (agent_id, week)
LEFT JOIN agents a USING (agent_id)
ORDER BY w.week DESC NULLS LAST, w.agent_id;
