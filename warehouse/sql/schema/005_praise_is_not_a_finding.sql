-- agent_summary counted praise (severity 'positive': ownership, follow_up, empathy) as findings and
-- flagged calls; from now on the per-agent totals hold problems only. Rebuild them from findings.
DELETE FROM agent_finding_counts;
INSERT INTO agent_finding_counts
SELECT agent_id, count(DISTINCT call_id), count(*) FROM findings WHERE severity <> 'positive' GROUP BY ALL;
