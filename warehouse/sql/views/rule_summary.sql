-- Per agent and rule, long form: what a coach filters on.
CREATE OR REPLACE VIEW agent_rule_summary AS
SELECT f.agent_id,
       f.rule_id,
       count(*) AS findings,
       count(DISTINCT f.call_id) AS calls_with_finding,
       round(100.0 * count(*) / (SELECT count(*) FROM calls c WHERE c.agent_id = f.agent_id), 1) AS findings_per_100_calls
FROM findings f
GROUP BY f.agent_id, f.rule_id
ORDER BY f.agent_id, findings DESC;
