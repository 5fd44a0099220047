-- Each agent against their team's distribution (all loaded calls; agents without a team form the team
-- '(none)'): findings per 100 calls, with the team's quartiles, the agent's percentile within the team
-- (0 = fewest findings) and talk ratio / dead-air share next to the team median.
CREATE OR REPLACE VIEW team_benchmarks AS
WITH agent_findings AS (  -- flagging findings per call, from the loader's per-call summary
    SELECT agent_id, sum(findings) AS findings FROM call_flags GROUP BY agent_id
), per_agent AS (
    SELECT c.agent_id,
           coalesce(a.team, '(none)') AS team,
           count(*) AS calls,
           coalesce(any_value(af.findings), 0) AS findings,
           avg(m.talk_ratio) AS talk_ratio,
           sum(m.dead_air_s) / nullif(sum(c.duration_s) FILTER (WHERE m.dead_air_s IS NOT NULL), 0) AS dead_air_share
    FROM calls c
    LEFT JOIN agents a USING (agent_id)
    LEFT JOIN call_metrics m USING (call_id)
    LEFT JOIN agent_findings af ON af.agent_id = c.agent_id
    GROUP BY c.agent_id, coalesce(a.team, '(none)')
), rated AS (
    SELECT *, 100.0 * findings / calls AS per_100 FROM per_agent
)
SELECT agent_id,
       team,
       calls,
       findings,
       round(per_100, 1) AS findings_per_100_calls,
       round(quantile_cont(per_100, 0.25) OVER t, 1) AS team_p25,
       round(median(per_100) OVER t, 1) AS team_median,
       round(quantile_cont(per_100, 0.75) OVER t, 1) AS team_p75,
       round(per_100 - median(per_100) OVER t, 1) AS vs_team_median,
       round(percent_rank() OVER (PARTITION BY team ORDER BY per_100), 2) AS team_percentile,
       count(*) OVER t AS team_agents,
       round(talk_ratio, 3) AS talk_ratio,
       round(median(talk_ratio) OVER t, 3) AS team_median_talk_ratio,
       round(dead_air_share, 3) AS dead_air_share,
       round(median(dead_air_share) OVER t, 3) AS team_median_dead_air_share
FROM rated
WINDOW t AS (PARTITION BY team)
ORDER BY team, per_100 DESC, agent_id;
