-- Per agent: calls handled, problem findings (praise, severity 'positive', is not counted here: see
-- agent_rule_summary), findings per core rule, and findings per 100 calls.
-- Findings come from the loader's running logs of per-agent counts (agent_rule_counts, agent_finding_counts).
CREATE OR REPLACE VIEW agent_summary AS
WITH per_agent_calls AS (
    SELECT agent_id, count(*) AS calls, sum(duration_s) / 60 AS audio_minutes
    FROM calls GROUP BY agent_id
), per_agent_findings AS (
    SELECT agent_id, sum(calls_with_finding)::BIGINT AS calls_with_finding, sum(findings)::BIGINT AS findings
    FROM agent_finding_counts GROUP BY agent_id
), per_agent_rules AS (
    SELECT agent_id,
           sum(findings) FILTER (WHERE rule_id = 'blame_shifting')::BIGINT AS blame_shifting,
           sum(findings) FILTER (WHERE rule_id = 'recording_intimidation')::BIGINT AS recording_intimidation,
           sum(findings) FILTER (WHERE rule_id = 'needless_transfer')::BIGINT AS needless_transfer,
           sum(findings) FILTER (WHERE rule_id = 'missing_apology')::BIGINT AS missing_apology
    FROM agent_rule_counts GROUP BY agent_id
)
SELECT c.agent_id,
       c.calls,
       round(c.audio_minutes, 1) AS audio_minutes,
       coalesce(f.calls_with_finding, 0) AS flagged_calls,
       coalesce(f.findings, 0) AS findings,
       round(100.0 * coalesce(f.findings, 0) / c.calls, 1) AS findings_per_100_calls,
       coalesce(r.blame_shifting, 0) AS blame_shifting,
       coalesce(r.recording_intimidation, 0) AS recording_intimidation,
       coalesce(r.needless_transfer, 0) AS needless_transfer,
       coalesce(r.missing_apology, 0) AS missing_apology
FROM per_agent_calls c
LEFT JOIN per_agent_findings f USING (agent_id)
LEFT JOIN per_agent_rules r USING (agent_id)
ORDER BY findings_per_100_calls DESC, c.agent_id;
