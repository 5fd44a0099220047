-- Per agent and rule, long form: what a coach filters on (from the loader's running log of counts).
CREATE OR REPLACE VIEW agent_rule_summary AS
WITH per_agent_calls AS (
    SELECT agent_id, count(*) AS calls FROM calls GROUP BY agent_id
), r AS (
    SELECT agent_id, rule_id, sum(findings)::BIGINT AS findings, sum(calls_with_finding)::BIGINT AS calls_with_finding
    FROM agent_rule_counts GROUP BY ALL HAVING sum(findings) <> 0
)
SELECT r.agent_id,
       r.rule_id,
       r.findings,
       r.calls_with_finding,
       round(100.0 * r.findings / c.calls, 1) AS findings_per_100_calls
FROM r
LEFT JOIN per_agent_calls c USING (agent_id)
ORDER BY r.agent_id, r.findings DESC;
