-- Per agent: calls handled, findings per core rule, and findings per 100 calls.
CREATE OR REPLACE VIEW agent_summary AS
WITH per_agent_calls AS (
    SELECT agent_id, count(*) AS calls, sum(duration_s) / 60 AS audio_minutes
    FROM calls GROUP BY agent_id
), per_agent_findings AS (
    SELECT agent_id,
           count(*) AS findings,
           count(*) FILTER (WHERE rule_id = 'blame_shifting') AS blame_shifting,
           count(*) FILTER (WHERE rule_id = 'recording_intimidation') AS recording_intimidation,
           count(*) FILTER (WHERE rule_id = 'needless_transfer') AS needless_transfer,
           count(*) FILTER (WHERE rule_id = 'missing_apology') AS missing_apology,
           count(DISTINCT call_id) AS flagged_calls
    FROM findings GROUP BY agent_id
)
SELECT c.agent_id,
       c.calls,
       round(c.audio_minutes, 1) AS audio_minutes,
       coalesce(f.flagged_calls, 0) AS flagged_calls,
       coalesce(f.findings, 0) AS findings,
       round(100.0 * coalesce(f.findings, 0) / c.calls, 1) AS findings_per_100_calls,
       coalesce(f.blame_shifting, 0) AS blame_shifting,
       coalesce(f.recording_intimidation, 0) AS recording_intimidation,
       coalesce(f.needless_transfer, 0) AS needless_transfer,
       coalesce(f.missing_apology, 0) AS missing_apology
FROM per_agent_calls c
LEFT JOIN per_agent_findings f USING (agent_id)
ORDER BY findings_per_100_calls DESC, c.agent_id;
